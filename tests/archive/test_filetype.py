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
    "fixtures_ingest_file/doc.doc": "application/msword",
    "fixtures_ingest_file/memo.m4a": "audio/mp4",
    "fixtures_ingest_file/doc.html": "text/html",
    "fixtures_ingest_file/email_base64.eml": "message/rfc822",
    "fixtures_ingest_file/utf.txt": "text/plain",
    "ocrmypdf_resources/crom.png": "image/png",
    # Office files are ZIP or OLE containers: told apart by their members and streams.
    "fixtures_ingest_file/hello world word.docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "fixtures_ingest_file/staff_list.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "fixtures_ingest_file/password_protected.xlsx": "application/x-encrypted-office",
    "fixtures_ingest_file/Plan.odt": "application/vnd.oasis.opendocument.text",
    "fixtures_ingest_file/rom.ods": "application/vnd.oasis.opendocument.spreadsheet",
    # Its mimetype member is damaged: the manifest still says what it is.
    "ocrmypdf_resources/tagged.odt": "application/vnd.oasis.opendocument.text",
    "fixtures_ingest_file/rom.xls": "application/vnd.ms-excel",
    "fixtures_ingest_file/slides.ppt": "application/vnd.ms-powerpoint",
    "fixtures_ingest_file/piste.msg": "application/vnd.ms-outlook",
    # Mail in its many wrappings; fnf.msg is a plain RFC 822 message with the wrong extension.
    "fixtures_ingest_file/fnf.msg": "message/rfc822",
    "fixtures_ingest_file/richtext.emlx": "message/x-emlx",
    "fixtures_ingest_file/plan.mbox": "application/mbox",
    "fixtures_ingest_file/image.svg": "image/svg+xml",
    "fixtures_ingest_file/_extracted/testRTF.rtf": "application/rtf",
    "fixtures_ingest_file/PAK_adm1.dbf": "application/x-dbf",
    "fixtures_ingest_file/john-doe.vcf": "text/vcard",
    "fixtures_ingest_file/meetup.ics": "text/calendar",
    "fixtures_ingest_file/event.ical": "text/calendar",
    "fixtures_ingest_file/Books_be.mdb": "application/x-msaccess",
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
