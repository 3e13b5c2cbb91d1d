"""The query language as investigators type it: fields, tags, entities, dates, and mistakes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from archive.errors import BadQuery
from index.help import SYNTAX

if TYPE_CHECKING:
    from tests.index.conftest import Library


@pytest.fixture
def evidence(library: Library) -> Library:
    lib = library
    docs = [
        *lib.item(1, "Wallet TQ7x… received 4,000 USDT from the victim.", kind="screenshot",
                  tags=("court exhibit",), entities=("Zhao Wei", "TQ7xWallet"),
                  date="2024-03-15", captured="2024-03-15T21:04:00", collected_at="2024-05-02",
                  source="Telegram chat export"),
        *lib.item(2, "The recruiter Zhao Wei promised a job in Bangkok.", kind="testimony",
                  tags=("victim statement", "needs translation"), entities=("Zhao Wei",),
                  date="2023-01-20", collected_at="2023-02-01", source="Partner NGO"),
        *lib.item(3, "Reuters: raids on the compound near Myawaddy.", kind="news",
                  date="2022-11-03", collected_at="2024-06-30", source="Reuters",
                  title="Raid on compound"),
        *lib.item(4, "A job advert for call centre staff in Bangkok.", kind="screenshot",
                  collected_at="2024-06-01", cases=("Shwe Kokko",)),
    ]
    lib.index.rebuild(docs)
    return lib


def test_tag_and_entity_fields_match_whole_labels_in_any_case(evidence: Library) -> None:
    assert evidence.found('tag:"court exhibit"') == [1]
    assert evidence.found('tag:"Needs Translation"') == [2]
    assert sorted(evidence.found('entity:"zhao wei"')) == [1, 2]
    assert evidence.found('entity:"zhao wei" kind:screenshot') == [1]


def test_source_and_title_fields(evidence: Library) -> None:
    assert evidence.found("source:reuters") == [3]
    assert evidence.found('source:"partner ngo"') == [2]
    assert evidence.found("title:raid") == [3]


def test_a_date_range_of_months_includes_both_ends(evidence: Library) -> None:
    assert sorted(evidence.found("date:[2023-01 to 2024-06]")) == [1, 2, 4]
    assert evidence.found("date:[2023-02 to 2024-02]") == []


def test_a_year_month_or_day_is_a_range_of_days(evidence: Library) -> None:
    assert evidence.found("captured:2024") == [1]
    assert evidence.found("date:2022") == [3]
    assert evidence.found("collected:2024-06") == [3, 4] or sorted(
        evidence.found("collected:2024-06")
    ) == [3, 4]
    assert evidence.found("date:2024-03-15") == [1]


def test_open_ended_date_ranges(evidence: Library) -> None:
    assert sorted(evidence.found("date:[2024 to]")) == [1, 4]
    assert evidence.found("date:[to 2022-12]") == [3]


def test_the_question_a_person_asks_in_one_query(evidence: Library) -> None:
    # "screenshots in the KK Park case mentioning this wallet in 2024"
    query = 'kind:screenshot case:"KK Park" (wallet OR TQ7xWallet) date:2024'
    assert evidence.found(query) == [1]


def test_a_date_that_is_no_date_is_explained(evidence: Library) -> None:
    with pytest.raises(BadQuery, match=r"“2024-13” after date: is not a date"):
        evidence.search("bangkok date:2024-13")
    with pytest.raises(BadQuery, match="first date is after the last"):
        evidence.search("date:[2024 to 2023]")
    with pytest.raises(BadQuery, match="is not a date"):
        evidence.search("captured:[yesterday to 2024]")


def test_not_and_parentheses_with_fields(evidence: Library) -> None:
    assert evidence.found("bangkok NOT kind:screenshot") == [2]
    assert sorted(evidence.found("(tag:\"court exhibit\" OR source:reuters) NOT date:2022")) == [1]


def test_the_help_text_names_every_field_people_can_use() -> None:
    for field in ("case:", "kind:", "tag:", "entity:", "lang:", "source:", "title:", "date:",
                  "captured:", "collected:", '"', "OR", "NOT", "~", "*"):
        assert field in SYNTAX
