"""What the timeline draws, without a window: date ranges, lanes, axis ticks, the table text."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from archive.timeline import FuzzyDate, parse_when
from ui.timeline_list import tsv
from ui.timeline_model import (
    DAY,
    HOUR,
    MONTH,
    YEAR,
    EventRow,
    fuzzy_range,
    lanes,
    seconds,
    ticks,
)
from ui.timeline_view import LEVELS, TICK_PX, TimelineCanvas


def test_a_month_covers_the_whole_month_and_an_exact_time_is_a_moment() -> None:
    a, b = fuzzy_range(parse_when("March 2024"))  # type: ignore[misc]
    assert (a, b) == (seconds(datetime(2024, 3, 1)), seconds(datetime(2024, 4, 1)))
    a, b = fuzzy_range(parse_when("2024-03-12 14:30"))  # type: ignore[misc]
    assert b - a == 60 and a == seconds(datetime(2024, 3, 12, 14, 30))
    a, b = fuzzy_range(parse_when("early 2023"))  # type: ignore[misc]
    assert (a, b) == (seconds(datetime(2023, 1, 1)), seconds(datetime(2023, 5, 1)))
    a, b = fuzzy_range(parse_when("2024-02-03"), parse_when("2024-02-05"))  # type: ignore[misc]
    assert b - a == 3 * DAY
    assert fuzzy_range(FuzzyDate("", "", "day")) is None


@pytest.mark.parametrize(("level", "first_labels"), [
    ("year", ["2023", "2024", "2025"]),
    ("month", ["Jan", "Feb", "Mar"]),
    ("day", ["1", "2", "3"]),
    ("hour", ["00:00", "01:00", "02:00"]),
])
def test_each_zoom_level_labels_its_ticks_in_its_unit_far_enough_apart(
    level: str, first_labels: list[str],
) -> None:
    scale = LEVELS[level]
    t0 = seconds(datetime(2023, 1, 1))
    found = ticks(t0, t0 + 1000 / scale, scale, TICK_PX)
    assert [t.label for t in found[:3]] == first_labels
    gaps = [(b.at - a.at) * scale for a, b in itertools.pairwise(found)]
    assert min(gaps) >= TICK_PX


def test_wide_zooms_count_in_bigger_steps() -> None:
    t0 = seconds(datetime(2000, 1, 1))
    decades = ticks(t0, t0 + 60 * YEAR, 1000 / (60 * YEAR), TICK_PX)
    assert [t.label for t in decades[:2]] == ["2000", "2005"]
    quarters = ticks(t0, t0 + YEAR, 30 / MONTH, TICK_PX)
    assert [t.label for t in quarters[:3]] == ["Jan", "Apr", "Jul"]
    assert ticks(t0, t0 + DAY, 10 / HOUR, TICK_PX)[1].label == "12:00"


def _row(n: int, *, people: tuple[str, ...] = (), place: str = "",
         disputed: bool = False) -> EventRow:
    t = seconds(datetime(2024, 1, n))
    return EventRow(n, f"event {n}", t, t + DAY, f"{n} January 2024", "day",
                    (place,) if place else (), people, disputed=disputed, citations=1)


def test_an_event_of_two_people_is_in_both_their_lanes_and_the_rest_last() -> None:
    rows = [_row(1, people=("Zhao Wei", "Aye Aye")), _row(2, people=("Zhao Wei",)), _row(3)]
    found = lanes(rows, "entity")
    assert [(name, [r.id for r in events]) for name, events in found] == [
        ("Zhao Wei", [1, 2]), ("Aye Aye", [1]), ("(no person or group)", [3])]
    assert [name for name, _ in lanes(rows, "none")] == [""]


def test_the_table_copies_as_tab_separated_text_with_a_heading() -> None:
    text = tsv([_row(1, place="Mae Sot"), _row(2, disputed=True)])
    lines = text.splitlines()
    assert lines[0] == "Date\tEvent\tPlace\tWho\tSources\tDisputed"
    assert lines[1] == "1 January 2024\tevent 1\tMae Sot\t\t1\t"
    assert lines[2].endswith("\tdisputed")


def test_a_typo_dating_an_event_in_the_year_9999_still_draws_at_every_zoom(qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(900, 300)
    canvas.show()
    typo = EventRow(1, "typo", seconds(datetime(9999, 1, 1)), seconds(datetime(9999, 12, 31)),
                    "9999", "year")
    canvas.set_rows([typo, _row(2)])
    for level in LEVELS:
        canvas.set_level(level)
        canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().maximum())
        assert not canvas.viewport().grab().isNull()


def test_the_event_table_sorts_itself_and_the_selection_follows(qtbot) -> None:
    """Header clicks sort the model with a key, not through the proxy (issue 8)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from ui.timeline_list import EventFilter, EventTableModel
    from ui.timeline_model import EventRow

    def row(n: int, title: str, day: float, sources: int, disputed: bool = False) -> EventRow:
        return EventRow(id=n, title=title, earliest=day, latest=day + 1, when=f"day {day:g}",
                        precision="day", sources=sources, disputed=disputed)

    model, proxy = EventTableModel(), EventFilter()
    proxy.setSourceModel(model)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(EventTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
    model.set_rows([row(1, "raid", 30, 2), row(2, "Escape", 10, 5, disputed=True),
                    row(3, "arrival", 20, 1)])
    assert [r.id for r in proxy.shown_rows()] == [2, 3, 1]
    table.setCurrentIndex(proxy.index(0, 0))  # "Escape"
    table.sortByColumn(EventTableModel.COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert [r.title for r in proxy.shown_rows()] == ["arrival", "Escape", "raid"], "any case"
    assert table.currentIndex().data(EventTableModel.EventIdRole) == 2
    table.sortByColumn(EventTableModel.COL_SOURCES, Qt.SortOrder.DescendingOrder)
    assert [r.id for r in proxy.shown_rows()] == [2, 1, 3]
    proxy.set_disputed_only(True)
    assert [r.id for r in proxy.shown_rows()] == [2]
