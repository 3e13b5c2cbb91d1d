"""The main window driven like a person would: cases, importing, cancelling, closing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QToolBar

from archive.models import IngestReport
from ui.import_form import ImportForm
from ui.item_tree import ItemTreeModel
from ui.main_window import MainWindow

LONG = 180_000


def _case_rows(w: MainWindow) -> list[str]:
    return [w.case_model.index(r, 0).data() for r in range(w.case_model.rowCount())]


def _table(w: MainWindow) -> dict[str, tuple[str, str]]:
    """title -> (status, tooltip) as the table shows them."""
    out = {}
    for r in range(w.item_proxy.rowCount()):
        title = w.item_proxy.index(r, ItemTreeModel.COL_TITLE).data()
        status = w.item_proxy.index(r, ItemTreeModel.COL_STATUS).data()
        tip = w.item_proxy.index(r, ItemTreeModel.COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
        out[title] = (status, tip)
    return out


def _many_files(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"note-{i:04d}.txt").write_text(
            f"Note {i}: payment record number {i * 7919} for the compound.", encoding="utf-8")
    return folder


def test_a_new_archive_shows_all_items_and_an_empty_table(window) -> None:
    assert _case_rows(window) == ["All items"]
    assert window.item_proxy.rowCount() == 0
    assert window.width() >= 1000 and window.height() >= 700


def test_a_new_archive_tells_a_new_user_how_to_bring_evidence_in(window) -> None:
    assert window.empty_hint.isVisible()
    assert "Import files" in window.empty_hint.text()
    toolbar_texts = [a.text() for a in window.findChild(QToolBar, "searchBar").actions()]
    assert window.import_files_action.text() in toolbar_texts
    assert window.import_folder_action.text() in toolbar_texts


def test_creating_a_case_through_the_window_shows_it_in_the_list(qtbot, window) -> None:
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("KK Park 2024", "Testimonies from the KK Park compound")
    assert _case_rows(window) == ["All items", "KK Park 2024 (0)"]
    assert window.case_title == "KK Park 2024"
    assert window.case_view.currentIndex().row() == 1


def test_creating_a_case_twice_explains_the_problem(qtbot, window) -> None:
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("Shwe Kokko")
    window.create_case("Shwe Kokko")
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=LONG)
    assert "already a case" in window.last_message.text()
    window.last_message.close()


def test_importing_files_shows_progress_and_the_new_items_and_why_one_failed(
    qtbot, window, write_texts,
) -> None:
    paths = write_texts({
        "witness-a.txt": "I was recruited by an online advert for a job in Bangkok.",
        "witness-b.txt": "พวกเขายึดหนังสือเดินทางของเราไว้ที่ชายแดน",
        "empty.txt": "",
    })
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("Recruitment")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    progress: list[tuple[int, int]] = []

    task = window.import_paths(paths)
    assert task is not None
    task.progressed.connect(lambda done, total, _name: progress.append((done, total)))
    assert window.import_panel.isVisible()
    with qtbot.waitSignal(window.import_finished, timeout=LONG) as finished:
        pass
    timer.stop()
    report: IngestReport = finished.args[0]

    assert progress and progress[-1] == (3, 3)
    assert len(ticks) > 5, "the event loop kept running while the files were imported"
    assert not window.import_panel.isVisible()
    assert window.statusBar().currentMessage() == "2 imported, 1 failed"
    assert report.count("failed") == 1
    qtbot.waitUntil(lambda: window.item_proxy.rowCount() == 3, timeout=LONG)
    table = _table(window)
    assert table["witness-a.txt"][0] == "ok"
    status, tip = table["empty.txt"]
    reason = next(o.reason for o in report.outcomes if o.status == "failed")
    assert status == "failed" and reason in tip
    assert _case_rows(window) == ["All items", "Recruitment (3)"]
    assert window.count_label.text() == "3 items · 1 failed"

    failed_row = next(r for r in range(window.item_proxy.rowCount())
                      if window.item_proxy.index(r, 0).data() == "empty.txt")
    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        window.item_view.setCurrentIndex(window.item_proxy.index(failed_row, 0))
    assert reason in window.viewer.meta.toPlainText()
    assert "SHA-256" in window.viewer.meta.toPlainText()


def test_importing_with_no_case_selected_asks_which_case_and_then_shows_it(
    qtbot, window, write_texts,
) -> None:
    paths = write_texts({"advert.txt": "Hiring now: customer service, high salary, Myawaddy."})
    assert window.case_title is None  # "All items" is selected
    assert window.import_paths(paths) is None  # the form asks first
    form = window.intake.form
    assert isinstance(form, ImportForm)
    assert form.windowTitle() == "Import into which case?"
    form.case.setCurrentText("Adverts")
    with qtbot.waitSignal(window.import_finished, timeout=LONG):
        form.accept()
    qtbot.waitUntil(lambda: window.case_title == "Adverts" and window.item_proxy.rowCount() == 1,
                    timeout=LONG)
    assert "Adverts (1)" in _case_rows(window)


def test_cancelling_an_import_stops_it_and_the_window_stays_usable(
    qtbot, window, tmp_path,
) -> None:
    folder = _many_files(tmp_path, 400)
    task = window.import_paths([folder], case="Payments")
    assert task is not None
    with qtbot.waitSignal(task.progressed, timeout=LONG):
        pass
    with qtbot.waitSignal(window.import_finished, timeout=LONG) as finished:
        window.import_panel.cancel_button.click()
    report: IngestReport = finished.args[0]
    assert report.cancelled
    assert window.statusBar().currentMessage().startswith("Import cancelled")
    assert not window.import_panel.isVisible()
    assert not window.importer.running
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)
    assert 0 < window.item_proxy.rowCount() < 400

    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.create_case("After the cancel")
    assert "After the cancel (0)" in _case_rows(window)


def test_closing_the_window_while_an_import_runs_cancels_it_and_waits(
    qtbot, window, tmp_path,
) -> None:
    folder = _many_files(tmp_path, 400)
    task = window.import_paths([folder], case="Closing")
    assert task is not None
    with qtbot.waitSignal(task.progressed, timeout=LONG):
        pass
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=LONG)
    assert task.cancelled
    assert not window.tasks.busy


def test_the_first_lists_are_kept_out_of_full_collections_until_the_window_closes(
    qtbot, archive,
) -> None:
    """A full garbage collection walked every object with the GIL held, 40-50 ms with
    10,000 items listed (issue 8); the window's first load is frozen, and let go on close."""
    import gc

    import shiboken6

    gc.unfreeze()
    w = MainWindow(archive)
    w.show()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=LONG)
    w.shutdown()
    assert gc.get_freeze_count() == 0
    w.close()
    shiboken6.delete(w)
