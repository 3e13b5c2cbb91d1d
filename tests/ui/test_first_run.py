"""First run: the sample case is offered, built in the background, searchable in every script."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from archive.sample import SAMPLE_CASE, WALLET, sample_exists
from archive.service import Archive
from tests.ui.conftest import LONG
from ui.app import application
from ui.first_run import SampleOffer, is_first_run, make_sample
from ui.main_window import MainWindow


def test_a_new_folder_is_a_first_run_and_an_opened_archive_is_not(
        tmp_path: Path, archive: Archive) -> None:
    assert is_first_run(tmp_path / "new")
    assert not is_first_run(archive.path)


def test_accepting_the_offer_builds_a_sample_case_searchable_in_thai_and_chinese(
        qtbot, window: MainWindow, tesseract: str) -> None:  # type: ignore[no-untyped-def]
    offer = SampleOffer(window)
    box = offer.ask()
    assert "sample case" in box.text()
    with qtbot.waitSignal(offer.finished, timeout=LONG) as done:
        box.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: offer.progress is None or offer.progress.isVisible(),
                        timeout=LONG)
    report = done.args[0]
    assert report is not None and report.created and not report.failed
    qtbot.waitUntil(lambda: window.case_title == SAMPLE_CASE, timeout=LONG)

    archive = window.archive
    names = {i.filename: i for i in archive.items(case=SAMPLE_CASE)}
    assert {"chat-thai.png", "chat-chinese.png", "chat-burmese.png", "testimony-nadia.txt",
            "news-golden-lotus-raid.txt"} <= set(names)
    thai = archive.search("เงินเดือน", case=SAMPLE_CASE)  # "salary", only in the Thai picture
    assert [h.item_id for h in thai.hits] == [names["chat-thai.png"].id]
    chinese = archive.search("护照", case=SAMPLE_CASE)  # "passport", only in the Chinese one
    assert [h.item_id for h in chinese.hits] == [names["chat-chinese.png"].id]
    burmese = archive.pages(names["chat-burmese.png"].id)[0].text  # "work in Bangkok"
    assert "ဘန်ကောက်မှာ အလုပ်ရှိတယ်" in burmese and "ယူလာပါ" in burmese  # "bring it"
    found = archive.search("ဘန်ကောက်", case=SAMPLE_CASE)
    assert names["chat-burmese.png"].id in [h.item_id for h in found.hits]
    payment = archive.pages(names["payment-usdt.png"].id)[0]
    assert payment.method == "ocr" and "USDT" in payment.text

    wallets = [m for m in archive.mentions(state="confirmed") if m.entity_type == "wallet"]
    assert {m.entity_name for m in wallets} == {WALLET}
    assert "recruitment" in archive.tags(names["chat-thai.png"].id)
    assert len(archive.events(SAMPLE_CASE)) >= 5

    again = make_sample(archive)  # a second time changes nothing
    assert not again.created
    assert len(archive.items(case=SAMPLE_CASE)) == len(names)


def test_declining_the_offer_leaves_the_archive_empty(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    offer = SampleOffer(window)
    box = offer.ask()
    with qtbot.waitSignal(offer.finished, timeout=10_000) as done:
        box.button(QMessageBox.StandardButton.No).click()
    assert done.args == [None]
    assert not sample_exists(window.archive)
    assert window.archive.items() == []


def test_a_cancelled_sample_is_finished_by_the_next_attempt(
        archive: Archive, tesseract: str) -> None:
    import threading

    import pytest

    from archive.errors import CasefileError

    cancel = threading.Event()

    def progress(done: int, total: int, name: str) -> None:
        if "testimony" in name:  # the first import: stop before it
            cancel.set()

    application()
    with pytest.raises(CasefileError, match="cancelled"):
        make_sample(archive, progress, cancel)
    assert not sample_exists(archive)
    report = make_sample(archive)
    assert report.created and not report.failed
    assert sample_exists(archive)
    assert len(archive.items(case=SAMPLE_CASE)) == 7
