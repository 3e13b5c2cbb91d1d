"""Grades in the window: the item list's Grade column and filter, search results, facets that
narrow a search to one grade, and the grade of each item on an entity page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from archive.entity_models import PERSON
from archive.service import Archive
from ui.item_tree import ItemTreeModel
from ui.main_window import MainWindow
from ui.models import SearchResultModel

LONG = 180_000

TEXTS = {
    "a-ngo.txt": "Zhao Wei took the passports of forty workers at the compound.",
    "b-tip.txt": "An anonymous caller said Zhao Wei runs the guards of the compound.",
    "c-ungraded.txt": "A blog post about the compound, author unknown.",
}


@pytest.fixture
def graded(archive: Archive, write_texts) -> dict[str, int]:  # type: ignore[no-untyped-def]
    report = archive.ingest(write_texts(TEXTS), case="KK Park", workers=1)
    ids = {Path(o.path).name: o.item_id for o in report.outcomes if o.item_id is not None}
    archive.grade_source(ids["a-ngo.txt"], source="Partner NGO", reliability="B", credibility=2)
    archive.grade_source(ids["b-tip.txt"], source="Anonymous tip", reliability="E",
                         credibility=5)
    return ids


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)


def _item_grades(window: MainWindow) -> dict[str, str]:
    proxy = window.item_proxy
    return {proxy.index(r, ItemTreeModel.COL_TITLE).data():
            proxy.index(r, ItemTreeModel.COL_GRADE).data() for r in range(proxy.rowCount())}


def _search(qtbot, window: MainWindow, query: str) -> None:  # type: ignore[no-untyped-def]
    window.search_box.setText(query)
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def _headings(window: MainWindow) -> list[str]:
    model = window.results.model
    return sorted(model.index(r, 0).data(SearchResultModel.HeadingRole).replace(" · page 1", "")
                  for r in range(model.rowCount()))


def test_the_item_list_shows_grades_and_filters_on_them(qtbot, graded, window) -> None:
    window.load_items()
    _idle(qtbot, window)
    assert _item_grades(window) == {"a-ngo.txt": "B2", "b-tip.txt": "E5", "c-ungraded.txt": ""}
    proxy = window.item_proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, ItemTreeModel.COL_TITLE).data() == "a-ngo.txt")
    tip = proxy.index(row, ItemTreeModel.COL_GRADE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == ("From Partner NGO: source usually reliable (B),"
                   " information probably true (2)")

    window.grade_filter.set_filters("A-C", "")
    qtbot.waitUntil(lambda: list(_item_grades(window)) == ["a-ngo.txt"], timeout=LONG)
    assert window.count_label.text() == "1 item"
    window.grade_filter.set_filters("", "1-5")
    qtbot.waitUntil(lambda: sorted(_item_grades(window)) == ["a-ngo.txt", "b-tip.txt"],
                    timeout=LONG)
    window.grade_filter.set_filters("", "")
    qtbot.waitUntil(lambda: len(_item_grades(window)) == 3, timeout=LONG)


def test_search_results_show_grades_and_a_grade_facet_narrows_the_search(
    qtbot, graded, window,
) -> None:
    _search(qtbot, window, "compound")
    assert _headings(window) == ["a-ngo.txt · graded B2", "b-tip.txt · graded E5",
                                 "c-ungraded.txt"]
    model = window.facet_panel.facets
    facets = {model.item(r).text(): model.item(r) for r in range(model.rowCount())}
    reliability = facets["Source reliability"]
    assert [reliability.child(c).text() for c in range(reliability.rowCount())] == [
        "B · usually reliable (1)", "E · unreliable (1)"]
    credibility = facets["Credibility"]
    assert [credibility.child(c).text() for c in range(credibility.rowCount())] == [
        "2 · probably true (1)", "5 · improbable (1)"]
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.facet_panel.clicked.emit(model.indexFromItem(reliability.child(0)))
    assert window.search_box.text() == "compound reliability:B"
    assert _headings(window) == ["a-ngo.txt · graded B2"]

    _search(qtbot, window, "compound credibility:4-6")
    assert _headings(window) == ["b-tip.txt · graded E5"]


def test_a_wrong_grade_in_a_query_is_explained(qtbot, graded, window) -> None:
    _search(qtbot, window, "compound reliability:Z")
    assert "is not a reliability grade" in window.results.summary.text()


def test_an_entity_page_shows_the_grade_of_each_item(
    qtbot, archive: Archive, graded, window,
) -> None:
    for name in ("a-ngo.txt", "b-tip.txt"):
        text = archive.page_text(graded[name], 1)
        start = text.index("Zhao Wei")
        zhao = archive.tag_span(graded[name], 1, start, start + 8, "Zhao Wei", type=PERSON)
    page = window.entities.open_page(zhao.entity_id)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    case = page.mentions.topLevelItem(0)
    titles = sorted(case.child(i).text(0) for i in range(case.childCount()))
    assert titles == ["a-ngo.txt · graded B2", "b-tip.txt · graded E5"]


def test_an_item_is_graded_from_the_item_list_menu(qtbot, archive: Archive, graded, window) -> None:
    window.load_items()
    _idle(qtbot, window)
    assert window.grade_action in window.item_view.actions()  # the list's right-click menu
    proxy = window.item_proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, ItemTreeModel.COL_TITLE).data() == "c-ungraded.txt")
    window.item_view.setCurrentIndex(proxy.index(row, 0))
    _idle(qtbot, window)
    window.grade_action.trigger()
    qtbot.waitUntil(lambda: window.grader.dialog is not None
                    and window.grader.dialog.isVisible(), timeout=LONG)
    dialog = window.grader.dialog
    assert [dialog.source.itemText(i) for i in range(dialog.source.count())] == [
        "Anonymous tip", "Partner NGO"]
    assert dialog.reliability.currentData() == "F" and dialog.credibility.currentData() == 6
    dialog.source.setCurrentText("")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a grade needs a source
    dialog.source.setCurrentText("Radio Free Asia")
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
    dialog.credibility.setCurrentIndex(dialog.credibility.findData(3))
    with qtbot.waitSignal(window.grader.graded, timeout=LONG):
        ok.click()
    _idle(qtbot, window)
    item = archive.item(graded["c-ungraded.txt"])
    assert (item.source_entity, item.grade) == ("Radio Free Asia", "B3")
    assert archive.entity("Radio Free Asia").type == "source"
    qtbot.waitUntil(lambda: _item_grades(window)["c-ungraded.txt"] == "B3", timeout=LONG)
