"""Exact phrases matched with sets of positions instead of Whoosh's span objects.

Whoosh checks a phrase by building a span object for every occurrence of every word and
comparing them pairwise in Python; on long documents with common words that takes seconds.
Here the documents holding all the words are found by intersecting their posting sets, and a
document matches when some start position p has word k at p + k for every k: a few set
operations on positions read a posting block at a time.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import matching
from whoosh import query as wq

from index.analysis import FastCharacters
from index.segments import remember

if TYPE_CHECKING:
    from index.docsets import Packed

log = logging.getLogger(__name__)



class FastPhrase(wq.Phrase):  # type: ignore[misc]
    """An exact phrase (slop 1); other slops fall back to Whoosh's own matching.

    Per segment, the documents holding the phrase and how often are found once (candidates
    by set intersection, then positions read a posting block at a time) and kept on the query
    object, so counting and ranking share them. Documents score by phrase frequency with
    BM25's saturation and length normalisation.
    """

    def docs_in(self, searcher: Any) -> dict[int, float]:
        """docnum -> score of the segment's live documents that hold the phrase."""
        reader = searcher.reader()
        return remember(self, reader, lambda: _phrase_docs(reader, self.fieldname, self.words))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        if self.fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[self.fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        if not searcher.reader().is_atomic():
            return super().matcher(searcher, context)
        docs = self.docs_in(searcher)
        if not docs:
            return matching.NullMatcher()
        ids = sorted(docs)
        return ScoredList(ids, [docs[d] * self.boost for d in ids])


class ScoredList(matching.ListMatcher):  # type: ignore[misc]
    """Whoosh's list matcher with its best weight worked out once and a binary-search skip.

    Whoosh's own takes ``max()`` of the whole weight list every time the collector asks for
    the best possible score (once per collected document): quadratic, seconds on a phrase that
    matches a few thousand documents.
    """

    _i: int  # the position in the list (Whoosh's attribute)

    def __init__(self, ids: list[int], weights: list[float]) -> None:
        super().__init__(ids, weights=weights)
        self._best = max(weights) if weights else 0.0

    def copy(self) -> ScoredList:
        twin = ScoredList(self._ids, self._weights)
        twin._i = self._i
        return twin

    def block_max_weight(self) -> float:
        return self._best

    def skip_to(self, id: int) -> None:
        if not self.is_active():
            raise matching.ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)


def _phrase_docs(reader: Any, fieldname: str, words: list[str]) -> dict[int, float]:
    from index.docsets import (
        cached_postings,
        packed_within,
        postings_within,
        term_values,
    )
    from index.ranking import field_lengths

    field = reader.schema[fieldname]
    btexts = []
    for word in words:
        try:
            btexts.append(field.to_bytes(word))
        except ValueError:
            return {}
    packed = isinstance(field.format, FastCharacters)
    order = sorted(set(btexts), key=lambda t: reader.doc_frequency(fieldname, t))
    # The commonest word of a phrase of several is read last, a block at a time, and only
    # where the other words already line up (``_streamed``): its occurrences can be ten
    # times all the others'.
    dense = order.pop() if packed and len(order) > 1 else None
    # Rarest word first; each later one reads only the posting blocks that can hold one of
    # the documents left, and each block is read once (ids and positions together), unless a
    # search kept the word's documents already: then only the candidates' positions are read.
    candidates: np.ndarray | None = None
    read: dict[bytes, Any] = {}
    later: list[bytes] = []
    for btext in order:
        kept = cached_postings(reader, fieldname, btext)
        if kept is not None:
            ids = kept.ids if candidates is None else np.intersect1d(
                candidates, kept.ids, assume_unique=True)
            later.append(btext)
        elif packed:
            read[btext] = got = packed_within(reader, fieldname, btext, candidates)
            ids = got.ids
        else:
            ids, vals = postings_within(reader, fieldname, btext, candidates)
            read[btext] = dict(zip(ids.tolist(), vals, strict=True))
        candidates = ids
        if not len(candidates):
            return {}
    assert candidates is not None
    docs = candidates
    deleted = getattr(reader, "deleted_docs_set", None)
    if deleted:
        gone = np.fromiter(deleted, dtype=np.int64, count=len(deleted))
        docs = docs[~np.isin(docs, gone)]
    if not len(docs):
        return {}
    if packed:
        for btext in later:
            read[btext] = packed_within(reader, fieldname, btext, docs)
        starts = _packed_starts(read, btexts, skip=dense)
        if len(starts) and len(docs) < len(candidates):
            starts = starts[_among(starts >> 32, docs)]
        if dense is not None and len(starts):
            starts = _streamed(reader, fieldname, dense,
                               [k for k, b in enumerate(btexts) if b == dense], starts)
        found, counts = np.unique(starts >> 32, return_counts=True)
    else:
        wanted = set(docs.tolist())
        for btext in later:
            read[btext] = term_values(reader, fieldname, btext, wanted)
        found, counts = _phrase_counts(read, btexts, docs.tolist(),
                                       field.format.decode_positions)
    if not len(found):
        return {}
    avg = max(reader.field_length(fieldname) / max(reader.doc_count_all(), 1), 1.0)
    lengths = field_lengths(reader, fieldname)[found]
    lengths = np.where(lengths > 0, lengths, avg)
    n = counts.astype(np.float64)
    scores = n * 2.2 / (n + 1.2 * (0.25 + 0.75 * lengths / avg))
    return dict(zip(found.tolist(), scores.tolist(), strict=True))


