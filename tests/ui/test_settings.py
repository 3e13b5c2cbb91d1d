"""Settings and habits: who is the investigator, OCR languages, the theme, recent archives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

import main
from ui import preferences
from ui.app import application, open_or_explain
from ui.archives import ArchiveController
from ui.settings_dialog import SettingsDialog

LANGUAGES = ["chi_sim", "eng", "mya", "tha"]


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def controller(qtbot, store: QSettings) -> Iterator[ArchiveController]:  # type: ignore[no-untyped-def]
    application()
    c = ArchiveController(lambda p: open_or_explain(p, main.open_archive),
                          languages=lambda: LANGUAGES, store=store)
    yield c
    c.close()
    preferences.apply_theme("system")


def _ok(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_investigator_named_in_settings_signs_the_custody_log(
        qtbot, tmp_path: Path, controller: ArchiveController,
        store: QSettings) -> None:  # type: ignore[no-untyped-def]
    assert controller.open(tmp_path / "archive")
    dialog = controller.show_settings()
    dialog.name.setText("  Somchai   K. ")
    dialog.language_boxes["mya"].setChecked(False)
    dialog.language_boxes["chi_sim"].setChecked(False)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    _ok(dialog)

    archive = controller.archive
    assert archive is not None
    assert archive.actor == "Somchai K."
    assert archive.ocr_languages == "eng+tha"
    rows = archive.custody_log()
    assert any(r["actor"] == "Somchai K." for r in rows)
    remembered = preferences.load(store)
    assert (remembered.investigator, remembered.ocr_languages, remembered.theme) == (
        "Somchai K.", "eng+tha", "dark")
    assert QApplication.instance().palette().window().color().lightness() < 100


def test_settings_are_applied_to_the_next_archive_opened(
        qtbot, tmp_path: Path, controller: ArchiveController,
        store: QSettings) -> None:  # type: ignore[no-untyped-def]
    preferences.save(preferences.Preferences("Aye Mya", "eng+mya", "light"), store)
    assert controller.open(tmp_path / "second")
    assert controller.archive is not None
    assert controller.archive.actor == "Aye Mya"
    assert controller.archive.ocr_languages == "eng+mya"
    dialog = controller.show_settings()
    assert dialog.name.text() == "Aye Mya"
    assert dialog.language_boxes["mya"].isChecked()
    assert not dialog.language_boxes["tha"].isChecked()
    dialog.reject()


def test_recent_archives_are_remembered_and_reopen_from_the_file_menu(
        qtbot, tmp_path: Path, controller: ArchiveController,
        store: QSettings) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "first", tmp_path / "second"
    assert controller.open(first)
    first_window = controller.window
    assert first_window is not None
    assert first_window.tasks.busy  # still loading its cases: it stays open
    assert not controller.open(second)
    assert controller.window is first_window
    qtbot.waitUntil(lambda: not first_window.tasks.busy, timeout=30_000)
    assert controller.open(second)
    qtbot.waitUntil(lambda: not controller.window.tasks.busy, timeout=30_000)
    assert controller.archive is not None and controller.archive.path == second
    assert preferences.load(store).recent[:2] == (str(second.resolve()), str(first.resolve()))
    window = controller.window
    assert window is not None and window is not first_window
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Open archive…" in texts and "&Settings…" in texts
    recent = controller.recent_menu
    assert recent is not None
    controller._fill_recent()
    entries = [a for a in recent.actions() if a.isEnabled()]
    assert [a.text() for a in entries] == [str(first.resolve())]  # not the one that is open
    entries[0].trigger()
    qtbot.waitUntil(lambda: controller.archive is not None
                    and controller.archive.path == first, timeout=30_000)
    assert controller.archive is not None and controller.archive.path == first
    assert controller.window is not None
    assert str(first) in controller.window.windowTitle()


def test_an_archive_that_cannot_open_leaves_the_current_one_open(
        qtbot, tmp_path: Path, controller: ArchiveController) -> None:  # type: ignore[no-untyped-def]
    assert controller.open(tmp_path / "good")
    window = controller.window
    bad = tmp_path / "photos"
    bad.mkdir()
    (bad / "beach.jpg").write_bytes(b"not an archive")

    def dismiss() -> None:
        box = QApplication.activeModalWidget()
        if box is not None:
            box.close()

    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)
    QTimer.singleShot(0, dismiss)
    assert not controller.open(bad)
    assert controller.window is window and window.isVisible()
