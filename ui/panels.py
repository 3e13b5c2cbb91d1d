"""The window's docked panels: which pane goes where, and the View menu that shows each one.

Cases, saved searches, search facets and entities on the left; the viewer on the right; the
timeline below (owned by ui/timeline_features.py). The item list and the search results stay in
the middle as the central widget. The arrangement a person makes is remembered (ui/layout.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu, QWidget

from ui.layout import dock, stack

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

_LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
_RIGHT = Qt.DockWidgetArea.RightDockWidgetArea

# Docks' share of a 1366-pixel-wide window: the left column and the viewer.
LEFT_WIDTH = 250
VIEWER_WIDTH = 520


def build_panels(w: MainWindow) -> dict[str, QDockWidget]:
    """Dock the window's panes; returns them by name (also kept as ``w.docks``)."""
    hint = QLabel(w.tr("Drop files or folders on a case to import them into it."))
    hint.setObjectName("caseDropHint")
    hint.setWordWrap(True)
    hint.setContentsMargins(4, 2, 4, 2)
    hint.setStyleSheet("color: palette(mid);")
    docks = {
        "cases": dock(w, w.tr("Cases"), "casesDock", stack(w.case_view, hint), _LEFT),
        "saved": dock(w, w.tr("Saved searches"), "savedDock", w.saved_panel, _LEFT),
        "facets": dock(w, w.tr("Narrow search"), "facetsDock", w.facet_panel, _LEFT),
        "entities": dock(w, w.tr("Entities"), "entitiesDock", w.entities.panel, _LEFT),
        "viewer": dock(w, w.tr("Viewer"), "viewerDock", w.viewer, _RIGHT),
    }
    # The left column runs the whole height: a timeline or imports strip opened below spans
    # the list and the viewer only, and cases, searches and entities stay usable.
    w.setCorner(Qt.Corner.BottomLeftCorner, _LEFT)
    w.setCorner(Qt.Corner.TopLeftCorner, _LEFT)
    w.tabifyDockWidget(docks["facets"], docks["entities"])
    docks["facets"].raise_()
    docks["facets"].setToolTip(w.tr(
        "Count the hits per case, kind, tag, entity, language and year; click to narrow"))
    docks["entities"].setToolTip(w.tr(
        "People, places, numbers and wallets of the archive; double-click for its page"))
    docks["imports"] = dock(w, w.tr("Imports"), "importsDock", w.import_log,
                            Qt.DockWidgetArea.BottomDockWidgetArea)
    w.tabifyDockWidget(w.timeline.dock, docks["imports"])
    docks["imports"].hide()
    docks["timeline"] = w.timeline.dock
    for name, panel in docks.items():
        panel.setProperty("shownByDefault", name not in ("timeline", "imports"))
    w.resizeDocks([docks["cases"], docks["viewer"]], [LEFT_WIDTH, VIEWER_WIDTH],
                  Qt.Orientation.Horizontal)
    w.resizeDocks([docks["cases"], docks["saved"], docks["facets"]], [170, 150, 330],
                  Qt.Orientation.Vertical)
    return docks


def show_panel(w: MainWindow, name: str) -> QWidget:
    """Show the panel called ``name`` (open and in front of its tab group); its widget."""
    panel = w.docks[name]
    first = not panel.isVisible() and name == "imports"
    panel.show()
    panel.raise_()
    if first and not panel.isFloating():  # a strip under the list, not half the window
        w.resizeDocks([panel], [170], Qt.Orientation.Vertical)
    return panel.widget()


def build_view_menu(w: MainWindow) -> QMenu:
    """View: one check item per panel, then "Reset layout"."""
    menu = w.menuBar().addMenu(w.tr("&View"))
    labels = {
        "cases": (w.tr("&Cases"), "Alt+1"),
        "saved": (w.tr("&Saved searches"), "Alt+2"),
        "facets": (w.tr("&Narrow search"), "Alt+3"),
        "entities": (w.tr("&Entities"), "Alt+4"),
        "viewer": (w.tr("&Viewer"), "Alt+5"),
        "timeline": (w.tr("&Timeline"), None),
        "imports": (w.tr("&Imports"), "Alt+6"),
    }
    for name, (text, shortcut) in labels.items():
        panel = w.docks.get(name)
        if panel is None:
            continue
        action = panel.toggleViewAction()
        if name != "timeline":  # the timeline's action is Ctrl+L, named in the Timeline menu
            action.setText(text)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
    menu.addSeparator()
    w.reset_layout_action = w._action(w.tr("&Reset layout"), w.reset_layout)
    w.reset_layout_action.setToolTip(w.tr("Put every panel back where it was at first"))
    menu.addAction(w.reset_layout_action)
    return menu
