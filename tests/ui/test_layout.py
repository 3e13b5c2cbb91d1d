"""The window's panels: docked where a person expects them, toggled from View, remembered."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMenu

from ui.item_tree import ItemTreeModel
from ui.layout import window_settings
from ui.main_window import MainWindow

LONG = 180_000


def _view_menu(w: MainWindow) -> QMenu:
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
    assert isinstance(menu, QMenu)
    return menu


def _open_window(qtbot, archive) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(archive)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.case_model.rowCount() >= 1 and not w.tasks.busy, timeout=LONG)
    return w


def _close(w: MainWindow) -> None:
    w.shutdown()
    w.close()
    shiboken6.delete(w)


def test_the_panels_are_docked_left_and_right_of_the_list(window) -> None:
    area = window.dockWidgetArea
    assert area(window.docks["cases"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(window.docks["saved"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(window.docks["facets"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(window.docks["entities"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(window.docks["viewer"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.centralWidget() is window.middle
    assert window.docks["viewer"].widget() is window.viewer
    for name in ("cases", "saved", "viewer"):
        assert window.docks[name].isVisible(), name
    assert not window.docks["timeline"].isVisible()


def test_the_item_list_has_the_columns_an_investigator_sorts_by(window) -> None:
    model = window.item_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert headers == ["Title", "No.", "Kind", "Date", "Language", "Pages", "Tags", "Grade",
                       "Status", "Exhibit"]
    header = window.item_view.header()
    shown = [headers[header.logicalIndex(v)] for v in range(header.count())
             if not header.isSectionHidden(header.logicalIndex(v))]
    assert shown[:2] == ["Exhibit", "Title"]  # as the issue lists them: exhibit number first
    assert window.item_view.isSortingEnabled()


def test_the_view_menu_hides_and_shows_each_panel(qtbot, window) -> None:
    texts = {a.text(): a for a in _view_menu(window).actions() if a.text()}
    for label in ("&Cases", "&Saved searches", "&Narrow search", "&Entities", "&Viewer",
                  "&Reset layout"):
        assert label in texts, label
    texts["&Viewer"].trigger()
    qtbot.waitUntil(lambda: not window.docks["viewer"].isVisible())
    texts["&Viewer"].trigger()
    qtbot.waitUntil(lambda: window.docks["viewer"].isVisible())


def test_the_arrangement_is_remembered_at_the_next_launch_and_reset_puts_it_back(
    qtbot, archive,
) -> None:
    first = _open_window(qtbot, archive)
    first.docks["saved"].hide()
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.docks["cases"])
    _close(first)
    stored = window_settings()
    assert stored.value("window/state") is not None

    second = _open_window(qtbot, archive)
    try:
        assert not second.docks["saved"].isVisible()
        assert second.dockWidgetArea(second.docks["cases"]) == \
            Qt.DockWidgetArea.RightDockWidgetArea
        second.reset_layout_action.trigger()
        qtbot.waitUntil(lambda: second.docks["saved"].isVisible())
        assert second.dockWidgetArea(second.docks["cases"]) == \
            Qt.DockWidgetArea.LeftDockWidgetArea
        assert all(not d.isFloating() for d in second.findChildren(QDockWidget))
    finally:
        _close(second)


def test_a_saved_arrangement_from_another_version_is_ignored(qtbot, archive) -> None:
    settings = window_settings()
    settings.setValue("window/state", b"not a window state")
    settings.sync()
    w = _open_window(qtbot, archive)
    try:
        assert w.docks["viewer"].isVisible() and w.docks["cases"].isVisible()
    finally:
        _close(w)


def test_the_filter_box_keeps_only_matching_rows(qtbot, window, write_texts) -> None:
    paths = write_texts({"advert-bangkok.txt": "Job in Bangkok", "passport.txt": "passport"})
    with qtbot.waitSignal(window.import_finished, timeout=LONG):
        window.import_paths(paths, case="Adverts")
    qtbot.waitUntil(lambda: window.item_proxy.rowCount() == 2, timeout=LONG)
    qtbot.keyClicks(window.item_filter, "bangkok")
    titles = [window.item_proxy.index(r, ItemTreeModel.COL_TITLE).data()
              for r in range(window.item_proxy.rowCount())]
    assert titles == ["advert-bangkok.txt"]
    window.item_filter.clear()
    assert window.item_proxy.rowCount() == 2


def test_columns_hidden_at_first_can_be_shown_and_are_remembered(qtbot, archive) -> None:
    first = _open_window(qtbot, archive)
    header = first.item_view.header()
    assert header.isSectionHidden(ItemTreeModel.COL_LANGUAGE)
    assert not header.isSectionHidden(ItemTreeModel.COL_TAGS)
    menu = first.item_view.column_menu()
    language = next(a for a in menu.actions() if a.text() == "Language")
    language.trigger()
    assert not header.isSectionHidden(ItemTreeModel.COL_LANGUAGE)
    _close(first)

    second = _open_window(qtbot, archive)
    try:
        header = second.item_view.header()
        assert not header.isSectionHidden(ItemTreeModel.COL_LANGUAGE)
        second.reset_layout()
        assert header.isSectionHidden(ItemTreeModel.COL_LANGUAGE)
    finally:
        _close(second)
