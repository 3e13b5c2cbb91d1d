"""Watchlist matching: every entity name and alias found in a text in one multi-pattern pass."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archive.unicodefold import nfkc_stable
from archive.watchlist_engines import make_engine

Normalizer = Callable[[str], str]
MIN_KEY = 2  # shorter names (after folding) are not looked for: they would match everywhere

# Scripts written without spaces between words (Thai, Lao, Burmese, Khmer, CJK, kana, Hangul):
# a name in them is found inside a sentence; names in other scripts need word boundaries.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\ua9e0-\ua9ff\uaa60-\uaa7f\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)


def default_normalizer(text: str) -> str:
    """NFKC and case folding (the index passes its own, which also folds Chinese variants)."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class Folded:
    """A text in normalised form, and where each of its characters came from."""

    text: str
    starts: tuple[int, ...] | None = None  # original start of each folded char; None: same
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str) -> Iterable[tuple[int, int]]:
    """A base character with the marks after it (and Thai NIKHAHIT with its SARA AA)."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j])
                         or (text[j] == "\u0e32" and text[i] == "\u0e4d")):
            j += 1
        yield i, j
        i = j


def fold(text: str, normalize: Normalizer = default_normalizer) -> Folded:
    """``normalize`` applied to ``text``, keeping a map from folded offsets back to the text.

    Fast paths: ASCII is lower-cased; a text that NFKC leaves alone (Thai SARA AM apart, which
    the index's normaliser puts back) and that folds to the same length maps one to one.
    """
    if text.isascii():
        return Folded(text.lower())
    if nfkc_stable(text):
        folded = normalize(text)
        if len(folded) == len(text):
            return Folded(folded)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, j in _clusters(text):
        f = normalize(text[i:j])
        parts.append(f)
        starts.extend([i] * len(f))
        ends.extend([j] * len(f))
    return Folded("".join(parts), tuple(starts), tuple(ends))


@dataclass(frozen=True, slots=True)
class Match:
    entity_id: int
    start: int  # in the original text
    end: int
    key: str  # the folded name that matched


def _is_word_char(c: str) -> bool:
    """A letter or digit of a spaced script: "KK园区" inside "在KK园区" is still a word."""
    return (c.isalnum() or c == "_") and not _UNSPACED.match(c)


class Watchlist:
    """Names (entity id, name) compiled into one automaton; ``find`` reports every match."""

    def __init__(self, names: Iterable[tuple[int, str]], normalize: Normalizer = default_normalizer,
                 *, engine: str | None = None) -> None:
        self.normalize = normalize
        owners: dict[str, set[int]] = {}
        for entity_id, name in names:
            key = " ".join(normalize(name).split())
            if len(key) >= MIN_KEY:
                owners.setdefault(key, set()).add(entity_id)
        self._keys = list(owners)
        self._owners = [tuple(sorted(owners[k])) for k in self._keys]
        self._bounded = [(not _UNSPACED.match(k[0]), not _UNSPACED.match(k[-1]))
                         for k in self._keys]
        self._engine = make_engine(self._keys, engine) if self._keys else None

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def engine(self) -> str:
        """Which automaton matches ("hyperscan" or "pyahocorasick"; "" when empty)."""
        return self._engine.name if self._engine else ""

    def find(self, text: str) -> list[Match]:
        """Matches in ``text`` (spans in ``text``), longest first where names nest."""
        if self._engine is None or not text:
            return []
        # ASCII text is matched as it is (the automaton ignores ASCII case), other text in
        # its folded form, whose offsets are mapped back for the few matches found.
        folded = None if text.isascii() else fold(text, self.normalize)
        t = text if folded is None else folded.text
        n = len(t)
        keys, bounded = self._keys, self._bounded
        spans: list[tuple[int, int, int]] = []
        for k, end in self._engine.ends(t, ascii=folded is None):
            start = end - len(keys[k])
            left, right = bounded[k]
            if left and start > 0 and _is_word_char(t[start - 1]):
                continue
            if right and end < n and _is_word_char(t[end]):
                continue
            spans.append((start, end, k))
        spans.sort(key=lambda s: (s[0], -s[1]))
        out: list[Match] = []
        reach = -1
        for start, end, k in spans:
            if end <= reach:
                continue  # inside a longer name found at or before the same place
            reach = end
            o_start, o_end = (start, end) if folded is None else folded.span(start, end)
            out.extend(Match(e, o_start, o_end, keys[k]) for e in self._owners[k])
        return out
