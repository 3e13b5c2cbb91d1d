"""Search results as the window and the CLI show them: order, pages, facets, spans, suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from archive.errors import BadQuery

if TYPE_CHECKING:
    from tests.index.conftest import Library


@pytest.fixture
def reports(library: Library) -> Library:
    lib = library
    docs = []
    for i in range(1, 26):
        year = 2020 + i % 5
        docs += lib.item(
            i,
            f"Report {i}: survivors describe the compound and the guards.",
            f"Page two of report {i}: the compound had {i} buildings."
            + (" ผู้รอดชีวิตเล่าว่าถูกบังคับให้ทำงานในตึก" if i == 7 else ""),
            kind="news" if i % 2 else "testimony",
            cases=("KK Park",) if i <= 10 else ("Shwe Kokko",),
            tags=("verified",) if i % 3 == 0 else (),
            languages="eng+tha" if i in (7, 8) else "eng",
            date=f"{year}-0{1 + i % 9}-1{i % 9}",
        )
    docs += lib.item(30, "The recruitment agency in Mae Sot sent them across.", date="2019-05-05")
    lib.index.rebuild(docs)
    return lib


def test_facets_count_items_not_pages(reports: Library) -> None:
    result = reports.search("compound")
    assert result.total == 25
    assert result.facet("case") == {"KK Park": 10, "Shwe Kokko": 15}
    assert result.facet("kind") == {"news": 13, "testimony": 12}
    assert result.facet("tag") == {"verified": 8}
    # Languages of the text, not the OCR models that read it ("eng+tha" for item 7 and 8)
    assert result.facet("language") == {"English": 25, "Thai": 1}
    assert result.facet("year") == {str(y): 5 for y in range(2020, 2025)}
    assert [name for name, _ in result.facets] == ["case", "kind", "tag", "language", "year"]


def test_facets_follow_the_filters(reports: Library) -> None:
    result = reports.search("compound", kinds=("news",), cases=("KK Park",))
    assert result.total == 5
    assert result.facet("kind") == {"news": 5}


def test_pages_of_results_cover_every_item_once(reports: Library) -> None:
    seen: list[int] = []
    for page in (1, 2, 3):
        result = reports.search("compound", limit=10, page=page)
        assert result.total == 25 and result.pages == 3 and result.page == page
        seen += [h.item_id for h in result.hits]
    assert len(seen) == 25 and set(seen) == set(range(1, 26))
    assert reports.search("compound", limit=10, page=4).hits == ()


def test_newest_and_oldest_first(reports: Library) -> None:
    newest = reports.search("survivors OR recruitment", sort="newest", limit=30)
    dates = [h.date for h in newest.hits]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-07-16"
    assert newest.hits[-1].item_id == 30
    oldest = reports.search("survivors OR recruitment", sort="oldest", limit=30)
    assert [h.item_id for h in oldest.hits] == [h.item_id for h in reversed(newest.hits)]


def test_an_unknown_sort_is_a_bad_query(reports: Library) -> None:
    with pytest.raises(BadQuery, match="sorted by relevance, newest, oldest"):
        reports.search("compound", sort="size")


def test_a_hit_names_every_matching_page_and_the_spans_on_its_best_page(
    reports: Library,
) -> None:
    (hit,) = reports.search("buildings report 12").hits
    assert hit.item_id == 12 and hit.pages == (1, 2) and hit.page == 2
    text = reports.texts[(12, 2)]
    assert [text[s:e] for s, e in hit.spans] == ["report", "12", "12", "buildings"]
    (hit,) = reports.search("survivors report 12").hits
    assert (hit.page, hit.pages) == (1, (1, 2))


def test_words_on_different_pages_of_one_item_find_it(reports: Library) -> None:
    (hit,) = reports.search("survivors 17 buildings").hits
    assert hit.item_id == 17 and hit.pages == (1, 2)


def test_a_misspelt_word_gets_a_did_you_mean(reports: Library) -> None:
    result = reports.search("recuitment agency")
    assert result.total == 0
    assert result.suggestion == "recruit agency"
    assert reports.found(result.suggestion) == [30]
    assert reports.search("compound").suggestion == ""


def test_match_spans_mark_the_words_of_any_page(reports: Library) -> None:
    text = "Survivors were recruited; the guards of the compound"
    spans = reports.index.match_spans("recruitment compound", text)
    assert [text[s:e] for s, e in spans] == ["recruited", "compound"]


def test_facets_of_a_very_large_result_are_estimated_from_an_even_sample(
    reports: Library,
) -> None:
    from index.facets import all_matches, count_facets

    index = reports.index
    searcher = index._current_searcher()
    q = index._queries.parse("compound")
    matches = all_matches(searcher, q, index._facets)
    exact, estimated = count_facets(matches, index._facets)
    assert not estimated and dict((n, len(c)) for n, c in exact)["case"] == 2
    sampled, estimated = count_facets(matches, index._facets, sample=10)
    assert estimated
    cases = {c.value: c.count for name, counts in sampled if name == "case" for c in counts}
    assert set(cases) <= {"KK Park", "Shwe Kokko"} and sum(cases.values()) in range(20, 31)
    assert not reports.search("compound").facets_estimated
