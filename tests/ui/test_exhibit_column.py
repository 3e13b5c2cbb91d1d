"""The item list shows each item's exhibit number in the chosen case, the number the case's
exports and dossier give it, and sorts and filters by it."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt

from archive.service import Archive
from ui.item_tree import ItemTreeModel
from ui.main_window import MainWindow

LONG = 180_000


def shown(window: MainWindow) -> list[tuple[str, str]]:
    """(exhibit, title) of each row, top to bottom, as the list shows them."""
    proxy = window.item_proxy
    return [(str(proxy.index(r, ItemTreeModel.COL_EXHIBIT).data()),
             str(proxy.index(r, ItemTreeModel.COL_TITLE).data()))
            for r in range(proxy.rowCount())]


def test_the_list_numbers_exhibits_per_case_as_the_export_does(
    qtbot, archive: Archive, window: MainWindow, write_texts, tmp_path: Path,
) -> None:
    archive.ingest(write_texts({"other.txt": "A note for another case."}, "a"), case="Other",
                   workers=1)
    archive.ingest(write_texts({"w001.txt": "Testimony one.", "w002.txt": "Testimony two.",
                                "advert.txt": "Jobs in Thailand, high pay."}, "b"),
                   case="KK Park", workers=1)
    with qtbot.waitSignal(window.items_loaded, timeout=LONG):
        window.refresh_cases(select="KK Park")
    qtbot.waitUntil(lambda: window.item_proxy.rowCount() == 3 and not window.tasks.busy,
                    timeout=LONG)
    header = window.item_view.header()
    assert header.visualIndex(ItemTreeModel.COL_EXHIBIT) == 0  # the first column
    assert not header.isSectionHidden(ItemTreeModel.COL_EXHIBIT)

    archive.export("csv", "KK Park", tmp_path / "out")
    with (tmp_path / "out" / "register.csv").open(encoding="utf-8-sig", newline="") as f:
        register = {row["title"]: row["exhibit"] for row in csv.DictReader(f)}
    assert sorted(register.values()) == ["E-001", "E-002", "E-003"]
    assert {title: exhibit for exhibit, title in shown(window)} == register

    # A click on the header sorts by exhibit number, a second click the other way.
    window.item_view.sortByColumn(ItemTreeModel.COL_EXHIBIT, Qt.SortOrder.AscendingOrder)
    assert [e for e, _t in shown(window)] == ["E-001", "E-002", "E-003"]
    window.item_view.sortByColumn(ItemTreeModel.COL_EXHIBIT, Qt.SortOrder.DescendingOrder)
    assert [e for e, _t in shown(window)] == ["E-003", "E-002", "E-001"]
    window.item_filter.setText("E-002")
    assert shown(window) == [("E-002", next(t for t, e in register.items() if e == "E-002"))]
    window.item_filter.clear()

    # The other case counts from its own first exhibit.
    with qtbot.waitSignal(window.items_loaded, timeout=LONG):
        window.refresh_cases(select="Other")
    assert shown(window) == [("E-001", "other.txt")]


def test_the_exhibit_column_passes_the_model_checks(qtmodeltester, archive: Archive,
                                                    write_texts) -> None:
    archive.ingest(write_texts({"a.txt": "one", "b.txt": "two"}), case="KK Park", workers=1)
    model = ItemTreeModel()
    model.set_items(archive.items(), {}, archive.exhibit_numbers("KK Park"))
    qtmodeltester.check(model)
    assert [model.index(r, ItemTreeModel.COL_EXHIBIT).data() for r in range(2)] == [
        "E-001", "E-002"]
