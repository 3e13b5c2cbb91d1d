"""Text as PDF text layers give it back, made comparable with stored text: Burmese from visual
to logical order, and the characters that stand for glyphs without a Unicode mapping."""

from __future__ import annotations

import logging
from collections.abc import Sequence

log = logging.getLogger(__name__)

# What a text layer gives for a glyph it cannot map to Unicode: U+FFFD (MuPDF without its
# "CID for unknown Unicode" flag), or the glyph's code as a control or private-use character
# (with it). Shaping engines (Qt, HarfBuzz) substitute Thai tone marks raised above a vowel and
# Burmese vowel ligatures by such glyphs, so a name can come back with these in its marks.
UNMAPPED = "\ufffd\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff"
# Invisible characters that can sit between the letters of an unspaced script.
INVISIBLE = "\u200b-\u200d\u2060\ufeff"

# Burmese: vowel sign E and medial RA are drawn left of their consonant, and a PDF's text layer
# often lists them in that (visual) order, before it; stored text has them after it.
_PRE_BASE = frozenset("\u1031\u103c")
_MEDIALS = frozenset("\u103b\u103c\u103d\u103e")


def _is_base(ch: str) -> bool:
    """A Burmese consonant (or independent vowel) that marks attach to."""
    return "\u1000" <= ch <= "\u102a" or ch in "\u103f\u104e" or "\u1050" <= ch <= "\u1055"


def is_visual_burmese(text: Sequence[str]) -> bool:
    """Whether Burmese in ``text`` is in visual order: in logical order a vowel sign E or a
    medial RA always follows its consonant (or another medial); in visual order it also comes
    after spaces, other vowels and the start of a line."""
    for i, ch in enumerate(text):
        if ch in _PRE_BASE:
            before = text[i - 1] if i else ""
            if not (_is_base(before) or before in _MEDIALS):
                return True
    return False


def logical_order(text: Sequence[str]) -> list[int]:
    """The order in which to read the characters of ``text`` (indices) so that Burmese in visual
    order becomes logical: consonant, medials, then vowel sign E. Identity when ``text`` is
    not in visual order."""
    n = len(text)
    order = list(range(n))
    if not any(ch in _PRE_BASE for ch in text) or not is_visual_burmese(text):
        return order
    out: list[int] = []
    i = 0
    while i < n:
        if text[i] not in _PRE_BASE:
            out.append(i)
            i += 1
            continue
        j = i
        while j < n and text[j] in _PRE_BASE:
            j += 1
        if j >= n or not _is_base(text[j]):  # nothing to attach to: leave as it is
            out.extend(range(i, j))
            i = j
            continue
        k = j + 1
        while k < n and text[k] in _MEDIALS:
            k += 1
        medials = [m for m in range(i, j) if text[m] != "\u1031"] + list(range(j + 1, k))
        out.append(j)
        out.extend(sorted(medials, key=lambda m: text[m]))
        out.extend(m for m in range(i, j) if text[m] == "\u1031")
        i = k
    return out


def to_logical(text: str) -> str:
    """``text`` with Burmese in logical order (see logical_order)."""
    return "".join(text[i] for i in logical_order(text))
