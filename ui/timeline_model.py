"""What the timeline draws, without Qt: event rows with their time range, lanes, axis ticks.

The timeline widgets depend on these small values only; ``rows_from_events`` adapts the
archive's events to them, so the drawing does not follow every change of the archive layer.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1)
HOUR = 3600.0
DAY = 24 * HOUR
YEAR = 365.2425 * DAY
MONTH = YEAR / 12

YEAR_P, MONTH_P, DAY_P, HOUR_P, MINUTE_P = "year", "month", "day", "hour", "minute"
EXACT = "exact"  # the archive's precision of a date with its time of day
APPROXIMATE = "approximate"
_PRECISION_ORDER = (YEAR_P, MONTH_P, DAY_P, HOUR_P, MINUTE_P)

LANES_NONE, LANES_ENTITY, LANES_PLACE = "none", "entity", "place"
NO_ENTITY, NO_PLACE = "(no person or group)", "(no place)"

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2})(?::(\d{2}))?(?::\d{2})?"
                  r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def seconds(when: datetime) -> float:
    """A naive datetime as seconds since 1970 (negative before)."""
    return (when - EPOCH).total_seconds()


def moment(secs: float) -> datetime:
    return EPOCH + timedelta(seconds=secs)


def parse_partial(text: str) -> tuple[datetime, str] | None:
    """'2024' / '2024-03' / '2024-03-12' / '2024-03-12T14:30' -> (first moment, precision)."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    year, month, day, hour, minute = m.groups()
    try:
        when = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                        int(minute or 0))
    except ValueError:
        return None
    precision = (MINUTE_P if minute else HOUR_P if hour else DAY_P if day
                 else MONTH_P if month else YEAR_P)
    return when, precision


def end_of(when: datetime, precision: str) -> datetime:
    """The first moment after the unit ``when`` starts (2024-03 -> 2024-04-01)."""
    if precision == YEAR_P:
        return when.replace(year=when.year + 1)
    if precision == MONTH_P:
        return (when.replace(year=when.year + 1, month=1) if when.month == 12
                else when.replace(month=when.month + 1))
    step = {DAY_P: timedelta(days=1), HOUR_P: timedelta(hours=1)}.get(precision,
                                                                        timedelta(minutes=1))
    return when + step


@dataclass(frozen=True, slots=True)
class CitationRow:
    """One source of an event: where in which item, the quote, and the date as it states it."""

    id: int
    item_id: int
    item_title: str
    page: int
    start: int | None  # character span of the quote in the page text, when known
    end: int | None
    quote: str
    stated_date: str = ""  # the date as this source states it, readable
    disputed: bool = False  # its date disagrees with another source's
    note: str = ""


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    title: str
    earliest: float  # seconds since 1970 (naive UTC): where the event may start
    latest: float  # where it may end (exclusive)
    when: str  # the date as shown: '12 Mar 2024', 'c. 2023', 'Mar to Jun 2024'
    precision: str  # year / month / day / hour / minute / approximate
    places: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()  # display names (pseudonyms for protected people)
    who: tuple[str, ...] = ()  # "name (role)" of each linked entity
    disputed: bool = False
    dispute: str = ""  # why: which sources disagree
    citations: int = 0
    sources: int = 0  # distinct items cited
    description: str = ""

    @property
    def uncertain(self) -> bool:
        """Dated to a range (a month, a year, 'between', 'about') rather than a moment."""
        return self.precision in (YEAR_P, MONTH_P, APPROXIMATE, "range") or \
            self.latest - self.earliest > DAY

    def lanes(self, by: str) -> tuple[str, ...]:
        if by == LANES_ENTITY:
            return self.entities or (NO_ENTITY,)
        if by == LANES_PLACE:
            return self.places or (NO_PLACE,)
        return ("",)


def lanes(rows: Sequence[EventRow], by: str) -> list[tuple[str, list[EventRow]]]:
    """The lanes and their events: one lane for everything, or one per entity or place
    (an event of two people is in both lanes); busiest lanes first, the 'none' lane last."""
    found: dict[str, list[EventRow]] = {}
    for row in sorted(rows, key=lambda r: (r.earliest, r.id)):
        for lane in row.lanes(by):
            found.setdefault(lane, []).append(row)
    rest = (NO_ENTITY, NO_PLACE)
    return sorted(found.items(), key=lambda kv: (kv[0] in rest, -len(kv[1]), kv[0].casefold()))


