"""Batch search: a list of names, numbers or wallets searched line by line, exported as CSV."""

from __future__ import annotations

import csv
import io
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive.errors import CasefileError
from archive.models import Item
from archive.searches import BatchRow, batch_lines, write_batch_csv
from archive.service import Archive
from ui.saved_searches import saved_query
from ui.tasks import ProgressFn, Task, TaskRunner

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
HITS_PER_LINE = 5  # like the command line's default
TOP_TITLES = 3  # titles shown in the table (the CSV has every kept hit)


def _tr(text: str) -> str:
    return QCoreApplication.translate("batch", text)


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """A finished (or cancelled) batch: its rows and the items they hit."""

    rows: tuple[BatchRow, ...]
    items: dict[int, Item] = field(default_factory=dict)
    case: str = ""
    asked: int = 0  # lines to search
    cancelled: bool = False

    def title(self, item_id: int) -> str:
        """The title the command line writes in the CSV."""
        return self.items[item_id].title

    def label(self, item_id: int) -> str:
        item = self.items.get(item_id)
        return (item.title or item.filename) if item else str(item_id)


def run_batch(archive: Archive, lines: list[str], case: str | None, progress: ProgressFn,
              cancel: threading.Event) -> BatchOutcome:
    """Runs in a background task: search the lines, then look up the items they hit."""
    rows = archive.batch_search(lines, case=case, limit=HITS_PER_LINE, cancel=cancel,
                                progress=lambda done, total: progress(done, total, ""))
    items = {h.item_id: archive.item(h.item_id) for r in rows for h in r.hits}
    return BatchOutcome(tuple(rows), items, case or "", len(batch_lines(lines)),
                        cancel.is_set() and len(rows) < len(batch_lines(lines)))


