"""The main window: cases and saved searches on the left, items and results, the viewer."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from archive.errors import CasefileError
from archive.models import Case, IngestReport
from archive.service import Archive
from ui.app import back_into_collections, keep_out_of_collections
from ui.archive_watch import ArchiveWatch
from ui.batch_search import BatchSearchDialog
from ui.details import ItemDetails, load_details
from ui.dialogs import CaseDialog
from ui.edits import ItemEdits
from ui.entity_features import EntityFeatures
from ui.evidence_in import EvidenceIntake
from ui.export_dialog import ExportDialog
from ui.grade_dialog import SourceGrader
from ui.grade_filter import GradeFilter
from ui.import_form import Batch
from ui.import_panel import Importer, ImportLog, ImportPanel, Paths
from ui.item_tree import ItemRows, ItemTree, ItemTreeModel, count_text
from ui.layout import WindowLayout, stack, window_settings
from ui.menus import build_menus
from ui.models import CaseListModel
from ui.originals import OriginalOpener
from ui.panels import build_panels, build_view_menu, show_panel
from ui.saved_searches import SavedSearchPanel
from ui.search_features import SearchMixin
from ui.search_panel import SearchResultsView
from ui.search_tools import FacetPanel
from ui.tasks import Task, TaskRunner
from ui.text_pane import Selection
from ui.timeline_features import TimelineFeatures
from ui.viewer import ItemViewer

log = logging.getLogger(__name__)


class MainWindow(SearchMixin, QMainWindow):
    """One archive: browse cases and items, search, read, import."""

    cases_loaded = Signal()
    items_loaded = Signal()
    search_finished = Signal()
    item_shown = Signal(int)  # item id
    import_finished = Signal(object)  # IngestReport

    def __init__(self, archive: Archive, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.settings = settings if settings is not None else window_settings()
        self.tasks = TaskRunner(self)
        self.case_id: int | None = None  # None: "All items"
        self.case_title: str | None = None
        self.last_message: QMessageBox | None = None
        self._closing = False
        self._views_disconnected = False
        self._layout_saved = False
        self._imports_shown = False
        self._gen: defaultdict[str, int] = defaultdict(int)  # newest request per kind of work
        self._select_case_after_load: str | None = None
        self._lists_kept = False  # whether what the window loaded first is out of the GC's way
        self.batch_dialog: BatchSearchDialog | None = None

        self.setWindowTitle(self.tr("Casefile — {path}").format(path=archive.path))
        self.resize(1366, 740)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self._build_widgets()
        self.docks = build_panels(self)
        self._build_menus()
        self.watch = ArchiveWatch(archive, lambda: self.tasks.busy, self)
        self.watch.changed.connect(self._changed_elsewhere)
        self.layout_memory = WindowLayout(self, self.settings)
        header = self.item_view.header()
        # "itemColumns2": the list gained its exhibit column; older saved columns do not fit.
        self.layout_memory.remember("itemColumns2", header.saveState, header.restoreState)
        self.layout_memory.keep_default()
        self.layout_memory.restore()
        self.refresh_cases()
        self.saved_panel.refresh()
        self.entities.refresh()

    # --- building -----------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.case_model = CaseListModel(self)
        self.case_view = QListView()
        self.case_view.setObjectName("caseList")
        self.case_view.setModel(self.case_model)
        self.case_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_view.selectionModel().currentChanged.connect(self._case_changed)

        self.item_model = ItemTreeModel(self)
        self.item_view = ItemTree(self.item_model)
        self.item_proxy = self.item_view.proxy
        self.item_view.selectionModel().currentChanged.connect(self._item_changed)
        self.grade_filter = GradeFilter()
        self.grade_filter.changed.connect(lambda _r, _c: self.load_items())
        self.grader = SourceGrader(self.archive, self._run, self)
        self.grader.graded.connect(self._graded)

        self.results = SearchResultsView()
        self.results.result_activated.connect(self._result_activated)
        self.results.sort_changed.connect(lambda _sort: self.run_search())
        self.results.collapse_changed.connect(lambda _on: self.run_search())
        self.results.suggestion_chosen.connect(self._search_for)
        self.facet_panel = FacetPanel()
        self.facet_panel.clause_chosen.connect(self._narrow_search)
        self._hit_cursor: tuple[int, int] | None = None  # result row, index in its pages
        self._shown_query = ""  # the query whose results are listed

        self.viewer = ItemViewer(self.archive, self._run)
        self.entities = EntityFeatures(self.archive, self._run, self.viewer, self.statusBar(),
                                       self.show_item, self)
        self.saved_panel = SavedSearchPanel(self.archive, self._run)
        self.saved_panel.query_chosen.connect(self._search_for)

        self.empty_hint = QLabel(self.tr(
            "No evidence here yet. Use <b>Import files…</b> or <b>Import folder…</b> above,"
            " or drop files and folders on this window, to bring in testimonies, articles,"
            " screenshots and PDFs; <b>Ctrl+V</b> pastes a screenshot."
        ))
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setContentsMargins(8, 8, 8, 8)
        self.item_filter = QLineEdit()
        self.item_filter.setObjectName("itemFilter")
        self.item_filter.setClearButtonEnabled(True)
        self.item_filter.setPlaceholderText(self.tr(
            "Filter the list"))
        self.item_filter.setToolTip(self.tr(
            "Keep only the rows with this word in a column: title, kind, language, tags…"))
        self.item_filter.textChanged.connect(self.item_view.set_filter)
        filters = QWidget()
        filter_row = QHBoxLayout(filters)
        filter_row.setContentsMargins(4, 2, 0, 0)
        filter_row.setSpacing(4)
        filter_row.addWidget(self.item_filter, 1)
        filter_row.addWidget(self.grade_filter)
        for combo in (self.grade_filter.reliability, self.grade_filter.credibility):
            combo.setMaximumWidth(150)
        items_pane = stack(self.empty_hint, filters, self.item_view)

        self.lower_tabs = QTabWidget()
        self.lower_tabs.setObjectName("lowerTabs")
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(self.results, self.tr("Search results"))
        self.lower_tabs.addTab(self.entities.suggestions, self.tr("Suggestions"))
        self.lower_tabs.setTabToolTip(1, self.tr(
            "Names, numbers and wallets found by the detectors: confirm or reject them"))
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.setObjectName("middle")
        self.middle.addWidget(items_pane)
        self.middle.addWidget(self.lower_tabs)
        self.middle.setSizes([380, 320])
        self.middle.setChildrenCollapsible(False)
        self.setCentralWidget(self.middle)

        self._build_search_bar()

        self.timeline = TimelineFeatures(self.archive, self._run, self.viewer, self.statusBar(),
                                         self.show_item, self)
        self.entities.changed.connect(self.timeline.refresh)

        self.import_panel = ImportPanel()
        self.count_label = QLabel()
        self.count_label.setObjectName("itemCount")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.import_panel)
        self.import_log = ImportLog()
        self.importer = Importer(self.archive, self.tasks, self.import_panel, self.statusBar(),
                                 on_error=self.show_error, log_panel=self.import_log,
                                 parent=self)
        self.importer.finished.connect(self._import_finished)
        self.intake = EvidenceIntake(self)
        self.edits = ItemEdits(self)
        self.entities.tagger.edits = self.edits  # tagging and removing mentions: undoable
        self.timeline.edits = self.edits  # adding, changing and deleting events: undoable
        self.grader.store = lambda item, source, rel, cred: self.edits.grade(
            item, source, rel, cred, after=lambda _r: self.grader.graded.emit(item.id))
        self.originals = OriginalOpener(self)
        self.task_label = QLabel()
        self.task_label.setObjectName("taskCount")
        self.task_label.setToolTip(self.tr(
            "Work running in the background: importing, reading, searching, exporting"))
        self.statusBar().addPermanentWidget(self.task_label)
        self.tasks.count_changed.connect(self._show_task_count)
        self._show_task_count(0)

    def _build_menus(self) -> None:
        build_menus(self)
        build_view_menu(self)

    def show_panel(self, name: str) -> QWidget:
        """Open the panel ``name`` ("cases", "saved", "facets", "entities", "viewer",
        "timeline", "imports") and bring it to the front; its widget."""
        return show_panel(self, name)

    def reset_layout(self) -> None:
        """Every panel back where it was when Casefile was first opened."""
        self.layout_memory.reset()
        self.statusBar().showMessage(self.tr("Panels put back in their first places."), 6000)

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _show_task_count(self, n: int) -> None:
        self.task_label.setText(self.tr("1 background task") if n == 1 else
                                self.tr("{n} background tasks").format(n=n))
        self.task_label.setVisible(n > 0)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    # --- background work ----------------------------------------------------------------
    def _run(self, key: str, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None) -> Task | None:
        """Run ``fn`` in the background; only the newest result for ``key`` is shown."""
        if self._closing:
            return None
        self._gen[key] += 1
        gen = self._gen[key]

        def done(result: Any) -> None:
            if gen == self._gen[key]:
                on_done(result)

        return self.tasks.run(fn, on_done=done, on_error=on_error or self.show_error, name=key)

    def show_error(self, error: BaseException) -> None:
        """A known problem as its message; anything else logged with its traceback."""
        if isinstance(error, CasefileError):
            self.statusBar().showMessage(str(error), 15000)
            self._message(QMessageBox.Icon.Warning, str(error))
            return
        log.error("unexpected error in a background task",
                  exc_info=(type(error), error, error.__traceback__))
        self.statusBar().showMessage(self.tr("Something went wrong — details in the log"), 15000)
        self._message(QMessageBox.Icon.Critical, self.tr(
            "Something went wrong — details in the log:\n{path}"
        ).format(path=self.archive.storage.log_path))

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self.tr("Casefile"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, does not block the event loop
        self.last_message = box

    # --- cases --------------------------------------------------------------------------
    def refresh_cases(self, *, select: str | None = None) -> None:
        self.watch.rebaseline()
        if select is not None:
            self._select_case_after_load = select
        self._run("cases", self.archive.cases, self._cases_done)

    def _changed_elsewhere(self) -> None:
        """Another program (the command line, another window) added or changed items."""
        self.statusBar().showMessage(self.tr("The archive was changed by another program:"
                                             " the lists are up to date."), 8000)
        self.refresh_cases()

    def _cases_done(self, cases: list[Case]) -> None:
        wanted = self._select_case_after_load
        self._select_case_after_load = None
        if wanted is not None:
            match = next((c for c in cases if c.title == wanted), None)
            if match is not None:
                self.case_id = match.id
        self.case_model.set_cases(cases)
        row = self.case_model.row_of(self.case_id)
        index = self.case_model.index(row, 0)
        selection = self.case_view.selectionModel()
        blocked = selection.blockSignals(True)
        self.case_view.setCurrentIndex(index)
        selection.blockSignals(blocked)
        self.case_view.viewport().update()
        self._case_changed(index)
        self.cases_loaded.emit()

    def _case_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid():
            return
        self.case_id = current.data(CaseListModel.CaseIdRole)
        self.case_title = current.data(CaseListModel.CaseTitleRole)
        self.load_items()
        self.timeline.case_changed(self.case_id, self.case_title)

    def select_case(self, title: str | None) -> None:
        """Select a case by title (None: "All items")."""
        case = next((c for c in self.case_model.cases() if c.title == title), None)
        row = self.case_model.row_of(case.id if case else None)
        self.case_view.setCurrentIndex(self.case_model.index(row, 0))

    def new_case_dialog(self) -> None:
        dialog = CaseDialog(self)
        if dialog.exec() == CaseDialog.DialogCode.Accepted and dialog.case_title():
            self.create_case(dialog.case_title(), dialog.case_summary())

    def create_case(self, title: str, summary: str = "") -> None:
        def done(case: Case) -> None:
            self.statusBar().showMessage(self.tr("Case “{t}” created").format(t=case.title), 8000)
            self.refresh_cases(select=case.title)

        self._run("new case", lambda: self.archive.add_case(title, summary), done)

    # --- items --------------------------------------------------------------------------
    def load_items(self) -> None:
        case_id = self.case_id
        reliability, credibility = self.grade_filter.filters()
        archive = self.archive
        sorted_by = self.item_model.sorted_by

        def load() -> ItemRows:  # the rows made and sorted here, not on the UI thread
            exhibits = archive.exhibit_numbers(case_id) if case_id is not None else {}
            items = archive.items(case=case_id, reliability=reliability or None,
                                  credibility=credibility or None)
            return ItemRows.of(items, archive.item_tags(), exhibits, sorted_by)

        self._run("items", load, self._items_done)

    def _items_done(self, rows: ItemRows) -> None:
        items = rows.listed
        self.item_view.set_rows(rows)
        self.empty_hint.setVisible(not items and self.case_id is None)
        self.count_label.setText(count_text(items))
        if self.viewer.item is not None:
            self._select_in_table(self.viewer.item.id)
        if not self._lists_kept:  # once the entity list has come in too
            self._lists_kept = True
            QTimer.singleShot(500, self._keep_lists)
        self.items_loaded.emit()

    def _keep_lists(self) -> None:
        if not self._closing:  # shutdown() has let go of them already
            keep_out_of_collections()

    def grade_item(self) -> None:
        """Grade the source of the item selected in the list (else the one shown)."""
        current = self.item_view.currentIndex()
        item_id = current.data(ItemTreeModel.ItemIdRole) if current.isValid() else None
        if item_id is None and self.viewer.item is not None:
            item_id = self.viewer.item.id
        if item_id is None:
            self.statusBar().showMessage(self.tr("Choose an item to grade first."), 8000)
            return
        self.grader.grade(int(item_id))

    def _graded(self, item_id: int) -> None:
        self.statusBar().showMessage(self.tr("Item graded."), 8000)
        self.load_items()

    def _select_in_table(self, item_id: int) -> None:
        """Mark the shown item in the tree (without loading it again)."""
        self.item_view.select_item(item_id)

    def _item_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = current.data(ItemTreeModel.ItemIdRole) if current.isValid() else None
        if item_id is not None:
            self.show_item(int(item_id))

    def show_item(self, item_id: int, *, page: int | None = None,
                  terms: Sequence[str] = (), quote: Selection | None = None) -> None:
        """Show an item in the viewer, at ``page``; ``terms`` of a search marked, and the
        words a citation ``quote``s marked and scrolled to."""
        self.viewer.show_loading()

        archive = self.archive

        def done(details: ItemDetails) -> None:
            self.viewer.show_item(details.item, details.pages, page=page, terms=terms,
                                  query=self._shown_query if terms else "",
                                  metadata=details.metadata, provenance=details.provenance,
                                  mentions=details.mentions, entities=details.entities,
                                  quote=quote)
            self.entities.item_shown(details.item.id)
            self._select_in_table(details.item.id)
            self.item_shown.emit(details.item.id)

        self._run("view", lambda: load_details(archive, item_id), done)

    def show_batch_search(self) -> BatchSearchDialog:
        """The batch search window (one per main window, kept between uses)."""
        if self.batch_dialog is None:
            self.batch_dialog = BatchSearchDialog(self.archive, self.tasks, self)
            self.batch_dialog.query_chosen.connect(self._search_for)
        self.batch_dialog.set_cases([c.title for c in self.case_model.cases()], self.case_title)
        self.batch_dialog.show()
        self.batch_dialog.raise_()
        self.batch_dialog.activateWindow()
        return self.batch_dialog

    def show_export_dialog(self) -> ExportDialog:
        """The Export dialog for the selected case (a new one each time)."""
        dialog = ExportDialog(self.archive, self.tasks,
                              [c.title for c in self.case_model.cases()], self.case_title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # --- import -------------------------------------------------------------------------
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"))
        if files:
            self.intake.offer([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"))
        if folder:
            self.intake.offer([Path(folder)])

    def import_paths(self, paths: Paths, *, case: str | None = None,
                     batch: Batch | None = None) -> Task | None:
        """Import files and folders into ``case`` (default: the selected case) with the batch's
        provenance. Without a case, the provenance form asks for one (and None is returned)."""
        if self.importer.running:
            self.statusBar().showMessage(self.tr("An import is already running."), 8000)
            return None
        case = case or self.case_title
        if self._closing:
            return None
        if not case:
            self.intake.offer(list(paths) if not callable(paths) else [])
            return None
        if not self._imports_shown:  # once a session; closed after that, it stays closed
            self._imports_shown = True
            self.show_panel("imports")
        return self.importer.start(paths, case, batch)

    def _import_finished(self, case: str, report: IngestReport | None) -> None:
        if not self._closing:
            if report is not None and self.import_log.failures():
                self.show_panel("imports")  # what failed and why, with Retry
            self.refresh_cases(select=case if report is not None else None)
            self.saved_panel.refresh()
            self.entities.refresh()
            self.timeline.refresh()
        self.import_finished.emit(report)

    # --- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel running work and close once it has stopped (a second close waits for it)."""
        if self.tasks.busy and not self._closing:
            self._closing = True
            self.tasks.cancel_all()
            self.import_panel.cancel_button.setEnabled(False)
            self.statusBar().showMessage(self.tr("Stopping background work before closing…"))
            self.tasks.busy_changed.connect(self._close_when_idle)
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def _close_when_idle(self, busy: bool) -> None:
        if not busy:
            QTimer.singleShot(0, self.close)

    def shutdown(self) -> None:
        """Stop background work and wait for it (for the application's exit and tests)."""
        if not self._layout_saved:
            self._layout_saved = True
            self.layout_memory.save()
        self._closing = True
        back_into_collections()
        self.watch.stop()
        self.timeline.closing = True
        self.entities.close_pages()
        self.tasks.shutdown()
        self._disconnect_views()

    def _disconnect_views(self) -> None:
        """Views emit selection signals while Qt tears them down; this window must not hear
        them then (its C++ side is already gone)."""
        if self._views_disconnected:
            return
        self._views_disconnected = True
        pairs = (
            (self.case_view.selectionModel().currentChanged, self._case_changed),
            (self.item_view.selectionModel().currentChanged, self._item_changed),
            (self.results.result_activated, self._result_activated),
        )
        for signal, slot in pairs:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

