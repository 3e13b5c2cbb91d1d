"""Every match of a query, counted by item and by facet, from a per-segment cache of columns.

Whoosh's ``groupedby`` facets collect and sort every matching document. Here each segment's
columns (item id, page, packed facet values) are read once, when a searcher first meets the
segment, and kept until the segment goes away; a query then only walks its matching document
numbers and counts with C-speed ``map``/``Counter``. Items are counted once however many of
their pages match.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from archive.models import FacetCount
from index.schema import FACETS, parse_facet_column

log = logging.getLogger(__name__)

Pairs = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class SegmentColumns:
    """One segment's per-document item ids and page numbers, and each item's facet values."""

    items: list[int]
    pages: list[int]
    signature: dict[int, int]  # item id -> id of its facet values in FacetCache.signatures


@dataclass(slots=True)
class Matches:
    """The documents a query matched, segment by segment, and the distinct items among them."""

    parts: list[tuple[SegmentColumns, list[int], set[int]]] = field(default_factory=list)
    items: set[int] = field(default_factory=set)

    def pages_of(self, item_ids: set[int]) -> dict[int, list[int]]:
        """item id -> its matching page numbers (ascending), for these items only."""
        out: dict[int, list[int]] = {}
        for seg, docs, seg_items in self.parts:
            if not item_ids & seg_items:
                continue
            items, pages = seg.items, seg.pages
            for d in docs:
                item = items[d]
                if item in item_ids:
                    out.setdefault(item, []).append(pages[d])
        return {item: sorted(set(pages)) for item, pages in out.items()}


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

    def columns(self, reader: Any) -> SegmentColumns:
        """The columns of one segment reader, read on first use."""
        key = reader.segment().segment_id()
        with self._lock:
            seg = self._segments.get(key)
            if seg is None:
                seg = self._load(reader)
                self._segments[key] = seg
            return seg

    def forget_except(self, live: set[str]) -> None:
        """Drop the columns of segments that merges or rebuilds have removed."""
        with self._lock:
            for key in set(self._segments) - live:
                del self._segments[key]

    def _load(self, reader: Any) -> SegmentColumns:
        items = list(reader.column_reader("item_id"))
        pages = list(reader.column_reader("page"))
        signature: dict[int, int] = {}
        ids = self._signature_ids
        for item, raw in zip(items, reader.column_reader("facets"), strict=True):
            if item in signature:
                continue
            pairs = parse_facet_column(raw)
            sig = ids.get(pairs)
            if sig is None:
                sig = ids[pairs] = len(self.signatures)
                self.signatures.append(pairs)
            signature[item] = sig
        log.debug("read facet columns of a segment: %d pages, %d items", len(items), len(signature))
        return SegmentColumns(items, pages, signature)


def all_matches(searcher: Any, q: Any, cache: FacetCache) -> Matches:
    """Every document matching ``q`` (deleted ones excluded), without scoring."""
    found = Matches()
    for sub, _offset in searcher.leaf_searchers():
        seg = cache.columns(sub.reader())
        docs = list(q.docs(sub))
        if docs:
            seg_items = set(map(seg.items.__getitem__, docs))
            found.parts.append((seg, docs, seg_items))
            found.items |= seg_items
    return found


def count_facets(
    matches: Matches, cache: FacetCache, *, top: int = 30
) -> tuple[tuple[str, tuple[FacetCount, ...]], ...]:
    """(facet, the ``top`` values with most items first) for every facet with a value."""
    by_signature: Counter[int] = Counter()
    for seg, _, seg_items in matches.parts:
        by_signature.update(map(seg.signature.__getitem__, seg_items))
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    signatures = cache.signatures
    for sig, n in by_signature.items():
        for facet, value in signatures[sig]:
            counts[facet][value] += n
    out = []
    for name in FACETS:
        if counts[name]:
            ranked = sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))
            if name == "year":
                ranked = sorted(counts[name].items(), reverse=True)
            out.append((name, tuple(FacetCount(v, n) for v, n in ranked[:top])))
    return tuple(out)
