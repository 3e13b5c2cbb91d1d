"""Ranking only the known matches, without their filters and NOT clauses, gives Whoosh's order."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

import index.ranking
from index.facets import all_matches
from index.ranking import scoring_part, top_scored
from tests.index.conftest import Library

WORDS = ["recruiter", "passport", "compound", "wallet", "guard", "usdt", "transfer", "debt",
         "ransom", "ขบวนการ", "园区"]

QUERIES = [
    "passport", "passport NOT wallet", "passport kind:news", "wallet guard",
    "(usdt OR debt) AND transfer", "passport date:[2023-01 to 2023-12]",
    '"passport wallet" NOT guard', "ransom OR ขบวนการ", "guar* NOT debt",
    "zhaowei passport", "zhaowei (recruiter OR compound)",
]


@pytest.fixture
def ranked(library: Library) -> Library:
    rng = random.Random(3)
    docs = []
    for item in range(1, 400):
        words = rng.choices(WORDS, weights=range(len(WORDS), 0, -1), k=rng.randint(3, 200))
        if item % 37 == 0:  # a rare name beside common words: few matches of a long posting
            words.append("zhaowei")
        docs += library.item(item, " ".join(words), kind=rng.choice(["news", "testimony"]),
                             date=f"{rng.randint(2021, 2025)}-0{rng.randint(1, 9)}-1{item % 9}")
    library.index.rebuild(docs[:300])
    library.index.add(docs[300:])  # a second segment: scores use the whole index's statistics
    library.index.delete([5, 77, 301])
    return library


@pytest.mark.parametrize(("score_each", "vector_from"), [(10_000, 10**9), (0, 10**9), (0, 0)],
                         ids=["one by one", "allow-list", "all at once"])
def test_the_best_matches_come_in_the_order_whoosh_gives_them(
    ranked: Library, monkeypatch: pytest.MonkeyPatch, score_each: int, vector_from: int
) -> None:
    monkeypatch.setattr(index.ranking, "SCORE_EACH", score_each)
    monkeypatch.setattr(index.ranking, "VECTOR_FROM", vector_from)
    searcher = ranked.index._current_searcher()
    for text in QUERIES:
        q = ranked.index._queries.parse(text)
        matches = all_matches(searcher, q, ranked.index._facets)
        assert matches.total, text
        ours = top_scored(searcher, q, matches, 30)
        # Every match scored by Whoosh (its own top-N collector can miss the best ones of an
        # AND of ORs: checked, it ranks the 6th best first here), best first, ties by number.
        everything = searcher.search(q, limit=None).items()
        theirs = sorted(everything, key=lambda e: (-e[1], e[0]))[:30]
        assert [d for d, _ in ours] == [d for d, _ in theirs], text
        # The same scores, but for a constant that the dropped filters and NOTs add to each.
        shift = theirs[0][1] - ours[0][1]
        assert [s + shift for _, s in ours] == pytest.approx([s for _, s in theirs]), text


def test_filters_and_not_clauses_do_not_rank() -> None:
    word, other = wq.Term("text", "passport"), wq.Term("text", "wallet")
    assert scoring_part(wq.AndNot(word, other)) == word
    assert scoring_part(wq.And([word, wq.Term("kind", "news")])) == word
    assert scoring_part(wq.And([wq.Term("kind", "news"), wq.Term("cases", "kk park")])) is None
    assert scoring_part(wq.Or([word, other])) == wq.Or([word, other])
