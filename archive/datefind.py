"""Dates in text, found and normalised: English, Thai (Buddhist-era years), Burmese and Chinese
forms, and relative phrasings ("yesterday", "last Tuesday", "3 days ago", เมื่อวาน, 昨天)
anchored to the item's own date. Pure Python; spans are offsets in the text as given."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TypeVar

from archive.errors import CasefileError
from archive.event_models import FoundDate
from archive.timeline import (
    APPROXIMATE,
    FuzzyDate,
    about,
    at_time,
    in_month,
    in_year,
    on_day,
    part_of_month,
    part_of_year,
)

T = TypeVar("T")

MIN_YEAR, MAX_YEAR = 1900, 2100
BE_OFFSET = 543  # Thai Buddhist era: 2567 BE is 2024 CE

# Digits of other scripts -> ASCII, one character for one (spans stay where they were).
_DIGITS = str.maketrans({
    **{chr(0x0E50 + i): str(i) for i in range(10)},  # Thai digits
    **{chr(0x1040 + i): str(i) for i in range(10)},  # Burmese digits
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits
    "\u00ad": " ",  # a soft hyphen between words ("06\u00adMarch\u00ad2020") is a space
})

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# Month words that are also ordinary English words: only taken when capitalised.
_EN_AMBIGUOUS = {"may", "march", "mar"}
_TH_MONTHS = {
    "มกราคม": 1, "ม.ค.": 1, "กุมภาพันธ์": 2, "ก.พ.": 2, "มีนาคม": 3, "มี.ค.": 3,
    "เมษายน": 4, "เม.ย.": 4, "พฤษภาคม": 5, "พ.ค.": 5, "มิถุนายน": 6, "มิ.ย.": 6,
    "กรกฎาคม": 7, "ก.ค.": 7, "สิงหาคม": 8, "ส.ค.": 8, "กันยายน": 9, "ก.ย.": 9,
    "ตุลาคม": 10, "ต.ค.": 10, "พฤศจิกายน": 11, "พ.ย.": 11, "ธันวาคม": 12, "ธ.ค.": 12,
}
# The English month names as Burmese writes them (the calendar used in news and documents).
_MY_MONTHS = {
    "ဇန်နဝါရီ": 1, "ဖေဖော်ဝါရီ": 2, "မတ်": 3, "ဧပြီ": 4, "မေ": 5, "ဇွန်": 6, "ဇူလိုင်": 7,
    "ဩဂုတ်": 8, "သြဂုတ်": 8, "ဪဂုတ်": 8, "စက်တင်ဘာ": 9, "အောက်တိုဘာ": 10, "နိုဝင်ဘာ": 11,
    "ဒီဇင်ဘာ": 12,
}
_CN_DIGITS = {"\u3007": 0, "零": 0, "\u25cb": 0, "一": 1, "二": 2, "两": 2, "三": 3,
              "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                "saturday": 5, "sunday": 6}
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_TH_WEEKDAYS = {"จันทร์": 0, "อังคาร": 1, "พุธ": 2, "พฤหัสบดี": 3, "พฤหัส": 3, "ศุกร์": 4,
                "เสาร์": 5, "อาทิตย์": 6}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12}


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_EN_FULL = [m for m in _EN_MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_EN_M = (rf"(?P<mon>{_alt(_EN_FULL)}"  # a full name takes no full stop: "1st June." ends there
         rf"|(?:{_alt(set(_EN_MONTHS) - set(_EN_FULL))})\.?)")
_TH_M = rf"(?P<mon>{_alt(_TH_MONTHS)})"
_MY_M = rf"(?P<mon>{_alt(_MY_MONTHS)})(?:လ)?"
_CN_N = r"[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3}"
_CN_Y = r"[0-9]{4}|[\u3007零\u25cb一二三四五六七八九]{4}"
_ORD = r"(?:st|nd|rd|th)?"
_TIME = r"(?:,?\s+(?:at\s+)?(?P<hh>\d{1,2})[:.](?P<mm>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?"
_Y = r"(?P<year>\d{4})"
_B = r"(?<![0-9A-Za-z])"  # not inside a word or number
_E = r"(?![0-9A-Za-z])"

# (pattern, kind): kinds tell _build which groups the pattern has. Longest match wins.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_B}(?P<year>\d{{4}})-(?P<mo>\d{{1,2}})-(?P<day>\d{{1,2}})"
                rf"(?:[T ](?P<hh>\d{{1,2}}):(?P<mm>\d{{2}}))?{_E}"), "ymd"),
    (re.compile(rf"{_B}(?P<year>\d{{4}})/(?P<mo>\d{{1,2}})/(?P<day>\d{{1,2}}){_E}"), "ymd"),
    (re.compile(rf"{_B}(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<year>\d{{4}}|\d{{2}}){_E}"),
     "numeric"),
    (re.compile(rf"{_B}(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_EN_M},?\s+{_Y}{_TIME}{_E}",
                re.I), "dmy"),
    (re.compile(rf"{_B}{_EN_M}\s+(?P<day>\d{{1,2}}){_ORD},?\s+{_Y}{_TIME}{_E}", re.I), "dmy"),
    (re.compile(rf"{_B}{_EN_M},?\s+{_Y}{_E}", re.I), "my"),
    (re.compile(rf"{_B}(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_EN_M}{_E}", re.I), "dm"),
    (re.compile(rf"{_B}{_EN_M}\s+(?P<day>\d{{1,2}}){_ORD}(?![0-9A-Za-z]|,?\s+\d)", re.I), "dm"),
    (re.compile(rf"{_B}(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|end\s+of"
                rf"|beginning\s+of|the\s+start\s+of|start\s+of)[\s-]+(?:{_EN_M}\s+)?{_Y}{_E}",
                re.I), "part"),
    (re.compile(rf"{_B}(?:in|since|during|throughout|until|by|of)\s+{_Y}{_E}(?!\s*(?:people|"
                r"victims|workers|men|women|persons|dollars|baht|USD|USDT))", re.I), "year"),
    # Thai: 12 มีนาคม 2567, 12 มี.ค. 67, มีนาคม พ.ศ. 2567, วันที่ 12 มีนาคม
    (re.compile(rf"(?P<day>\d{{1,2}})\s*{_TH_M}\s*(?:(?:พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)?"
                r"(?P<year>\d{4}|\d{2})(?!\d)"), "th-dmy"),
    (re.compile(rf"{_TH_M}\s*(?:(?:พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)?(?P<year>\d{{4}})(?!\d)"), "th-my"),
    (re.compile(rf"(?P<day>\d{{1,2}})\s*{_TH_M}"), "dm"),
    (re.compile(r"(?:พ\.\s?ศ\.|ปี)\s*(?P<year>\d{4})(?!\d)"), "th-year"),
    # Burmese: ၂၀၂၄ ခုနှစ် မတ်လ ၁၂ ရက်, မတ်လ ၁၂ ရက် ၂၀၂၄, ၁၂ မတ် ၂၀၂၄
    (re.compile(rf"{_Y}\s*(?:ခုနှစ်)?\s*,?\s*{_MY_M}\s*(?:(?P<day>\d{{1,2}})\s*"
                r"(?:ရက်(?:နေ့)?)?)?(?!\d)"), "my-ymd"),
    (re.compile(rf"{_MY_M}\s*(?P<day>\d{{1,2}})\s*(?:ရက်(?:နေ့)?)?\s*,?\s*"
                r"(?:(?P<year>\d{4})(?:\s*ခုနှစ်)?)?(?!\d)"), "my-mdy"),
    (re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?:ရက်(?:နေ့)?)?\s*{_MY_M}\s*,?\s*"
                r"(?:(?P<year>\d{4})(?:\s*ခုနှစ်)?)?(?!\d)"), "my-mdy"),
    # Chinese: 2024年3月12日, 二〇二四年三月十二日, 3月12日, 三月十二号, 2024年
    (re.compile(rf"(?P<year>{_CN_Y})\s*年\s*(?:(?P<mo>{_CN_N})\s*月\s*"
                rf"(?:(?P<day>{_CN_N})\s*[日号號])?)?"), "cn"),
    (re.compile(rf"(?<![0-9年])(?P<mo>{_CN_N})\s*月\s*(?P<day>{_CN_N})\s*[日号號]"), "cn"),
]

_RELATIVE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I), "d-2"),
    (re.compile(r"\byesterday\b", re.I), "d-1"),
    (re.compile(r"\b(?:today|this\s+morning|tonight|this\s+evening)\b", re.I), "d0"),
    (re.compile(r"\btomorrow\b", re.I), "d+1"),
    (re.compile(rf"\blast\s+(?P<wd>{_alt(_EN_WEEKDAYS)})\b", re.I), "weekday"),
    (re.compile(rf"\b(?P<n>\d{{1,3}}|{_alt(_NUMBER_WORDS)})\s+(?P<unit>day|week|month|year)s?"
                r"\s+(?:ago|earlier|before)\b", re.I), "ago"),
    (re.compile(r"\blast\s+(?P<unit>week|month|year)\b", re.I), "last"),
    (re.compile(r"เมื่อวานซืน"), "d-2"),
    (re.compile(r"เมื่อวาน(?:นี้)?"), "d-1"),
    (re.compile(r"วันนี้"), "d0"),
    (re.compile(r"พรุ่งนี้"), "d+1"),
    (re.compile(rf"วัน(?P<wd>{_alt(_TH_WEEKDAYS)})(?:ที่แล้ว|ก่อน)"), "weekday"),
    (re.compile(r"(?P<n>\d{1,3})\s*(?P<unit>วัน|สัปดาห์|อาทิตย์|เดือน|ปี)(?:ก่อน|ที่แล้ว)"), "ago"),
    (re.compile(r"(?P<unit>สัปดาห์|อาทิตย์|เดือน|ปี)(?:ที่แล้ว|ก่อน|กลาย)"), "last"),
    (re.compile(r"မနေ့က|မနေ့"), "d-1"),
    (re.compile(r"ဒီနေ့|ယနေ့"), "d0"),
    (re.compile(r"မနက်ဖြန်"), "d+1"),
    (re.compile(r"前天"), "d-2"),
    (re.compile(r"昨天|昨日"), "d-1"),
    (re.compile(r"今天|今日"), "d0"),
    (re.compile(r"明天"), "d+1"),
    (re.compile(r"(?:上个?|上個?)(?:星期|礼拜|禮拜|周|週)(?P<wd>[一二三四五六日天])"), "week-of"),
    (re.compile(rf"(?P<n>{_CN_N})\s*(?P<unit>天|日|周|週|星期|个月|個月|年)前"), "ago"),
    (re.compile(r"(?P<unit>上个?月|上個?月|去年|上周|上週|上星期)"), "last"),
]
_ABOUT_BEFORE = re.compile(
    r"(?:about|around|approximately|approx\.|circa|c\.|ca\.|roughly|some\s*time\s+in|ประมาณ"
    r"|ราว(?:ๆ)?|约|約|大约|大約|左右)\s*$", re.I)

_UNITS = {"day": "day", "วัน": "day", "天": "day", "日": "day",
          "week": "week", "สัปดาห์": "week", "อาทิตย์": "week", "周": "week", "週": "week",
          "星期": "week", "month": "month", "เดือน": "month", "个月": "month", "個月": "month",
          "year": "year", "ปี": "year", "年": "year"}
_LAST_UNITS = {"上个月": "month", "上月": "month", "上個月": "month", "去年": "year",
               "上周": "week", "上週": "week", "上星期": "week"}


def find_dates(text: str, *, anchor: str = "") -> list[FoundDate]:
    """Every date in ``text``, in order, with its span and what it means as a range. Dates
    without a year ("3 January", 三月十二日) and relative phrasings take the year or the day
    from ``anchor`` (ISO: the item's own date), and are left out without one."""
    plain = text.translate(_DIGITS)
    base = _anchor_date(anchor)
    found: list[FoundDate] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(plain):
            got = _safe(_build, m, kind, base)
            if got is not None:
                when, relative = got
                # "in 2022": the date is the year, not the word before it.
                start = m.start("year") if kind == "year" else m.start()
                found.append(FoundDate(start, m.end(), text[start:m.end()], when, relative))
    if base is not None:
        for pattern, kind in _RELATIVE:
            for m in pattern.finditer(plain):
                moment = _safe(_relative, m, kind, base)
                if moment is not None:
                    found.append(FoundDate(m.start(), m.end(), text[m.start():m.end()], moment,
                                           True))
    return [_widen(text, f) for f in _longest(found)]


def _safe(build: Callable[[re.Match[str], str, date], T], m: re.Match[str], kind: str,
          base: date | None) -> T | None:
    """A date built from a match, or None when the match is not a real date (31 February,
    a year out of range, no anchor for a relative phrasing)."""
    try:
        return build(m, kind, base)  # type: ignore[arg-type]
    except (CasefileError, ValueError, KeyError, OverflowError):
        return None


def _anchor_date(anchor: str) -> date | None:
    try:
        return date.fromisoformat(anchor.strip()[:10]) if anchor.strip() else None
    except ValueError:
        return None


def _longest(found: list[FoundDate]) -> list[FoundDate]:
    """Keep the longest of overlapping matches (then the earliest)."""
    kept: list[FoundDate] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _widen(text: str, f: FoundDate) -> FoundDate:
    """"about 3 January 2024": the word before makes the date approximate."""
    m = _ABOUT_BEFORE.search(text[max(0, f.start - 20):f.start])
    if m is None:
        return f
    start = f.start - (len(text[max(0, f.start - 20):f.start]) - m.start())
    stated = text[start:f.end]
    return FoundDate(start, f.end, stated, about(f.date, stated), f.relative)


# --- numbers and years ---------------------------------------------------------------------
def _number(value: str) -> int:
    """An Arabic or Chinese numeral (十二, 廿三, 二〇二四) as an int."""
    if value.isdigit():
        return int(value)
    if all(c in _CN_DIGITS for c in value):  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[c]) for c in value))
    value = value.replace("廿", "二十").replace("卅", "三十")
    tens, _, ones = value.partition("十")
    if "十" not in value:
        raise ValueError(value)
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _year(value: str, *, thai: bool = False) -> int:
    """A written year as CE: Buddhist-era years (above 2400) lose 543; two-digit years after a
    Thai month are BE (67 = 2567 = 2024), elsewhere 20xx."""
    year = _number(value)
    if len(value) == 2:
        year = (2500 + year) if thai else (2000 + year)
    if year > 2400:
        year -= BE_OFFSET
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} out of range")
    return year


