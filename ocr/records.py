"""Record files: vCard contacts, iCalendar events and dBase tables, as readable text."""

from __future__ import annotations

import logging
import quopri
import re
import struct
from pathlib import Path
from typing import Any

from archive.models import (
    METHOD_PARSER,
    STATUS_FAILED,
    STATUS_OK,
    STATUS_PARTIAL,
    ExtractedPage,
    Extraction,
    ExtractOptions,
)
from ocr.normalize import normalize_text
from ocr.text import decode

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
PAGE_CHARS = 10_000
_UNFOLD = re.compile(r"\r?\n[ \t]")  # RFC 5545/6350 line folding
_QP_SOFT_BREAK = re.compile(r"=\r?\n")  # vCard 2.1 quoted-printable continuation


def extract_records(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    try:
        if mime == "application/x-dbf":
            return _dbf(path, options)
        if path.stat().st_size > MAX_TEXT_BYTES:
            return Extraction(pages=(), status=STATUS_FAILED,
                              reason="the file is too large to read as contacts or calendar")
        text, _ = decode(path.read_bytes())
        return _cards(text, mime)
    except (OSError, ValueError, struct.error) as exc:
        return Extraction(pages=(), status=STATUS_FAILED,
                          reason=f"the file is damaged and cannot be read ({exc})")


def _cards(text: str, mime: str) -> Extraction:
    """vCard / iCalendar: one "Property: value" line per property, folded lines joined,
    quoted-printable and escapes decoded; a blank line between cards or events."""
    text = _QP_SOFT_BREAK.sub("", text) if "QUOTED-PRINTABLE" in text.upper() else text
    text = _UNFOLD.sub("", text)
    lines: list[str] = []
    names: list[str] = []
    for raw in text.splitlines():
        if ":" not in raw:
            continue
        head, value = raw.split(":", 1)
        prop, *params = head.split(";")
        prop = prop.split(".")[-1].upper()  # "item1.ADR" -> "ADR"
        if prop in ("BEGIN", "END", "VERSION", "PRODID") or prop.startswith("X-AB"):
            if prop == "END":
                lines.append("")
            continue
        value = _decode_value(value, params)
        if not value.strip(" ;,"):
            continue
        if prop == "FN":
            names.append(value)
        label = _LABELS.get(prop, prop.title())
        lines.append(f"{label}: {value}")
    body = normalize_text("\n".join(lines).strip())
    meta: dict[str, Any] = {"names": names} if names else {}
    title = names[0] if len(names) == 1 else ""
    pages = (ExtractedPage(1, body, METHOD_PARSER),) if body else ()
    return Extraction(pages=pages, status=STATUS_OK, title=title, metadata=meta)


_LABELS = {
    "FN": "Name", "N": "Name parts", "TEL": "Phone", "EMAIL": "E-mail", "ADR": "Address",
    "ORG": "Organisation", "NOTE": "Note", "URL": "Web address", "TITLE": "Job title",
    "SUMMARY": "Event", "DTSTART": "Starts", "DTEND": "Ends", "LOCATION": "Place",
    "DESCRIPTION": "Description", "ORGANIZER": "Organiser", "ATTENDEE": "Attendee",
}


def _decode_value(value: str, params: list[str]) -> str:
    upper = [p.upper() for p in params]
    if "ENCODING=QUOTED-PRINTABLE" in upper or "QUOTED-PRINTABLE" in upper:
        charset = next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")),
                       "utf-8")
        try:
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(
                charset, "replace")
        except LookupError:
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(
                "utf-8", "replace")
    value = value.replace("\\n", "\n").replace("\\N", "\n")
    value = value.replace("\\,", ",").replace("\\;", ";").replace("\\:", ":").replace("\\\\", "\\")
    return value.strip(" ;")


def _dbf(path: Path, options: ExtractOptions) -> Extraction:
    """dBase III/IV table: field names as a header line, each record a tab-separated line."""
    with path.open("rb") as f:
        header = f.read(32)
        if len(header) < 32:
            raise ValueError("the table header is cut short")
        count, header_len, record_len = struct.unpack("<IHH", header[4:12])
        fields: list[tuple[str, int]] = []
        while True:
            desc = f.read(32)
            if not desc or desc[0] == 0x0D or len(desc) < 32:
                break
            name = desc[:11].split(b"\0", 1)[0].decode("latin-1").strip()
            fields.append((name, desc[16]))
        if not fields or record_len < 1:
            raise ValueError("the table has no columns")
        encoding = _DBF_CODEPAGES.get(header[29], "cp1252")
        f.seek(header_len)
        rows = ["\t".join(name for name, _ in fields)]
        read = 0
        truncated = False
        while read < count:
            record = f.read(record_len)
            if len(record) < record_len:
                truncated = True
                break
            read += 1
            if record[:1] == b"*":  # deleted record
                continue
            values, pos = [], 1
            for _, width in fields:
                values.append(record[pos:pos + width].decode(encoding, "replace").strip())
                pos += width
            rows.append("\t".join(values))
            if len(rows) > MAX_ROWS:
                truncated = True
                break
    text = normalize_text("\n".join(rows))
    pages = tuple(
        ExtractedPage(n, chunk, METHOD_PARSER)
        for n, chunk in enumerate(_chunks(text), 1)
    )[: options.max_pages]
    reason = "the table ends early or is very large: not every record was read" if truncated else ""
    return Extraction(
        pages=pages, status=STATUS_PARTIAL if truncated else STATUS_OK, reason=reason,
        metadata={"columns": [name for name, _ in fields], "rows": len(rows) - 1},
    )


# dBase "language driver" byte -> Python codec (the common ones).
_DBF_CODEPAGES = {
    0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x57: "cp1252", 0x64: "cp852",
    0x65: "cp866", 0x7C: "cp874", 0x7D: "cp1255", 0x7E: "cp1256", 0x7A: "gbk",
    0x4D: "gbk", 0x4E: "cp949", 0x4F: "big5", 0xC8: "cp1250", 0xC9: "cp1251", 0xCB: "cp1253",
}


def _chunks(text: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    size = 0
    for line in text.split("\n"):
        if size + len(line) > PAGE_CHARS and buf:
            out.append("\n".join(buf))
            buf, size = [], 0
        buf.append(line)
        size += len(line) + 1
    if buf:
        out.append("\n".join(buf))
    return out
