"""The details pane: where a piece of evidence came from and what the file says about itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.details import gps_text, metadata_rows, nice_date, provenance_lines

LONG = 180_000
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def test_an_email_shows_its_headers_in_the_order_people_read_them() -> None:
    rows = metadata_rows({
        "subject": "Job offer in Bangkok", "from": "agent@example.com",
        "to": ["worker@example.com"], "cc": ["boss@example.com", "hr@example.com"],
        "date": "2023-06-01T09:30:00+07:00",
    })
    assert rows == [
        ("From", "agent@example.com"), ("To", "worker@example.com"),
        ("Cc", "boss@example.com, hr@example.com"), ("Subject", "Job offer in Bangkok"),
        ("Date", "2023-06-01 09:30:00 +07:00"),
    ]


def test_a_photo_shows_when_and_with_what_camera_and_where_it_was_taken() -> None:
    rows = dict(metadata_rows({"exif": {"Make": "Apple", "Model": "iPhone 8",
                                        "DateTimeOriginal": "2020:03:19 17:12:52"},
                               "gps": {"lat": 16.6953, "lon": 98.5084}, "width": 600}))
    assert rows == {"Taken": "2020-03-19 17:12:52", "Camera": "Apple iPhone 8",
                    "GPS": "16.695300, 98.508400"}
    assert gps_text({"gps_lat": -1.5, "gps_lon": 2}) == "-1.500000, 2.000000"


def test_a_web_page_shows_its_address_author_and_date_and_a_member_where_it_sat() -> None:
    rows = dict(metadata_rows({"url": "https://news.example/raid", "author": "A. Reporter",
                               "published": "2024-02-02", "title": "Raid on compound"}))
    assert rows["Web address"] == "https://news.example/raid"
    assert rows["Author"] == "A. Reporter" and rows["Date"] == "2024-02-02"
    assert dict(metadata_rows({"path_in_parent": "chats/boss.txt"})) == {
        "Inside": "chats/boss.txt"}


def test_pdf_dates_are_made_readable() -> None:
    assert nice_date("D:20200306162051+08'00'") == "2020-03-06 16:20:51 +08:00"


def test_each_copy_received_says_where_it_came_from_and_who_collected_it() -> None:
    lines = provenance_lines([{
        "original_path": "/cases/usb/witness-3.jpg", "source": "WhatsApp",
        "collected_by": "Mali", "collected_at": "2024-03-01",
        "added_at": "2024-03-02T08:00:00Z", "case": "KK Park",
    }])
    assert lines == ["/cases/usb/witness-3.jpg · source: WhatsApp · collected by Mali on"
                     " 2024-03-01 · added 2024-03-02 08:00 · case “KK Park”"]


def test_selecting_a_photo_shows_its_camera_and_capture_date(qtbot, archive, window) -> None:
    photo = CORPUS / "ocr_gt" / "easyocr_scene" / "thai.jpg"
    if not photo.exists():
        pytest.skip("corpus photo is not here")
    [outcome] = archive.ingest([photo], case="Photos", workers=1).outcomes
    assert outcome.item_id is not None
    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        window.show_item(outcome.item_id)
    details = window.viewer.meta.toPlainText()
    assert "iPhone 8" in details
    assert "Taken" in details and "2020-02-03" in details  # DateTimeOriginal, not GIMP's save
    assert "Where it came from" in details and "thai.jpg" in details
