"""Which OCR'd words on a page image a search hit covers: text spans mapped onto word boxes."""

from __future__ import annotations

import bisect
import logging
import unicodedata
from collections.abc import Sequence

from archive.models import Word

log = logging.getLogger(__name__)

_LOOKAHEAD = 2000  # how far past the last placed word a word may be found (chars, no spaces)


def place_words(text: str, words: Sequence[Word]) -> list[tuple[int, int] | None]:
    """For each OCR'd word, its (start, end) in the page text, or None if it is not there.

    The page text was made from these words (then tidied: spaces between Thai or Chinese
    characters removed, Unicode normalised), so words are looked for in order, ignoring spaces.
    """
    squeezed: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace():
            squeezed.append(ch)
            origin.append(i)
    flat = "".join(squeezed)
    cursor = 0
    placed: list[tuple[int, int] | None] = []
    for word in words:
        needle = "".join(unicodedata.normalize("NFC", word.text).split())
        at = flat.find(needle, cursor, cursor + _LOOKAHEAD + len(needle)) if needle else -1
        if at < 0:
            placed.append(None)
            continue
        end = at + len(needle)
        placed.append((origin[at], origin[end - 1] + 1))
        cursor = end
    return placed


def words_in_spans(
    text: str, words: Sequence[Word], spans: Sequence[tuple[int, int]]
) -> list[Word]:
    """The words whose place in ``text`` overlaps any of the (sorted, merged) ``spans``."""
    if not spans:
        return []
    starts = [s for s, _ in spans]
    out: list[Word] = []
    for word, place in zip(words, place_words(text, words), strict=True):
        if place is None:
            continue
        start, end = place
        i = bisect.bisect_right(starts, end - 1) - 1  # last span starting inside or before
        if i >= 0 and spans[i][1] > start:
            out.append(word)
    log.debug("%d of %d words on the page are hits", len(out), len(words))
    return out
