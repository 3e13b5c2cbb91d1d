"""Phone numbers in text, in the border region's national and international forms, as E.164."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

# National numbers (no + or 00) are read as Thai first, then as one of these.
REGIONS = ("TH", "MM", "CN", "KH", "LA", "VN", "MY", "PH", "ID")
# Countries whose numbers fill international spam and the SMS sets: a national number that is
# valid there too is ambiguous (0800 505060 is British freephone and a Thai mobile).
_FOREIGN = ("GB", "US", "IN")

# Digits grouped by single spaces, hyphens or dots, optionally behind +CC / 00CC / (area).
# Not glued to letters, to other numbers or to a decimal point ("Rs.91.13", "PT000054").
_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9+/=_.,\-])"
    r"(?:\(?(?:\+|00)[ ]?\d{1,3}\)?[ .\-]?)?"
    r"(?:\(\d{1,4}\)[ .\-]?)?"
    r"\d(?:[ .\-\u00a0]?\d){6,14}"
    r"(?![A-Za-z0-9]|[.,\-/]\d)"
)
_NON_DIGIT = re.compile(r"\D")
# A national number starts with the trunk prefix 0; only Chinese mobiles are written without.
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
# "06-02-24 15:43": a date (and an hour) is not a phone number.
_DATE = re.compile(r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?!\d)")
# How Thai numbers are grouped: 081-234-5678, 02 123 4567, 053-123-456.
_THAI_GROUPS = re.compile(r"0\d{1,2}[ .\-]\d{3}[ .\-]\d{3,4}")
_THAI_HINT = re.compile(
    r"[\u0e00-\u0e7f]|\+66|\bthai|bangkok|mae sot|pattaya|chiang|phuket|baht|\bTHB\b|฿|泰国",
    re.I)

_HINTS: dict[str, re.Pattern[str]] = {
    "MM": re.compile(r"[\u1000-\u109f]|myanmar|burm|yangon|mandalay|myawad|缅甸", re.I),
    "CN": re.compile(r"[\u4e00-\u9fff]|china|chinese", re.I),
    "KH": re.compile(r"[\u1780-\u17ff]|cambodia|phnom penh|sihanouk|柬埔寨|西港", re.I),
    "LA": re.compile(r"[\u0e80-\u0eff]|\blaos\b|vientiane|老挝", re.I),
    "VN": re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]|vietnam|越南",
                     re.I),
    "MY": re.compile(r"malaysia|kuala lumpur|马来西亚", re.I),
    "PH": re.compile(r"philippine|manila|菲律宾", re.I),
    "ID": re.compile(r"indonesia|jakarta|印尼", re.I),
}


@lru_cache(maxsize=20_000)
def _valid(digits: str, region: str | None) -> str | None:
    """E.164 of ``digits`` read in ``region`` (None: digits carry their country code)."""
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _national(digits: str, raw: str, text: str) -> str | None:
    """A number without its country code: Thai when it is grouped the Thai way or the text
    has something Thai about it (and it is not also a British, US or Indian number in a text
    with nothing Thai); another border country's when the text names it or uses its script."""
    thai = _THAI_HINT.search(text) is not None
    found = _valid(digits, "TH")
    if found and (thai or (_THAI_GROUPS.fullmatch(raw) and not _foreign(digits))):
        return found
    for region in REGIONS[1:]:
        if _HINTS[region].search(text):
            found = _valid(digits, region)
            if found:
                return found
    return None


def _foreign(digits: str) -> bool:
    return any(_valid(digits, r) for r in _FOREIGN)


def find_phones(text: str, context: str | None = None) -> Iterator[tuple[str, int, int]]:
    """(E.164, start, end) of the phone numbers in ``text`` (ASCII digits: fold others first;
    ``context``, the text as written, is where hints of a country are looked for).

    Precision first: a number written with + or 00 must be valid for its country; a national
    number must be valid in Thailand and look or read Thai, or be valid in a border country
    the text names or writes in. An ungrouped 10-digit number in an English text with nothing
    Thai or Burmese about it is not suggested: as often it is a foreign number without its
    country code (the UK premium-rate numbers of the SMS sets are valid Thai mobiles).
    """
    context = text if context is None else context
    for m in _CANDIDATE.finditer(text):
        raw = m.group()
        digits = _NON_DIGIT.sub("", raw)
        if not 8 <= len(digits) <= 15:
            continue
        head = raw.lstrip("(")
        if head.startswith("+"):
            found = _valid("+" + digits, None)
        elif head.startswith("00"):
            found = _valid("+" + digits[2:], None)
        elif len(digits) <= 12 and not _DATE.match(raw) and (
            digits[0] == "0" or _CN_MOBILE.fullmatch(digits)
        ):
            found = _national(digits, raw, context)
        else:
            found = None
        if found:
            yield found, m.start(), m.end()
