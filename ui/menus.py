"""The main window's menus and the buttons before the search box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(w: MainWindow) -> None:
    """File, Search, Entities and Timeline menus; the actions a new user looks for also as
    buttons before the search box."""
    file_menu = w.menuBar().addMenu(w.tr("&File"))
    w.new_case_action = w._action(w.tr("&New case…"), w.new_case_dialog,
                                  QKeySequence.StandardKey.New)
    w.import_files_action = w._action(w.tr("&Import files…"), w.import_files_dialog, "Ctrl+I")
    w.import_folder_action = w._action(w.tr("Import &folder…"),
                                       w.import_folder_dialog, "Ctrl+Shift+I")
    quit_action = w._action(w.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit)
    w.export_action = w._action(w.tr("&Export case…"), w.show_export_dialog, "Ctrl+E")
    w.open_original_action = w._action(w.tr("&Open original"), w.originals.open_original,
                                       "Ctrl+Shift+O")
    w.open_original_action.setToolTip(w.tr(
        "Open a read-only copy of the item's original file in this computer's own viewer"))
    w.show_in_folder_action = w._action(w.tr("Show original in &folder"),
                                        w.originals.show_in_folder)
    for action in (w.new_case_action, w.import_files_action, w.import_folder_action,
                   w.export_action, None, w.open_original_action, w.show_in_folder_action):
        if action is None:
            file_menu.addSeparator()
            continue
        file_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    build_edit_menu(w)
    search_menu = w.menuBar().addMenu(w.tr("&Search"))
    w.batch_action = w._action(w.tr("&Batch search…"), w.show_batch_search, "Ctrl+B")
    for action in (w.save_search_action, w.batch_action):
        search_menu.addAction(action)
    search_menu.addSeparator()
    search_menu.addAction(w.help_action)
    entity_menu = w.menuBar().addMenu(w.tr("&Entities"))
    entity_menu.addAction(w.viewer.text.tag_action)
    w.show_entities_action = w._action(
        w.tr("Show &entities"), lambda: w.show_panel("entities"), "Ctrl+Shift+E")
    w.show_suggestions_action = w._action(
        w.tr("Show &suggestions"), lambda: w.lower_tabs.setCurrentWidget(
            w.entities.suggestions), "Ctrl+Shift+G")
    entity_menu.addAction(w.show_entities_action)
    entity_menu.addAction(w.show_suggestions_action)
    entity_menu.addSeparator()
    w.grade_action = w._action(w.tr("&Grade the item's source…"), w.grade_item)
    entity_menu.addAction(w.grade_action)
    w.item_view.addAction(w.grade_action)  # the item list's right-click menu
    w.item_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    timeline_menu = w.menuBar().addMenu(w.tr("&Timeline"))
    timeline_menu.addAction(w.timeline.show_action)
    timeline_menu.addAction(w.timeline.cite_action)
    # The actions a new user looks for, as buttons before the search box.
    bar = w.findChild(QToolBar, "searchBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    search_widget = bar.actions()[0]
    for action in (w.import_files_action, w.import_folder_action, w.new_case_action):
        bar.insertAction(search_widget, action)
    bar.insertSeparator(search_widget)
    find = w._action(w.tr("Find"), w._focus_search, QKeySequence.StandardKey.Find)
    w.addAction(find)


def build_edit_menu(w: MainWindow) -> None:
    """Edit: paste a screenshot (Ctrl+V where the lists have focus; text boxes keep their own
    Ctrl+V)."""
    edit_menu = w.menuBar().addMenu(w.tr("&Edit"))
    edit_menu.addAction(w.edits.undo_action)
    edit_menu.addAction(w.edits.redo_action)
    edit_menu.addSeparator()
    w.paste_action = w._action(w.tr("&Paste screenshot"), w.intake.paste,
                               QKeySequence.StandardKey.Paste)
    w.paste_action.setToolTip(w.tr(
        "Import the picture on the clipboard as a new screenshot item (Ctrl+V in a list)"))
    w.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    for view in (w.item_view, w.case_view, w.results.list):
        view.addAction(w.paste_action)
    edit_menu.addAction(w.paste_action)
    edit_menu.addSeparator()
    for action in (w.edits.tag_action, w.edits.untag_action, w.edits.rename_action):
        edit_menu.addAction(action)
    w.item_view.addAction(w.open_original_action)  # the item list's right-click menu
