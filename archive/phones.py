"""Phone numbers in text, in the border region's national and international forms, as E.164."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

# National numbers (no + or 00) are read as Thai first, then as one of these.
REGIONS = ("TH", "MM", "CN", "KH", "LA", "VN", "MY", "PH", "ID")
# Countries whose numbers fill international spam and the SMS sets: a national number that is
# valid there too is ambiguous (a London 020 number is also a Lao mobile), so without a hint in
# the text it is not suggested.
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
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")

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


def _national(digits: str, text: str) -> str | None:
    found = _valid(digits, "TH")
    if found:
        return found
    hinted = [r for r in REGIONS[1:] if _HINTS[r].search(text)]
    for region in hinted:
        found = _valid(digits, region)
        if found:
            return found
    valid = {v for r in REGIONS[1:] if (v := _valid(digits, r))}
    if len(valid) != 1 or any(_valid(digits, r) for r in _FOREIGN):
        return None
    return valid.pop()


def find_phones(text: str) -> Iterator[tuple[str, int, int]]:
    """(E.164, start, end) of the phone numbers in ``text`` (ASCII digits: fold others first).

    Precision first: a number written with + or 00 must be valid for its country; a national
    number must be valid in Thailand, or in a country the text hints at (its script or name),
    or in exactly one of the other border countries and in none of GB/US/IN.
    """
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
        elif len(digits) <= 12 and not _DATE.fullmatch(raw) and (
            digits[0] == "0" or _CN_MOBILE.fullmatch(digits)
        ):
            found = _national(digits, text)
        else:
            found = None
        if found:
            yield found, m.start(), m.end()
