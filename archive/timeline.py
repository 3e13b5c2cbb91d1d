"""Dates with a precision as ranges (earliest..latest): building, reading and comparing them.

Pure functions, no database: a date "as a source states it" ("January 2024", "early 2023",
"3 January 2024 14:30") becomes a ``FuzzyDate`` whose range holds every day it could mean. Two
statements are compatible when their ranges overlap; an event whose citations state
incompatible dates is disputed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from archive.errors import CasefileError

# Precision words, as stored and shown.
EXACT = "exact"  # a moment: date and time of day
DAY = "day"
MONTH = "month"
YEAR = "year"
APPROXIMATE = "approximate"  # "early 2023", "around March 2024", "about 2019"
PRECISIONS = (EXACT, DAY, MONTH, YEAR, APPROXIMATE)

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

# Parts of a year and of a month ("early 2023", "late March 2024"): month/day ranges.
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# How far "about"/"around" widens a date of each precision, in days either side.
ABOUT_DAYS = {DAY: 3, MONTH: 15, YEAR: 182}


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as stated, with the range of days it can mean.

    ``earliest`` and ``latest`` are ISO dates (YYYY-MM-DD); for EXACT they are date-times
    (YYYY-MM-DDTHH:MM) and equal. ``text`` is the date as written by the source or the user.
    """

    earliest: str
    latest: str
    precision: str
    text: str = ""

    @property
    def label(self) -> str:
        """A readable form: "3 January 2024", "January 2024", "2024", "2023-01-01 to 2023-04-30
        (approximate)", "3 January 2024 14:30"."""
        return describe(self)

    def overlaps(self, other: FuzzyDate) -> bool:
        return compatible(self, other)


# --- building -----------------------------------------------------------------------------
def _iso(d: date) -> str:
    return d.isoformat()


def _checked(year: int, month: int = 1, day: int = 1) -> date:
    try:
        return date(year, month, day)
    except ValueError as e:
        raise CasefileError(
            f"{year:04d}-{month:02d}-{day:02d} is not a date on the calendar.") from e


def on_day(year: int, month: int, day: int, text: str = "") -> FuzzyDate:
    d = _checked(year, month, day)
    return FuzzyDate(_iso(d), _iso(d), DAY, text)


def at_time(year: int, month: int, day: int, hour: int, minute: int, text: str = "") -> FuzzyDate:
    d = _checked(year, month, day)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CasefileError(f"{hour:02d}:{minute:02d} is not a time of day.")
    moment = f"{_iso(d)}T{hour:02d}:{minute:02d}"
    return FuzzyDate(moment, moment, EXACT, text)


def in_month(year: int, month: int, text: str = "") -> FuzzyDate:
    first = _checked(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    return FuzzyDate(_iso(first), _iso(last), MONTH, text)


def in_year(year: int, text: str = "") -> FuzzyDate:
    _checked(year)
    return FuzzyDate(f"{year:04d}-01-01", f"{year:04d}-12-31", YEAR, text)


def part_of_year(part: str, year: int, text: str = "") -> FuzzyDate:
    """"early 2023" = January-April, "mid 2023" = May-August, "late 2023" = September-December."""
    lo, hi = YEAR_PARTS[part]
    first = _checked(year, lo, 1)
    last = date(year, hi, calendar.monthrange(year, hi)[1])
    return FuzzyDate(_iso(first), _iso(last), APPROXIMATE, text)


def part_of_month(part: str, year: int, month: int, text: str = "") -> FuzzyDate:
    """"early March" = 1-10, "mid March" = 11-20, "late March" = 21 to the month's end."""
    lo, hi = MONTH_PARTS[part]
    hi = min(hi, calendar.monthrange(year, month)[1])
    return FuzzyDate(_iso(_checked(year, month, lo)), _iso(date(year, month, hi)),
                     APPROXIMATE, text)


def about(d: FuzzyDate, text: str = "") -> FuzzyDate:
    """"around 3 March 2024", "about 2019": the range widened by a margin fitting its precision."""
    margin = timedelta(days=ABOUT_DAYS.get(d.precision, 3))
    lo = date.fromisoformat(d.earliest[:10]) - margin
    hi = date.fromisoformat(d.latest[:10]) + margin
    return FuzzyDate(_iso(lo), _iso(hi), APPROXIMATE, text or d.text)


def between(a: FuzzyDate, b: FuzzyDate, text: str = "") -> FuzzyDate:
    """From the start of ``a`` to the end of ``b`` ("between March and May 2024")."""
    lo, hi = min(a.earliest[:10], b.earliest[:10]), max(a.latest[:10], b.latest[:10])
    return FuzzyDate(lo, hi, APPROXIMATE, text)


def stored(earliest: str, latest: str, precision: str, text: str = "") -> FuzzyDate | None:
    """A FuzzyDate from its database columns (None when there is none)."""
    if not earliest:
        return None
    return FuzzyDate(earliest, latest or earliest, precision or DAY, text)


# --- comparing ----------------------------------------------------------------------------
def compatible(a: FuzzyDate, b: FuzzyDate) -> bool:
    """Can both statements be true? Their ranges overlap. Two exact moments must be the same
    minute; anything else is compared by day."""
    if a.precision == EXACT and b.precision == EXACT:
        return a.earliest == b.earliest
    return a.earliest[:10] <= b.latest[:10] and b.earliest[:10] <= a.latest[:10]


def conflicts(stated: Sequence[tuple[int, FuzzyDate | None]]) -> list[tuple[int, int]]:
    """Pairs of ids (first < second) whose stated dates cannot both be true. Ids without a
    stated date take no part."""
    dated = sorted((i, d) for i, d in stated if d is not None)
    out: list[tuple[int, int]] = []
    for n, (i, a) in enumerate(dated):
        for j, b in dated[n + 1:]:
            if not compatible(a, b):
                out.append((i, j))
    return out


def sort_key(d: FuzzyDate | None) -> tuple[str, str]:
    """Order on a timeline: by earliest day, the narrower first; undated last."""
    if d is None:
        return ("9999-99-99", "")
    return (d.earliest, d.latest)


def span_days(d: FuzzyDate) -> int:
    return (date.fromisoformat(d.latest[:10]) - date.fromisoformat(d.earliest[:10])).days + 1


# --- showing ------------------------------------------------------------------------------
def describe(d: FuzzyDate) -> str:
    if d.precision == EXACT:
        day = date.fromisoformat(d.earliest[:10])
        return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year} {d.earliest[11:16]}"
    first = date.fromisoformat(d.earliest[:10])
    if d.precision == DAY:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} {first.year}"
    if d.precision == MONTH:
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    if d.precision == YEAR:
        return str(first.year)
    return f"{d.earliest[:10]} to {d.latest[:10]} (approximate)"


