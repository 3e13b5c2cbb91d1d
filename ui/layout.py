"""Layout helpers: stacked panes, flat buttons, the window's docked panels and their memory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


def stack(*widgets: QWidget) -> QWidget:
    """Widgets one above the other, without margins."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for w in widgets:
        layout.addWidget(w)
    return box


def tool_button(text: str, tip: str, slot: Callable[[], Any], name: str) -> QToolButton:
    """A flat button (a pane's own tool bar) that calls ``slot`` when clicked."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName(name)
    button.setAutoRaise(True)
    button.clicked.connect(lambda _checked=False: slot())
    return button


# Bump when the set of docks or their first places change: an older saved state is then ignored.
# 2: the left column keeps the whole height (the timeline no longer squeezes it).
LAYOUT_VERSION = 2

# The timeline dock's first height: a share of the window, enough for the bar, the axis and
# about five rows of events, leaving the panes above it usable on a 1366x768 screen.
TIMELINE_SHARE = 0.36
TIMELINE_MIN, TIMELINE_MAX = 230, 420


def timeline_height(window_height: int) -> int:
    """The timeline dock's height when it is first opened in a window this tall."""
    return max(TIMELINE_MIN, min(TIMELINE_MAX, int(window_height * TIMELINE_SHARE)))


def heading_colour(palette: QPalette) -> QColor:
    """A heading's colour in this palette: the text colour tinted with the highlight, so it
    reads on light and dark backgrounds alike."""
    return _mix(palette.color(QPalette.ColorRole.Text),
                palette.color(QPalette.ColorRole.Highlight), 0.4)


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text (labels beside values, notes): the text colour towards the background."""
    return _mix(palette.color(QPalette.ColorRole.Text),
                palette.color(QPalette.ColorRole.Base), 0.4)


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    parts = zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)
    return QColor(*(round(x * (1 - share_of_b) + y * share_of_b) for x, y in parts))


def dock(window: QMainWindow, title: str, name: str, widget: QWidget,
         area: Qt.DockWidgetArea) -> QDockWidget:
    """A movable, closable, floatable panel named ``name`` (the name keys its saved place)."""
    panel = QDockWidget(title, window)
    panel.setObjectName(name)
    panel.setWidget(widget)
    panel.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                      | QDockWidget.DockWidgetFeature.DockWidgetClosable
                      | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(area, panel)
    return panel


def window_settings() -> QSettings:
    """Where the window keeps its size and panels: the user's config folder, Casefile/window.ini
    (tests point QSettings' user folder elsewhere with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Casefile", "window")


class WindowLayout:
    """Remembers where the window's panels are, across launches, in QSettings.

    The arrangement the window is built with is kept as the default that "Reset layout" puts
    back; a saved arrangement from an older set of panels is ignored rather than half-applied.
    """

    GEOMETRY_KEY = "window/geometry"
    STATE_KEY = "window/state"

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        self.window = window
        self.settings = settings
        self._default: QByteArray | None = None
        self._default_size = window.size()
        self._parts: dict[str, tuple[Callable[[], QByteArray], Callable[[QByteArray], Any]]] = {}
        self._part_defaults: dict[str, QByteArray] = {}

    def remember(self, key: str, save: Callable[[], QByteArray],
                 restore: Callable[[QByteArray], Any]) -> None:
        """Also remember a part's own state (a list's columns), under ``key``."""
        self._parts[key] = (save, restore)
        self._part_defaults[key] = save()

    def keep_default(self) -> None:
        """Remember the arrangement as built (call once all panels are added)."""
        self._default = self.window.saveState(LAYOUT_VERSION)
        self._default_size = self.window.size()

    def restore(self) -> bool:
        """Put back the arrangement of the last launch; False when there was none to use."""
        geometry = self.settings.value(self.GEOMETRY_KEY)
        state = self.settings.value(self.STATE_KEY)
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = self.window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = self.window.restoreState(state, LAYOUT_VERSION) and restored
        for key, (_save, put_back) in self._parts.items():
            value = self.settings.value(f"parts/{key}")
            if isinstance(value, QByteArray) and not value.isEmpty():
                put_back(value)
        log.debug("window layout restored: %s", restored)
        return restored

    def save(self) -> None:
        self.settings.setValue(self.GEOMETRY_KEY, self.window.saveGeometry())
        self.settings.setValue(self.STATE_KEY, self.window.saveState(LAYOUT_VERSION))
        for key, (take, _restore) in self._parts.items():
            self.settings.setValue(f"parts/{key}", take())
        self.settings.sync()

    def reset(self) -> None:
        """The arrangement the window was built with: every panel back in its place."""
        if self._default is not None:
            self.window.restoreState(self._default, LAYOUT_VERSION)
        for panel in self.window.findChildren(QDockWidget):
            if panel.property("shownByDefault") is not None:
                panel.setVisible(bool(panel.property("shownByDefault")))
            panel.setFloating(False)
        for key, (_save, put_back) in self._parts.items():
            put_back(self._part_defaults[key])
        self.settings.remove(self.STATE_KEY)
        self.settings.remove(self.GEOMETRY_KEY)
        self.settings.remove("parts")
