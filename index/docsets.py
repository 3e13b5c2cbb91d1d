"""The documents a query matches, as sets, computed from posting blocks with set operations.

Counting every match (for the total and the facets) by walking Whoosh's matcher tree costs
microseconds of Python per document; at 100,000 items a common word matches tens of thousands.
Here terms become sets of document numbers read a posting block (up to 512 ids) at a time, and
AND / OR / NOT become set intersection, union and difference. Queries this does not know
(phrases) fall back to their own matcher.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import compress
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.ranges import NumericRange
from whoosh.query.wrappers import WrappingQuery

from index.phrase import FastPhrase, ScoredList
from index.segments import remember, segment_id

log = logging.getLogger(__name__)


def doc_set(q: wq.Query, searcher: Any) -> set[int]:
    """Numbers of the live documents of a one-segment ``searcher`` that match ``q``."""
    reader = searcher.reader()
    found = _eval(q, searcher, reader)
    deleted = getattr(reader, "deleted_docs_set", None)
    return found - deleted if deleted else found


def _eval(q: wq.Query, searcher: Any, reader: Any) -> set[int]:
    if isinstance(q, wq.Term):
        return term_ids(reader, q.fieldname, q.text)
    if isinstance(q, wq.And):
        # Smallest first; a big term then only checks the few candidates left.
        children = sorted(q.children(), key=lambda c: _estimate(c, reader))
        result = _eval(children[0], searcher, reader) if children else set()
        for child in children[1:]:
            if not result:
                return set()
            result = _within(child, result, searcher, reader)
        return result
    if isinstance(q, wq.Or) and not getattr(q, "minmatch", 0):
        out: set[int] = set()
        for child in q.children():
            out |= _eval(child, searcher, reader)
        return out
    if isinstance(q, wq.AndNot):
        positive = _eval(q.a, searcher, reader)
        return positive - _eval(q.b, searcher, reader) if positive else positive
    if isinstance(q, wq.AndMaybe):
        return _eval(q.a, searcher, reader)
    if isinstance(q, wq.Not):
        return set(range(reader.doc_count_all())) - _eval(q.query, searcher, reader)
    if isinstance(q, AsDocList):
        return set(q.docs_in(searcher))
    if isinstance(q, WrappingQuery):
        return _eval(q.child, searcher, reader)
    if isinstance(q, wq.Every) and not q.fieldname:
        return set(range(reader.doc_count_all()))
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return set()
    if isinstance(q, NumericRange):
        return _eval(q._compile_query(reader), searcher, reader)
    if isinstance(q, wq.MultiTerm):
        out = set()
        for btext in q._btexts(reader):
            out |= term_ids(reader, q.fieldname, btext)
        return out
    if isinstance(q, FastPhrase) and q.slop == 1 and len(q.words) > 1:
        return set(q.docs_in(searcher))
    return set(q.docs(searcher))  # the rest: their own matcher


def _estimate(q: wq.Query, reader: Any) -> int:
    try:
        return int(q.estimate_size(reader))
    except Exception:  # an estimate only orders the work
        return 1 << 30


def _within(q: wq.Query, candidates: set[int], searcher: Any, reader: Any) -> set[int]:
    """The candidates that also match ``q``: a term's postings are skipped through when the
    candidates are few, instead of read whole."""
    if isinstance(q, wq.Term):
        freq = reader.doc_frequency(q.fieldname, q.text) if q.fieldname in reader.schema else 0
        if not freq:
            return set()
        if len(candidates) * 16 < freq:
            return _skip_through(reader.postings(q.fieldname, q.text), candidates)
    elif isinstance(q, wq.Or) and not getattr(q, "minmatch", 0):
        out: set[int] = set()
        for child in q.children():
            out |= _within(child, candidates - out, searcher, reader)
        return out
    elif isinstance(q, wq.And):
        for child in q.children():
            candidates = _within(child, candidates, searcher, reader)
            if not candidates:
                break
        return candidates
    elif isinstance(q, WrappingQuery):
        return _within(q.child, candidates, searcher, reader)
    return candidates & _eval(q, searcher, reader)


def _skip_through(m: Any, candidates: set[int]) -> set[int]:
    return set(landings(m, sorted(candidates)))


def landings(m: Any, docnums: Iterable[int]) -> Iterator[int]:
    """The ``docnums`` (ascending) the matcher ``m`` has, skipping to each in turn; while a
    docnum is being yielded the matcher sits on it (its value can be read)."""
    for docnum in docnums:
        if not m.is_active():
            return
        if m.id() < docnum:
            m.skip_to(docnum)
            if not m.is_active():
                return
        if m.id() == docnum:
            yield docnum


class _PostingCache:
    """Document numbers and weights of the long postings read lately, per segment (segments
    never change: deletions are taken out separately), within a memory budget: a query re-run
    with a facet value or for the next page does not read them again."""

    MIN_DOCS = 2_000  # shorter postings are read faster than they are worth keeping
    BUDGET = 96 * 1024 * 1024  # bytes of document numbers and weights kept

    def __init__(self) -> None:
        self._lists: OrderedDict[tuple[str, str, bytes], Postings] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bytes]) -> Postings | None:
        with self._lock:
            found = self._lists.get(key)
            if found is not None:
                self._lists.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, bytes], postings: Postings) -> None:
        with self._lock:
            if key in self._lists:
                return
            self._lists[key] = postings
            self._bytes += postings.nbytes
            while self._bytes > self.BUDGET and self._lists:
                _, old = self._lists.popitem(last=False)
                self._bytes -= old.nbytes


class Postings:
    """A term's postings in one segment: document numbers (ascending, deleted documents too)
    and the weight (term frequency times field boost) in each."""

    __slots__ = ("ids", "weights")

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids, self.weights = ids, weights

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.weights.nbytes)


_EMPTY = Postings(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))
_CACHE = _PostingCache()


def term_ids(reader: Any, fieldname: str, text: str | bytes) -> set[int]:
    """Every document (deleted ones too) holding the term, read block by block."""
    return set(term_postings(reader, fieldname, text).ids.tolist())


def term_postings(reader: Any, fieldname: str, text: str | bytes) -> Postings:
    """The term's document numbers and weights in the segment of ``reader``, read a posting
    block at a time (long ones are kept for the next search)."""
    if fieldname not in reader.schema:
        return _EMPTY
    field = reader.schema[fieldname]
    try:
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
    except ValueError:
        return _EMPTY
    if (fieldname, btext) not in reader:
        return _EMPTY
    segment = segment_id(reader)
    key = (segment, fieldname, btext) if segment is not None else None
    cached = _CACHE.get(key) if key is not None else None
    if cached is not None:
        return cached
    postings = weights_within(reader, fieldname, btext, None)
    if key is not None and len(postings.ids) >= _PostingCache.MIN_DOCS:
        _CACHE.put(key, postings)
    return postings


class AsDocList(WrappingQuery):  # type: ignore[misc]
    """A constant-score prefix, fuzzy or range query matched as one sorted list of documents.

    Whoosh ORs the (up to 100) expanded words, or the range's many terms, together, and
    walking that union costs more than everything else in a search; their documents as one
    list cost one set union.
    """

    def docs_in(self, searcher: Any) -> set[int]:
        """The live documents of a one-segment ``searcher`` it matches, worked out once per
        segment (counting the matches and ranking them both need them)."""
        return remember(self, searcher.reader(), lambda: doc_set(self.child, searcher))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if not searcher.reader().is_atomic():
            return self.child.matcher(searcher, context)
        ids = self.docs_in(searcher)
        if not ids:
            return NullMatcher()
        return ScoredList(sorted(ids), [float(self.child.boost)] * len(ids))


def lists_for_expansions(q: wq.Query) -> wq.Query:
    """``q`` with constant-score prefixes, fuzzy words and date ranges matched as document
    lists."""

    def swap(node: wq.Query) -> wq.Query:
        if isinstance(node, (wq.MultiTerm, NumericRange)) and getattr(
            node, "constantscore", False
        ):
            return AsDocList(node)
        return node

    return q.accept(swap)


def term_values(
    reader: Any, fieldname: str, btext: bytes, wanted: set[int]
) -> dict[int, bytes]:
    """docnum -> posting value (positions, ...) of the term, for the wanted documents only,
    read a block at a time (blocks holding none of them are not read)."""
    if not wanted:
        return {}
    ordered = np.fromiter(wanted, dtype=np.int64, count=len(wanted))
    ordered.sort()
    ids, values = postings_within(reader, fieldname, btext, ordered)
    return dict(zip(ids.tolist(), values, strict=True))


def cached_postings(reader: Any, fieldname: str, btext: bytes) -> Postings | None:
    """The term's postings if a search read them lately (without reading anything)."""
    segment = segment_id(reader)
    return _CACHE.get((segment, fieldname, btext)) if segment is not None else None


