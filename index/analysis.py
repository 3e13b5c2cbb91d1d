"""Index analysis: ICU words for every script, plus bigrams for Thai, Burmese and CJK.

Every indexed term, from documents and from queries alike, is NFKC-normalised, case-folded,
written with Thai SARA AM in one form and with traditional Chinese characters folded to
simplified ones ("園區" = "园区"); Latin words are Porter-stemmed. Zawgyi Burmese is converted
before the text reaches the index (by the extractor for pages, by a fixer the index is given for
queries and titles), because the converter lives in ``ocr/`` which this layer does not import.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from hanziconv.charmap import simplified_charmap, traditional_charmap
from icu4py.breakers import WordBreaker
from whoosh.analysis import Analyzer, Filter, Token, Tokenizer
from whoosh.lang.porter import stem

log = logging.getLogger(__name__)

# NFKC turns Thai SARA AM (U+0E33) into NIKHAHIT + SARA AA; OCR and some keyboards produce
# NIKHAHIT, tone mark, SARA AA. Both become tone mark + SARA AM, the form people type.
_THAI_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")

# Code point ranges whose text is written without spaces between words.
_UNSPACED_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x1000, 0x109F),  # Myanmar
    (0xA9E0, 0xA9FF),  # Myanmar Extended-B
    (0xAA60, 0xAA7F),  # Myanmar Extended-A
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # CJK Extensions B-F, compatibility supplement
)

_UNSPACED_RUN = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _UNSPACED_RANGES) + "]+"
)
_WORD_CHAR = re.compile(r"[^\W_]")
# A Latin word hyphenated across an OCR line break: "recruit-\nment" is one word.
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")

# Traditional -> simplified Chinese, one character for one (so offsets stay aligned).
_TO_SIMPLIFIED = {
    ord(t): s
    for t, s in zip(traditional_charmap, simplified_charmap, strict=True)
    if t != s and len(t) == len(s) == 1
}
_NOT_LATIN = re.compile("[^\u0000-\u024f]")  # beyond Basic Latin .. Latin Extended-B


def normalize(text: str) -> str:
    """NFKC, case folding and the Thai SARA AM fix: the form every indexed term takes."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if "\u0e4d" in folded:
        folded = _THAI_AM.sub("\\1\u0e33", folded)
    return folded.translate(_TO_SIMPLIFIED)


def is_unspaced(char: str) -> bool:
    """True for a character of a script written without spaces (Thai, Burmese, CJK)."""
    return _UNSPACED_RUN.match(char) is not None


def _is_word(segment: str) -> bool:
    return _WORD_CHAR.search(segment) is not None


def _is_latin(word: str) -> bool:
    return _NOT_LATIN.search(word) is None and not word.isdigit()


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return str(stem(word))


def icu_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (word, start, end) for the word segments of ``text``, offsets in Python chars.

    A Latin word hyphenated across a line break ("recruit-" / "ment") comes back whole.
    """
    pos = 0
    held: tuple[str, int] | None = None  # a word that ended with "-" and a line break
    for segment in WordBreaker(text, "root"):
        end = pos + len(segment)
        if _is_word(segment):
            if held is not None:
                word, start = held
                held = None
                if segment[:1].islower():
                    yield word + segment, start, end
                    pos = end
                    continue
                yield word, start, start + len(word)
            if _is_latin(segment) and _LINE_BREAK_HYPHEN.match(text, end):
                held = (segment, pos)
            else:
                yield segment, pos, end
        pos = end
    if held is not None:
        yield held[0], held[1], held[1] + len(held[0])


class IcuTokenizer(Tokenizer):  # type: ignore[misc]
    """Splits text into words with ICU's dictionary word breaker; drops spaces/punctuation."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.verbatim = not tokenize
        if not tokenize:
            # Prefix, wildcard and range terms: keep the text whole.
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for pos, (word, start, end) in enumerate(icu_words(value), start_pos):
            t.original = t.text = word
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class NormalizeFilter(Filter):  # type: ignore[misc]
    """NFKC + casefold each token (full-width "KK" = "kk") and unify Thai SARA AM."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = normalize(t.text)
            if t.text:
                yield t


class LatinStemFilter(Filter):  # type: ignore[misc]
    """Porter stemming for Latin-script words only ("recruited" = "recruiting")."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not getattr(t, "verbatim", False) and _is_latin(t.text):
                t.text = _stem(t.text)
            yield t


def _normalized_chars(run: str) -> tuple[str, list[int]]:
    """Normalise a run char by char, remembering which original char each output char came from."""
    if (
        "\u0e4d" not in run
        and unicodedata.is_normalized("NFKC", run)
        and run.casefold() == run
        and run.translate(_TO_SIMPLIFIED) == run
    ):
        return run, list(range(len(run)))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(run):
        for norm in unicodedata.normalize("NFKC", ch).casefold().translate(_TO_SIMPLIFIED):
            out.append(norm)
            origin.append(i)
    text = "".join(out)
    if "\u0e4d" not in text:
        return text, origin
    # Apply the SARA AM fix while keeping the origin map aligned.
    fixed: list[str] = []
    fixed_origin: list[int] = []
    last = 0
    for m in _THAI_AM.finditer(text):
        fixed.extend(text[last : m.start()])
        fixed_origin.extend(origin[last : m.start()])
        tone = m.group(1)
        if tone:
            fixed.append(tone)
            fixed_origin.append(origin[m.start() + 1])
        fixed.append("\u0e33")
        fixed_origin.append(origin[m.start()])
        last = m.end()
    fixed.extend(text[last:])
    fixed_origin.extend(origin[last:])
    return "".join(fixed), fixed_origin


def unspaced_runs(text: str) -> Iterator[tuple[str, int]]:
    """Yield (run, start) for each maximal run of Thai, Burmese or CJK characters."""
    for m in _UNSPACED_RUN.finditer(text):
        yield m.group(), m.start()


class BigramTokenizer(Tokenizer):  # type: ignore[misc]
    """Overlapping character bigrams of Thai, Burmese and CJK runs; Latin text yields nothing.

    Tokens are already normalised. A one-character run yields that character. Positions jump
    between runs so that a phrase of bigrams never spans two runs.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for run, run_start in unspaced_runs(value):
            norm, origin = _normalized_chars(run)
            if not norm:
                continue
            pairs = (
                [(norm, 0, len(norm) - 1)]
                if len(norm) == 1
                else [(norm[i : i + 2], i, i + 1) for i in range(len(norm) - 1)]
            )
            for gram, first, last in pairs:
                t.original = t.text = gram
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = pos
                if chars:
                    span = origin[first : last + 1]
                    t.startchar = start_char + run_start + min(span)
                    t.endchar = start_char + run_start + max(span) + 1
                pos += 1
                yield t
            pos += 1  # gap between runs


def word_analyzer() -> Analyzer:
    """The analyzer of the text and title fields, for documents and queries alike."""
    return IcuTokenizer() | NormalizeFilter() | LatinStemFilter()


def bigram_analyzer() -> Analyzer:
    """The analyzer of the bigram recall field."""
    return BigramTokenizer()
