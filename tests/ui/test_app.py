"""Starting the GUI: the window opens on an archive; an archive that cannot open is explained."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import main
from ui.app import application, open_or_explain, run_gui
from ui.main_window import MainWindow


def _close_dialog_later(seen: list[str]) -> None:
    def close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, close)


def test_a_folder_that_is_not_an_archive_is_explained_in_a_dialog(qtbot, tmp_path) -> None:
    application()
    folder = tmp_path / "holiday photos"
    folder.mkdir()
    (folder / "beach.jpg").write_bytes(b"not an archive")
    seen: list[str] = []
    _close_dialog_later(seen)
    assert open_or_explain(folder, main.open_archive) is None
    assert len(seen) == 1
    assert "already contains other files" in seen[0]


def test_run_gui_opens_the_main_window_and_returns_when_it_is_closed(qtbot, tmp_path) -> None:
    app = application()
    shown: list[str] = []

    def close_window() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        shown.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()

    QTimer.singleShot(500, close_window)
    assert run_gui(tmp_path / "new archive", open_archive=main.open_archive) == 0
    assert app.applicationName() == "Casefile"
    assert shown == [f"Casefile — {Path(tmp_path / 'new archive')}"]
