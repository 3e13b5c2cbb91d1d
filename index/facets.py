"""Every match of a query (as sets), counted by facet from a per-segment cache of columns.

Whoosh's ``groupedby`` facets collect and sort every matching document. Here each segment's
packed facet column is read once, when a searcher first meets the segment, and kept until the
segment goes away; a query then only walks its matching document numbers and counts with
C-speed ``map``/``Counter``. One document is one item, so documents are items.
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archive.models import FacetCount
from index.docsets import doc_set
from index.schema import FACETS, parse_facet_column

log = logging.getLogger(__name__)

Pairs = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class SegmentColumns:
    """One segment's per-document facet values (ids into ``FacetCache.signatures``), dates
    (YYYYMMDD, 0 for none) and its offset in the searcher that read it."""

    signature: list[int]
    dates: list[int]
    offset: int = 0


@dataclass(slots=True)
class Matches:
    """The documents (= items) a query matched, segment by segment."""

    parts: list[tuple[SegmentColumns, list[int]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(docs) for _, docs in self.parts)


class FacetCache:
    """Columns of the segments seen so far, shared by every search of one index."""

    def __init__(self) -> None:
        self._segments: dict[str, SegmentColumns] = {}
        self._lock = threading.Lock()
        self.signatures: list[Pairs] = []
        self._signature_ids: dict[Pairs, int] = {}

    def clear(self) -> None:
        with self._lock:
            self._segments.clear()
            self.signatures.clear()
            self._signature_ids.clear()

    def columns(self, reader: Any, offset: int = 0) -> SegmentColumns:
        """The columns of one segment reader (read on first use), at ``offset``."""
        key = reader.segment().segment_id()
        with self._lock:
            seg = self._segments.get(key)
            if seg is None:
                seg = self._load(reader)
                self._segments[key] = seg
            return SegmentColumns(seg.signature, seg.dates, offset)

    def forget_except(self, live: set[str]) -> None:
        """Drop the columns of segments that merges or rebuilds have removed."""
        with self._lock:
            for key in set(self._segments) - live:
                del self._segments[key]

    def _load(self, reader: Any) -> SegmentColumns:
        ids = self._signature_ids
        signature: list[int] = []
        for raw in reader.column_reader("facets"):
            pairs = parse_facet_column(raw)
            sig = ids.get(pairs)
            if sig is None:
                sig = ids[pairs] = len(self.signatures)
                self.signatures.append(pairs)
            signature.append(sig)
        dates = [d or 0 for d in reader.column_reader("date")]
        log.debug("read the facet column of a segment: %d items", len(signature))
        return SegmentColumns(signature, dates)


def all_matches(searcher: Any, q: Any, cache: FacetCache) -> Matches:
    """Every document matching ``q`` (deleted ones excluded), without scoring."""
    found = Matches()
    for sub, offset in searcher.leaf_searchers():
        docs = list(doc_set(q, sub))
        if docs:
            found.parts.append((cache.columns(sub.reader(), offset), docs))
    return found


def by_date(matches: Matches, count: int, *, newest: bool) -> list[tuple[int, int]]:
    """(docnum, day) of the ``count`` newest (or oldest) matches; undated ones last."""
    best: list[tuple[int, int]] = []
    pick = heapq.nlargest if newest else heapq.nsmallest
    for seg, docs in matches.parts:
        dates = seg.dates
        if not newest:  # undated (0) go last: sort them as the far future
            chosen = pick(count, docs, key=lambda d: dates[d] or 99999999)
        else:
            chosen = pick(count, docs, key=dates.__getitem__)
        best += [(seg.offset + d, dates[d]) for d in chosen]
    key = (lambda e: e[1]) if newest else (lambda e: e[1] or 99999999)
    return pick(count, best, key=key)


def count_facets(
    matches: Matches, cache: FacetCache, *, top: int = 30
) -> tuple[tuple[str, tuple[FacetCount, ...]], ...]:
    """(facet, the ``top`` values with most items first; years newest first) per facet."""
    by_signature: Counter[int] = Counter()
    for seg, docs in matches.parts:
        if docs:
            by_signature.update(map(seg.signature.__getitem__, docs))
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    signatures = cache.signatures
    for sig, n in by_signature.items():
        for facet, value in signatures[sig]:
            counts[facet][value] += n
    out = []
    for name in FACETS:
        if counts[name]:
            if name == "year":
                ranked = sorted(counts[name].items(), reverse=True)
            else:
                ranked = sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))
            out.append((name, tuple(FacetCount(v, n) for v, n in ranked[:top])))
    return tuple(out)
