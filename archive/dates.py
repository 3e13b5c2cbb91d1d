"""Dates as people give them on the command line and in forms: checked and kept in ISO form."""

from __future__ import annotations

import re
from datetime import date, datetime

from archive.errors import CasefileError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def normalise_date(text: str) -> str:
    """'' stays ''; YYYY, YYYY-MM, YYYY-MM-DD and ISO date-times are accepted and returned in
    ISO form; anything else is a known error with a readable message."""
    text = text.strip()
    if not text:
        return ""
    m = _PARTIAL.match(text)
    try:
        if m:
            year, month, day = m.group(1), m.group(2), m.group(3)
            date(int(year), int(month or 1), int(day or 1))
            return text
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    raise CasefileError(
        f"“{text}” is not a date Casefile understands: write it as YYYY-MM-DD"
        " (or YYYY-MM, or YYYY), for example 2024-03-12."
    )


def dates_of(metadata: dict[str, object]) -> tuple[str, str]:
    """(the date an item bears, when it was captured) from its extracted metadata, ISO or ""."""
    exif = metadata.get("exif")
    captured = str(exif.get("captured") or "") if isinstance(exif, dict) else ""
    bears = ""
    for key in ("date", "published", "created", "modified"):
        value = metadata.get(key)
        if isinstance(value, str) and value[:4].isdigit():
            bears = value
            break
    return bears or captured, captured
