"""Exact phrases found by position sets agree with Whoosh's own phrase matching."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import numpy as np
import pytest
from whoosh import query as wq

from index import docsets
from index.analysis import word_terms
from index.docsets import packed_within, term_ids, term_values
from index.phrase import FastPhrase, _packed_starts, _phrase_counts, fast_phrases

if TYPE_CHECKING:
    from tests.index.conftest import Library

WORDS = ["passport", "taken", "guard", "compound", "wallet", "usdt", "the", "at"]


@pytest.mark.parametrize("kept", [False, True], ids=["postings read", "postings kept"])
def test_fast_phrases_match_exactly_what_whoosh_phrases_match(
    library: Library, monkeypatch: pytest.MonkeyPatch, kept: bool
) -> None:
    rng = random.Random(4)
    docs = []
    for item in range(1, 1400):  # several posting blocks (512 documents each) per word
        pages = [" ".join(rng.choices(WORDS, k=rng.randint(3, 40))) for _ in range(2)]
        docs += library.item(item, *pages)
    library.index.rebuild(docs[:1000])
    library.index.add(docs[1000:])  # a second segment
    library.index.delete([3, 150, 600])
    searcher = library.index._current_searcher()
    if kept:  # a search kept the words' documents: only the candidates' positions are read
        monkeypatch.setattr(docsets._PostingCache, "MIN_DOCS", 1)
        for sub, _ in searcher.leaf_searchers():
            for word in WORDS:
                term_ids(sub.reader(), "text", word)
    phrases = [["passport", "taken"], ["the", "compound", "at"], ["usdt", "usdt"],
               ["guard", "wallet", "the", "passport"], ["taken", "nowhere"]]
    for words in phrases:
        stemmed = [term for w in words for term, *_ in word_terms(w)]  # as indexed
        ours = sorted(searcher.docs_for_query(FastPhrase("text", stemmed)))
        theirs = sorted(searcher.docs_for_query(wq.Phrase("text", stemmed)))
        assert ours == theirs, words
    assert sorted(searcher.docs_for_query(FastPhrase("text", ["passport", "taken"])))


def test_parsed_queries_use_fast_phrases_inside_boolean_queries(library: Library) -> None:
    q = library.index._queries.parse('("forced to work" OR wallet) NOT "the guard"')
    phrases = [n for n in _nodes(q) if isinstance(n, wq.Phrase)]
    assert phrases and all(type(n) is FastPhrase for n in phrases)
    assert fast_phrases(wq.Term("text", "x")) == wq.Term("text", "x")


def _counts(packs: dict[bytes, docsets.Packed], btexts: list[bytes]) -> tuple[
        np.ndarray, np.ndarray]:
    """(documents, how often the phrase is in each) from the packed postings."""
    found, counts = np.unique(_packed_starts(packs, btexts) >> 32, return_counts=True)
    return found, counts


def _nodes(q: wq.Query) -> list[wq.Query]:
    return [q, *(n for child in q.children() for n in _nodes(child))]


def test_phrase_counts_from_packed_postings_equal_counts_decoded_one_by_one(
    library: Library,
) -> None:
    rng = random.Random(9)
    docs = []
    for item in range(1, 80):
        docs += library.item(item, " ".join(rng.choices(WORDS, k=rng.randint(1, 300))))
    library.index.rebuild(docs)
    reader = library.index._current_searcher().reader()
    field = reader.schema["text"]
    for words in (["passport", "taken"], ["the", "the"], ["at", "the", "guard"], ["usdt"] * 3):
        btexts = [field.to_bytes(term) for w in words for term, *_ in word_terms(w)]
        candidates = set.intersection(*(term_ids(reader, "text", b) for b in btexts))
        values = {b: term_values(reader, "text", b, candidates) for b in set(btexts)}
        ordered = sorted(candidates)
        wanted = np.asarray(ordered, dtype=np.int64)
        packs = {b: packed_within(reader, "text", b, wanted) for b in set(btexts)}
        packed = dict(zip(*(a.tolist() for a in _counts(packs, btexts)),
                          strict=True))
        decoded = _phrase_counts(values, btexts, ordered, field.format.decode_positions)
        assert packed == dict(zip(*(a.tolist() for a in decoded), strict=True))
        assert packed and max(packed.values()) > 1, words  # repeated phrases are counted


def test_phrases_in_pages_past_uint16_offsets_match_and_highlight_like_short_ones(
    library: Library,
) -> None:
    """Pages over 65,535 characters keep int32 postings beside other documents' uint16 ones
    in the same blocks; phrases, counts and hit offsets come out the same either way."""
    from index.pinpoint import item_spans
    from index.query import HighlightTerms

    long_page = "passport taken " + "guard " * 12_000 + "passport taken at the compound"
    docs = []
    for item in range(1, 300):
        text = long_page if item % 7 == 0 else f"the guard at the compound {item}: passport taken"
        docs += library.item(item, text)
    library.index.rebuild(docs)
    searcher = library.index._current_searcher()
    reader = searcher.reader()
    for words in (["passport", "taken"], ["the", "compound"], ["guard", "guard"],
                  ["taken", "at", "the"]):
        stemmed = [term for w in words for term, *_ in word_terms(w)]
        ours = sorted(searcher.docs_for_query(FastPhrase("text", stemmed)))
        assert ours == sorted(searcher.docs_for_query(wq.Phrase("text", stemmed))), words
        assert ours, words
    field = reader.schema["text"]
    btexts = [field.to_bytes(term) for term, *_ in word_terms("passport taken")]
    wanted = np.asarray(sorted(set.intersection(*(term_ids(reader, "text", b) for b in btexts))))
    packs = {b: packed_within(reader, "text", b, wanted) for b in btexts}
    counts = dict(zip(*(a.tolist() for a in _counts(packs, btexts)), strict=True))
    long_docs = {d for d in wanted.tolist() if reader.stored_fields(d)["item_id"] % 7 == 0}
    assert long_docs and {counts[d] for d in long_docs} == {2}
    assert {c for d, c in counts.items() if d not in long_docs} == {1}
    docnum = min(long_docs)
    spans = item_spans(reader, [docnum], HighlightTerms(words={"passport"}))
    far = long_page.rindex("passport")
    assert (far, far + len("passport")) in spans[docnum] and far > 65_535
