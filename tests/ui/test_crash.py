"""A bug shows a readable dialog, with details to copy and the log's path; the app runs on.
And the interface loads a translation when there is one for the language."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtGui import QGuiApplication

from ui.app import application
from ui.crash import CrashReporter
from ui.translations import install_translators

LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"


@pytest.fixture
def reporter(qtbot, tmp_path: Path) -> Iterator[CrashReporter]:  # type: ignore[no-untyped-def]
    application()
    log_path = tmp_path / "casefile.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    r = CrashReporter(lambda: log_path)
    r.install()
    yield r
    r.uninstall()
    logging.getLogger().removeHandler(handler)
    handler.close()
    if r.dialog is not None:
        r.dialog.close()


def _boom() -> None:
    raise ValueError("the parser tripped over a page")


def test_a_bug_in_a_slot_shows_a_plain_dialog_with_copyable_details(
        qtbot, reporter: CrashReporter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(),
                    timeout=10_000)
    dialog = reporter.dialog
    assert dialog is not None
    assert "Your evidence is safe" in dialog.findChildren(type(dialog.where))[0].text()
    assert str(tmp_path / "casefile.log") in dialog.where.text()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "ValueError: the parser tripped over a page" in copied
    assert "the parser tripped" in (tmp_path / "casefile.log").read_text(encoding="utf-8")
    # The application keeps running: timers still fire.
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=5_000)


def test_a_bug_in_a_worker_thread_reaches_the_same_dialog(
        qtbot, reporter: CrashReporter) -> None:  # type: ignore[no-untyped-def]
    thread = threading.Thread(target=_boom, name="reader")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=10_000)
    assert reporter.dialog is not None
    assert "in thread reader" in reporter.dialog.details
    QTimer.singleShot(0, _boom)  # a second error joins the open dialog
    qtbot.waitUntil(lambda: reporter.count == 2, timeout=10_000)
    assert reporter.dialog.details.count("Traceback") == 2


def test_the_interface_is_translated_when_a_translation_file_is_there(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not LRELEASE.exists():
        pytest.fail(f"pyside6-lrelease is missing at {LRELEASE}: run `make venv` (PySide6)")
    app = application()
    ts = tmp_path / "casefile_th.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="th_TH"><context><name>SettingsDialog</name>'
        "<message><source>Settings</source><translation>การตั้งค่า</translation></message>"
        "</context></TS>\n", encoding="utf-8")
    subprocess.run([str(LRELEASE), str(ts)], check=True, capture_output=True)
    translators = install_translators(app, QLocale("th_TH"), tmp_path)
    try:
        assert translators
        assert QCoreApplication.translate("SettingsDialog", "Settings") == "การตั้งค่า"
    finally:
        for t in translators:
            app.removeTranslator(t)
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "Settings"
    burmese = install_translators(app, QLocale("my_MM"), tmp_path)  # no file: English
    for t in burmese:
        app.removeTranslator(t)
    assert not any("casefile" in t.filePath() for t in burmese)
