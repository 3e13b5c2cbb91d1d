"""Getting evidence in as a person does: dropping files on a case or the window, pasting a
screenshot, the provenance form, and retrying only the files that failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from archive.models import IngestReport
from ui.import_form import ImportForm
from ui.main_window import MainWindow

LONG = 180_000


def _urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop(target, mime: QMimeData, point: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Drag ``mime`` over ``target`` and let go at ``point``, as the window system reports it:
    Qt delivers a drop only to the widget that accepted the drag's entering."""
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the drag was refused"
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def _form(window: MainWindow) -> ImportForm:
    form = window.intake.form
    assert isinstance(form, ImportForm), "the provenance form did not open"
    return form


def _case_point(window: MainWindow, title: str) -> QPoint:
    model = window.case_model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data().startswith(title + " ("))
    return window.case_view.visualRect(model.index(row, 0)).center()


def _finish(qtbot, window: MainWindow, form: ImportForm) -> IngestReport:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.import_finished, timeout=LONG) as finished:
        form.accept()
    report = finished.args[0]
    assert isinstance(report, IngestReport)
    return report


def test_a_folder_dropped_on_a_case_goes_into_that_case_with_the_batch_s_provenance(
    qtbot, window, write_texts,
) -> None:
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("Recruitment")
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("Payments")
    paths = write_texts({"advert.txt": "Job in Bangkok, high salary.",
                         "chat.txt": "The agent will drive you to Mae Sot."}, folder="drop")
    _drop(window.case_view.viewport(), _urls(paths[0].parent),
          _case_point(window, "Recruitment"))
    form = _form(window)
    assert form.case_title() == "Recruitment"  # the case it was dropped on, not the selected
    form.source.setText("Facebook group 'Jobs Thailand'")
    form.collected_by.setText("K. Somchai")
    form.collected_at.setText("2024-03-12")
    form.notes.setPlainText("Saved before the group was deleted.")
    report = _finish(qtbot, window, form)

    assert report.count("ok") == 2
    items = window.archive.items(case="Recruitment")
    assert {i.filename for i in items} == {"advert.txt", "chat.txt"}
    assert {(i.source, i.collected_by, i.collected_at, i.notes) for i in items} == {
        ("Facebook group 'Jobs Thailand'", "K. Somchai", "2024-03-12",
         "Saved before the group was deleted.")}
    assert window.docks["imports"].isVisible()
    assert window.import_log.files.topLevelItemCount() == 2


def test_files_dropped_on_the_window_ask_for_a_case_and_a_bad_date_is_explained(
    qtbot, window, write_texts,
) -> None:
    paths = write_texts({"witness.txt": "They took our passports at the border."})
    _drop(window, _urls(*paths), QPoint(600, 300))
    form = _form(window)
    assert form.case_title() == ""  # "All items" is selected: the person chooses
    form.accept()
    assert form.isVisible() and "case" in form.problem.text()
    form.case.setCurrentText("Testimonies")
    form.collected_at.setText("12/03/2024")
    form.accept()
    assert form.isVisible() and form.problem.isVisible()
    assert "12/03/2024" in form.problem.text()
    form.collected_at.setText("2024-03")
    _finish(qtbot, window, form)
    assert [i.collected_at for i in window.archive.items(case="Testimonies")] == ["2024-03"]


def test_a_drop_of_web_links_only_says_what_can_be_imported(window) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/advert.html")])
    assert window.intake.handle_drop(mime) is None
    assert "files and folders on this computer" in window.statusBar().currentMessage()


def test_a_pasted_screenshot_becomes_a_screenshot_item_that_is_read(
    qtbot, window, corpus: Path,
) -> None:
    image = QImage(str(corpus / "screens_dev" / "d000_en_light.png"))
    assert not image.isNull()
    QApplication.clipboard().setImage(image)
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("Chats")
    window.item_view.setFocus()
    window.paste_action.trigger()
    form = _form(window)
    assert "clipboard" in form.what.text()
    report = _finish(qtbot, window, form)
    assert report.count("ok") == 1
    [item] = window.archive.items(case="Chats")
    assert item.kind == "screenshot"
    assert item.filename.startswith("Screenshot ") and item.filename.endswith(".png")
    assert "Shwe Kokko" in window.archive.pages(item.id)[0].text
    leftovers = list((window.archive.path / "tmp").rglob("*.png"))
    assert leftovers == [], "the pasted picture's temporary file was left behind"


def test_pasting_with_no_picture_on_the_clipboard_explains_it(window) -> None:
    QApplication.clipboard().setText("just some words")
    assert window.intake.paste() is None
    assert "no picture" in window.statusBar().currentMessage()


@pytest.mark.slow
def test_retry_imports_again_only_the_files_that_failed(qtbot, window, write_texts) -> None:
    paths = write_texts({"good.txt": "A payment of 30000 baht to the compound.",
                         "empty.txt": ""})
    with qtbot.waitSignal(window.import_finished, timeout=LONG):
        window.import_paths(paths, case="Payments")
    failures = window.import_log.failures()
    assert [name for name, _ in failures] == [str(paths[1])]
    assert failures[0][1], "a failure is listed with its reason"
    assert window.import_log.retry_button.isEnabled()

    with qtbot.waitSignal(window.import_finished, timeout=LONG) as finished:
        window.import_log.retry_button.click()
    report: IngestReport = finished.args[0]
    assert [Path(o.path).name for o in report.outcomes] == ["empty.txt"]
    assert report.count("failed") == 1
    empty = next(i for i in window.archive.items(case="Payments") if i.filename == "empty.txt")
    assert [r["action"] for r in window.archive.custody_log(empty.id)].count("extract") == 2