def postings_within(
    reader: Any, fieldname: str, btext: bytes, wanted: np.ndarray | None
) -> tuple[np.ndarray, list[bytes]]:
    """The term's document numbers (ascending, deleted ones too) that are among ``wanted``
    (sorted; None: all of them) and its value (positions, ...) in each. Only the posting
    blocks whose range of documents holds a wanted one are read (see ``_blocks``)."""
    id_parts: list[np.ndarray] = []
    values: list[bytes] = []
    for ids, inside, m in _blocks(reader, fieldname, btext, wanted):
        if m._values is None:
            m._read_values()
        if inside is None:
            id_parts.append(ids)
            values.extend(m._values)
        else:
            id_parts.append(ids[inside])
            block_values = m._values
            values.extend(block_values[i] for i in np.flatnonzero(inside).tolist())
    return (np.concatenate(id_parts) if id_parts else np.empty(0, dtype=np.int64)), values


class Packed:
    """A term's posting values (FastCharacters) for some documents as one array: the document
    numbers (ascending), every value's codes end to end (uint16s, or int32s), how many codes
    each value holds, and how many of them lead each value in place of its count."""

    __slots__ = ("head", "ids", "ints", "sizes")

    def __init__(self, ids: np.ndarray, ints: np.ndarray, sizes: np.ndarray,
                 head: int = 2) -> None:
        self.ids, self.ints, self.sizes, self.head = ids, ints, sizes, head


