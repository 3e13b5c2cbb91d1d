"""A rebuild with several writer processes finds what a one-process rebuild finds; a worker's
failure fails the rebuild with its reason and commits nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from index.parallel import IndexBuildFailed, build_segments
from index.whoosh_index import INDEX_NAME, WhooshIndex
from tests.index.conftest import Library

WORDS = ["recruiter", "passport", "compound", "ขบวนการ", "หลอกลวง", "园区", "护照", "wallet",
         "myawaddy", "guard", "usdt", "ငွေ", "လုပ်ငန်း", "transfer"]


def _library(path: Path, processes: int) -> Library:
    lib = Library(path, WhooshIndex(path / "index", processes=processes))
    rng = random.Random(12)
    docs = []
    for item in range(1, 301):
        pages = [" ".join(rng.choices(WORDS, k=rng.randint(5, 60)))
                 for _ in range(rng.randint(1, 3))]
        docs += lib.item(item, *pages, kind=rng.choice(["testimony", "news"]))
    lib.index.rebuild(docs)
    return lib


def test_a_rebuild_in_two_processes_gives_the_same_results_as_one(tmp_path: Path) -> None:
    one = _library(tmp_path / "one", processes=1)
    two = _library(tmp_path / "two", processes=2)
    searcher = two.index._current_searcher()
    assert len(list(searcher.leaf_searchers())) == 2  # a segment per process
    for query in ["passport", '"recruiter passport"', "หลอกลวง", "园区", "ငွေ", "guar*",
                  "wallet NOT usdt", "kind:news transfer"]:
        a, b = one.search(query, limit=400), two.search(query, limit=400)
        assert a.total == b.total > 0, query
        assert {h.item_id for h in a.hits} == {h.item_id for h in b.hits}, query
        assert dict(a.facets) == dict(b.facets), query
        assert sorted(h.snippet for h in a.hits) == sorted(h.snippet for h in b.hits), query
    assert not two.index.needs_rebuild()


def test_a_failing_worker_fails_the_build_with_its_reason_and_commits_nothing(
    tmp_path: Path,
) -> None:
    index = WhooshIndex(tmp_path / "index")
    storage = FileStorage(str(tmp_path / "index"))
    (tmp_path / "index").mkdir()
    ix = storage.create_index(index._schema, indexname=INDEX_NAME)
    good = [index._pages(Library(tmp_path, index).item(i, "passport taken")) for i in (1, 2)]
    with pytest.raises(IndexBuildFailed, match="IndexError"):  # an item with no pages
        build_segments(storage, INDEX_NAME, index._schema, [*good, []], procs=2, limitmb=32)
    assert ix.doc_count_all() == 0  # nothing was committed
    assert not (tmp_path / "index" / f"{INDEX_NAME}.tmp").exists()
