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
from typing import Any

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.system import _INT_SIZE

from index.analysis import FastCharacters
from index.segments import remember

log = logging.getLogger(__name__)

_TRIPLE = 3 * 4  # bytes per occurrence in FastCharacters postings: position, start, length


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
    from index.docsets import cached_postings, postings_within, term_values

    field = reader.schema[fieldname]
    btexts = []
    for word in words:
        try:
            btexts.append(field.to_bytes(word))
        except ValueError:
            return {}
    # Rarest word first; each later one reads only the posting blocks that can hold one of
    # the documents left, and each block is read once (ids and positions together), unless a
    # search kept the word's documents already: then only the candidates' positions are read.
    candidates: np.ndarray | None = None
    values: dict[bytes, dict[int, bytes]] = {}
    later: list[bytes] = []
    for btext in sorted(set(btexts), key=lambda t: reader.doc_frequency(fieldname, t)):
        kept = cached_postings(reader, fieldname, btext)
        if kept is not None:
            ids = kept.ids if candidates is None else np.intersect1d(
                candidates, kept.ids, assume_unique=True)
            later.append(btext)
        else:
            ids, found = postings_within(reader, fieldname, btext, candidates)
            values[btext] = dict(zip(ids.tolist(), found, strict=True))
        candidates = ids
        if not len(candidates):
            return {}
    assert candidates is not None
    deleted = getattr(reader, "deleted_docs_set", None)
    docs = [d for d in candidates.tolist() if d not in deleted] if deleted else (
        candidates.tolist())
    if not docs:
        return {}
    wanted = set(docs)
    for btext in later:
        values[btext] = term_values(reader, fieldname, btext, wanted)
    if isinstance(field.format, FastCharacters):
        counts = _packed_phrase_counts(values, btexts, docs)
    else:
        counts = _phrase_counts(values, btexts, docs, field.format.decode_positions)
    avg = max(reader.field_length(fieldname) / max(reader.doc_count_all(), 1), 1.0)
    found_docs: dict[int, float] = {}
    for docnum, n in counts.items():
        norm = 0.25 + 0.75 * reader.doc_field_length(docnum, fieldname, avg) / avg
        found_docs[docnum] = n * 2.2 / (n + 1.2 * norm)
    return found_docs


def _phrase_counts(
    values: dict[bytes, dict[int, bytes]], btexts: list[bytes], docs: list[int],
    decode: Callable[[bytes], list[int]],
) -> dict[int, int]:
    """docnum -> how often the phrase occurs, decoding each document's positions in turn."""
    counts: dict[int, int] = {}
    for docnum in docs:
        starts = set(decode(values[btexts[0]][docnum]))
        for k, btext in enumerate(btexts[1:], 1):
            starts.intersection_update([p - k for p in decode(values[btext][docnum])])
            if not starts:
                break
        else:
            counts[docnum] = len(starts)
    return counts


def _packed_phrase_counts(
    values: dict[bytes, dict[int, bytes]], btexts: list[bytes], docs: list[int]
) -> dict[int, int]:
    """The same for FastCharacters postings, all candidate documents at once with numpy.

    Each word's postings become one sorted array of (document index << 32 | position - k)
    keys; the keys of word 0 that every later word k also has are the phrase's starts.
    """
    starts: np.ndarray | None = None
    ndocs = len(docs)
    for k, btext in enumerate(btexts):
        by_doc = values[btext]
        parts = [by_doc[d][_INT_SIZE:] for d in docs]
        lengths = np.fromiter(map(len, parts), dtype=np.int64, count=ndocs) // _TRIPLE
        deltas = np.frombuffer(b"".join(parts), dtype=np.int32).reshape(-1, 3)[:, 0]
        running = np.cumsum(deltas, dtype=np.int64)
        first = np.cumsum(lengths) - lengths  # where each document's postings begin
        before = np.concatenate((np.zeros(1, np.int64), running))[first]
        owner = np.repeat(np.arange(ndocs, dtype=np.int64), lengths)
        keys = (owner << 32) + (running - before[owner] - k)
        starts = keys if starts is None else _common(starts, keys)
        if not len(starts):
            return {}
    assert starts is not None
    per_doc = np.bincount(starts >> 32, minlength=ndocs)
    return {docs[i]: int(per_doc[i]) for i in np.flatnonzero(per_doc)}


def _common(wanted: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The values of ``wanted`` that ``keys`` also holds (both sorted: a binary search each,
    where numpy's hashing ``isin`` takes seconds on arrays this size)."""
    at = np.searchsorted(keys, wanted)
    found = at < len(keys)
    found[found] = keys[at[found]] == wanted[found]
    return wanted[found]


def fast_phrases(q: wq.Query) -> wq.Query:
    """``q`` with its phrases replaced by FastPhrase (same fields, words and boosts)."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.Phrase:
            return FastPhrase(node.fieldname, node.words, slop=node.slop, boost=node.boost,
                              char_ranges=node.char_ranges)
        return node

    return q.accept(swap)