def read_list(path: Path) -> str:
    """The lines of a text file, or the first column of a CSV file, as text to search."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CasefileError(_tr("Cannot read the list {path}: {e}").format(path=path, e=e)) from e
    if Path(path).suffix.lower() != ".csv":
        return text
    firsts = [row[0].strip() for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
    return "\n".join(firsts) + "\n"


def summary(outcome: BatchOutcome) -> str:
    """'3 lines searched: 2 with hits, 1 could not be searched' (and a cancellation)."""
    rows = outcome.rows
    hit = sum(1 for r in rows if r.total)
    bad = sum(1 for r in rows if r.error)
    text = _tr("{n} lines searched: {hit} with hits, {none} without").format(
        n=len(rows), hit=hit, none=len(rows) - hit - bad)
    if bad:
        text += _tr(", {bad} could not be searched").format(bad=bad)
    if outcome.cancelled:
        text = _tr("Cancelled after {n} of {total} lines. ").format(
            n=len(rows), total=outcome.asked) + text
    return text + "."


class BatchResultModel(QAbstractTableModel):
    """One row per searched line: the line, how many items it hits, its best items' titles."""

    COL_LINE, COL_HITS, COL_TOP = 0, 1, 2
    QueryRole = Qt.ItemDataRole.UserRole + 1  # the query a row searched, narrowed to the case
    ErrorRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.outcome = BatchOutcome(())

    def set_outcome(self, outcome: BatchOutcome) -> None:
        self.beginResetModel()
        self.outcome = outcome
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.outcome.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < 3:
            return (_tr("Line"), _tr("Items hit"), _tr("Best items"))[section]
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.outcome.rows):
            return None
        row = self.outcome.rows[index.row()]
        col = index.column()
        if role == _DISPLAY:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.error:
                return row.error
            titles = [self.outcome.label(h.item_id) for h in row.hits]
            return "\n".join([_tr("Searched: {q}").format(q=row.query), *titles])
        if role == Qt.ItemDataRole.ForegroundRole and col != self.COL_LINE:
            if row.error:
                return QBrush(QColor("#b3261e"))
            if not row.total:
                return QBrush(QColor("#6b6b6b"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_HITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.QueryRole:
            return saved_query(row.query, self.outcome.case)
        if role == self.ErrorRole:
            return row.error
        return None

    def _text(self, row: BatchRow, col: int) -> str:
        if col == self.COL_LINE:
            return row.line
        if col == self.COL_HITS:
            return "—" if row.error else str(row.total)
        if row.error:
            return _tr("Cannot search this line: {why}").format(why=row.error)
        if not row.total:
            return _tr("no item matches this line")
        titles = [self.outcome.label(h.item_id) for h in row.hits[:TOP_TITLES]]
        more = row.total - len(titles)
        text = "; ".join(titles)
        return text + (_tr(" (+{n} more)").format(n=more) if more > 0 else "")


class BatchSearchDialog(QDialog):
    """Paste or load a list, search it in the background (with progress and Cancel), see the
    hits per line, double-click a line to search it in the window, export the CSV."""

    query_chosen = Signal(str)
    search_finished = Signal()
    exported = Signal(str)  # path

    def __init__(self, archive: Archive, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchSearchDialog")
        self.setWindowTitle(self.tr("Batch search"))
        self.archive = archive
        self.tasks = tasks
        self.task: Task | None = None
        self._build()
        self.resize(900, 620)

    def _build(self) -> None:
        self.lines = QPlainTextEdit()
        self.lines.setObjectName("batchLines")
        self.lines.setPlaceholderText(self.tr(
            "One name, phone number, wallet or query per line, e.g.\nZhao Wei\n081-234-5678\n"
            "TQ7xkAqr93\nrecruit* AND Bangkok\n\nA plain line is searched as an exact phrase;"
            " lines starting with # are skipped."))
        self.load_button = QPushButton(self.tr("Load from file…"))
        self.load_button.clicked.connect(self.load_dialog)
        self.case_box = QComboBox()
        self.case_box.setObjectName("batchCase")
        self.case_box.setMinimumContentsLength(24)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("batchSearch")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("batchCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(self.tr("Paste or load the lines to search, then press Search."))
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)

        self.model = BatchResultModel(self)
        self.table = QTableView()
        self.table.setObjectName("batchResults")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.model.COL_LINE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.model.COL_HITS, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(self.model.COL_LINE, 220)
        self.table.doubleClicked.connect(self._row_chosen)
        self.table.setToolTip(self.tr("Double-click a line to search it in the main window."))

        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_dialog)
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.close)

        controls = QHBoxLayout()
        controls.addWidget(self.load_button)
        controls.addStretch(1)
        controls.addWidget(QLabel(self.tr("Search in:")))
        controls.addWidget(self.case_box)
        controls.addWidget(self.search_button)
        controls.addWidget(self.cancel_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.lines, 1)
        top_layout.addLayout(controls)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        splitter.setSizes([220, 340])
        splitter.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def set_cases(self, titles: list[str], current: str | None) -> None:
        """The cases a batch can be kept to ("All cases" first), the window's case selected."""
        chosen = self.case_box.currentData() if self.case_box.count() else current
        self.case_box.clear()
        self.case_box.addItem(self.tr("All cases"), None)
        for title in titles:
            self.case_box.addItem(title, title)
        row = self.case_box.findData(chosen)
        self.case_box.setCurrentIndex(max(row, 0))

    @property
    def running(self) -> bool:
        return self.task is not None

    # --- searching ----------------------------------------------------------------------
    def start(self) -> Task | None:
        lines = self.lines.toPlainText().splitlines()
        todo = len(batch_lines(lines))
        if self.task is not None or self.tasks.closed:
            return None
        if not todo:
            self.status.setText(self.tr("There is nothing to search: paste or load some lines."))
            return None
        case = self.case_box.currentData()
        archive = self.archive

        def work(progress: ProgressFn, cancel: threading.Event) -> BatchOutcome:
            return run_batch(archive, lines, case, progress, cancel)

        self.progress.setRange(0, todo)
        self.progress.setValue(0)
        self.progress.setFormat(f"0/{todo}")
        self.progress.setVisible(True)
        self.status.setText(self.tr("Searching {n} lines…").format(n=todo))
        self._set_running(True)
        self.task = self.tasks.run_cancellable(
            work, on_done=self._done, on_error=self._failed, on_progress=self._progressed,
            name="batch search")
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def _progressed(self, done: int, total: int, _name: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done}/{total}")

    def _done(self, outcome: BatchOutcome) -> None:
        self.task = None
        self._set_running(False)
        self.model.set_outcome(outcome)
        self.export_button.setEnabled(bool(outcome.rows))
        self.status.setText(summary(outcome))
        self.search_finished.emit()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._set_running(False)
        self._show_error(error)
        self.search_finished.emit()

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, CasefileError):
            self.status.setText(str(error))
            return
        log.error("batch search failed", exc_info=(type(error), error, error.__traceback__))
        self.status.setText(self.tr("Something went wrong — details in the log."))

    def _set_running(self, running: bool) -> None:
        self.search_button.setEnabled(not running)
        self.load_button.setEnabled(not running)
        self.case_box.setEnabled(not running)
        self.lines.setReadOnly(running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        if running:
            self.export_button.setEnabled(False)

    def _row_chosen(self, index: QModelIndex) -> None:
        if index.isValid() and not index.data(BatchResultModel.ErrorRole):
            self.query_chosen.emit(str(index.data(BatchResultModel.QueryRole)))

    # --- files --------------------------------------------------------------------------
    def load_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load a list to search"), "",
            self.tr("Text or CSV files (*.txt *.csv *.tsv *.list);;All files (*)"))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> Task | None:
        if self.tasks.closed:
            return None
        return self.tasks.run(lambda: read_list(path), on_done=self._loaded,
                              on_error=self._show_error, name="read batch list")

    def _loaded(self, text: str) -> None:
        self.lines.setPlainText(text)
        n = len(batch_lines(text.splitlines()))
        self.status.setText(self.tr("{n} lines to search. Press Search.").format(n=n))

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the hits as CSV"), "batch-hits.csv",
            self.tr("CSV files (*.csv)"))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> Task | None:
        """Write the CSV the command line's ``batch-search --csv`` writes (in the background)."""
        outcome = self.model.outcome
        if not outcome.rows or self.tasks.closed:
            return None

        def done(_result: object) -> None:
            self.status.setText(self.tr("Wrote the hits of {n} lines to {path}").format(
                n=len(outcome.rows), path=path))
            self.exported.emit(str(path))

        return self.tasks.run(lambda: write_batch_csv(path, outcome.rows, outcome.title),
                              on_done=done, on_error=self._show_error, name="export batch csv")

    # --- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops a running batch (the dialog is kept by the window and reused)."""
        self.cancel()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape
        self.cancel()
        super().reject()
