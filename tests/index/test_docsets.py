"""Counting matches with set operations gives exactly the documents Whoosh's matchers give."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from index.docsets import doc_set

if TYPE_CHECKING:
    from tests.index.conftest import Library

WORDS = ["passport", "passports", "taken", "guard", "compound", "wallet", "usdt", "园区", "工作"]
QUERIES = [
    "passport", "passport taken", "wallet OR usdt", "compound NOT guard", "NOT guard",
    "(wallet OR usdt) AND NOT taken", "pass*", "wallat~", '"guard compound"', "园区",
    "kind:news", 'case:"KK Park" usdt', "date:[2023-01 to 2023-12]", "date:2024 OR kind:news",
    "*", "nothingatall", "tag:verified entity:\"Zhao Wei\"",
]


def test_set_counting_agrees_with_whoosh_on_every_kind_of_query(library: Library) -> None:
    rng = random.Random(11)
    docs = []
    for item in range(1, 200):
        text = " ".join(rng.choices(WORDS, k=rng.randint(2, 30)))
        docs += library.item(
            item, text, kind=rng.choice(["news", "testimony"]),
            cases=(rng.choice(["KK Park", "Shwe Kokko"]),),
            date=f"{rng.choice([2023, 2024])}-05-01",
            tags=("verified",) if item % 4 == 0 else (), entities=("Zhao Wei",) if item % 3 else (),
        )
    library.index.rebuild(docs[:120])
    library.index.add(docs[120:])  # a second segment
    library.index.delete(range(1, 200, 7))  # deleted documents in both
    searcher = library.index._current_searcher()
    assert len(searcher.leaf_searchers()) == 2
    for text in QUERIES:
        q = library.index._queries.parse(text)
        for sub, _ in searcher.leaf_searchers():
            # (Whoosh's NOT can return a deleted last document: that one is left out.)
            expected = set(q.docs(sub)) - sub.reader().deleted_docs_set
            assert doc_set(q, sub) == expected, text


def test_cached_postings_still_leave_out_items_deleted_later(library: Library) -> None:
    from index import docsets

    docs = [d for i in range(1, 41) for d in library.item(i, f"wallet number {i}")]
    library.index.rebuild(docs)
    old = docsets._PostingCache.MIN_DOCS
    docsets._PostingCache.MIN_DOCS = 1  # keep even these short postings
    try:
        assert library.search("wallet").total == 40
        assert library.search("wallet").total == 40  # the second time from the cache
        library.index.delete([3, 4])
        assert library.search("wallet").total == 38
        assert 3 not in library.found("wallet", limit=50)
    finally:
        docsets._PostingCache.MIN_DOCS = old


def test_expanded_words_are_kept_per_segment_and_new_segments_get_their_own(
    library: Library,
) -> None:
    from whoosh import query as wq

    docs = [d for i in range(1, 31) for d in library.item(i, f"wallet {i} wallets walled")]
    library.index.rebuild(docs)
    assert sorted(library.found("wallat~", limit=50)) == list(range(1, 31))
    assert sorted(library.found("walle*", limit=50)) == list(range(1, 31))
    # A later segment holds words the first one never had; they are found at once.
    library.index.add(library.item(31, "wallot mentioned once") + library.item(32, "wallex"))
    assert 31 in library.found("wallat~", limit=50)
    assert 32 in library.found("walle*", limit=50)
    # Each segment's kept expansion equals what Whoosh's own queries expand to there.
    searcher = library.index._current_searcher()
    q = library.index._queries.parse("wallat~ OR walle*")
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        for leaf in (c for c in q.leaves() if isinstance(c, wq.MultiTerm)):
            plain = wq.FuzzyTerm(leaf.fieldname, leaf.text, maxdist=leaf.maxdist,
                                 prefixlength=leaf.prefixlength) if isinstance(
                leaf, wq.FuzzyTerm) else wq.Prefix(leaf.fieldname, leaf.text)
            assert set(leaf._btexts(reader)) == set(plain._btexts(reader))
            assert set(leaf._btexts(reader)) == set(plain._btexts(reader))  # now from the cache
