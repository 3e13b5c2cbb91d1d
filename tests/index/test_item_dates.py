"""Every date of an item is searchable and sortable: created, sent, captured, published,
collected, ingested."""

from __future__ import annotations

import pytest

from archive.errors import BadQuery
from tests.index.conftest import Library


@pytest.fixture
def dated(library: Library) -> Library:
    docs = [
        *library.item(1, "An e-mail offering a job in Thailand.", kind="email",
                      sent="2024-01-02T09:00:00+07:00", date="2024-01-02",
                      collected_at="2024-05-01"),
        *library.item(2, "A news article about the raid on the compound.", kind="news",
                      published="2023-11-20", date="2023-11-20", collected_at="2024-02-10"),
        *library.item(3, "A contract for a job in Thailand, written in Bangkok.",
                      kind="document", created="2022-06-30T10:00:00", date="2022-06-30",
                      collected_at="2024-03-15"),
        *library.item(4, "A screenshot of a job advert in Thailand.", kind="screenshot",
                      captured="2024-02-14T21:04:00", date="2024-02-14",
                      collected_at="2024-01-20"),
    ]
    library.index.add(docs)
    return library


def test_each_kind_of_date_is_its_own_filter(dated: Library) -> None:
    assert dated.found("sent:2024-01") == [1]
    assert dated.found("published:2023") == [2]
    assert dated.found("created:[2022-01 to 2022-12]") == [3]
    assert dated.found("taken:2024-02-14") == [4]
    assert dated.found("captured:2024") == [4]  # an e-mail's sending is not a capture
    assert dated.found("sent:2023") == []
    assert sorted(dated.found("job collected:[2024-01 to 2024-03]")) == [3, 4]


def test_results_sort_by_the_date_asked_for(dated: Library) -> None:
    by_collected = dated.search("job OR raid", sort="oldest", sort_by="collected")
    assert [h.item_id for h in by_collected.hits] == [4, 2, 3, 1]
    assert [h.date for h in by_collected.hits] == [
        "2024-01-20", "2024-02-10", "2024-03-15", "2024-05-01"]
    # Items without that date come last, whichever way.
    newest_sent = dated.search("job OR raid", sort="newest", sort_by="sent")
    assert newest_sent.hits[0].item_id == 1
    assert [h.date for h in newest_sent.hits][1:] == ["", "", ""]
    oldest_sent = dated.search("job OR raid", sort="oldest", sort_by="sent")
    assert oldest_sent.hits[0].item_id == 1
    # The default is the date the item bears.
    assert dated.found("job OR raid", sort="newest") == [4, 1, 2, 3]


def test_an_unknown_date_to_sort_by_is_a_bad_query(dated: Library) -> None:
    with pytest.raises(BadQuery, match="sorted by these dates"):
        dated.search("job", sort="newest", sort_by="birthday")
