"""Exact phrases matched with sets of positions instead of Whoosh's span objects.

Whoosh checks a phrase by building a span object for every occurrence of every word and
comparing them pairwise in Python; on long documents with common words that takes seconds.
Here the documents holding all the words are found by intersecting their postings, and a
document matches when some start position p has word k at p + k for every k: a few set
operations on positions decoded as arrays.
"""

from __future__ import annotations

import logging
from typing import Any

from whoosh import matching
from whoosh import query as wq

log = logging.getLogger(__name__)


class FastPhrase(wq.Phrase):  # type: ignore[misc]
    """An exact phrase (slop 1); other slops fall back to Whoosh's own matching.

    The documents found in a segment are remembered on the query object, so that ranking
    after counting (the same query, the same searcher) does not check positions again.
    """

    def docs_in(self, searcher: Any) -> set[int]:
        """The segment's documents that hold the phrase (computed once per segment)."""
        known: dict[Any, set[int]] = self.__dict__.setdefault("_known", {})
        key = id(searcher.reader())
        if key not in known:
            known[key] = set(self.matcher(searcher).all_ids())
        return known[key]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        if self.fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[self.fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        leaves = []
        for word in self.words:
            try:
                btext = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (self.fieldname, btext) not in reader:
                return matching.NullMatcher()
            leaves.append(wq.Term(self.fieldname, word).matcher(searcher, context))
        known = self.__dict__.get("_known", {}).get(id(reader))
        return PhraseMatcher(leaves, boost=self.boost, known=known)


def fast_phrases(q: wq.Query) -> wq.Query:
    """``q`` with its phrases replaced by FastPhrase (same fields, words and boosts)."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.Phrase:
            return FastPhrase(node.fieldname, node.words, slop=node.slop, boost=node.boost,
                              char_ranges=node.char_ranges)
        return node

    return q.accept(swap)


class PhraseMatcher(matching.WrappingMatcher):  # type: ignore[misc]
    """Documents where the leaf matchers' words stand one after the other."""

    def __init__(
        self, leaves: list[Any], boost: float = 1.0, known: set[int] | None = None
    ) -> None:
        child = leaves[0]
        for leaf in leaves[1:]:
            child = matching.IntersectionMatcher(child, leaf)
        super().__init__(child, boost=boost)
        self._leaves = leaves
        self._known = known  # the documents already found to hold the phrase, if known
        self._count = 1
        self._find()

    def _in_order(self) -> bool:
        if self._known is not None:
            return bool(self.child.id() in self._known)
        first, *rest = self._leaves
        starts = set(first.value_as("positions"))
        for k, leaf in enumerate(rest, 1):
            starts.intersection_update([p - k for p in leaf.value_as("positions")])
            if not starts:
                return False
        self._count = len(starts)
        return True

    def _find(self) -> None:
        child = self.child
        while child.is_active() and not self._in_order():
            child.next()

    def next(self) -> None:
        self.child.next()
        self._find()

    def skip_to(self, id: int) -> None:
        if self.child.is_active() and self.child.id() < id:
            self.child.skip_to(id)
            self._find()

    def all_ids(self) -> Any:
        while self.is_active():
            yield self.id()
            self.next()

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else matching.NullMatcher()

    def copy(self) -> Any:
        copy = PhraseMatcher([leaf.copy() for leaf in self._leaves], boost=self.boost,
                             known=self._known)
        if self.is_active():
            copy.skip_to(self.id())
        return copy

    def supports_block_quality(self) -> bool:
        return False

    def weight(self) -> float:
        return float(self._count) * self.boost

    def spans(self) -> Any:
        raise NotImplementedError("PhraseMatcher does not give spans")