def _yearless(month: int, day: int, base: date | None) -> date:
    """A day and month without a year: in the year that puts it nearest the anchor ("28
    December" in a message of 5 January is last year's; "1 June" in one of 14 March, this
    year's)."""
    if base is None:
        raise ValueError("no year and no anchor")
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:  # 29 February
            continue
    if not options:
        raise ValueError("no such day")
    return min(options, key=lambda d: abs((d - base).days))


def _month_of(m: re.Match[str], table: dict[str, int]) -> int:
    word = m.group("mon")
    if table is _EN_MONTHS:
        if word.lower() in _EN_AMBIGUOUS and not word[0].isupper():
            raise ValueError("lower-case may/march is a word")
        return table[word.lower().rstrip(".")]
    return table[word]


# --- building a date from a match ---------------------------------------------------------
def _build(m: re.Match[str], kind: str, base: date | None) -> tuple[FuzzyDate, bool]:
    text = m.group(0)
    g = m.groupdict()
    if kind == "ymd":
        y, mo, d = int(g["year"]), int(g["mo"]), int(g["day"])
        _year(g["year"])
        if g.get("hh"):
            return at_time(y, mo, d, int(g["hh"]), int(g["mm"]), text), False
        return on_day(y, mo, d, text), False
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)  # day first unless it cannot be
        return on_day(_year(g["year"], thai=False), month, day, text), False
    if kind in ("dmy", "my", "dm", "part"):
        month = _month_of(m, _EN_MONTHS) if g.get("mon") else 0
        if kind == "part":
            return _part(g["part"], month, int(g["year"]), text), False
        if kind == "my":
            return in_month(_year(g["year"]), month, text), False
        if kind == "dm":
            table = _TH_MONTHS if g["mon"] in _TH_MONTHS else _EN_MONTHS
            month = _month_of(m, table)
            when = _yearless(month, int(g["day"]), base)
            return on_day(when.year, when.month, when.day, text), True
        year, day = _year(g["year"]), int(g["day"])
        if g.get("hh"):
            hour = int(g["hh"]) % 12 + (12 if (g.get("ampm") or "").lower().startswith("p")
                                        else 0) if g.get("ampm") else int(g["hh"])
            return at_time(year, month, day, hour, int(g["mm"]), text), False
        return on_day(year, month, day, text), False
    if kind == "year":
        return in_year(_year(g["year"]), text), False
    if kind in ("th-dmy", "th-my", "th-year"):
        year = _year(g["year"], thai=True)
        if kind == "th-year":
            return in_year(year, text), False
        month = _month_of(m, _TH_MONTHS)
        if kind == "th-my":
            return in_month(year, month, text), False
        return on_day(year, month, int(g["day"]), text), False
    if kind in ("my-ymd", "my-mdy"):
        month = _month_of(m, _MY_MONTHS)
        if g.get("year"):
            year = _year(g["year"])
            if not g.get("day"):
                return in_month(year, month, text), False
            return on_day(year, month, int(g["day"]), text), False
        when = _yearless(month, int(g["day"]), base)
        return on_day(when.year, when.month, when.day, text), True
    if kind == "cn":
        if g.get("year"):
            year = _year(g["year"])
            if not g.get("mo"):
                return in_year(year, text), False
            if not g.get("day"):
                return in_month(year, _number(g["mo"]), text), False
            return on_day(year, _number(g["mo"]), _number(g["day"]), text), False
        when = _yearless(_number(g["mo"]), _number(g["day"]), base)
        return on_day(when.year, when.month, when.day, text), True
    raise ValueError(kind)


