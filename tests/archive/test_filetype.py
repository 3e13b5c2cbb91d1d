"""Files are identified by their content, whatever their name says."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.filetype import sniff, sniff_bytes, type_name

EXPECTED = {
    "fixtures_ingest_file/empty.pdf": "application/x-empty",
    "fixtures_ingest_file/500 pages.pdf": "application/pdf",
    "fixtures_ingest_file/hello_world_tiff.tif": "image/tiff",
    "fixtures_ingest_file/regression_gif.gif": "image/gif",
    "fixtures_ingest_file/regression_jpg.jpg": "image/jpeg",
    "fixtures_ingest_file/regression_webp.webp": "image/webp",
    "fixtures_ingest_file/regression_openjpeg.jp2": "image/jp2",
    "fixtures_ingest_file/test-documents.zip": "application/zip",
    "fixtures_ingest_file/500_pages.7z": "application/x-7z-compressed",
    "fixtures_ingest_file/test-documents.rar": "application/vnd.rar",
    "fixtures_ingest_file/test-documents.tar": "application/x-tar",
    "fixtures_ingest_file/doc.doc": "application/x-ole-storage",
    "fixtures_ingest_file/memo.m4a": "audio/mp4",
    "fixtures_ingest_file/doc.html": "text/html",
    "fixtures_ingest_file/email_base64.eml": "message/rfc822",
    "fixtures_ingest_file/utf.txt": "text/plain",
    "ocrmypdf_resources/crom.png": "image/png",
}


@pytest.mark.parametrize(("name", "mime"), sorted(EXPECTED.items()))
def test_corpus_files_are_identified_by_content(corpus: Path, name: str, mime: str) -> None:
    assert sniff(corpus / name) == mime


def test_a_pdf_renamed_to_jpg_is_still_a_pdf(tmp_path: Path, corpus: Path) -> None:
    disguised = tmp_path / "holiday.jpg"
    disguised.write_bytes((corpus / "fixtures_ingest_file" / "readme.pdf").read_bytes())
    assert sniff(disguised) == "application/pdf"


def test_binary_noise_is_not_taken_for_text() -> None:
    assert sniff_bytes(bytes(range(256)) * 4) == "application/octet-stream"
    assert sniff_bytes("ข้อความภาษาไทย".encode()) == "text/plain"


def test_types_have_names_a_person_recognises() -> None:
    assert type_name("application/zip") == "ZIP archive"
    assert type_name("audio/x-whatever") == "audio recording"
