"""The done-when test of the desktop application: one investigator's session, start to end, in
the real window on a real archive — a case, a folder dropped on it, a Thai search, the hit
opened on its page picture, a name tagged, a sentence put on the timeline, an export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from archive.models import IngestReport
from ui.main_window import MainWindow
from ui.models import SearchResultModel

LONG = 180_000
CASE = "KK Park 2024"
TESTIMONY = ("Testimony recorded in Mae Sot on 12 March 2024. The agent Zhao Wei met Aye Aye in"
             " Bangkok and promised a job in a hotel. On 2 February 2024 they crossed the Moei"
             " near Mae Sot and were taken to KK Park.")


def _drop_on_case(window: MainWindow, folder: Path, title: str) -> None:
    """Drag the folder from the file manager and let go over the case in the case list."""
    view = window.case_view
    model = window.case_model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data().startswith(title + " ("))
    point = view.visualRect(model.index(row, 0)).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    keys, buttons = Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, mime, buttons, keys))


def _settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)


@pytest.mark.slow
def test_an_investigator_s_session_from_a_dropped_folder_to_an_export(
    qtbot, window: MainWindow, corpus: Path, tmp_path: Path,
) -> None:
    archive = window.archive
    # 1. A new case.
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case(CASE, "Recruitment through Bangkok into KK Park")

    # 2. A folder from the field, dropped on the case: a Thai photo, a testimony, a court PDF.
    folder = tmp_path / "from the field"
    folder.mkdir()
    shutil.copy(corpus / "ocr_gt" / "thai_trdg" / "thai_00.jpg", folder / "thai_00.jpg")
    shutil.copy(corpus / "fixtures_ingest_file" / "106972554.pdf", folder / "judgment.pdf")
    (folder / "testimony.txt").write_text(TESTIMONY, encoding="utf-8")
    _drop_on_case(window, folder, CASE)
    form = window.intake.form
    assert form is not None and form.case_title() == CASE
    form.source.setText("Interview in Mae Sot; partner NGO")
    form.collected_by.setText("K. Somchai")
    progress: list[tuple[int, int]] = []
    window.import_panel.bar.valueChanged.connect(
        lambda _v: progress.append((window.import_panel.bar.value(),
                                    window.import_panel.bar.maximum())))
    with qtbot.waitSignal(window.import_finished, timeout=LONG) as finished:
        form.accept()
        assert window.import_panel.isVisible()
    report: IngestReport = finished.args[0]
    assert report.count("ok") == 3, report.outcomes
    assert progress and progress[-1] == (3, 3)
    assert window.import_log.files.topLevelItemCount() == 3
    qtbot.waitUntil(lambda: window.case_title == CASE and window.item_proxy.rowCount() == 3,
                    timeout=LONG)
    items = {i.filename: i for i in archive.items(case=CASE)}
    assert {i.source for i in items.values()} == {"Interview in Mae Sot; partner NGO"}

    # 3. A Thai word typed into the search box (through the input method): found as you type.
    window._focus_search()
    event = QInputMethodEvent()
    event.setCommitString("อากาศ")
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        QApplication.sendEvent(window.search_box, event)
    model = window.results.model
    headings = [model.index(r, 0).data(SearchResultModel.HeadingRole)
                for r in range(model.rowCount())]
    assert headings and headings[0].startswith("thai_00.jpg")

    # 4. The hit opened: its page picture, the Thai word marked on it by its OCR box.
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.results.select_row(0)
    assert window.viewer.item is not None and window.viewer.item.filename == "thai_00.jpg"
    assert window.viewer.page_view.hits, "the hit is marked on the picture"
    assert "อากาศ" in window.viewer.text.toPlainText()
    _settle(qtbot, window)

    # 5. In the testimony, the agent's name tagged as a person (Ctrl+T in the text).
    testimony = items["testimony.txt"].id
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.show_item(testimony)
    _settle(qtbot, window)
    cursor = window.viewer.text.document().find("Zhao Wei")
    window.viewer.text.setTextCursor(cursor)
    window.viewer.text.tag_action.trigger()
    qtbot.waitUntil(lambda: window.entities.tagger.dialog is not None
                    and window.entities.tagger.dialog.isVisible(), timeout=LONG)
    tag_dialog = window.entities.tagger.dialog
    tag_dialog.type.setCurrentIndex(tag_dialog.type.findData("person"))
    with qtbot.waitSignal(window.viewer.mentions_loaded, timeout=LONG):
        tag_dialog.accept()
    _settle(qtbot, window)
    assert archive.entity("Zhao Wei").type == "person"

    # 6. The crossing put on the case's timeline, citing the words (Ctrl+Shift+T).
    panel = window.timeline.show()
    words = "crossed the Moei near Mae Sot"
    start = archive.page_text(testimony, 1).index(words)
    window.viewer.text.select_span(1, start, start + len(words))
    window.viewer.text.cite_action.trigger()
    citer = window.timeline.citer
    qtbot.waitUntil(lambda: citer.dialog is not None and citer.dialog.isVisible(),
                    timeout=LONG)
    assert citer.dialog.start.text() == "2 February 2024"
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        citer.dialog.buttons.button(citer.dialog.buttons.StandardButton.Ok).click()
    [event_] = [e for e in archive.events(CASE) if e.title == words]
    assert event_.citations[0].item_id == testimony
    _settle(qtbot, window)

    # 7. The case exported as a dossier (Ctrl+E).
    dialog = window.show_export_dialog()
    assert dialog.case.currentText() == CASE
    dialog.format.setCurrentIndex(dialog.format.findData("dossier"))
    out = tmp_path / "kk-park.pdf"
    dialog.out.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.produced is not None, timeout=LONG)
    assert out.is_file() and out.stat().st_size > 0
    dialog.close()
    import pymupdf

    with pymupdf.open(out) as doc:
        text = "".join(page.get_text() for page in doc)
    assert "Zhao Wei" in text and "crossed the Moei" in text
    assert archive.verify().ok  # every step logged, the custody chain whole
