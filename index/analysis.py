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
import struct
import threading
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Any

import numpy as np
from hanziconv.charmap import simplified_charmap, traditional_charmap
from icu4py.breakers import WordBreaker
from whoosh.analysis import Analyzer, Filter, Token, Tokenizer
from whoosh.formats import Characters
from whoosh.lang.porter import stem
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint

from archive.unicodefold import nfkc_stable

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
# Any character the map above changes (a search is much cheaper than a translate).
_TRADITIONAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TO_SIMPLIFIED)) + "]")
_NOT_LATIN = re.compile("[^\u0000-\u024f]")  # beyond Basic Latin .. Latin Extended-B


def normalize(text: str) -> str:
    """NFKC, case folding and the Thai SARA AM fix: the form every indexed term takes."""
    if text.isascii():
        return text.lower()
    if nfkc_stable(text):  # most text: NFKC would change nothing the lines below keep
        folded = text.casefold()
    else:
        folded = unicodedata.normalize("NFKC", text).casefold()
        if "\u0e4d" in folded:
            folded = _THAI_AM.sub("\\1\u0e33", folded)
    if _TRADITIONAL.search(folded) is None:
        return folded
    return folded.translate(_TO_SIMPLIFIED)


def is_traditional_only(char: str) -> bool:
    """True for a Chinese character that Simplified Chinese writes differently."""
    return ord(char) in _TO_SIMPLIFIED


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


# Words outside Thai/Burmese/CJK runs, as ICU's word rules split them: letters and digits,
# joined by an apostrophe or a period between letters ("don't", "a.b"), or by a comma or
# period between digits ("4,000", "3.5"); ICU itself splits the unspaced runs.
# An underscore joins like a letter ("recruiter_kk").
_SPACED_WORD = re.compile(
    r"\w*[^\W_]\w*(?:(?:['\u2019.]|(?<=\d)[,;](?=\d))\w*[^\W_]\w*)*"
)


