"""Contacts, calendars and dBase tables become text a person (and the search) can read."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.filetype import sniff
from archive.models import STATUS_OK, ExtractOptions
from ocr.extractor import Extractor

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "fixtures_ingest_file"


def read(name: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"the sample corpus is not at {CORPUS}")
    return Extractor().extract(str(path), sniff(path), ExtractOptions("eng", str(tmp_path)))


def test_a_dbase_table_is_read_row_by_row(tmp_path: Path) -> None:
    result = read("PAK_adm1.dbf", tmp_path)
    assert result.status == STATUS_OK
    text = result.pages[0].text
    assert "Azad Kashmir" in text and "Pakistan" in text
    # MANIFEST: rowCount 9 = the line of column names and 8 records.
    assert len(text.splitlines()) == 9
    assert result.metadata["rows"] == 8


def test_a_contact_card_gives_its_name_and_phone_numbers(tmp_path: Path) -> None:
    result = read("john-doe.vcf", tmp_path)
    assert result.title == "John Doe"
    text = result.pages[0].text
    assert "Phone: +1 781 555 1212" in text  # MANIFEST: '+17815551212'
    assert "documented on more police files" in text


def test_a_quoted_printable_contact_is_decoded(tmp_path: Path) -> None:
    result = read("multiline_quoted_printable.vcf", tmp_path)
    assert result.title == "Max Müüüüüller"
    assert "max.mueller@example.org" in result.pages[0].text


def test_a_calendar_gives_its_events(tmp_path: Path) -> None:
    result = read("event.ical", tmp_path)
    assert result.status == STATUS_OK
    assert "Event: Abraham Lincoln" in result.pages[0].text


def test_a_damaged_table_fails_with_a_reason(tmp_path: Path) -> None:
    src = CORPUS / "PAK_adm1.dbf"
    if not src.exists():
        pytest.skip(f"the sample corpus is not at {CORPUS}")
    cut = tmp_path / "cut.dbf"
    cut.write_bytes(src.read_bytes()[:40])
    options = ExtractOptions("eng", str(tmp_path))
    result = Extractor().extract(str(cut), "application/x-dbf", options)
    assert result.status == "failed" and "damaged" in result.reason