def _part(part: str, month: int, year: int, text: str) -> FuzzyDate:
    words = " ".join(part.lower().split())
    which = "early" if ("begin" in words or "start" in words or words == "early") else \
        "late" if ("end" in words or words == "late") else "mid"
    if month:
        return part_of_month(which, year, month, text)
    return part_of_year(which, year, text)


def _relative(m: re.Match[str], kind: str, base: date) -> FuzzyDate:
    text = m.group(0)
    if kind.startswith("d") and kind != "d":
        d = base + timedelta(days=int(kind[1:]))
        return on_day(d.year, d.month, d.day, text)
    g = m.groupdict()
    if kind == "week-of":  # 上周二: the Tuesday of the week before the anchor's
        monday = base - timedelta(days=base.weekday() + 7)
        d = monday + timedelta(days=_CN_WEEKDAYS[g["wd"]])
        return on_day(d.year, d.month, d.day, text)
    if kind == "weekday":
        word = g["wd"]
        wd = _EN_WEEKDAYS.get(word.lower(), _CN_WEEKDAYS.get(word, _TH_WEEKDAYS.get(word, -1)))
        back = (base.weekday() - wd) % 7 or 7
        d = base - timedelta(days=back)
        return on_day(d.year, d.month, d.day, text)
    if kind == "ago":
        n = _NUMBER_WORDS.get(g["n"].lower()) or _number(g["n"])
        return _back(base, _UNITS[g["unit"].lower()], n, text)
    unit = _LAST_UNITS.get(g["unit"]) or _UNITS[g["unit"].lower()]
    return _back(base, unit, 1, text, whole=True)


def _back(base: date, unit: str, n: int, text: str, *, whole: bool = False) -> FuzzyDate:
    if unit == "day":
        d = base - timedelta(days=n)
        return on_day(d.year, d.month, d.day, text)
    if unit == "week":
        if whole:  # "last week": Monday to Sunday of the week before
            monday = base - timedelta(days=base.weekday() + 7)
            return FuzzyDate(monday.isoformat(), (monday + timedelta(days=6)).isoformat(),
                             APPROXIMATE, text)
        d = base - timedelta(days=7 * n)
        return on_day(d.year, d.month, d.day, text)
    if unit == "month":
        months = base.year * 12 + base.month - 1 - n
        return in_month(months // 12, months % 12 + 1, text)
    return in_year(base.year - n, text)


_SENTENCE_END = re.compile(
    r"[.!?](?=[\"\u201d\u2019)]*\s+[^\sa-z0-9]|[\"\u201d\u2019)]*\s*$)"  # English
    r"|[\u3002\uff01\uff1f\u104b]"  # Chinese and Burmese full stops
    r"|\n+")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text`` (full stops of English, Chinese and Burmese, line
    breaks), without the spaces around them."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield (start, end)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
