"""Everyday edits from the window, undone and redone: tags, titles, grades. Every step and every
undo is a new custody row; the chain stays whole. Opening an original opens a checked copy."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from archive.service import Archive
from ui.item_tree import ItemTreeModel
from ui.main_window import MainWindow

LONG = 180_000


@pytest.fixture
def listed(qtbot, window: MainWindow, write_texts) -> int:  # type: ignore[no-untyped-def]
    """One testimony in the case "Passports", chosen in the item list; its id."""
    paths = write_texts({"IMG_2231.txt": "The boss at KK Park took our passports."})
    with qtbot.waitSignal(window.import_finished, timeout=LONG):
        window.import_paths(paths, case="Passports")
    qtbot.waitUntil(lambda: window.item_proxy.rowCount() == 1 and not window.tasks.busy,
                    timeout=LONG)
    window.item_view.setCurrentIndex(window.item_proxy.index(0, 0))
    window.item_view.setFocus()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)
    return int(window.item_proxy.index(0, 0).data(ItemTreeModel.ItemIdRole))


def _settled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.edits.queue.busy and not window.tasks.busy, timeout=LONG)


def _actions(archive: Archive, item_id: int) -> list[str]:
    return [str(r["action"]) for r in archive.custody_log(item_id)]


def _cell(window: MainWindow, column: int) -> str:
    return str(window.item_proxy.index(0, column).data())


def test_ctrl_t_tags_the_item_and_undo_redo_go_through_the_archive(
    qtbot, window: MainWindow, listed: int,
) -> None:
    archive = window.archive
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=LONG)
    window.item_view.setFocus()
    qtbot.keyClick(window.item_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = window.edits.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("passport confiscation")
    dialog.accept()
    _settled(qtbot, window)
    assert archive.tags(listed) == ("passport confiscation",)
    qtbot.waitUntil(lambda: _cell(window, ItemTreeModel.COL_TAGS) == "passport confiscation",
                    timeout=LONG)

    window.activateWindow()  # the dialog has closed: the window manager gives the focus back
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=LONG)
    qtbot.keyClick(window.item_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _settled(qtbot, window)
    assert archive.tags(listed) == ()
    qtbot.keyClick(window.item_view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _settled(qtbot, window)
    assert archive.tags(listed) == ("passport confiscation",)
    assert _actions(archive, listed)[-3:] == ["tag", "untag", "tag"]
    assert archive.verify().ok


def test_a_rename_is_undone_to_the_old_title_and_both_steps_are_in_custody(
    qtbot, window: MainWindow, listed: int,
) -> None:
    archive = window.archive
    dialog = window.edits.ask_title()
    assert dialog is not None and dialog.textValue() == "IMG_2231.txt"
    dialog.setTextValue("Testimony of W-001 (KK Park)")
    dialog.accept()
    _settled(qtbot, window)
    assert archive.item(listed).title == "Testimony of W-001 (KK Park)"
    qtbot.waitUntil(lambda: _cell(window, ItemTreeModel.COL_TITLE).startswith("Testimony"),
                    timeout=LONG)
    assert window.edits.undo_action.text() == "&Undo Rename to “Testimony of W-001 (KK Park)”"
    window.edits.undo_action.trigger()
    _settled(qtbot, window)
    assert archive.item(listed).title == "IMG_2231.txt"
    assert archive.item(listed).filename == "IMG_2231.txt"
    retitles = [(r["detail"]["from"], r["detail"]["to"])
                for r in archive.custody_log(listed) if r["action"] == "retitle"]
    assert retitles == [("IMG_2231.txt", "Testimony of W-001 (KK Park)"),
                        ("Testimony of W-001 (KK Park)", "IMG_2231.txt")]
    assert archive.verify().ok


def test_undoing_a_first_grade_leaves_the_item_ungraded_and_logs_it(
    qtbot, window: MainWindow, listed: int,
) -> None:
    archive = window.archive
    window.grade_action.trigger()
    qtbot.waitUntil(lambda: window.grader.dialog is not None
                    and window.grader.dialog.isVisible(), timeout=LONG)
    dialog = window.grader.dialog
    dialog.source.setCurrentText("Partner NGO")
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
    dialog.credibility.setCurrentIndex(dialog.credibility.findData(2))
    with qtbot.waitSignal(window.grader.graded, timeout=LONG):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    _settled(qtbot, window)
    assert archive.item(listed).grade == "B2"
    window.edits.undo_action.trigger()
    _settled(qtbot, window)
    assert archive.item(listed).grade == ""
    assert _actions(archive, listed)[-2:] == ["grade", "ungrade"]


class _Opened(QObject):
    """Where Qt hands the file URLs the window asks the system to open (Qt's own hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_original_opens_a_read_only_checked_copy_never_the_archive_s_file(
    qtbot, window: MainWindow, listed: int,
) -> None:
    archive = window.archive
    item = archive.item(listed)
    stored = archive.storage.object_path(item.sha256)
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        with qtbot.waitSignal(window.originals.opened, timeout=LONG):
            window.open_original_action.trigger()
        with qtbot.waitSignal(window.originals.opened, timeout=LONG):
            window.show_in_folder_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    copy = Path(opened.urls[0].toLocalFile())
    assert copy.name == "IMG_2231.txt"
    assert copy.resolve() != stored.resolve()
    assert copy.read_bytes() == stored.read_bytes()
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert Path(opened.urls[1].toLocalFile()) == copy.parent
    assert "read-only copy" in window.statusBar().currentMessage()
    assert archive.verify().ok


def test_the_status_bar_counts_the_background_tasks(qtbot, window: MainWindow, tmp_path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"note-{i:02d}.txt").write_text(f"Payment record {i}", encoding="utf-8")
    counts: list[int] = []
    window.tasks.count_changed.connect(counts.append)
    with qtbot.waitSignal(window.import_finished, timeout=LONG):
        window.import_paths([folder], case="Payments")
        assert window.task_label.isVisible()
        assert "background task" in window.task_label.text()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)
    assert max(counts) >= 1 and counts[-1] == 0
    assert not window.task_label.isVisible()