# --- the axis ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Tick:
    at: float  # seconds
    label: str
    major: bool  # a year (or month, day) boundary above the finer ticks


# (unit, step, typical length in seconds) from fine to coarse
_STEPS = ((HOUR_P, 1, HOUR), (HOUR_P, 3, 3 * HOUR), (HOUR_P, 6, 6 * HOUR),
          (HOUR_P, 12, 12 * HOUR), (DAY_P, 1, DAY), (DAY_P, 2, 2 * DAY), (DAY_P, 7, 7 * DAY),
          (MONTH_P, 1, MONTH), (MONTH_P, 3, 3 * MONTH), (MONTH_P, 6, 6 * MONTH),
          (YEAR_P, 1, YEAR), (YEAR_P, 2, 2 * YEAR), (YEAR_P, 5, 5 * YEAR),
          (YEAR_P, 10, 10 * YEAR), (YEAR_P, 25, 25 * YEAR), (YEAR_P, 50, 50 * YEAR),
          (YEAR_P, 100, 100 * YEAR))


def tick_step(px_per_second: float, min_px: float) -> tuple[str, int]:
    """The finest (unit, step) whose ticks are at least ``min_px`` apart."""
    for unit, step, length in _STEPS:
        if length * px_per_second >= min_px:
            return unit, step
    return _STEPS[-1][0], _STEPS[-1][1]


def ticks(t0: float, t1: float, px_per_second: float, min_px: float = 70.0) -> list[Tick]:
    """Ticks between t0 and t1 spaced at least ``min_px`` apart, labelled for their unit;
    ``major`` marks the ticks where the coarser unit changes (a new year, month, day)."""
    unit, step = tick_step(px_per_second, min_px)
    start, end = moment(clamp(t0)), moment(clamp(t1))
    out: list[Tick] = []
    when = _floor(start, unit, step)
    while when <= end and len(out) < 5000:
        out.append(Tick(seconds(when), _tick_label(when, unit), _is_major(when, unit)))
        try:
            when = _advance(when, unit, step)
        except (ValueError, OverflowError):  # past the year 9999
            break
    return out


FIRST, LAST = seconds(datetime(1, 1, 2)), seconds(datetime(9998, 12, 31))


def clamp(t: float) -> float:
    """A moment kept inside the years datetime can hold (a typo can date an event 9999)."""
    return min(max(t, FIRST), LAST)


def _floor(when: datetime, unit: str, step: int) -> datetime:
    if unit == YEAR_P:
        return datetime(max(1, when.year - when.year % step), 1, 1)
    if unit == MONTH_P:
        m = (when.month - 1) - (when.month - 1) % step
        return datetime(when.year, m + 1, 1)
    if unit == DAY_P:
        base = datetime(when.year, when.month, when.day)
        if step == 7:  # weeks start on Monday
            return base - timedelta(days=base.weekday())
        return base
    return datetime(when.year, when.month, when.day, when.hour - when.hour % step)


