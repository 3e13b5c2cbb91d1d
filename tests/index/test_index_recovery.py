"""Keeping the index trustworthy: rebuilds, damage, old schemas, failed writes, locks, odd input."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from whoosh.filedb.filestore import FileStorage

from archive.errors import ArchiveLocked, BadQuery, CasefileError
from index.schema import SCHEMA_VERSION, VERSION_FILE
from index.whoosh_index import LOCK_NAME, WhooshIndex

if TYPE_CHECKING:
    from tests.index.conftest import Library


@pytest.fixture
def built(library: Library) -> Library:
    docs = [
        *library.item(1, "Workers were recruited by agents in Mae Sot.", "Then taken to KK Park."),
        *library.item(2, "我们在缅甸的园区工作很辛苦"),
        *library.item(3, "The passports were confiscated on arrival."),
    ]
    library.index.rebuild(docs)
    return library


def segment_file(path: Path) -> Path:
    return next(path.glob("*.seg"))


def snapshot(lib: Library) -> list[tuple[int, int, tuple[int, ...]]]:
    return [
        (h.item_id, h.page, h.pages)
        for q in ("recruiting", "园区", "kk", "passport")
        for h in lib.search(q).hits
    ]


def test_a_missing_index_needs_a_rebuild_and_searches_find_nothing(library: Library) -> None:
    assert library.index.needs_rebuild()
    assert library.search("anything").hits == ()


def test_rebuild_reports_progress_and_leaves_a_current_index(library: Library) -> None:
    docs = [d for i in range(1, 121) for d in library.item(i, f"report {i}")]
    calls: list[tuple[int, int]] = []
    library.index.rebuild(docs, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (120, 120)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert not library.index.needs_rebuild()
    assert (library.path / VERSION_FILE).read_text().strip() == str(SCHEMA_VERSION)


def test_a_truncated_segment_file_means_rebuild_and_rebuild_restores_results(
    built: Library,
) -> None:
    before = snapshot(built)
    built.index.close()
    seg = segment_file(built.path)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])

    damaged = WhooshIndex(built.path)
    assert damaged.needs_rebuild()
    with pytest.raises(CasefileError, match="rebuilt"):
        damaged.search("recruited", page_text=built.page_text)

    damaged.rebuild(built.all_docs())
    assert not damaged.needs_rebuild()
    built.index = damaged
    assert snapshot(built) == before


def test_a_garbled_table_of_contents_means_rebuild(built: Library) -> None:
    built.index.close()
    toc = next(built.path.glob("_MAIN_*.toc"))
    toc.write_bytes(b"\x00garbage" * 10)
    assert WhooshIndex(built.path).needs_rebuild()


def test_an_older_schema_version_means_rebuild(built: Library) -> None:
    assert not built.index.needs_rebuild()
    (built.path / VERSION_FILE).write_text(f"{SCHEMA_VERSION - 1}\n")
    assert built.index.needs_rebuild()
    built.index.rebuild(built.all_docs())
    assert not built.index.needs_rebuild()


def test_adding_an_item_again_replaces_its_old_pages(built: Library) -> None:
    assert built.found("recruited") == [1]
    built.index.add(built.item(1, "A corrected statement about the border crossing."))
    assert built.found("recruited") == []
    (hit,) = built.search("border").hits
    assert (hit.item_id, hit.pages) == (1, (1,))
    assert built.found("园区") == [2]  # other items untouched


def test_deleted_items_are_no_longer_found(built: Library) -> None:
    built.index.delete([2, 3])
    assert built.found("园区") == []
    assert built.found("passports") == []
    assert built.search("园区 OR passports OR recruited").total == 1
    assert built.found("recruited") == [1]


def test_adding_to_a_missing_index_works_but_still_asks_for_a_rebuild(library: Library) -> None:
    library.index.add(library.item(5, "a lone testimony"))
    assert library.found("testimony") == [5]
    assert library.index.needs_rebuild()


def test_a_failing_write_is_cancelled_and_re_raised(built: Library) -> None:
    good = built.item(7, "this page must not be half-indexed")
    bad = built.item(-1, "an item id the index cannot store")
    with pytest.raises(ValueError):
        built.index.add([*good, *bad])
    assert built.found("half-indexed") == []
    assert built.found("recruited") == [1]
    assert not built.index.needs_rebuild()


def test_a_failing_rebuild_is_re_raised_and_leaves_the_index_marked_for_rebuild(
    built: Library,
) -> None:
    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt

    docs = [d for i in range(100, 200) for d in built.item(i, f"page {i}")]
    with pytest.raises(KeyboardInterrupt):
        built.index.rebuild(docs, progress=cancel)
    assert built.index.needs_rebuild()


def test_a_writer_held_elsewhere_makes_writes_wait_then_fail_politely(built: Library) -> None:
    other = FileStorage(str(built.path)).lock(LOCK_NAME)
    assert other.acquire()
    try:
        with pytest.raises(ArchiveLocked, match="another Casefile"):
            built.index.add(built.item(8, "blocked"))
    finally:
        other.release()
    built.index.add(built.item(8, "unblocked now"))
    assert built.found("unblocked") == [8]


def test_a_second_index_object_sees_commits_of_the_first(built: Library) -> None:
    reader = WhooshIndex(built.path)
    assert reader.search("园区", page_text=built.page_text).total == 1
    built.index.add(built.item(9, "另一个园区"))
    assert reader.search("园区", page_text=built.page_text).total == 2
    reader.close()


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "recruited AND",
        "OR passports",
        "NOT",
        "title:",
        "C++",
        "081-234-5678",
        "someone@example.org",
        "(recruited",
        "recruited)",
        "kind:",
        "who? what?",
        "https://example.org/a?b=c",
        "don't",
        "a:b:c",
        "[a TO",
        "recruited~x",
        "\uff2b\uff2b*",
        "*",
    ],
)
def test_odd_queries_from_people_do_not_raise(built: Library, query: str) -> None:
    result = built.search(query)
    assert result.total >= 0


@pytest.mark.parametrize("query", ["", "   ", "!!!", '""', "()", "~"])
def test_a_query_with_nothing_in_it_is_a_bad_query(built: Library, query: str) -> None:
    with pytest.raises(BadQuery, match="nothing to search"):
        built.search(query)
