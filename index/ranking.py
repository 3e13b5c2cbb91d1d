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

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.query.ranges import NumericRange
from whoosh.scoring import BM25F
from whoosh.util.numeric import _length_byte_cache

from index.docsets import (
    AsDocList,
    cached_postings,
    landings,
    term_postings,
    weights_within,
)
from index.facets import Matches
from index.phrase import FastPhrase
from index.segments import SegmentCache

log = logging.getLogger(__name__)

# Fields whose terms only filter: their scores are the same for every document they match.
FILTER_FIELDS = frozenset({
    "kind", "cases", "languages", "status", "tags", "entities", "key", "item_id",
    "date", "created", "sent", "published", "captured", "collected", "ingested",
})
SCORE_EACH = 4_000  # up to this many matches, each is scored on its own
VECTOR_FROM = 200  # from this many matches, scored all at once (when the query allows)


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
    if matches.total >= VECTOR_FROM:
        scored = _score_all(searcher, ranking, matches, count)
        if scored is not None:
            return scored
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


# --- every match scored at once -----------------------------------------------------------------
#
# A query's score is the sum of the scores of its positive leaves (an AND adds its parts' scores,
# an OR those of its parts that match), each times the boosts above it. So with every match
# known, each leaf adds its score to the matches it holds: a term's BM25F from its postings'
# weights and the documents' field lengths (arrays), a phrase's from its own counts, a constant
# for a prefix, fuzzy word or range. Whoosh's matchers do the same one document at a time in
# Python. Queries with other parts (slop phrases, minimum-match ORs...) keep Whoosh's scoring.


def _score_all(searcher: Any, q: wq.Query, matches: Matches, count: int) -> list[
        tuple[int, float]] | None:
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        return None
    leaves: list[tuple[wq.Query, float]] = []
    if not _positive_leaves(q, 1.0, leaves):
        return None
    subs = {offset: sub for sub, offset in searcher.leaf_searchers()}
    all_docs: list[np.ndarray] = []
    all_scores: list[np.ndarray] = []
    for seg, docs in matches.parts:
        if not docs:
            continue
        sub = subs[seg.offset]
        ordered = np.fromiter(docs, dtype=np.int64, count=len(docs))
        ordered.sort()
        scores = np.zeros(len(ordered), dtype=np.float64)
        for leaf, boost in leaves:
            _add_leaf(scores, ordered, leaf, boost, searcher, sub, weighting)
        all_docs.append(ordered + seg.offset)
        all_scores.append(scores)
    if not all_docs:
        return []
    docnums, scores = np.concatenate(all_docs), np.concatenate(all_scores)
    if len(scores) > count:  # the ``count`` best, and every match tied with the last of them
        cut = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= cut
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:count]  # best first; ties in document order
    return [(int(docnums[i]), float(scores[i])) for i in order]


def _positive_leaves(q: wq.Query, boost: float, out: list[tuple[wq.Query, float]]) -> bool:
    """Collects (leaf, boost) of every part of ``q`` that adds to the score; False when ``q``
    has a part this scoring does not know."""
    boost *= getattr(q, "boost", 1.0)
    if isinstance(q, (FastPhrase, AsDocList)) or type(q) is wq.Term:
        if isinstance(q, FastPhrase) and (q.slop != 1 or len(q.words) < 2):
            return False
        out.append((q, boost))
        return True
    if type(q) is wq.And or (type(q) is wq.Or and not q.minmatch and q.scale is None):
        return all(_positive_leaves(c, boost, out) for c in q.children())
    if type(q) is wq.AndMaybe:
        return _positive_leaves(q.a, boost, out) and _positive_leaves(q.b, boost, out)
    if type(q) is wq.AndNot:
        return _positive_leaves(q.a, boost, out)
    return False


def _add_leaf(scores: np.ndarray, docs: np.ndarray, leaf: wq.Query, boost: float,
              searcher: Any, sub: Any, weighting: BM25F) -> None:
    """Adds ``leaf``'s score (times ``boost``) to the ``scores`` of the ``docs`` it matches in
    the segment of ``sub``."""
    reader = sub.reader()
    if isinstance(leaf, FastPhrase):
        found = leaf.docs_in(sub)
        if found:
            ids = np.fromiter(found.keys(), dtype=np.int64, count=len(found))
            values = np.fromiter(found.values(), dtype=np.float64, count=len(found))
            at, hit = _positions(ids, docs)
            scores[hit] += values[at[hit]] * boost
        return
    if isinstance(leaf, AsDocList):
        held = leaf.docs_in(sub)
        if held:
            ids = np.fromiter(held, dtype=np.int64, count=len(held))
            ids.sort()
            scores[np.isin(docs, ids, assume_unique=True)] += float(leaf.child.boost) * boost
        return
    fieldname = leaf.fieldname
    if fieldname not in searcher.schema:
        return
    field = searcher.schema[fieldname]
    btext = field.to_bytes(leaf.text) if not isinstance(leaf.text, bytes) else leaf.text
    postings = cached_postings(reader, fieldname, btext)
    if postings is None:
        # Few matches of a common word: only the posting blocks holding them are read.
        few = len(docs) * 16 < reader.doc_frequency(fieldname, btext)
        postings = (weights_within(reader, fieldname, btext, docs) if few
                    else term_postings(reader, fieldname, btext))
    if not len(postings.ids):
        return
    at, hit = _positions(postings.ids, docs)
    weights = postings.weights[at[hit]].astype(np.float64)
    if not field.scorable:  # Whoosh scores such a term by its weight
        scores[hit] += weights * boost
        return
    idf = searcher.idf(fieldname, btext)
    avgfl = searcher.avg_field_length(fieldname) or 1
    lengths = field_lengths(reader, fieldname)[docs[hit]]
    b, k1 = weighting.B, weighting.K1
    scores[hit] += idf * (weights * (k1 + 1)) / (
        weights + k1 * ((1 - b) + b * lengths / avgfl)) * boost


def _positions(ids: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``docs``: where it is in the sorted ``ids``, and whether it is there."""
    at = np.searchsorted(ids, docs)
    hit = at < len(ids)
    hit[hit] = ids[at[hit]] == docs[hit]
    return at, hit


_LENGTH_OF_BYTE = np.asarray(_length_byte_cache, dtype=np.float64)


def _read_lengths(reader: Any, fieldname: str) -> np.ndarray:
    count = reader.doc_count_all()
    out = np.zeros(count, dtype=np.float64)
    column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return out
    stored = min(column._count, count)
    if stored:
        raw = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
        out[:stored] = _LENGTH_OF_BYTE[raw]
    return out


# Each document's length in a field, per segment (as Whoosh stores it: one byte, a
# logarithmic approximation), read once per segment and field.
_LENGTHS: SegmentCache[np.ndarray] = SegmentCache(64)


def field_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Each document's length in ``fieldname`` in the segment ``reader`` reads, by docnum."""
    return _LENGTHS.get(reader, fieldname, lambda: _read_lengths(reader, fieldname))
