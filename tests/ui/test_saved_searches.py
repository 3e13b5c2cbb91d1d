"""Saved searches in the window: saved from the search box, new hits counted, run again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from archive.searches import SavedCount, SavedSearch
from ui.saved_searches import SavedSearchModel, SaveSearchDialog

LONG = 180_000


def _rows(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.saved_panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _refreshed(qtbot, window, action) -> None:  # type: ignore[no-untyped-def]
    """Do ``action`` and wait until the list has been counted again after it."""
    with qtbot.waitSignal(window.saved_panel.counts_loaded, timeout=LONG):
        action()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)


@pytest.fixture
def filled(archive, write_texts):  # type: ignore[no-untyped-def]
    archive.ingest(write_texts({"a.txt": "Paid 4,000 USDT to wallet TQ7xkAqr93 on 2 May."}),
                   case="KK Park", workers=1)
    return archive


def test_a_new_archive_explains_what_saved_searches_are(window) -> None:
    panel = window.saved_panel
    assert panel.model.rowCount() == 0
    assert panel.empty_hint.isVisible() and not panel.list.isVisible()
    assert "Save search" in panel.empty_hint.text()


def test_a_saved_search_shows_its_new_hits_until_it_is_run_again(
    qtbot, filled, window, write_texts,
) -> None:
    window.search_box.setText("TQ7xkAqr93")
    _refreshed(qtbot, window, lambda: window.saved_panel.save("TQ7x wallet", "TQ7xkAqr93",
                                                              case="KK Park"))
    assert _rows(window) == ["TQ7x wallet\nnothing new · KK Park"]
    assert window.saved_panel.list.isVisible() and not window.saved_panel.empty_hint.isVisible()

    # A new matching item comes in through the window's import: the count goes up.
    paths = write_texts({"b.txt": "Second transfer to TQ7xkAqr93, 9,000 USDT."}, "more")
    with qtbot.waitSignal(window.saved_panel.counts_loaded, timeout=LONG):
        window.import_paths(paths, case="KK Park")
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)
    assert _rows(window) == ["TQ7x wallet\n1 new · KK Park"]
    index = window.saved_panel.model.index(0, 0)
    assert index.data(SavedSearchModel.NewCountRole) == 1
    assert "2 items match, 1 new" in index.data(Qt.ItemDataRole.ToolTipRole)

    # Running it (Enter on the row) searches in the window and clears the count.
    window.saved_panel.list.setCurrentIndex(index)
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        _refreshed(qtbot, window, lambda: window.saved_panel._activated(index))
    assert window.search_box.text() == 'TQ7xkAqr93 case:"KK Park"'
    assert window.results.model.rowCount() == 2
    assert _rows(window) == ["TQ7x wallet\nnothing new · KK Park"]


def test_ctrl_s_asks_a_name_and_can_keep_the_search_to_the_selected_case(
    qtbot, filled, window,
) -> None:
    with qtbot.waitSignal(window.items_loaded, timeout=LONG):
        window.select_case("KK Park")
    window.search_box.setText("usdt")

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SaveSearchDialog)
        assert dialog.name.text() == "usdt"
        dialog.name.setText("USDT in KK Park")
        dialog.only_case.setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    _refreshed(qtbot, window, lambda: qtbot.keySequence(window, "Ctrl+S"))
    assert _rows(window) == ["USDT in KK Park\nnothing new · KK Park"]


def test_saved_searches_can_be_renamed_and_deleted(qtbot, filled, window) -> None:
    _refreshed(qtbot, window, lambda: window.saved_panel.save("usdt", "usdt"))
    _refreshed(qtbot, window, lambda: window.saved_panel.rename("usdt", "USDT payments"))
    assert _rows(window) == ["USDT payments\nnothing new"]
    _refreshed(qtbot, window, lambda: window.saved_panel.delete("USDT payments"))
    assert _rows(window) == []
    assert window.saved_panel.empty_hint.isVisible()


def test_a_duplicate_name_is_explained(qtbot, filled, window) -> None:
    _refreshed(qtbot, window, lambda: window.saved_panel.save("usdt", "usdt"))
    window.saved_panel.save("USDT", "wallet")
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=LONG)
    assert "already a saved search" in window.last_message.text()
    window.last_message.close()


def test_the_saved_search_model_passes_the_model_checks(qtmodeltester) -> None:
    model = SavedSearchModel()
    saved = SavedSearch(1, "wallet", "TQ7x", "KK Park", "2024-05-02T10:00:00", "", 0)
    other = SavedSearch(2, "dates", "date:2024", "", "2024-05-02T10:00:00", "", 0)
    model.set_counts([SavedCount(saved, 3, 2), SavedCount(other, 0, 0, "not a date")])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "wallet\n2 new · KK Park"
    assert model.index(1, 0).data() == "dates\ncannot run"
