"""What is worked out once per index segment and kept while the segment lives.

A segment never changes once written (deletions are kept apart), so anything read or derived
from one — a fuzzy word's expansion, document lengths, near-duplicate band keys, a posting
list — stays true for as long as its segment id exists.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


def segment_id(reader: Any) -> str | None:
    """The id of the one segment ``reader`` reads, or None (a reader of several)."""
    if not reader.is_atomic() or not hasattr(reader, "segment"):
        return None
    return str(reader.segment().segment_id())


class SegmentCache(Generic[V]):
    """The last ``size`` values made per (segment, key), shared by the threads that search."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._known: OrderedDict[tuple[str, Hashable], V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader: Any, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key`` in the segment of ``reader``, made once (a reader of several
        segments gets a value made each time: it has no id to keep it by)."""
        segment = segment_id(reader)
        if segment is None:
            return make()
        full = (segment, key)
        with self._lock:
            if full in self._known:
                self._known.move_to_end(full)
                return self._known[full]
        value = make()
        with self._lock:
            self._known[full] = value
            while len(self._known) > self.size:
                self._known.popitem(last=False)
        return value


def remember(owner: Any, reader: Any, make: Callable[[], V]) -> V:
    """``make()`` once per segment for this ``owner`` (a query node): counting the matches and
    ranking them read the same segment through different reader objects."""
    known: dict[object, V] = owner.__dict__.setdefault("_per_segment", {})
    key = segment_id(reader) or id(reader)
    if key not in known:
        known[key] = make()
    return known[key]