def _phrase_counts(
    values: dict[bytes, dict[int, bytes]], btexts: list[bytes], docs: list[int],
    decode: Callable[[bytes], list[int]],
) -> tuple[np.ndarray, np.ndarray]:
    """(the ``docs`` that hold the phrase, how often each), decoding each one's positions."""
    found: list[int] = []
    counts: list[int] = []
    for docnum in docs:
        starts = set(decode(values[btexts[0]][docnum]))
        for k, btext in enumerate(btexts[1:], 1):
            starts.intersection_update([p - k for p in decode(values[btext][docnum])])
            if not starts:
                break
        else:
            found.append(docnum)
            counts.append(len(starts))
    return np.asarray(found, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def _packed_starts(packs: dict[bytes, Packed], btexts: list[bytes], *,
                   skip: bytes | None = None) -> np.ndarray:
    """Where the phrase can start, as sorted keys (document << 32 | position), judged by its
    words other than ``skip``: ``_phrase_counts`` for FastCharacters postings, every document
    at once with numpy.

    A value is a count then (position, start, length) deltas (``Packed``). The occurrences of
    the phrase's word k become sorted keys (document << 32 | position - k); the keys every
    word has are the phrase's starts. Words are intersected smallest first, so the documents
    a word lacks drop out without restricting each word's postings to the candidates.
    """
    order = sorted((k for k in range(len(btexts)) if btexts[k] != skip),
                   key=lambda k: len(packs[btexts[k]].ints))
    starts: np.ndarray | None = None
    for k in order:
        keys = _occurrence_keys(packs[btexts[k]], k)
        starts = keys if starts is None else _common(starts, keys)
        if not len(starts):
            break
    assert starts is not None
    return starts


def _streamed(reader: Any, fieldname: str, btext: bytes, at: list[int],
              starts: np.ndarray) -> np.ndarray:
    """The ``starts`` (sorted keys) where the word ``btext`` is also at each offset in ``at``,
    reading its postings a block at a time and only in the documents of ``starts``."""
    from index.docsets import packed_blocks

    docs = np.unique(starts >> 32)
    kept: list[np.ndarray] = []
    for block in packed_blocks(reader, fieldname, btext, docs):
        lo, hi = np.searchsorted(starts, [int(block.ids[0]) << 32, (int(block.ids[-1]) + 1) << 32])
        here = starts[lo:hi]
        for k in at:
            if not len(here):
                break
            here = _common(here, _occurrence_keys(block, k))
        if len(here):
            kept.append(here)
    return np.concatenate(kept) if kept else np.empty(0, np.int64)


def _occurrence_keys(pack: Packed, k: int) -> np.ndarray:
    """(document << 32 | position - k) of every occurrence in ``pack``, ascending.

    Sequential passes only (a mask, a cumulative sum, repeats): gathers by index over a
    million occurrences cost several times more."""
    sizes = pack.sizes
    if not len(sizes):
        return np.empty(0, np.int64)
    head = pack.head
    per_doc = (sizes - head) // 3  # occurrences in each document
    triples = np.ones(len(pack.ints), dtype=bool)
    begins = np.cumsum(sizes) - sizes
    for i in range(head):  # each value's leading count
        triples[begins + i] = False
    deltas = pack.ints[triples][::3]  # position deltas, each document's from 0
    running = np.cumsum(deltas, dtype=np.int64)
    first = np.cumsum(per_doc) - per_doc  # where each document's occurrences begin
    before = np.concatenate((np.zeros(1, np.int64), running))[first]
    keys: np.ndarray = (np.repeat(pack.ids, per_doc) << 32) + (
        running - np.repeat(before + k, per_doc))
    return keys


def _among(values: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``allowed`` (sorted), as a mask."""
    at = np.searchsorted(allowed, values)
    inside = at < len(allowed)
    inside[inside] = allowed[at[inside]] == values[inside]
    return inside


def _common(wanted: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The values of ``wanted`` that ``keys`` also holds (both sorted: a binary search each,
    where numpy's hashing ``isin`` takes seconds on arrays this size)."""
    common: np.ndarray = wanted[_among(wanted, keys)]
    return common


def fast_phrases(q: wq.Query) -> wq.Query:
    """``q`` with its phrases replaced by FastPhrase (same fields, words and boosts)."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.Phrase:
            return FastPhrase(node.fieldname, node.words, slop=node.slop, boost=node.boost,
                              char_ranges=node.char_ranges)
        return node

    return q.accept(swap)
