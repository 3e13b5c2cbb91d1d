"""A reprinted article is a near-duplicate of the original; collapsing leaves reprints out."""

from __future__ import annotations

from index.neardup import signature, similarity
from tests.index.conftest import Library

ARTICLE = (
    "Thai police said on Tuesday that 260 people, most of them from Indonesia and the "
    "Philippines, had been handed over at the Mae Sot border crossing after they were freed "
    "from a scam compound near Myawaddy. The victims told officers they had answered job "
    "adverts on Facebook promising work in customer service with a monthly salary of 30,000 "
    "baht. Instead they were driven across the Moei river, their passports were taken and "
    "they were forced to run online investment frauds for up to sixteen hours a day. Those "
    "who failed to meet their targets were beaten or sold to other compounds, they said."
)
OTHER = (
    "A court in Bangkok sentenced two recruiters to twelve years in prison for trafficking "
    "Thai workers to a casino in Cambodia, where the workers were held in debt bondage and "
    "made to send messages to strangers on dating apps. The judges heard that the "
    "recruiters had taken a fee from every worker and kept their identity cards."
)


def _reprint(text: str) -> str:
    return (text.replace("Tuesday", "Wednesday").replace("260", "261")
            .replace("they said", "the report said") + " (Reprinted with permission.)")


def test_a_reprint_is_similar_and_another_story_is_not() -> None:
    original, reprint, other = signature(ARTICLE), signature(_reprint(ARTICLE)), signature(OTHER)
    assert original and reprint and other
    assert similarity(original, reprint) >= 0.75
    assert similarity(original, other) < 0.3
    assert signature("Transfer the USDT now.") is None  # too short to judge


def test_traditional_and_simplified_copies_of_a_text_are_near_duplicates() -> None:
    simplified = "他们说护照被没收了。每天工作十六个小时。完不成业绩就会被打。还要还债务。" * 6
    traditional = "他們說護照被沒收了。每天工作十六個小時。完不成業績就會被打。還要還債務。" * 6
    assert similarity(signature(simplified) or b"", signature(traditional) or b"") == 1.0


def test_hits_list_their_near_duplicates_and_collapsing_leaves_them_out(
    library: Library,
) -> None:
    docs = library.item(1, ARTICLE, title="Bangkok Post")
    docs += library.item(2, _reprint(ARTICLE), title="The Nation")
    docs += library.item(3, "Page one.", _reprint(ARTICLE).upper(), title="Khaosod")
    docs += library.item(4, OTHER + " Mae Sot border crossing.", title="Court report")
    library.index.rebuild(docs)

    result = library.search('"Mae Sot"')
    assert result.total == 4
    near = {h.item_id: set(h.near_duplicates) for h in result.hits}
    assert near == {1: {2, 3}, 2: {1, 3}, 3: {1, 2}, 4: set()}

    collapsed = library.search('"Mae Sot"', collapse=True)
    assert collapsed.total == 4  # every match is still counted
    assert len(collapsed.hits) == 2
    (first, court) = sorted(collapsed.hits, key=lambda h: h.item_id)
    assert first.item_id in (1, 2, 3) and set(first.near_duplicates) == {1, 2, 3} - {
        first.item_id}
    assert court.item_id == 4

    library.index.delete([2])
    after = library.search('"Mae Sot"')
    assert {h.item_id: set(h.near_duplicates) for h in after.hits}[1] == {3}


def test_a_reprint_indexed_later_in_its_own_segment_is_found_both_ways(
    library: Library,
) -> None:
    library.index.rebuild(library.item(1, ARTICLE) + library.item(4, OTHER + " Mae Sot."))
    assert {h.item_id: h.near_duplicates for h in library.search('"Mae Sot"').hits} == {
        1: (), 4: ()}
    library.index.add(library.item(2, _reprint(ARTICLE)))  # a second segment
    assert len(library.index._current_searcher().leaf_searchers()) == 2
    near = {h.item_id: h.near_duplicates for h in library.search('"Mae Sot"').hits}
    assert near == {1: (2,), 2: (1,), 4: ()}
    library.index.delete([1])
    assert {h.item_id: h.near_duplicates for h in library.search('"Mae Sot"').hits} == {
        2: (), 4: ()}