def _advance(when: datetime, unit: str, step: int) -> datetime:
    if unit == YEAR_P:
        return when.replace(year=when.year + step)
    if unit == MONTH_P:
        total = when.month - 1 + step
        return datetime(when.year + total // 12, total % 12 + 1, 1)
    if unit == DAY_P:
        nxt = when + timedelta(days=step)
        if step == 2 and nxt.month != when.month:  # restart on the 1st of each month
            return datetime(nxt.year, nxt.month, 1)
        return nxt
    return when + timedelta(hours=step)


def _tick_label(when: datetime, unit: str) -> str:
    if unit == YEAR_P:
        return f"{when.year}"
    if unit == MONTH_P:
        return f"{_MONTHS[when.month - 1]}"
    if unit == DAY_P:
        return f"{when.day}"
    return f"{when:%H}:00"


def _is_major(when: datetime, unit: str) -> bool:
    if unit == YEAR_P:
        return True
    if unit == MONTH_P:
        return when.month == 1
    if unit == DAY_P:
        return when.day == 1
    return when.hour == 0


def context_label(when: datetime, unit: str) -> str:
    """The coarser unit shown above finer ticks: the year over months, 'Mar 2024' over days."""
    if unit == MONTH_P:
        return f"{when.year}"
    if unit == DAY_P:
        return f"{_MONTHS[when.month - 1]} {when.year}"
    if unit == HOUR_P:
        return f"{calendar.day_abbr[when.weekday()]} {when.day} {_MONTHS[when.month - 1]}" \
               f" {when.year}"
    return ""


def context_floor(when: datetime, unit: str) -> datetime:
    """Where the context label's unit starts."""
    if unit == MONTH_P:
        return datetime(when.year, 1, 1)
    if unit == DAY_P:
        return datetime(when.year, when.month, 1)
    return datetime(when.year, when.month, when.day)


def context_next(when: datetime, unit: str) -> datetime:
    if unit == MONTH_P:
        return datetime(when.year + 1, 1, 1)
    if unit == DAY_P:
        return end_of(when, MONTH_P)
    return when + timedelta(days=1)


# --- from the archive -----------------------------------------------------------------------
def _get(obj: Any, name: str, default: Any = None) -> Any:
    value = getattr(obj, name, None)
    return default if value is None else value


def fuzzy_range(first: Any, last: Any = None) -> tuple[float, float] | None:
    """(earliest, latest) in seconds of an archive date range (``FuzzyDate``: ISO
    ``earliest``/``latest``, the latest day included) from ``first`` to ``last``."""
    a = parse_partial(str(_get(first, "earliest", "")))
    b = parse_partial(str(_get(last if last is not None else first, "latest", "")))
    if a is None or b is None:
        return None
    latest = end_of(b[0], b[1]) if b[1] in (YEAR_P, MONTH_P, DAY_P) else b[0]
    if latest <= a[0]:  # a moment: drawn as a point
        latest = a[0] + timedelta(minutes=1)
    return seconds(a[0]), seconds(latest)


def date_text(d: Any) -> str:
    """A FuzzyDate as read: its label ('3 January 2024', 'March 2024'), or, for approximate
    dates, the words it was given in ('early 2023') when there are some."""
    text, label = str(_get(d, "text", "")), str(_get(d, "label", ""))
    if _get(d, "precision", "") == APPROXIMATE and text:
        return text
    return label or text


def row_from_event(event: Any) -> EventRow | None:
    """An archive ``Event`` as a timeline row (None when it has no date the axis can place)."""
    start, end = _get(event, "start"), _get(event, "end")
    span = fuzzy_range(start, end) if start is not None else None
    if span is None:
        log.debug("event %s has no date to draw", _get(event, "id"))
        return None
    when = date_text(start)
    if end is not None and date_text(end) != when:
        when = f"{when} \u2013 {date_text(end)}"
    precision = str(_get(start, "precision", ""))
    if end is not None and _get(end, "latest", "") != _get(start, "latest", ""):
        precision = APPROXIMATE if precision == APPROXIMATE else "range"
    place = str(_get(event, "place", ""))
    people = tuple(_get(event, "entities", ()))
    citations = tuple(_get(event, "citations", ()))
    disagree = [c for c in citations if _get(c, "disputed", False)]
    dispute = "; ".join(dict.fromkeys(
        f"{_get(c, 'item_title', '') or 'item ' + str(_get(c, 'item_id', ''))} says "
        f"{date_text(_get(c, 'stated'))}" for c in disagree if _get(c, "stated") is not None))
    return EventRow(
        id=int(_get(event, "id", 0)), title=str(_get(event, "title", "")),
        earliest=span[0], latest=span[1], when=when, precision=precision,
        places=(place,) if place else (),
        entities=tuple(dict.fromkeys(str(_get(p, "name", "")) for p in people)),
        who=tuple(f"{_get(p, 'name', '')} ({_get(p, 'role', '')})" for p in people),
        disputed=bool(_get(event, "disputed", False)), dispute=dispute,
        citations=len(citations), sources=int(_get(event, "sources", 0)),
        description=str(_get(event, "description", "")))


def rows_from_events(events: Iterable[Any]) -> list[EventRow]:
    rows = [r for r in (row_from_event(e) for e in events) if r is not None]
    return sorted(rows, key=lambda r: (r.earliest, r.latest, r.id))


def citation_row(c: Any) -> CitationRow:
    stated = _get(c, "stated")
    return CitationRow(
        id=int(_get(c, "id", 0)), item_id=int(_get(c, "item_id", 0)),
        item_title=str(_get(c, "item_title", "")) or f"Item {_get(c, 'item_id', '')}",
        page=int(_get(c, "page", 1)), start=_get(c, "start"), end=_get(c, "end"),
        quote=str(_get(c, "quote", "")),
        stated_date=date_text(stated) if stated is not None else "",
        disputed=bool(_get(c, "disputed", False)), note=str(_get(c, "note", "")))
