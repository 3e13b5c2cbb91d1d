"""The window open while the command line imports into the same archive: no lock error reaches
the person, and the new items show up in the list by themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from archive.service import Archive
from ui.item_tree import ItemTreeModel
from ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
LONG = 180_000


def _titles(w: MainWindow) -> set[str]:
    return {w.item_proxy.index(r, ItemTreeModel.COL_TITLE).data()
            for r in range(w.item_proxy.rowCount())}


def _cases(w: MainWindow) -> list[str]:
    return [w.case_model.index(r, 0).data() for r in range(w.case_model.rowCount())]


def test_items_the_command_line_imports_appear_in_the_open_window(
    qtbot, window: MainWindow, archive: Archive, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    files = tmp_path / "cli-files"
    files.mkdir()
    for n in range(3):
        (files / f"cli-note-{n}.txt").write_text(
            f"Note {n} typed on the border: the boat left Myawaddy at night.", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive.path), "ingest",
         str(files), "--case", "Myawaddy"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Meanwhile the person works in the window: searching reads the same database and index.
    window.search_box.setText("boat")
    window.run_search()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    assert "locked" not in err.lower()
    qtbot.waitUntil(lambda: {"cli-note-0.txt", "cli-note-1.txt", "cli-note-2.txt"}
                    <= _titles(window), timeout=LONG)
    qtbot.waitUntil(lambda: "Myawaddy (3)" in _cases(window), timeout=LONG)
    assert not any(isinstance(b, QMessageBox) and b.isVisible()
                   for b in window.findChildren(QMessageBox))