def packed_within(
    reader: Any, fieldname: str, btext: bytes, wanted: np.ndarray | None
) -> Packed:
    """``postings_within`` for FastCharacters values, joined into one array a block at a
    time: no per-document bytes object is made or sliced (a phrase of common words reads
    ~10^5 of them)."""
    parts = list(packed_blocks(reader, fieldname, btext, wanted))
    if not parts:
        return Packed(np.empty(0, np.int64), np.empty(0, np.uint16), np.empty(0, np.int64))
    if len(parts) == 1:
        return parts[0]
    return Packed(np.concatenate([p.ids for p in parts]), np.concatenate([p.ints for p in parts]),
                  np.concatenate([p.sizes for p in parts]), parts[0].head)


def packed_blocks(
    reader: Any, fieldname: str, btext: bytes, wanted: np.ndarray | None
) -> Iterator[Packed]:
    """``packed_within`` a posting block at a time (ascending documents): a caller that
    consumes each block at once keeps its arrays in the processor's cache, where one array of
    a common word's every occurrence (~10^7 codes) is written and read back from memory."""
    narrow = getattr(reader.schema[fieldname].format, "narrow", False)
    for ids, inside, m in _blocks(reader, fieldname, btext, wanted):
        if m._values is None:
            m._read_values()
        block_values = m._values
        if inside is not None:
            ids = ids[inside]
            block_values = list(compress(block_values, inside.tolist()))
        joined = b"".join(block_values)
        sizes = np.fromiter(map(len, block_values), dtype=np.int64, count=len(block_values))
        if not narrow:  # int32s after a count of one int32's size
            yield Packed(ids, np.frombuffer(joined, dtype=np.int32), sizes // 4, 1)
            continue
        firsts = np.frombuffer(joined, dtype=np.uint8)[np.cumsum(sizes) - sizes]
        if not (firsts & 0x80).any():  # every value uint16s after a count of two
            yield Packed(ids, np.frombuffer(joined, dtype=np.uint16), sizes // 2)
            continue
        # Some values did not fit uint16s: widen every value to int32s, two zeros first.
        parts = []
        for value in block_values:
            wide = value[0] & 0x80
            codes = np.frombuffer(value, dtype=np.int32 if wide else np.uint16,
                                  offset=4).astype(np.int32)
            parts.append(np.concatenate((np.zeros(2, np.int32), codes)))
        yield Packed(ids, np.concatenate(parts), np.fromiter(map(len, parts), np.int64,
                                                             count=len(parts)))


def postings_for(
    reader: Any, fieldname: str, btext: bytes, wanted: np.ndarray
) -> tuple[np.ndarray, list[bytes]]:
    """``postings_within`` for a reader of one segment or several (each segment's blocks are
    read apart: a reader of several has no blocks of its own to skip)."""
    if reader.is_atomic():
        return postings_within(reader, fieldname, btext, wanted)
    id_parts: list[np.ndarray] = []
    values: list[bytes] = []
    leaves = reader.leaf_readers()
    for i, (leaf, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else reader.doc_count_all()
        lo, hi = np.searchsorted(wanted, [offset, end])
        if lo == hi:
            continue
        ids, found = postings_within(leaf, fieldname, btext, wanted[lo:hi] - offset)
        id_parts.append(ids + offset)
        values.extend(found)
    return (np.concatenate(id_parts) if id_parts else np.empty(0, dtype=np.int64)), values


def weights_within(
    reader: Any, fieldname: str, btext: bytes, wanted: np.ndarray | None
) -> Postings:
    """The term's postings among the ``wanted`` documents (sorted; None: all) only: its
    document numbers and weights, from the posting blocks that can hold a wanted one."""
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for ids, inside, m in _blocks(reader, fieldname, btext, wanted):
        if m._weights is None:
            m._read_weights()
        weights = np.asarray(m._weights, dtype=np.float32)
        id_parts.append(ids if inside is None else ids[inside])
        weight_parts.append(weights if inside is None else weights[inside])
    if not id_parts:
        return _EMPTY
    return Postings(np.concatenate(id_parts), np.concatenate(weight_parts))


def _blocks(
    reader: Any, fieldname: str, btext: bytes, wanted: np.ndarray | None
) -> Iterator[tuple[np.ndarray, np.ndarray | None, Any]]:
    """(document numbers, which of them are wanted (None: all), the block) of each posting
    block of the term that can hold a ``wanted`` document (sorted; None: every block); the
    block has Whoosh's ``_read_weights`` / ``_read_values`` and their attributes. A block's
    range of documents is in its header; its documents, weights and values are one
    compressed pickle, read only for the blocks yielded."""
    if (fieldname, btext) not in reader or (wanted is not None and not len(wanted)):
        return
    m = reader.postings(fieldname, btext)
    if isinstance(m, FilterMatcher):
        m = m.child
    if isinstance(m, ListMatcher) or not hasattr(m, "_read_data"):
        listed = _ListBlock(m)
        blocks: Iterable[Any] = [listed] if listed.is_active() else []
        byteids = True
    else:
        byteids = m._byteids
        blocks = _decoded(m, _wanted_spans(m, wanted))
    for block in blocks:
        ids = np.array(block._data[0], dtype=np.int64)
        if not byteids:  # differences from the previous id, the first from 0
            ids = np.cumsum(ids)
        if wanted is None:
            yield ids, None, block
        else:
            at = np.searchsorted(wanted, ids)
            inside = at < len(wanted)
            inside[inside] = wanted[at[inside]] == ids[inside]
            if inside.any():
                yield ids, inside, block


def _wanted_spans(m: Any, wanted: np.ndarray | None) -> list[tuple[int, int, bool, int]]:
    """(data offset, data length, compressed, postings) of each block of Whoosh's block
    matcher ``m`` whose range of documents can hold a wanted one, from the headers only."""
    spans = []
    below = -1  # every document of the blocks passed so far is at most this
    while m.is_active():
        if wanted is not None:
            nxt = int(np.searchsorted(wanted, below, side="right"))
            if nxt == len(wanted):
                break
        if wanted is None or wanted[nxt] <= m._maxid:
            spans.append((m._dataoffset, m._nextoffset - m._dataoffset, bool(m._compression),
                          m._blocklength))
        below = m._maxid
        if m._lastblock:
            break
        m._next_block()
    return spans


# Inflating blocks releases the GIL, so other cores inflate the blocks ahead while this
# thread unpickles and scans the one before: a phrase of two common words reads ~10^3 blocks.
_INFLATERS = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1),
                                thread_name_prefix="casefile-inflate")
_AHEAD = 64  # blocks handed to the inflaters at once (bounds the memory held)
_PARALLEL_FROM = 16  # fewer blocks are inflated here: handing them over costs more


def _decoded(m: Any, spans: list[tuple[int, int, bool, int]]) -> Iterator[_Block]:
    """The blocks at ``spans`` read from the postings file of ``m``, inflated in parallel."""
    postfile, fixedsize = m._postfile, m._fixedsize
    for at in range(0, len(spans), _AHEAD):
        chunk = spans[at : at + _AHEAD]
        raws = [postfile.get(offset, length) for offset, length, _, _ in chunk]
        inflated: Iterable[bytes]
        if len(chunk) >= _PARALLEL_FROM:
            inflated = _INFLATERS.map(_inflate, raws, [c for _, _, c, _ in chunk])
        else:
            inflated = map(_inflate, raws, [c for _, _, c, _ in chunk])
        for raw, (_, _, _, count) in zip(inflated, chunk, strict=True):
            yield _Block(pickle.loads(raw), fixedsize, count)


def _inflate(raw: bytes, compressed: bool) -> bytes:
    return zlib.decompress(raw) if compressed else raw


class _Block:
    """One posting block's data, with the attributes Whoosh's block matcher reads it by."""

    __slots__ = ("_blocklength", "_data", "_fixedsize", "_values", "_weights")

    def __init__(self, data: Any, fixedsize: int | None, count: int) -> None:
        self._data, self._fixedsize, self._blocklength = data, fixedsize, count
        self._values: Any = None
        self._weights: Any = None

    def _read_values(self) -> None:
        W3LeafMatcher._read_values(self)

    def _read_weights(self) -> None:
        W3LeafMatcher._read_weights(self)


class _ListBlock:
    """A short (inlined) posting list seen as one block, with the attributes ``_blocks``
    reads from Whoosh's block matcher."""

    def __init__(self, m: Any) -> None:
        ids, weights, values = [], [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            values.append(m.value())
            m.next()
        self._data = (ids, weights, values)
        self._maxid = ids[-1] if ids else -1
        self._weights, self._values = weights, values

    def is_active(self) -> bool:
        return self._maxid >= 0


def _items(m: Any) -> Any:
    while m.is_active():
        yield m.id(), m.value()
        m.next()
