"""Exact phrases matched with sets of positions instead of Whoosh's span objects.

Whoosh checks a phrase by building a span object for every occurrence of every word and
comparing them pairwise in Python; on long documents with common words that takes seconds.
Here the documents holding all the words are found by intersecting their posting sets, and a
document matches when some start position p has word k at p + k for every k: a few set
operations on positions read a posting block at a time.
"""

from __future__ import annotations

import logging
from typing import Any

from whoosh import matching
from whoosh import query as wq

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
        known: dict[Any, dict[int, float]] = self.__dict__.setdefault("_known", {})
        reader = searcher.reader()
        key = id(reader)
        if key not in known:
            known[key] = _phrase_docs(reader, self.fieldname, self.words)
        return known[key]

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
        return matching.ListMatcher(ids, weights=[docs[d] * self.boost for d in ids])


def _phrase_docs(reader: Any, fieldname: str, words: list[str]) -> dict[int, float]:
    from index.docsets import term_ids, term_values

    field = reader.schema[fieldname]
    btexts = []
    for word in words:
        try:
            btexts.append(field.to_bytes(word))
        except ValueError:
            return {}
    candidates: set[int] | None = None
    for btext in sorted(set(btexts), key=lambda t: reader.doc_frequency(fieldname, t)):
        ids = term_ids(reader, fieldname, btext)
        candidates = ids if candidates is None else candidates & ids
        if not candidates:
            return {}
    deleted = getattr(reader, "deleted_docs_set", None)
    if deleted:
        candidates = (candidates or set()) - deleted
    if not candidates:
        return {}
    decode = field.format.decode_positions
    values = {t: term_values(reader, fieldname, t, candidates) for t in set(btexts)}
    avg = max(reader.field_length(fieldname) / max(reader.doc_count_all(), 1), 1.0)
    found: dict[int, float] = {}
    for docnum in candidates:
        starts = set(decode(values[btexts[0]][docnum]))
        for k, btext in enumerate(btexts[1:], 1):
            starts.intersection_update([p - k for p in decode(values[btext][docnum])])
            if not starts:
                break
        else:
            n = len(starts)
            norm = 0.25 + 0.75 * reader.doc_field_length(docnum, fieldname, avg) / avg
            found[docnum] = n * 2.2 / (n + 1.2 * norm)
    return found


def fast_phrases(q: wq.Query) -> wq.Query:
    """``q`` with its phrases replaced by FastPhrase (same fields, words and boosts)."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.Phrase:
            return FastPhrase(node.fieldname, node.words, slop=node.slop, boost=node.boost,
                              char_ranges=node.char_ranges)
        return node

    return q.accept(swap)
