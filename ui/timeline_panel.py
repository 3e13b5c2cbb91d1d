"""The timeline of a case: the drawn timeline and the same events as a table, with the chosen
event's sources beside them (activate one to open the cited page, the quote highlighted)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.layout import tool_button
from ui.tasks import RunFn
from ui.timeline_data import load_citations, load_timeline
from ui.timeline_list import EventFilter, EventTableModel, tsv
from ui.timeline_model import LANES_ENTITY, LANES_NONE, LANES_PLACE, CitationRow, EventRow
from ui.timeline_view import LEVELS, TimelineCanvas

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

CitationRole = Qt.ItemDataRole.UserRole + 1


class TimelinePanel(QWidget):
    """One case's events: timeline or list, filters and zoom above, sources on the right."""

    loaded = Signal()  # the events of the case are shown
    citations_loaded = Signal(int)  # event id whose sources are listed
    open_citation = Signal(object)  # CitationRow: open its item at its page, quote marked
    edit_requested = Signal(int)  # event id: "Change…" was clicked
    delete_requested = Signal(int)  # event id: "Delete" was clicked

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.archive = archive
        self._run = run
        self.case_id: int | None = None
        self.case_title = ""
        self.rows: list[EventRow] = []
        self.citations: list[CitationRow] = []
        self.event_id: int | None = None

        self.canvas = TimelineCanvas()
        self.canvas.event_selected.connect(self._canvas_selected)
        self.canvas.event_activated.connect(self._open_first_citation)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.model = EventTableModel(self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(EventTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 140), (1, 300), (2, 150), (3, 200), (4, 64)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._table_selected)
        self.table.activated.connect(lambda _i: self._open_first_citation(self.event_id))
        self.copy_action = QAction(self.tr("Copy as table"), self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(lambda _c=False: self.copy_table())
        self.table.addAction(self.copy_action)

        self.views = QTabWidget()
        self.views.setObjectName("timelineViews")
        self.views.setDocumentMode(True)
        self.views.addTab(self.canvas, self.tr("Timeline"))
        self.views.addTab(self.table, self.tr("List"))
        self.views.setTabToolTip(1, self.tr(
            "The same events as a table: arrow keys to move, Enter to open the first source,"
            " Ctrl+C to copy the rows for a report"))

        self.sources = self._build_sources()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.views)
        split.addWidget(self.sources)
        split.setStretchFactor(0, 1)
        split.setSizes([800, 300])
        split.setChildrenCollapsible(False)
        self.split = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self._build_bar())
        layout.addWidget(split, 1)
        self._show_event(None)

    def _build_bar(self) -> QWidget:
        self.lanes_combo = QComboBox()
        self.lanes_combo.setObjectName("timelineLanes")
        for label, value in ((self.tr("One lane"), LANES_NONE),
                             (self.tr("A lane per person or group"), LANES_ENTITY),
                             (self.tr("A lane per place"), LANES_PLACE)):
            self.lanes_combo.addItem(label, value)
        self.lanes_combo.currentIndexChanged.connect(
            lambda _i: self.canvas.set_lanes(str(self.lanes_combo.currentData())))
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("timelineZoom")
        self.level_combo.setToolTip(self.tr("Zoom the time axis (Ctrl+wheel on the timeline)"))
        for label, value in ((self.tr("Years"), "year"), (self.tr("Months"), "month"),
                             (self.tr("Days"), "day"), (self.tr("Hours"), "hour")):
            self.level_combo.addItem(label, value)
        self.level_combo.activated.connect(
            lambda i: self.canvas.set_level(str(self.level_combo.itemData(i))))
        self.zoom_out_button = tool_button("\u2212", self.tr("Zoom out (Ctrl+wheel, minus key)"),
                                     self.canvas.zoom_out, "timelineZoomOut")
        self.zoom_in_button = tool_button("+", self.tr("Zoom in (Ctrl+wheel, +)"),
                                    self.canvas.zoom_in, "timelineZoomIn")
        self.fit_button = tool_button(self.tr("Whole case"), self.tr("Show every event at once"),
                                self.canvas.fit, "timelineFit")
        self.disputed_check = QCheckBox(self.tr("Disputed only"))
        self.disputed_check.setObjectName("timelineDisputedOnly")
        self.disputed_check.setToolTip(self.tr(
            "Show only events whose sources disagree (about the date, place or what happened)"))
        self.disputed_check.toggled.connect(self._filter_changed)
        self.copy_button = tool_button(self.tr("Copy as table"), self.tr(
            "Copy the listed events (all, or the selected rows) as a table for a report"),
            self.copy_table, "timelineCopy")
        self.summary = QLabel()
        self.summary.setObjectName("timelineSummary")
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        row.addWidget(QLabel(self.tr("Lanes:")))
        row.addWidget(self.lanes_combo)
        row.addSpacing(8)
        row.addWidget(QLabel(self.tr("Zoom:")))
        for w in (self.level_combo, self.zoom_out_button, self.zoom_in_button, self.fit_button):
            row.addWidget(w)
        row.addSpacing(8)
        row.addWidget(self.disputed_check)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(self.summary)
        return bar

    def _build_sources(self) -> QWidget:
        self.event_title = QLabel()
        self.event_title.setObjectName("timelineEventTitle")
        self.event_title.setWordWrap(True)
        self.event_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.event_title.font()
        font.setBold(True)
        self.event_title.setFont(font)
        self.event_facts = QLabel()
        self.event_facts.setObjectName("timelineEventFacts")
        self.event_facts.setWordWrap(True)
        self.event_facts.setTextFormat(Qt.TextFormat.RichText)
        self.event_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.citation_list = QListWidget()
        self.citation_list.setObjectName("timelineCitations")
        self.citation_list.setWordWrap(True)
        self.citation_list.setAlternatingRowColors(True)
        self.citation_list.setToolTip(self.tr("Double-click or Enter: open the cited page"))
        self.citation_list.itemActivated.connect(self._citation_activated)
        self.edit_button = tool_button(
            self.tr("Change…"), self.tr("Change what happened, when, and the details"),
            lambda: self._request(self.edit_requested), "timelineEditEvent")
        self.delete_button = tool_button(
            self.tr("Delete"), self.tr("Take the event off the timeline with its sources (the"
                                       " evidence stays; Ctrl+Z brings the event back)"),
            lambda: self._request(self.delete_requested), "timelineDeleteEvent")
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 2, 2, 2)
        layout.addWidget(self.event_title)
        layout.addLayout(actions)
        layout.addWidget(self.event_facts)
        heading = QLabel(self.tr("<b>Sources</b> — double-click to open the cited page"))
        layout.addWidget(heading)
        layout.addWidget(self.citation_list, 1)
        box.setMinimumWidth(240)
        return box

    # --- loading ------------------------------------------------------------------------
    def set_case(self, case_id: int | None, title: str = "") -> None:
        """Show the events of a case (None: no case chosen)."""
        if case_id != self.case_id:
            self.canvas.fit_next()
            self._show_event(None)
        self.case_id, self.case_title = case_id, title
        self.reload()

    def reload(self, *, select: int | None = None) -> None:
        """Load the case's events again (then select event ``select``, if given)."""
        case_id, archive = self.case_id, self.archive
        if case_id is None:
            self._loaded([])
            self.summary.setText(self.tr("Choose a case to see its timeline."))
            return
        self.summary.setText(self.tr("Loading events…"))
        self._run("timeline", lambda: load_timeline(archive, case_id),
                  lambda rows: self._loaded(rows, select))

    def _loaded(self, rows: Sequence[EventRow], select: int | None = None) -> None:
        self.rows = list(rows)
        if select is not None:
            self.event_id = None  # its sources changed: list them again
        self._apply_filter()
        if self.event_id is not None and all(r.id != self.event_id for r in self.rows):
            self._show_event(None)
        if select is not None and any(r.id == select for r in self.rows):
            self.select_event(select)
        self.loaded.emit()

    def _filter_changed(self, on: bool) -> None:
        self._apply_filter()
        if on and self.event_id is not None and not any(
                r.id == self.event_id and r.disputed for r in self.rows):
            self._show_event(None)

    def _apply_filter(self) -> None:
        only = self.disputed_check.isChecked()
        shown = [r for r in self.rows if r.disputed or not only]
        self.proxy.set_disputed_only(only)
        self.model.set_rows(self.rows)
        self.table.resizeColumnToContents(EventTableModel.COL_DATE)
        self.table.setColumnWidth(EventTableModel.COL_DATE, min(
            max(self.table.columnWidth(EventTableModel.COL_DATE), 110), 260))
        self.canvas.set_rows(shown, by=str(self.lanes_combo.currentData()))
        disputed = sum(1 for r in self.rows if r.disputed)
        self.summary.setText(self.tr("{n} events, {d} disputed, {c} sources").format(
            n=len(self.rows), d=disputed, c=sum(r.citations for r in self.rows)))
        if self.event_id is not None:
            self._select_in_table(self.event_id)
            self.canvas.select(self.event_id, reveal=False)

    # --- choosing an event --------------------------------------------------------------
    def select_event(self, event_id: int) -> None:
        """Select an event (in both views) and list its sources."""
        self.canvas.select(event_id)
        self._select_in_table(event_id)
        self._show_event(event_id)

    def _canvas_selected(self, event_id: int) -> None:
        if event_id < 0:
            return
        self._select_in_table(event_id)
        self._show_event(event_id)

    def _table_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        event_id = int(current.data(EventTableModel.EventIdRole))
        blocked = self.canvas.blockSignals(True)
        self.canvas.select(event_id)
        self.canvas.blockSignals(blocked)
        self._show_event(event_id)

    def _select_in_table(self, event_id: int) -> None:
        row = self.model.row_of(event_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return
        selection = self.table.selectionModel()
        blocked = selection.blockSignals(True)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(blocked)
        self.table.scrollTo(index)

    def _show_event(self, event_id: int | None) -> None:
        if event_id == self.event_id and event_id is not None:
            return
        self.event_id = event_id
        self.citation_list.clear()
        self.citations = []
        row = next((r for r in self.rows if r.id == event_id), None)
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        if row is None:
            self.event_title.setText(self.tr("No event chosen"))
            self.event_facts.setText(self.tr(
                "Click an event on the timeline, or a row of the list, to see its sources."))
            return
        self.event_title.setText(row.title)
        self.event_facts.setText(facts_html(row))
        archive = self.archive
        self._run("timeline sources", lambda: load_citations(archive, row.id),
                  lambda found: self._citations_done(row.id, found))

    def _citations_done(self, event_id: int, citations: list[CitationRow]) -> None:
        if event_id != self.event_id:
            return
        self.citations = list(citations)
        self.citation_list.clear()
        for c in citations:
            item = QListWidgetItem(citation_text(c))
            item.setData(CitationRole, c)
            item.setToolTip(c.quote)
            if c.disputed:
                item.setForeground(QColor("#b3261e"))
            self.citation_list.addItem(item)
        if not citations:
            self.citation_list.addItem(self.tr("(no sources cited yet)"))
        self.citations_loaded.emit(event_id)

    def _request(self, signal: Signal) -> None:
        if self.event_id is not None:
            signal.emit(self.event_id)  # type: ignore[attr-defined]

    # --- opening sources ----------------------------------------------------------------
    def _citation_activated(self, item: QListWidgetItem) -> None:
        citation = item.data(CitationRole)
        if isinstance(citation, CitationRow):
            self.open_citation.emit(citation)

    def activate_citation(self, row: int) -> None:
        """Open source ``row`` of the chosen event (as a double-click would)."""
        item = self.citation_list.item(row)
        if item is not None:
            self.citation_list.setCurrentItem(item)
            self._citation_activated(item)

    def _open_first_citation(self, event_id: int | None) -> None:
        if event_id is None:
            return
        if self.event_id == event_id and self.citations:
            self.open_citation.emit(self.citations[0])
        else:
            self._show_event(event_id)

    def _zoom_changed(self, level: str) -> None:
        i = self.level_combo.findData(level)
        if i >= 0 and level in LEVELS:
            self.level_combo.setCurrentIndex(i)

    # --- copying ------------------------------------------------------------------------
    def copy_table(self) -> str:
        """The selected rows of the list (all shown rows when none are selected) to the
        clipboard as tab-separated text; returns the text."""
        shown = self.proxy.shown_rows()
        picked = {i.row() for i in self.table.selectionModel().selectedRows()}
        rows = [r for n, r in enumerate(shown) if n in picked] if len(picked) > 1 else shown
        text = tsv(rows)
        QGuiApplication.clipboard().setText(text)
        self.summary.setText(self.tr("{n} events copied as a table.").format(n=len(rows)))
        return text


def facts_html(row: EventRow) -> str:
    import html

    parts = [f"<b>{html.escape(row.when)}</b>"]
    if row.places:
        parts.append("Place: " + html.escape(", ".join(row.places)))
    if row.entities:
        parts.append("Who: " + html.escape(", ".join(row.entities)))
    if row.disputed:
        parts.append('<span style="color:#b3261e"><b>Disputed</b>'
                     + (": " + html.escape(row.dispute) if row.dispute else "") + "</span>")
    if row.description:
        parts.append(html.escape(row.description))
    return "<br>".join(parts)


def citation_text(c: CitationRow) -> str:
    where = f"{c.item_title} — p. {c.page}" if c.page else c.item_title
    lines = [where]
    if c.quote:
        quote = " ".join(c.quote.split())
        lines.append(f"“{quote[:200]}{'…' if len(quote) > 200 else ''}”")
    if c.stated_date:
        lines.append(f"Date as stated: {c.stated_date}"
                     + (" — disagrees with another source" if c.disputed else ""))
    return "\n".join(lines)
