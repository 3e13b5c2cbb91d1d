"""The window's timeline features tied together: the timeline dock of the selected case,
"Cite as event…" from the viewer, changing and deleting events (undoably), and opening a
source at its quote."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from archive.event_models import Event
from archive.service import Archive
from ui.cite_dialog import Citer
from ui.edits import ArchiveEdit
from ui.event_dialog import EventChange, EventDialog
from ui.layout import timeline_height
from ui.tasks import RunFn
from ui.text_pane import Selection
from ui.timeline_model import CitationRow
from ui.timeline_panel import TimelinePanel
from ui.undo_rows import RemovedEdit

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar

    from ui.edits import ItemEdits
    from ui.viewer import ItemViewer

log = logging.getLogger(__name__)

OpenItem = Callable[..., None]  # open_item(item_id, page=..., quote=...)


class TimelineFeatures(QObject):
    """Owns the timeline dock (hidden until asked for) and the citing of selected words."""

    def __init__(self, archive: Archive, run: RunFn, viewer: ItemViewer, status: QStatusBar,
                 open_item: OpenItem, window: QMainWindow) -> None:
        super().__init__(window)
        self.archive = archive
        self._run = run
        self._status = status
        self._edits: ItemEdits | None = None
        self.dialog: EventDialog | None = None
        self._open_item = open_item
        self.case_id: int | None = None
        self.case_title = ""
        self.closing = False
        self._window = window
        self._sized = False
        self.panel = TimelinePanel(archive, run)
        self.panel.open_citation.connect(self.open_citation)
        self.panel.edit_requested.connect(self.ask_change)
        self.panel.delete_requested.connect(self.delete)
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
        self.citer.undone.connect(self._cited)
        self.cite_action = viewer.text.cite_action
        viewer.cite_selection.connect(
            lambda item_id, sel: self.citer.start(item_id, sel, self.case_title or None))

    @property
    def edits(self) -> ItemEdits | None:
        """The window's Undo stack, once it has one (citing, changing, deleting use it)."""
        return self._edits

    @edits.setter
    def edits(self, edits: ItemEdits | None) -> None:
        self._edits = self.citer.edits = edits

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
            self._window.resizeDocks([self.dock], [timeline_height(self._window.height())],
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

    # --- changing events (undoable) -----------------------------------------------------
    def ask_change(self, event_id: int) -> None:
        """Open the event in the dialog; "Change" stores what was changed."""
        self._run("event to change", lambda: self.archive.event(event_id), self._ask)

    def _ask(self, event: Event) -> None:
        dialog = EventDialog(event, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.change(event, dialog.change()))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def change(self, old: Event, new: EventChange) -> None:
        if self.edits is None:
            return
        arc, event_id = self.archive, old.id
        self.edits.push(ArchiveEdit(
            self.edits.queue, self.tr("Change event “{t}”").format(t=new.title), None,
            lambda: arc.edit_event(event_id, title=new.title, start=new.start, end=new.end,
                                   description=new.description),
            lambda: arc.edit_event(event_id, title=old.title, start=old.start, end=old.end,
                                   description=old.description),
            after=lambda _e: self._changed(event_id),
            undone=lambda _e: self._changed(event_id)))

    def delete(self, event_id: int) -> None:
        """Take the event off the timeline; Undo puts it back with its people and sources."""
        if self.edits is None:
            return
        arc = self.archive
        title = next((r.title for r in self.panel.rows if r.id == event_id), "")

        def take_out() -> Any:
            rows = arc.event_rows(event_id)
            arc.delete_event(event_id)
            return rows

        def removed(_r: object) -> None:
            self._status.showMessage(self.tr(
                "Event “{t}” deleted (Ctrl+Z brings it back).").format(t=title), 10000)
            self._changed(None)

        self.edits.push(RemovedEdit(
            self.edits.queue, arc, self.tr("Delete event “{t}”").format(t=title), None,
            take_out, removed=removed, restored=lambda _r: self._changed(event_id)))

    def _changed(self, event_id: int | None) -> None:
        """An event was changed, deleted or put back: show the timeline again."""
        if not self.closing and self.dock.isVisible() and self.panel.case_id is not None:
            self.panel.reload(select=event_id)

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
