"""Dates with a precision as ranges: what people type, and which statements can both be true."""

from __future__ import annotations

import pytest

from archive.errors import CasefileError
from archive.timeline import (
    APPROXIMATE,
    DAY,
    EXACT,
    MONTH,
    YEAR,
    FuzzyDate,
    about,
    combine,
    compatible,
    conflicts,
    in_month,
    in_year,
    on_day,
    parse_when,
    part_of_year,
    sort_key,
)


@pytest.mark.parametrize(("typed", "earliest", "latest", "precision"), [
    ("2024-01-03", "2024-01-03", "2024-01-03", DAY),
    ("2024-01", "2024-01-01", "2024-01-31", MONTH),
    ("2024-02", "2024-02-01", "2024-02-29", MONTH),
    ("2023", "2023-01-01", "2023-12-31", YEAR),
    ("2024-01-03 14:30", "2024-01-03T14:30", "2024-01-03T14:30", EXACT),
    ("early 2023", "2023-01-01", "2023-04-30", APPROXIMATE),
    ("mid-2023", "2023-05-01", "2023-08-31", APPROXIMATE),
    ("late 2023", "2023-09-01", "2023-12-31", APPROXIMATE),
    ("about 2019", "2018-07-03", "2020-06-30", APPROXIMATE),
    ("~2024-03-12", "2024-03-09", "2024-03-15", APPROXIMATE),
    ("3 January 2024", "2024-01-03", "2024-01-03", DAY),
    ("January 2024", "2024-01-01", "2024-01-31", MONTH),
    ("12 มีนาคม 2567", "2024-03-12", "2024-03-12", DAY),
    ("2024年3月12日", "2024-03-12", "2024-03-12", DAY),
])
def test_dates_people_type(typed: str, earliest: str, latest: str, precision: str) -> None:
    d = parse_when(typed)
    assert (d.earliest, d.latest, d.precision, d.text) == (earliest, latest, precision, typed)


@pytest.mark.parametrize("typed", ["", "soon", "2024-13", "2024-02-30", "32 January 2024",
                                   "3 January 2024 and 4 January 2024"])
def test_what_is_not_a_date_gets_a_sentence_not_a_crash(typed: str) -> None:
    with pytest.raises(CasefileError) as e:
        parse_when(typed)
    assert "Traceback" not in str(e.value) and str(e.value).endswith(".")


def test_relative_dates_need_the_anchor() -> None:
    with pytest.raises(CasefileError):
        parse_when("yesterday")
    assert parse_when("yesterday", anchor="2024-03-14").earliest == "2024-03-13"


def test_the_issues_contradiction_rules() -> None:
    third, fourth = on_day(2024, 1, 3), on_day(2024, 1, 4)
    january = in_month(2024, 1)
    assert not compatible(third, fourth)
    assert compatible(january, third) and compatible(january, fourth)
    assert compatible(in_year(2024), january)
    assert not compatible(in_month(2023, 12), third)


def test_approximate_ranges_overlap_their_neighbours() -> None:
    early = part_of_year("early", 2023)
    assert compatible(early, on_day(2023, 4, 30))
    assert not compatible(early, on_day(2023, 5, 1))
    assert compatible(about(on_day(2024, 1, 3)), on_day(2024, 1, 5))


def test_exact_moments_compare_to_the_minute_and_to_days() -> None:
    a = parse_when("2024-01-03 14:30")
    assert compatible(a, on_day(2024, 1, 3))
    assert not compatible(a, on_day(2024, 1, 4))
    assert not compatible(a, parse_when("2024-01-03 15:00"))
    assert compatible(a, parse_when("2024-01-03T14:30"))


def test_conflicts_name_every_pair_that_disagrees_and_skip_undated() -> None:
    stated: list[tuple[int, FuzzyDate | None]] = [
        (1, on_day(2024, 1, 3)), (2, on_day(2024, 1, 4)), (3, in_month(2024, 1)), (4, None),
        (5, on_day(2024, 1, 3))]
    assert conflicts(stated) == [(1, 2), (2, 5)]
    assert conflicts([(1, in_month(2024, 1)), (2, on_day(2024, 1, 3))]) == []


def test_combine_gives_what_all_sources_allow() -> None:
    assert combine([in_month(2024, 1), on_day(2024, 1, 3)]) == on_day(2024, 1, 3)
    assert combine([on_day(2024, 1, 3), on_day(2024, 1, 4)]) is None
    both = combine([part_of_year("early", 2023), in_month(2023, 4), in_year(2023)])
    assert both is not None and (both.earliest, both.latest) == ("2023-04-01", "2023-04-30")


def test_labels_and_timeline_order() -> None:
    assert on_day(2024, 1, 3).label == "3 January 2024"
    assert in_month(2024, 1).label == "January 2024"
    assert parse_when("2024-01-03 14:30").label == "3 January 2024 14:30"
    assert part_of_year("early", 2023).label == "2023-01-01 to 2023-04-30 (approximate)"
    order = sorted([on_day(2024, 1, 3), in_month(2024, 1), None, in_year(2023)], key=sort_key)
    assert order == [in_year(2023), in_month(2024, 1), on_day(2024, 1, 3), None]