def _spaced_and_unspaced(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of ``text``: regex words between runs, ICU words inside them."""
    pos = 0
    for m in _UNSPACED_RUN.finditer(text):
        for w in _SPACED_WORD.finditer(text, pos, m.start()):
            yield w.group(), w.start(), w.end()
        at = m.start()
        for segment in WordBreaker(m.group(), "root"):
            end = at + len(segment)
            if _is_word(segment):
                yield segment, at, end
            at = end
        pos = m.end()
    for w in _SPACED_WORD.finditer(text, pos):
        yield w.group(), w.start(), w.end()


def icu_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (word, start, end) for the words of ``text``, offsets in Python chars.

    A Latin word hyphenated across a line break ("recruit-" / "ment") comes back whole.
    """
    held: tuple[str, int] | None = None  # a word that ended with "-" and a line break
    for segment, start, end in _spaced_and_unspaced(text):
        if held is not None:
            word, held_start = held
            held = None
            if segment[:1].islower():
                yield word + segment, held_start, end
                continue
            yield word, held_start, held_start + len(word)
        if text.startswith("-", end) and _LINE_BREAK_HYPHEN.match(text, end) and _is_latin(
            segment
        ):
            held = (segment, start)
        else:
            yield segment, start, end
    if held is not None:
        yield held[0], held[1], held[1] + len(held[0])


# Spaced word -> its term ("" when it has none), for ``word_postings``; a corpus has far fewer
# distinct words than this, and the stemmer is the slow part of a term.
_TERMS: dict[str, str] = {}
_TERMS_KEPT = 200_000


def _term_of(word: str) -> str:
    """The term ``word_terms`` makes of one word found by ``_SPACED_WORD``."""
    term = _TERMS.get(word)
    if term is None:
        if word.isascii():
            term = word.lower()
            if not term.isdigit():
                term = _stem(term)
        else:
            term = normalize(word)
            if term and _is_latin(term):
                term = _stem(term)
        if len(_TERMS) < _TERMS_KEPT:
            _TERMS[word] = term
    return term


_SPACED_WORD_SPLIT = re.compile(f"({_SPACED_WORD.pattern})")


def word_postings(text: str) -> dict[str, list[tuple[int, int, int]]]:
    """term -> its (position, start, end) in ``text``: ``word_terms`` grouped by term.

    Text with no Thai, Burmese or CJK run and no word hyphenated across a line break (most
    pages) is split by one regular expression into gaps and words, whose offsets come from
    the running total of their lengths, and its words become terms through a cache: the
    general case's generators cost more than the rest of indexing a page.
    """
    seen: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    if _UNSPACED_RUN.search(text) is None and _LINE_BREAK_HYPHEN.search(text) is None:
        parts = _SPACED_WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
        ends = list(accumulate(map(len, parts)))
        words = parts[1::2]
        cached = list(map(_TERMS.get, words))
        terms = [_term_of(w) if t is None else t for w, t in zip(words, cached, strict=True)]
        # Every word has a term here (no letter or digit normalises to nothing: checked over
        # all of Unicode), so a word's position is its index.
        occurrences = zip(range(len(terms)), ends[0::2], ends[1::2], strict=False)
        for term, occurrence in zip(terms, occurrences, strict=False):
            seen[term].append(occurrence)
        return seen
    for term, pos, start, end in word_terms(text):
        seen[term].append((pos, start, end))
    return seen


# Word -> id of its term, and each term id's UTF-8 bytes, for the ``encoded_*`` functions.
_WORD_TERM_ID: dict[str, int] = {}
_TERM_ID: dict[str, int] = {}
_TERM_BYTES: list[bytes] = []
_WORDS_KEPT = 1_000_000
_TERMS_LOCK = threading.Lock()
_COUNT_BYTES = [bytes(pack_uint(n)) for n in range(512)]

Encoded = list[tuple[bytes, int, bytes]]


def _term_id(term: str) -> int:
    tid = _TERM_ID.get(term)
    if tid is None:
        tid = _TERM_ID[term] = len(_TERM_BYTES)
        _TERM_BYTES.append(term.encode("utf-8"))
    return tid


def _word_term_id(word: str) -> int:
    tid = _WORD_TERM_ID[word] = _term_id(_term_of(word))
    return tid


def _forget_terms() -> None:
    """Empty the id tables when they grow large (ids only mean something within one call)."""
    if len(_WORD_TERM_ID) + len(_TERM_ID) > _WORDS_KEPT:
        _WORD_TERM_ID.clear()
        _TERM_ID.clear()
        _TERM_BYTES.clear()


def encoded_postings(text: str) -> Encoded:
    """The text field's terms of ``text``, grouped and encoded (``_encoded_postings``)."""
    with _TERMS_LOCK:  # the id tables are shared; writers in other threads wait
        return _encoded_postings(text)


def encoded_bigrams(text: str) -> Encoded:
    """The bigram field's terms of ``text``, grouped and encoded (``_encoded_bigrams``)."""
    with _TERMS_LOCK:
        return _encoded_bigrams(text)


def _encoded_postings(text: str) -> Encoded:
    """(term as UTF-8, occurrences, ``FastCharacters.encode`` of its occurrences) for each
    term of ``text`` as ``word_terms`` makes them, terms in no particular order.

    Text with no Thai, Burmese or CJK run and no word hyphenated across a line break (most
    pages) is split by one regular expression into gaps and words; the words' offsets are
    running totals of the parts' lengths and their terms come from a cache, so no Python
    code runs per word. Other text goes through ``word_terms``. Either way the occurrences
    are grouped and encoded on arrays (``_encode_groups``).
    """
    _forget_terms()
    if _UNSPACED_RUN.search(text) is None and _LINE_BREAK_HYPHEN.search(text) is None:
        parts = _SPACED_WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
        if len(parts) < 2:
            return []
        words = parts[1::2]
        ids = list(map(_WORD_TERM_ID.get, words))
        if None in ids:
            ids = [_word_term_id(w) if i is None else i for w, i in zip(words, ids, strict=True)]
        ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
        return _encode_groups(np.array(ids, dtype=np.int64), None, ends[0:-1:2], ends[1::2])
    rows = list(word_terms(text))
    if not rows:
        return []
    terms, positions, starts, stops = zip(*rows, strict=True)
    return _encode_groups(np.array([_term_id(t) for t in terms], dtype=np.int64),
                          np.array(positions, dtype=np.int64),
                          np.array(starts, dtype=np.int64), np.array(stops, dtype=np.int64))


def _encoded_bigrams(text: str) -> Encoded:
    """``_encoded_postings`` for the bigram field: the terms of ``bigram_terms``. A bigram's
    id is its two code points in one integer (a lone character's, its own), so no string is
    made for an occurrence, only for each distinct bigram."""
    keys: list[np.ndarray] = []
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    pos = 0
    for run, run_start in unspaced_runs(text):
        norm, origin = _normalized_chars(run)
        if not norm:
            continue
        at = np.asarray(origin, dtype=np.int64) + run_start
        codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        if len(norm) == 1:
            keys.append(codes)
            chunks.append((np.array([pos]), at[:1], at[-1:] + 1))
            pos += 2  # and a gap between runs
            continue
        count = len(norm) - 1
        keys.append((codes[:-1] << _CODE_BITS) | codes[1:])
        chunks.append((np.arange(pos, pos + count), np.minimum(at[:-1], at[1:]),
                       np.maximum(at[:-1], at[1:]) + 1))
        pos += count + 1
    if not keys:
        return []
    positions, starts, stops = (np.concatenate(parts) for parts in zip(*chunks, strict=True))
    return _encode_groups(np.concatenate(keys), positions, starts, stops, _bigram_bytes)


_CODE_BITS = 21  # bits of a Unicode code point
_LOW_CODE = (1 << _CODE_BITS) - 1


def _bigram_bytes(keys: list[int]) -> list[bytes]:
    return [(chr(k >> _CODE_BITS) + chr(k & _LOW_CODE) if k > _LOW_CODE else chr(k))
            .encode("utf-8") for k in keys]


def _term_bytes(ids: list[int]) -> list[bytes]:
    return list(map(_TERM_BYTES.__getitem__, ids))


def _encode_groups(tids: np.ndarray, positions: np.ndarray | None, starts: np.ndarray,
                   stops: np.ndarray, names: Callable[[list[int]], list[bytes]] = _term_bytes,
                   ) -> Encoded:
    """Occurrences (term id, position, start, end; positions None: 0, 1, 2...) grouped by
    term and encoded as ``FastCharacters.encode`` would: a stable sort by term id keeps each
    term's occurrences in order, and every term's deltas are computed at once. ``names``
    gives the terms' UTF-8 bytes of a list of ids."""
    count = len(tids)
    order = np.argsort(tids, kind="stable")
    grouped = tids[order]
    first = np.empty(count, dtype=bool)  # each term's first occurrence
    first[0] = True
    np.not_equal(grouped[1:], grouped[:-1], out=first[1:])
    at = order if positions is None else positions[order]
    starts, stops = starts[order], stops[order]
    # Each occurrence is stored as deltas from its term's previous one (zeros for the first).
    before_pos = np.zeros(count, dtype=np.int64)
    before_pos[1:] = at[:-1]
    before_pos[first] = 0
    before_end = np.zeros(count, dtype=np.int64)
    before_end[1:] = stops[:-1]
    before_end[first] = 0
    codes = np.empty((count, 3), dtype=np.int64)
    codes[:, 0] = at - before_pos
    codes[:, 1] = starts - before_end
    codes[:, 2] = stops - starts
    bounds = np.flatnonzero(first).tolist()
    bounds.append(count)
    terms = names(grouped[first].tolist())
    # As FastCharacters.encode: uint16s, unless a term's deltas do not fit (int32s, flagged).
    fits = ((codes >= 0) & (codes <= _NARROW_MAX)).all(axis=1)
    narrow = codes.astype(np.uint16).tobytes()
    count_bytes = _COUNT_BYTES
    if fits.all():
        return [
            (term, b - a,
             (count_bytes[b - a] if b - a < 512 else bytes(pack_uint(b - a))) + narrow[6 * a:6 * b])
            for term, a, b in zip(terms, bounds, bounds[1:], strict=False)
        ]
    wide = codes.astype(np.int32).tobytes()
    term_fits = np.logical_and.reduceat(fits, bounds[:-1]).tolist()
    return [
        (term, b - a, (bytes(pack_uint(b - a)) + narrow[6 * a:6 * b]) if ok
         else (bytes(pack_uint((b - a) | _WIDE)) + wide[12 * a:12 * b]))
        for term, a, b, ok in zip(terms, bounds, bounds[1:], term_fits, strict=False)
    ]


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
        terms = ((word, pos, start, end)
                 for pos, (word, start, end) in enumerate(icu_words(value), start_pos))
        yield from _tokens(t, terms, positions, chars, start_char)


def _tokens(t: Token, terms: Iterable[tuple[str, int, int, int]], positions: bool, chars: bool,
            start_char: int) -> Iterator[Token]:
    """Whoosh's one reused Token, filled with each (text, position, start, end) in turn."""
    for text, pos, start, end in terms:
        t.original = t.text = text
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


def bigram_terms(text: str, start_pos: int = 0) -> Iterator[tuple[str, int, int, int]]:
    """(bigram, position, start, end) of the Thai, Burmese and CJK runs of ``text``.

    Bigrams are normalised; a one-character run yields that character. Positions jump between
    runs so that a phrase of bigrams never spans two runs.
    """
    pos = start_pos
    for run, run_start in unspaced_runs(text):
        norm, origin = _normalized_chars(run)
        if not norm:
            continue
        if len(norm) == 1:
            yield norm, pos, run_start + origin[0], run_start + origin[-1] + 1
            pos += 1
        else:
            for i in range(len(norm) - 1):
                first, last = origin[i], origin[i + 1]
                yield norm[i : i + 2], pos, run_start + min(first, last), run_start + max(
                    first, last
                ) + 1
                pos += 1
        pos += 1  # gap between runs


def word_terms(text: str, start_pos: int = 0) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end) of ``text`` as the word analyzer makes them, fast."""
    pos = start_pos
    for word, start, end in icu_words(text):
        if word.isascii():
            term = word.lower()  # what NFKC + casefold do to ASCII
            if not term.isdigit():
                term = _stem(term)
        else:
            term = normalize(word)
            if not term:
                continue
            if _is_latin(term):
                term = _stem(term)
        yield term, pos, start, end
        pos += 1


class BigramTokenizer(Tokenizer):  # type: ignore[misc]
    """Overlapping character bigrams of Thai, Burmese and CJK runs; Latin text yields nothing."""

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
        yield from _tokens(t, bigram_terms(value, start_pos), positions, chars, start_char)


_ONE = bytes(pack_uint(1))
_NARROW_TRIPLE = struct.Struct("=3H")  # three native uint16s, as array("H") writes them
_WIDE = 0x80000000  # a value's count with this bit set: its codes are int32s, not uint16s
_NARROW_MAX = 0xFFFF


class FastCharacters(Characters):  # type: ignore[misc]
    """Whoosh's positions-and-characters posting format, fed by a plain term function.

    Indexing a document skips the Token machinery (the analyzer is still what queries use;
    ``terms`` must give the same terms it does: tests check they agree).
    """

    def __init__(
        self, terms: Callable[[str], Iterator[tuple[str, int, int, int]]], field_boost: float = 1.0,
        *, grouped: Callable[[str], dict[str, list[tuple[int, int, int]]]] | None = None,
        encoded: Callable[[str], Encoded] | None = None,
    ) -> None:
        super().__init__(field_boost=field_boost)
        self.narrow = True
        self.terms = terms
        self.grouped = grouped  # the same terms already grouped, faster (``word_postings``)
        self.encoded = encoded  # grouped and encoded, faster still (``encoded_postings``)

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        grouped = getattr(self, "grouped", None)  # (absent from formats pickled before it)
        if grouped is not None:
            seen = grouped(value)
        else:
            seen = defaultdict(list)
            for term, pos, start, end in self.terms(value):
                seen[term].append((pos, start, end))
        boost = self.field_boost
        encode = self.encode
        for term, postings in seen.items():
            yield term, len(postings), len(postings) * boost, encode(postings)

    def index_items(self, value: str) -> list[tuple[bytes, int, float, bytes]]:
        """What Whoosh's ``FieldType.index`` yields for ``value`` (terms as UTF-8), as a list
        built on arrays (``encoded``); the segment writer calls it for each document."""
        boost = self.field_boost
        encoded = getattr(self, "encoded", None)  # (absent from formats pickled before it)
        if encoded is None or not self.narrow:
            return [(term.encode("utf-8"), n, weight, raw)
                    for term, n, weight, raw in self.word_values(value, None)]
        return [(term, n, n * boost, raw) for term, n, raw in encoded(value)]

    def supports(self, name: str) -> bool:
        # Phrase matching asks for "characters" when a format has them and then builds a span
        # object per occurrence; positions alone are enough there. The character offsets are
        # still read explicitly (value_as("characters")) for the hits shown.
        return name != "characters" and bool(super().supports(name))

    # Postings as arrays of (position, start, length) deltas instead of pickles: several
    # times faster to write, and to read for phrases. A value is its count (4 bytes, big
    # endian, as Whoosh's formats begin) and the deltas as uint16s; a value whose deltas do
    # not all fit (a page of over 65,535 characters, overlapping bigrams) has int32s and the
    # count's top bit set. Half the bytes of int32s: a phrase with a common word inflates and
    # scans every occurrence of it. Formats pickled before (``narrow`` unset) wrote int32s
    # with a plain count.

    narrow = False

    def encode(self, poslist: list[tuple[int, int, int]]) -> bytes:
        if len(poslist) == 1:  # most terms of a page
            pos, startchar, endchar = poslist[0]
            if self.narrow and 0 <= pos <= _NARROW_MAX and 0 <= startchar <= _NARROW_MAX and (
                    0 <= endchar - startchar <= _NARROW_MAX):
                return _ONE + _NARROW_TRIPLE.pack(pos, startchar, endchar - startchar)
        flat: list[int] = []
        posbase = charbase = 0
        for pos, startchar, endchar in poslist:
            flat += (pos - posbase, startchar - charbase, endchar - startchar)
            posbase, charbase = pos, endchar
        if not self.narrow:
            return bytes(pack_uint(len(poslist))) + array("i", flat).tobytes()
        if min(flat) >= 0 and max(flat) <= _NARROW_MAX:
            return bytes(pack_uint(len(poslist))) + array("H", flat).tobytes()
        return bytes(pack_uint(len(poslist) | _WIDE)) + array("i", flat).tobytes()

    def codes(self, valuestring: bytes) -> array[int]:
        """A value's deltas (position, start, length for each occurrence)."""
        codes = array("H" if self.narrow and not valuestring[0] & 0x80 else "i")
        codes.frombytes(valuestring[_INT_SIZE:])
        return codes

    def decode_frequency(self, valuestring: bytes) -> int:
        count: int = unpack_uint(valuestring[:_INT_SIZE])[0]
        return count & ~_WIDE if self.narrow else count

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost  # type: ignore[no-any-return]

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        codes = self.codes(valuestring)
        out = []
        position = endchar = 0
        for i in range(0, len(codes), 3):
            position += codes[i]
            startchar = endchar + codes[i + 1]
            endchar = startchar + codes[i + 2]
            out.append((position, startchar, endchar))
        return out

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(accumulate(self.codes(valuestring)[0::3]))

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, int]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]


def word_analyzer() -> Analyzer:
    """The analyzer of the text and title fields, for documents and queries alike."""
    return IcuTokenizer() | NormalizeFilter() | LatinStemFilter()


def bigram_analyzer() -> Analyzer:
    """The analyzer of the bigram recall field."""
    return BigramTokenizer()
