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

LAST_DAY = 99991231  # the largest YYYYMMDD a date column holds
FACET_SAMPLE = 20_000  # above this many matches, facets are counted on an even sample


@dataclass(slots=True)
class SegmentColumns:
    """One segment's per-document values of each facet (ids into ``FacetCache.values``),
    dates (YYYYMMDD, 0 for none) and its offset in the searcher that read it."""

    facets: dict[str, list[int]]
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
    """Columns of the segments seen so far, shared by every search of one index.

    A document's values of one facet (its cases, its tags...) are kept as the id of that
    combination: there are few combinations per facet, so counting is one C-speed ``Counter``
    per facet over the matches, then a short loop over the combinations found.
    """

    def __init__(self) -> None:
        self._segments: dict[str, SegmentColumns] = {}
        self._lock = threading.Lock()
        self.values: dict[str, list[tuple[str, ...]]] = {name: [()] for name in FACETS}
        self._value_ids: dict[str, dict[tuple[str, ...], int]] = {
            name: {(): 0} for name in FACETS}

    def clear(self) -> None:
        with self._lock:
            self._segments.clear()
            self.values = {name: [()] for name in FACETS}
            self._value_ids = {name: {(): 0} for name in FACETS}

    def columns(self, reader: Any, offset: int = 0) -> SegmentColumns:
        """The columns of one segment reader (read on first use), at ``offset``."""
        key = reader.segment().segment_id()
        with self._lock:
            seg = self._segments.get(key)
            if seg is None:
                seg = self._load(reader)
                self._segments[key] = seg
            return SegmentColumns(seg.facets, seg.dates, offset)

    def forget_except(self, live: set[str]) -> None:
        """Drop the columns of segments that merges or rebuilds have removed."""
        with self._lock:
            for key in set(self._segments) - live:
                del self._segments[key]

    def _load(self, reader: Any) -> SegmentColumns:
        columns: dict[str, list[int]] = {name: [] for name in FACETS}
        seen: dict[bytes, tuple[int, ...]] = {}  # packed column value -> its ids per facet
        for raw in reader.column_reader("facets"):
            ids = seen.get(raw)
            if ids is None:
                ids = seen[raw] = self._ids(parse_facet_column(raw))
            for name, value_id in zip(FACETS, ids, strict=True):
                columns[name].append(value_id)
        dates = [d or 0 for d in reader.column_reader("date")]
        log.debug("read the facet column of a segment: %d items", len(dates))
        return SegmentColumns(columns, dates)

    def _ids(self, pairs: tuple[tuple[str, str], ...]) -> tuple[int, ...]:
        out = []
        for name in FACETS:
            combination = tuple(value for facet, value in pairs if facet == name)
            ids = self._value_ids[name]
            value_id = ids.get(combination)
            if value_id is None:
                value_id = ids[combination] = len(self.values[name])
                self.values[name].append(combination)
            out.append(value_id)
        return tuple(out)


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


def by_column(matches: Matches, column: Any, count: int, *,
              newest: bool) -> list[tuple[int, int]]:
    """(docnum, day) of the ``count`` newest (or oldest) matches by a date column other than
    the cached one (``column``: the searcher's reader of it); undated ones last."""
    pick = heapq.nlargest if newest else heapq.nsmallest
    docs = [(seg.offset + d, _day(column[seg.offset + d]))
            for seg, part in matches.parts for d in part]
    key = (lambda e: e[1]) if newest else (lambda e: e[1] or 99999999)
    return pick(count, docs, key=key)


def _day(value: int | None) -> int:
    """A column's day, 0 for none (a numeric column gives its largest value to a document
    without one)."""
    return value if value and 0 < value <= LAST_DAY else 0


def count_facets(
    matches: Matches, cache: FacetCache, *, top: int = 30, sample: int = FACET_SAMPLE
) -> tuple[tuple[tuple[str, tuple[FacetCount, ...]], ...], bool]:
    """(facet, the ``top`` values with most items first; years newest first) per facet, and
    whether the counts are estimates: above ``sample`` matches, every k-th is counted and the
    counts scaled (the total stays exact)."""
    total = matches.total
    step = max(1, -(-total // sample)) if sample else 1
    out = []
    for name in FACETS:
        by_combination: Counter[int] = Counter()
        for seg, docs in matches.parts:
            column = seg.facets[name]
            by_combination.update(map(column.__getitem__, docs[::step] if step > 1 else docs))
        counts: Counter[str] = Counter()
        combinations = cache.values[name]
        for value_id, n in by_combination.items():
            for value in combinations[value_id]:
                counts[value] += n
        if not counts:
            continue
        if step > 1:
            counts = Counter({v: min(total, round(n * step)) for v, n in counts.items()})
        if name == "year":
            ranked = sorted(counts.items(), reverse=True)
        else:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append((name, tuple(FacetCount(v, n) for v, n in ranked[:top])))
    return tuple(out), step > 1
