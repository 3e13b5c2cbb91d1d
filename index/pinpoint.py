"""Where a query matched inside the shown hits: character spans read from the postings.

The ``text`` and ``bigram`` fields keep each term's character offsets in the item's joined
text, so the pages and words a hit matched come from a few posting lookups for the 20 shown
items, instead of re-analysing whole documents.
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from typing import Any

import numpy as np

from index.docsets import postings_for
from index.query import HighlightTerms
from index.snippets import merge_spans

log = logging.getLogger(__name__)

Span = tuple[int, int]


def item_spans(reader: Any, docnums: list[int], terms: HighlightTerms) -> dict[int, list[Span]]:
    """docnum -> sorted, merged character spans (in the joined text) that ``terms`` match."""
    wanted = sorted(set(docnums))
    found: dict[int, list[Span]] = defaultdict(list)
    for word in terms.words:
        for docnum, postings in _postings(reader, "text", word, wanted):
            found[docnum].extend((s, e) for _, s, e in postings)
    for gram in terms.bigrams:
        for docnum, postings in _postings(reader, "bigram", gram, wanted):
            found[docnum].extend((s, e) for _, s, e in postings)
    for run in terms.bigram_runs:
        _run_spans(reader, run, wanted, found)
    return {docnum: merge_spans(spans) for docnum, spans in found.items()}


def _postings(
    reader: Any, fieldname: str, term: str, wanted: list[int]
) -> list[tuple[int, list[tuple[int, int, int]]]]:
    """(docnum, [(position, start, end)]) of ``term`` for the wanted docnums that have it."""
    if not wanted or (fieldname, term) not in reader:
        return []
    field = reader.schema[fieldname]
    ids, values = postings_for(reader, fieldname, field.to_bytes(term),
                               np.asarray(wanted, dtype=np.int64))
    decode = field.format.decode_characters
    return [(docnum, decode(value)) for docnum, value in zip(ids.tolist(), values, strict=True)]


def _run_spans(
    reader: Any, run: tuple[str, ...], wanted: list[int], found: dict[int, list[Span]]
) -> None:
    """Spans of a phrase of bigrams: each gram at the position after the one before."""
    per_gram = [dict(_postings(reader, "bigram", gram, wanted)) for gram in run]
    if not per_gram:
        return
    for docnum in wanted:
        if not all(docnum in g for g in per_gram):
            continue
        at = [{pos: (s, e) for pos, s, e in g[docnum]} for g in per_gram]
        for pos, (start, end) in at[0].items():
            ends = [end]
            for k in range(1, len(at)):
                nxt = at[k].get(pos + k)
                if nxt is None:
                    break
                ends.append(nxt[1])
            else:
                found[docnum].append((start, max(ends)))


def split_by_page(
    spans: list[Span], numbers: list[int], starts: list[int]
) -> dict[int, list[Span]]:
    """page number -> its spans, in the page's own character offsets (``numbers`` and
    ``starts`` as ``read_pagemap`` gives them)."""
    pages: dict[int, list[Span]] = {}
    for start, end in spans:
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or numbers[i] < 0:
            continue  # past the last page: the title, which the bigram field has at the end
        page_start = starts[i]
        pages.setdefault(numbers[i], []).append((start - page_start, end - page_start))
    return pages