# --- reading what people type -------------------------------------------------------------
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2})?)?)?)?$")
_PART = re.compile(r"^(early|mid|middle of|late)[\s-]+(\d{4})$", re.I)
_ABOUT = re.compile(r"^(?:about|around|approx\.?|approximately|circa|c\.|ca\.|~)\s*(.+)$", re.I)


def parse_when(text: str, *, anchor: str = "") -> FuzzyDate:
    """A date a person typed: 2024-03-12, 2024-03, 2024, 2024-03-12 14:30, "early 2023",
    "about 2019", or any date ``archive.datefind`` reads ("3 January 2024", "12 มีนาคม 2567",
    "2024年3月12日"). ``anchor`` (ISO) settles relative phrasings. CasefileError otherwise."""
    raw = " ".join(text.split())
    if not raw:
        raise CasefileError("Give a date, for example 2024-03-12, 2024-03, 2024 or “early 2023”.")
    m = _ISO.match(raw)
    if m:
        y, mo, d, hh, mm = (int(g) if g else None for g in m.groups())
        assert y is not None
        if hh is not None and mo and d:
            return at_time(y, mo, d, hh, mm or 0, raw)
        if d is not None and mo:
            return on_day(y, mo, d, raw)
        if mo is not None:
            if not 1 <= mo <= 12:
                raise CasefileError(f"“{raw}”: there is no month {mo}.")
            return in_month(y, mo, raw)
        return in_year(y, raw)
    m = _PART.match(raw)
    if m:
        part = m.group(1).lower()
        return part_of_year("mid" if part.startswith("mid") else part, int(m.group(2)), raw)
    m = _ABOUT.match(raw)
    if m:
        return about(parse_when(m.group(1), anchor=anchor), raw)
    from archive.datefind import find_dates

    found = find_dates(raw, anchor=anchor)
    if len(found) == 1 and len(found[0].text) >= len(raw.strip(" .,")) - 2:
        return found[0].date
    raise CasefileError(
        f"“{raw}” is not a date Casefile understands: write it as 2024-03-12, 2024-03, 2024,"
        " “3 March 2024”, “early 2023” or “about 2019”.")


def combine(dates: Iterable[FuzzyDate]) -> FuzzyDate | None:
    """The narrowest range all of ``dates`` allow (their intersection), or None if they
    do not all overlap."""
    lo, hi, best = "", "", None
    for d in dates:
        lo = max(lo, d.earliest[:10]) if lo else d.earliest[:10]
        hi = min(hi, d.latest[:10]) if hi else d.latest[:10]
        if best is None or span_days(d) < span_days(best):
            best = d
    if best is None or lo > hi:
        return None
    return best if (best.earliest[:10], best.latest[:10]) == (lo, hi) else FuzzyDate(
        lo, hi, APPROXIMATE)
