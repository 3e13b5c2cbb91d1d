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


def test_an_export_can_be_cancelled_and_leaves_nothing_behind(
    qtbot, window: MainWindow, archive: Archive,  # type: ignore[no-untyped-def]
    write_texts: Callable[..., list[Path]], tmp_path: Path,
) -> None:
    texts = {f"statement-{n}.txt": f"Statement {n}: the broker took our passports at the river."
             for n in range(6)}
    archive.ingest(write_texts(texts), case="Mae Sot")
    window.refresh_cases(select="Mae Sot")
    qtbot.waitUntil(lambda: window.case_title == "Mae Sot" and not window.tasks.busy,
                    timeout=LONG)
    dialog = window.show_export_dialog()
    dialog.format.setCurrentIndex(dialog.format.findData("dossier"))
    out = tmp_path / "mae-sot.pdf"
    dialog.out.setText(str(out))
    task = dialog.start()
    assert task is not None and dialog.cancel_button.text() == "Cancel export"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # at once
    qtbot.waitUntil(lambda: dialog.task is None, timeout=LONG)
    assert "cancelled" in dialog.message.text() and dialog.produced is None
    assert not out.exists() and list(tmp_path.glob("mae-sot.pdf*")) == []
    assert dialog.cancel_button.text() == "Close" and dialog.export_button.isEnabled()
    # Nothing was produced, so nothing was written to the custody log as exported.
    assert not [e for e in archive.custody_log() if str(e["action"]).startswith("export")]
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # now it closes
    assert not dialog.isVisible()
