"""Spreadsheet cells to text: XLSX, ODS and XLS sheets as tab-separated rows, with size limits."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from ocr.office import (
    MAX_COLUMNS,
    MAX_SHARED_STRINGS,
    MAX_SHEET_CHARS,
    MAX_SHEET_ROWS,
    Package,
    Unreadable,
    iterparse,
    local,
)

log = logging.getLogger(__name__)

# Built-in number formats of Excel that show a date or a time.
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


@dataclass
class Sheet:
    """One sheet as text: its rows as tab-separated lines."""

    name: str
    hidden: bool = False
    lines: list[str] = field(default_factory=list)
    chars: int = 0
    cut: str = ""  # why only part of the sheet was read

    @property
    def rows(self) -> int:
        return len(self.lines)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def add(self, cells: list[str]) -> bool:
        """Add a row; False once the sheet is full (the rest is left out, and ``cut`` says so)."""
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return True
        if len(self.lines) >= MAX_SHEET_ROWS or self.chars > MAX_SHEET_CHARS:
            self.cut = (f"sheet \u201c{self.name}\u201d is very large: only its first "
                        f"{len(self.lines)} rows were read")
            return False
        line = "\t".join(" ".join(c.split()) for c in cells)
        self.lines.append(line)
        self.chars += len(line) + 1
        return True


def number(text: str) -> str:
    """A stored number as a person would type it: 245, 60594.7 (not 60594.699999999997)."""
    try:
        value = float(text)
    except ValueError:
        return text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def serial_date(value: float, *, date1904: bool = False) -> str:
    """An Excel date serial as ISO 8601: a date, a time, or both."""
    try:
        moment = (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=value)
    except (OverflowError, ValueError):
        return number(str(value))
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    if value < 1:
        return moment.time().isoformat()
    if float(value).is_integer():
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


def _is_date_format(code: str) -> bool:
    bare = _QUOTED.sub("", code).lower()
    return bare != "general" and any(ch in bare for ch in "dmyhs")


def _date_styles(package: Package) -> set[int]:
    root = package.xml("xl/styles.xml")
    if root is None:
        return set()
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter("{*}numFmt")
    }
    styles: set[int] = set()
    xfs = root.find("{*}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else ()):
        fmt = int(xf.get("numFmtId", "0") or 0)
        if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
            styles.add(index)
    return styles


def _shared_strings(package: Package) -> list[str]:
    stream = package.stream("xl/sharedStrings.xml")
    strings: list[str] = []
    if stream is None:
        return strings
    with stream:
        for item in iterparse(stream, "si"):
            parts = []
            for child in item:
                tag = local(child)
                if tag == "t":
                    parts.append(child.text or "")
                elif tag == "r":  # a run with formatting; rPh (phonetic reading) is left out
                    parts.extend(t.text or "" for t in child.iterchildren("{*}t"))
            strings.append("".join(parts))
            if len(strings) > MAX_SHARED_STRINGS:
                raise Unreadable("the spreadsheet is too large to read (too many strings)")
    return strings


def _column(ref: str) -> int:
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + (ord(ch.upper()) - 64)
    return index - 1


def read_xlsx_sheets(package: Package) -> list[Sheet]:
    book = package.xml("xl/workbook.xml")
    if book is None:
        raise Unreadable("the file is damaged and cannot be opened (it has no workbook)")
    pr = book.find("{*}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    rels = package.rels("xl/workbook.xml")
    strings = _shared_strings(package)
    dates = _date_styles(package)
    sheets: list[Sheet] = []
    for entry in book.iter("{*}sheet"):
        sheet = Sheet(entry.get("name", ""), hidden=entry.get("state", "visible") != "visible")
        sheets.append(sheet)
        rid = next((v for k, v in entry.attrib.items() if k.endswith("}id")), "")
        stream = package.stream(rels.get(rid, ("", ""))[1])
        if stream is None:
            continue
        with stream:
            for row in iterparse(stream, "row"):
                cells: list[str] = []
                for cell in row.iterchildren("{*}c"):
                    column = _column(cell.get("r", "")) if cell.get("r") else len(cells)
                    if column >= MAX_COLUMNS:
                        break
                    cells.extend([""] * (column - len(cells)))
                    cells[column:] = [_cell(cell, strings, dates, date1904)]
                if not sheet.add(cells):
                    break
    return sheets


def _cell(cell: etree._Element, strings: list[str], dates: set[int], date1904: bool) -> str:
    kind = cell.get("t", "n")
    value = cell.find("{*}v")
    raw = value.text or "" if value is not None else ""
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter("{*}t"))
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE"
    if kind in ("str", "e", "d"):
        return raw
    if raw and int(cell.get("s", "0") or 0) in dates:
        try:
            return serial_date(float(raw), date1904=date1904)
        except ValueError:
            return raw
    return number(raw) if raw else ""


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def read_ods_sheets(stream: IO[bytes]) -> list[Sheet]:
    """Sheets of an ODS content.xml, read as a stream; repeated empty rows cost nothing."""
    from ocr.office_xml import odf_text

    sheets: list[Sheet] = []
    full = False
    events = etree.iterparse(stream, events=("start", "end"), tag=(f"{{{_TABLE}}}table",
                             f"{{{_TABLE}}}table-row"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=True)
    for event, element in events:
        if local(element) == "table":
            if event == "start":
                name = element.get(f"{{{_TABLE}}}name", "")
                sheets.append(Sheet(name))
                full = False
            continue
        if event != "end" or not sheets:
            continue
        if not full:
            cells: list[str] = []
            for cell in element:
                if local(cell) not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1") or 1)
                text = odf_text(cell).strip()
                cells.extend([text] * min(repeat, MAX_COLUMNS - len(cells)))
                if len(cells) >= MAX_COLUMNS:
                    break
            repeat = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1") or 1)
            for _ in range(min(repeat, MAX_SHEET_ROWS) if any(cells) else 1):
                if not sheets[-1].add(list(cells)):
                    full = True
                    break
        element.clear(keep_tail=False)
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]
    return sheets


def read_xls_sheets(path: Path) -> tuple[list[Sheet], dict[str, Any]]:
    """Sheets of an old Excel (.xls) workbook, through xlrd."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=False,
                                  logfile=_NullLog())
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise Unreadable("the document is password-protected") from exc
        raise Unreadable(f"the file is damaged and cannot be opened ({exc})") from exc
    sheets: list[Sheet] = []
    try:
        for index in range(book.nsheets):
            raw = book.sheet_by_index(index)
            sheet = Sheet(raw.name, hidden=bool(getattr(raw, "visibility", 0)))
            sheets.append(sheet)
            for r in range(raw.nrows):
                cells = [_xls_cell(c, book.datemode, xlrd) for c in raw.row(r)[:MAX_COLUMNS]]
                if not sheet.add(cells):
                    break
            book.unload_sheet(index)
        meta = {"author": book.user_name} if book.user_name else {}
    finally:
        book.release_resources()
    return sheets, meta


def _xls_cell(cell: Any, datemode: int, xlrd: Any) -> str:
    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_DATE:
        return serial_date(value, date1904=bool(datemode))
    if kind == xlrd.XL_CELL_NUMBER:
        return number(repr(value))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, ""))
    return str(value) if kind == xlrd.XL_CELL_TEXT else ""


class _NullLog:
    """xlrd writes warnings to a file-like object: send them to our log instead."""

    def write(self, text: str) -> None:
        if text.strip():
            log.debug("xlrd: %s", text.strip())
