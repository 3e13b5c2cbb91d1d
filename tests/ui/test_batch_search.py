"""Batch search from the window: a pasted list, hits per line, the CLI's CSV, cancelling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from archive.searches import BatchRow
from ui.batch_search import BatchOutcome, BatchResultModel, BatchSearchDialog

LONG = 180_000
REPO = Path(__file__).resolve().parents[2]

LINES = "Zhao Wei\n\nnobody known here\ndate:2024-13\n"


@pytest.fixture
def filled(archive, write_texts):  # type: ignore[no-untyped-def]
    archive.ingest(write_texts({
        "call.txt": "Zhao Wei called from 081-234-5678 about the job in Bangkok.",
        "ledger.txt": "Zhao Wei paid the recruiter. Zhao Wei signed for the passports.",
        "other.txt": "The shelter budget meeting.",
    }), case="KK Park", workers=1)
    return archive


def _table(dialog: BatchSearchDialog) -> list[tuple[str, str, str]]:
    m = dialog.model
    return [tuple(m.index(r, c).data() for c in range(3)) for r in range(m.rowCount())]


def _search(qtbot, dialog: BatchSearchDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog.lines.setPlainText(text)
    with qtbot.waitSignal(dialog.search_finished, timeout=LONG):
        qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)


def test_ctrl_b_opens_the_batch_search_with_every_case(qtbot, filled, window) -> None:
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.case_model.rowCount() == 2, timeout=LONG)
    qtbot.keySequence(window, "Ctrl+B")
    dialog = window.batch_dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.case_box.itemText(i) for i in range(dialog.case_box.count())] == [
        "All cases", "KK Park"]
    dialog.close()


def test_a_pasted_list_shows_the_hits_per_line_and_exports_the_clis_csv(
    qtbot, filled, window, tmp_path,
) -> None:
    dialog = window.show_batch_search()
    _search(qtbot, dialog, LINES)
    rows = _table(dialog)
    assert [(line, hits) for line, hits, _top in rows] == [
        ("Zhao Wei", "2"), ("nobody known here", "0"), ("date:2024-13", "—")]
    assert "call.txt" in rows[0][2] and "ledger.txt" in rows[0][2]
    assert rows[1][2] == "no item matches this line"
    assert rows[2][2].startswith("Cannot search this line:") and "not a date" in rows[2][2]
    assert dialog.status.text() == (
        "3 lines searched: 1 with hits, 1 without, 1 could not be searched.")

    gui_csv = tmp_path / "gui.csv"
    with qtbot.waitSignal(dialog.exported, timeout=LONG):
        dialog.export(gui_csv)
    listing = tmp_path / "lines.txt"
    listing.write_text(LINES, encoding="utf-8")
    cli_csv = tmp_path / "cli.csv"
    r = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--archive", str(window.archive.path),
         "batch-search", str(listing), "--csv", str(cli_csv)],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert gui_csv.read_bytes() == cli_csv.read_bytes()
    dialog.close()


def test_double_clicking_a_line_searches_it_in_the_window(qtbot, filled, window) -> None:
    dialog = window.show_batch_search()
    dialog.case_box.setCurrentIndex(dialog.case_box.findData("KK Park"))
    _search(qtbot, dialog, "Zhao Wei\n")
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    assert window.search_box.text() == '"Zhao Wei" case:"KK Park"'
    assert window.results.model.rowCount() == 2
    dialog.close()


def test_a_cancelled_batch_leaves_the_dialog_usable(qtbot, filled, window) -> None:
    dialog = window.show_batch_search()
    dialog.lines.setPlainText("\n".join(f"Zhao Wei {n}" for n in range(400)))
    task = dialog.start()
    assert task is not None and dialog.running and not dialog.search_button.isEnabled()
    with qtbot.waitSignal(dialog.search_finished, timeout=LONG):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.running and dialog.search_button.isEnabled()
    assert not dialog.cancel_button.isEnabled() and not dialog.lines.isReadOnly()
    assert dialog.model.rowCount() < 400
    assert dialog.status.text().startswith("Cancelled after")
    _search(qtbot, dialog, "Zhao Wei\n")  # and it searches again
    assert _table(dialog)[0][:2] == ("Zhao Wei", "2")
    dialog.close()


def test_a_list_loads_from_a_text_or_csv_file(qtbot, filled, window, tmp_path) -> None:
    dialog = window.show_batch_search()
    listing = tmp_path / "wallets.csv"
    listing.write_text("Zhao Wei,person\n081-234-5678,phone\n", encoding="utf-8")
    with qtbot.waitSignal(dialog.tasks.busy_changed, timeout=LONG,
                          check_params_cb=lambda busy: not busy):
        dialog.load(listing)
    assert dialog.lines.toPlainText() == "Zhao Wei\n081-234-5678\n"
    dialog.close()


def test_the_batch_result_model_passes_the_model_checks(qtmodeltester) -> None:
    model = BatchResultModel()
    model.set_outcome(BatchOutcome((BatchRow("a", '"a"', 0, ()),
                                    BatchRow("b:", "b:", 0, (), "bad query")), {}, "", 2))
    qtmodeltester.check(model)


def test_closing_the_window_during_a_batch_stops_it_and_closes(qtbot, filled, window) -> None:
    dialog = window.show_batch_search()
    dialog.lines.setPlainText("\n".join(f"Zhao Wei {n}" for n in range(2000)))
    task = dialog.start()
    assert task is not None
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=LONG)
    assert task.cancelled and not window.tasks.busy
