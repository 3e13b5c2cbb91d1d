"""Exporting from the window: choose the case and format, preview what will be redacted (by
pseudonym only), export in the background with progress, read the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from archive.service import Archive
from tests.ui.conftest import LONG
from ui.main_window import MainWindow


def test_preview_then_export_a_redacted_dossier(
    qtbot, window: MainWindow, archive: Archive,  # type: ignore[no-untyped-def]
    write_texts: Callable[..., list[Path]], tmp_path: Path,
) -> None:
    paths = write_texts({"statement.txt": "Nang Seng told us the broker took her passport."})
    archive.ingest(paths, case="Mae Sot")
    archive.add_entity("Nang Seng", "person", protected=True)
    window.refresh_cases(select="Mae Sot")
    qtbot.waitUntil(lambda: window.case_title == "Mae Sot" and not window.tasks.busy,
                    timeout=LONG)
    dialog = window.show_export_dialog()  # File > Export case… (Ctrl+E)
    assert dialog.case.currentText() == "Mae Sot"  # the selected case
    assert dialog.redact.isChecked()  # the safe choice is the default
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=LONG)
    shown = [dialog.table.item(0, c).text() for c in range(4)]
    assert shown[2] == "W-001" and "[W-001] told us" in shown[3]
    assert not any("Nang" in s for s in shown)
    dialog.grab().save(str(tmp_path / "export-dialog.png"))  # to look at
    # No place chosen yet: the dialog says so instead of failing.
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "Choose where" in dialog.message.text()
    dialog.format.setCurrentIndex(dialog.format.findData("dossier"))
    out = tmp_path / "mae-sot.pdf"
    dialog.out.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.produced is not None, timeout=LONG)
    assert out.is_file() and dialog.produced.redacted
    assert "redacted and checked" in dialog.message.text()
    assert dialog.export_button.isEnabled() and not dialog.progress.isVisible()
    import pymupdf

    with pymupdf.open(out) as doc:
        text = "".join(p.get_text() for p in doc)
    assert "W-001" in text and "Nang" not in text
    # Exporting to the same place again is refused in a sentence.
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already exists" in dialog.message.text(), timeout=LONG)
    dialog.close()
