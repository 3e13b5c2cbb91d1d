"""The documents a query matches, as sets, computed from posting blocks with set operations.

Counting every match (for the total and the facets) by walking Whoosh's matcher tree costs
microseconds of Python per document; at 100,000 items a common word matches tens of thousands.
Here terms become sets of document numbers read a posting block (up to 128 ids) at a time, and
AND / OR / NOT become set intersection, union and difference. Queries this does not know
(phrases) fall back to their own matcher.
"""

from __future__ import annotations

import logging
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.ranges import NumericRange
from whoosh.query.wrappers import WrappingQuery

from index.phrase import FastPhrase

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
        result: set[int] | None = None
        for child in q.children():
            ids = _eval(child, searcher, reader)
            result = ids if result is None else result & ids
            if not result:
                return set()
        return result or set()
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
    if isinstance(q, FastPhrase):
        return set(q.docs_in(searcher))
    return set(q.docs(searcher))  # the rest: their own matcher


def term_ids(reader: Any, fieldname: str, text: str | bytes) -> set[int]:
    """Every document (deleted ones too) holding the term, read block by block."""
    if fieldname not in reader.schema:
        return set()
    field = reader.schema[fieldname]
    btext = text if isinstance(text, bytes) else field.to_bytes(text)
    if (fieldname, btext) not in reader:
        return set()
    m = reader.postings(fieldname, btext)
    if isinstance(m, FilterMatcher):  # the deleted documents: taken out once, by doc_set
        m = m.child
    if isinstance(m, ListMatcher) or not hasattr(m, "_read_ids"):
        return set(m.all_ids())
    ids: set[int] = set()
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        ids.update(m._ids[m._i :])
        if m._lastblock:
            break
        m._next_block()
    return ids


class AsDocList(WrappingQuery):  # type: ignore[misc]
    """A constant-score prefix or fuzzy query matched as one sorted list of documents.

    Whoosh ORs the (up to 100) expanded words together, and walking that union costs more
    than everything else in a search; their documents as one list cost one set union.
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if not searcher.reader().is_atomic():
            return self.child.matcher(searcher, context)
        ids = doc_set(self.child, searcher)
        if not ids:
            return NullMatcher()
        return ListMatcher(sorted(ids), all_weights=float(self.child.boost))


def lists_for_expansions(q: wq.Query) -> wq.Query:
    """``q`` with constant-score prefix and fuzzy terms matched as document lists."""

    def swap(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.MultiTerm) and getattr(node, "constantscore", False):
            return AsDocList(node)
        return node

    return q.accept(swap)
