"""The best-scoring matches of a query, once every match is known as a set.

Whoosh finds its top N fast when it can skip posting blocks whose best possible score cannot
make the list, but filters and NOT clauses defeat that: ``word NOT other`` or ``word kind:news
date:[2023 to 2024]`` walk every document of ``word`` through a tree of Python matchers. The
search has already worked out every matching document (index/docsets.py), so ranking only needs
the clauses that score: filters and NOT clauses are dropped from the ranking query and the
known matches become an allow-list; few matches are scored one by one instead.
"""

from __future__ import annotations

import heapq
import logging
from typing import Any

from whoosh import query as wq
from whoosh.query.ranges import NumericRange

from index.docsets import AsDocList, landings
from index.facets import Matches

log = logging.getLogger(__name__)

# Fields whose terms only filter: their scores are the same for every document they match.
FILTER_FIELDS = frozenset({
    "kind", "cases", "languages", "status", "tags", "entities", "key", "item_id",
    "date", "created", "sent", "published", "captured", "collected", "ingested",
})
SCORE_EACH = 4_000  # up to this many matches, each is scored on its own


def scoring_part(q: wq.Query) -> wq.Query | None:
    """The clauses of ``q`` that rank its matches differently (None: every match scores the
    same). Dropping a filter from an AND adds the same constant to every match's score, so the
    order does not change."""
    if isinstance(q, wq.AndNot):
        return scoring_part(q.a)
    if isinstance(q, (wq.Not, wq.ConstantScoreQuery)):
        return None
    if isinstance(q, AsDocList):  # a date range, prefix or fuzzy word: a constant score
        return None
    if isinstance(q, NumericRange) or (q.is_leaf() and getattr(q, "fieldname", None)
                                       in FILTER_FIELDS):
        return None
    if isinstance(q, wq.And):
        kept = [c for c in map(scoring_part, q.children()) if c is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else wq.And(kept, boost=q.boost)
    return q


def top_scored(searcher: Any, q: wq.Query, matches: Matches, count: int) -> list[
        tuple[int, float]]:
    """(global docnum, score) of the ``count`` best of ``matches`` (all the documents ``q``
    matches), best first; ties in document order."""
    if count <= 0 or not matches.total:
        return []
    ranking = scoring_part(q)
    if ranking is None:  # all score alike: Whoosh's own order
        return list(searcher.search(q, limit=count).items())
    if matches.total <= SCORE_EACH:
        return _score_each(searcher, ranking, matches, count)
    allow = {seg.offset + d for seg, docs in matches.parts for d in docs}
    return list(searcher.search(_binary_unions(ranking), limit=count, filter=allow).items())


def _binary_unions(q: wq.Query) -> wq.Query:
    """``q`` with every OR matched by a tree of two-way unions: Whoosh's array union (its
    choice for ORs of several words) gives its top-N collector wrong scores inside an AND."""

    def swap(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Or) and node.matcher_type != wq.Or.DEFAULT_MATCHER:
            node = node.copy()
            node.matcher_type = wq.Or.DEFAULT_MATCHER
        return node

    return q.accept(swap)


def _score_each(searcher: Any, q: wq.Query, matches: Matches, count: int) -> list[
        tuple[int, float]]:
    subs = dict((offset, sub) for sub, offset in searcher.leaf_searchers())
    scored: list[tuple[float, int]] = []
    for seg, docs in matches.parts:
        sub = subs[seg.offset]
        ordered = sorted(docs)
        m = q.matcher(sub, sub.context())
        landed = set()
        for docnum in landings(m, ordered):
            scored.append((m.score(), -(seg.offset + docnum)))
            landed.add(docnum)
        if len(landed) < len(ordered):  # cannot happen; never lose a match over it
            scored += [(0.0, -(seg.offset + d)) for d in ordered if d not in landed]
    best = heapq.nlargest(count, scored)
    return [(-negdoc, score) for score, negdoc in best]
