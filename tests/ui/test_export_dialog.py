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
    assert shown[0] == "E-001"  # the exhibit number the export gives the statement
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


def test_marks_made_in_the_dialog_are_saved_and_hidden_in_the_export(
    qtbot, window: MainWindow, archive: Archive,  # type: ignore[no-untyped-def]
    write_texts: Callable[..., list[Path]], tmp_path: Path,
) -> None:
    import json

    from PIL import Image, ImageDraw
    from PySide6.QtCore import QPoint

    paths = write_texts({"statement.txt": "The broker kept our passports at Golden Lotus farm."})
    photo = tmp_path / "files" / "gate.png"
    picture = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(picture).rectangle((150, 100, 250, 160), fill=(200, 30, 30))  # a face
    picture.save(photo)
    archive.ingest([*paths, photo], case="Mae Sot", languages="eng")
    window.refresh_cases(select="Mae Sot")
    qtbot.waitUntil(lambda: window.case_title == "Mae Sot" and not window.tasks.busy,
                    timeout=LONG)
    dialog = window.show_export_dialog()
    marks = dialog.marks
    qtbot.keyClicks(marks.term, "Golden Lotus")
    qtbot.mouseClick(marks.add_term_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: marks.list.count() == 1, timeout=LONG)
    assert "Golden Lotus" in marks.list.item(0).text()
    # The preview follows the marks: the phrase is shown as [redacted] in its context.
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=LONG)
    assert "at [redacted] farm" in dialog.table.item(0, 3).text()

    qtbot.mouseClick(marks.mark_area_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: marks.area_dialog is not None and marks.area_dialog.loaded,
                    timeout=LONG)
    area = marks.area_dialog
    assert area.item.currentText().startswith(f"{archive.items()[-1].id}:")  # only pictures
    page = area.picker._page_rect()
    at = lambda fx, fy: QPoint(page.left() + round(page.width() * fx),  # noqa: E731
                               page.top() + round(page.height() * fy))
    assert not area.ok_button.isEnabled()  # nothing marked yet
    qtbot.mousePress(area.picker, Qt.MouseButton.LeftButton, pos=at(0.3, 0.25))
    qtbot.mouseMove(area.picker, at(0.5, 0.4))
    qtbot.mouseRelease(area.picker, Qt.MouseButton.LeftButton, pos=at(0.7, 0.6))
    assert area.ok_button.isEnabled()
    area.grab().save(str(tmp_path / "mark-area.png"))  # to look at
    qtbot.mouseClick(area.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: marks.list.count() == 2, timeout=LONG)
    [_term, region] = archive.redaction_marks("Mae Sot")
    assert region.box is not None
    assert all(abs(a - b) < 0.02 for a, b in zip(region.box, (0.3, 0.25, 0.7, 0.6),
                                                 strict=True))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=LONG)
    dialog.grab().save(str(tmp_path / "export-dialog-marks.png"))  # to look at
    # Marking again, the page shows the area already marked on it.
    qtbot.mouseClick(marks.mark_area_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: marks.area_dialog is not area and marks.area_dialog.loaded,
                    timeout=LONG)
    assert marks.area_dialog.picker.saved == [region.box]
    marks.area_dialog.reject()

    dialog.format.setCurrentIndex(dialog.format.findData("bundle"))
    out = tmp_path / "bundle"
    dialog.out.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.produced is not None or "failed" in dialog.message.text(),
                    timeout=LONG)
    assert dialog.produced is not None, dialog.message.text()
    data = json.loads((out / "data" / "case.json").read_text(encoding="utf-8"))
    files = {i["filename"]: out / i["file"]["path"] for i in data["items"]}
    text = files["statement.txt"].read_text(encoding="utf-8")
    assert "Golden Lotus" not in text and "[redacted] farm" in text
    with Image.open(files["gate.png"]) as copy:
        rgb = copy.convert("RGB")
        inside = {rgb.getpixel((x, y)) for x in range(125, 275, 5) for y in range(80, 175, 5)}
        assert inside == {(0, 0, 0)}  # the marked area is painted over in the pixels
        assert rgb.getpixel((20, 20)) == (255, 255, 255)  # the rest is as it was

    marks.list.setCurrentRow(0)
    qtbot.mouseClick(marks.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: marks.list.count() == 1, timeout=LONG)
    assert [m.kind for m in archive.redaction_marks("Mae Sot")] == ["region"]
    actions = [r["action"] for r in archive.custody_log()]
    assert actions.count("redaction-mark-add") == 2 and "redaction-mark-remove" in actions
    dialog.close()
