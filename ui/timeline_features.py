"""The window's timeline features tied together: the timeline dock of the selected case,
"Cite as event…" from the viewer, and opening a source at its quote."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from archive.event_models import Event
from archive.service import Archive
from ui.cite_dialog import Citer
from ui.tasks import RunFn
from ui.text_pane import Selection
from ui.timeline_model import CitationRow
from ui.timeline_panel import TimelinePanel

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar

    from ui.viewer import ItemViewer

log = logging.getLogger(__name__)

OpenItem = Callable[..., None]  # open_item(item_id, page=..., quote=...)


class TimelineFeatures(QObject):
    """Owns the timeline dock (hidden until asked for) and the citing of selected words."""

    def __init__(self, archive: Archive, run: RunFn, viewer: ItemViewer, status: QStatusBar,
                 open_item: OpenItem, window: QMainWindow) -> None:
        super().__init__(window)
        self.archive = archive
        self._status = status
        self._open_item = open_item
        self.case_id: int | None = None
        self.case_title = ""
        self.closing = False
        self._window = window
        self._sized = False
        self.panel = TimelinePanel(archive, run)
        self.panel.open_citation.connect(self.open_citation)
        self.dock = QDockWidget(self.tr("Timeline"), window)
        self.dock.setObjectName("timelineDock")
        self.dock.setWidget(self.panel)
        self.dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea
                                  | Qt.DockWidgetArea.TopDockWidgetArea)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(lambda _v: self._follow_case())
        self.show_action: QAction = self.dock.toggleViewAction()
        self.show_action.setText(self.tr("Show the case's &timeline"))
        self.show_action.setShortcut(QKeySequence("Ctrl+L"))
        self.show_action.setToolTip(self.tr(
            "The events of the selected case on a time axis and as a list (Ctrl+L)"))
        self.citer = Citer(archive, run, window)
        self.citer.message.connect(lambda text: self._status.showMessage(text, 10000))
        self.citer.cited.connect(self._cited)
        self.cite_action = viewer.text.cite_action
        viewer.cite_selection.connect(
            lambda item_id, sel: self.citer.start(item_id, sel, self.case_title or None))

    def case_changed(self, case_id: int | None, title: str | None) -> None:
        self.case_id, self.case_title = case_id, title or ""
        self._follow_case()

    def show(self) -> TimelinePanel:
        """Open the timeline of the selected case."""
        self.dock.show()
        self.dock.raise_()
        self._follow_case()
        return self.panel

    def _follow_case(self) -> None:
        """The timeline shows the selected case (loaded only while it is open)."""
        if self.closing or not self.dock.isVisible():
            return
        if not self._sized:  # the first time: room for a few lanes, the panes still usable
            self._sized = True
            self._window.resizeDocks([self.dock], [int(self._window.height() * 0.45)],
                                     Qt.Orientation.Vertical)
        title = self.case_title
        self.dock.setWindowTitle(self.tr("Timeline — {case}").format(case=title) if title
                                 else self.tr("Timeline — choose a case"))
        if self.panel.case_id != self.case_id:
            self.panel.set_case(self.case_id, title)

    def refresh(self) -> None:
        """Load the shown timeline again (entities renamed, merged or protected; an import)."""
        if not self.closing and self.dock.isVisible() and self.panel.case_id is not None:
            self.panel.reload()

    def _cited(self, event: Event) -> None:
        """A new event or source: show it on the timeline of its case."""
        if self.dock.isVisible() and self.panel.case_id == event.case_id:
            self.panel.reload(select=event.id)

    def open_citation(self, citation: CitationRow) -> None:
        """Open a cited item at its page, the quoted words marked."""
        quote = None
        if citation.quote or citation.end:
            quote = Selection(citation.page,
                              citation.start if citation.start is not None else 0,
                              citation.end if citation.end is not None else 0, citation.quote)
        self._open_item(citation.item_id, page=citation.page, quote=quote)
