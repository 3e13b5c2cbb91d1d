"""Importing in the background: the runner of one import at a time, its status-bar panel, and
the Imports panel listing each file's state, the failures with their reasons, and Retry."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.models import IngestOutcome, IngestReport
from ui.import_form import Batch
from ui.models import status_label
from ui.tasks import ProgressFn, Task, TaskRunner

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

_IMPORTED = ("ok", "partial", "stored")
_RETRYABLE = ("failed", "pending")  # pending: the import was cancelled before it was read
Paths = Sequence[Path] | Callable[[], Sequence[Path]]  # or made in the background (a paste)


def _tr(text: str) -> str:
    return QCoreApplication.translate("import", text)


def import_summary(report: IngestReport) -> str:
    """'12 imported, 2 failed' (and duplicates, skipped files, cancellation)."""
    imported = sum(report.count(s) for s in _IMPORTED)
    parts = [_tr("{n} imported").format(n=imported)]
    failed = report.count("failed")
    if failed:
        parts.append(_tr("{n} failed").format(n=failed))
    dup = report.count("duplicate")
    if dup:
        parts.append(_tr("{n} already in the archive").format(n=dup))
    skipped = report.count("skipped")
    if skipped:
        parts.append(_tr("{n} skipped").format(n=skipped))
    pending = report.count("pending")
    if pending:
        parts.append(_tr("{n} not read yet").format(n=pending))
    text = ", ".join(parts)
    if report.cancelled:
        text = _tr("Import cancelled: {summary}").format(summary=text)
    return text


def failure_lines(report: IngestReport, limit: int = 20) -> list[str]:
    """'name: reason' for each file that failed or was skipped."""
    lines = [
        f"{Path(o.path).name}: {o.reason}"
        for o in report.outcomes if o.status in ("failed", "skipped") and o.reason
    ]
    if len(lines) > limit:
        more = len(lines) - limit
        lines = [*lines[:limit], _tr("…and {n} more").format(n=more)]
    return lines


class ImportPanel(QWidget):
    """Shown in the status bar while an import runs: what it is doing, a bar, and Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("importLabel")
        self.label.setMinimumWidth(260)
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgress")
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(self._cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)

    def start(self, case: str) -> None:
        self.label.setText(self.tr("Importing into “{case}”…").format(case=case))
        self.bar.setRange(0, 0)  # busy until the first report says how many files
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Cancel"))
        self.setVisible(True)

    def show_progress(self, done: int, total: int, name: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{min(done, total)}/{total}")
        if name:
            self.label.setText(self.tr("Importing {name}").format(name=_shorten(name)))

    def finish(self) -> None:
        self.setVisible(False)

    def _cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()


def retry_paths(report: IngestReport) -> list[Path]:
    """The files to import again: those that failed or were not read. A member of a ZIP or an
    attachment of an e-mail ("mail.eml!/a.pdf") is read again through its container."""
    out: list[Path] = []
    for o in report.outcomes:
        if o.status not in _RETRYABLE:
            continue
        path = Path(o.path)
        if "!" in o.path and not path.exists():
            path = Path(o.path.split("!", 1)[0])
        if path not in out:
            out.append(path)
    return out


class ImportLog(QWidget):
    """Each file of the last import and its state; the failures' reasons; Retry."""

    retry_requested = Signal()
    COL_FILE, COL_STATE, COL_REASON = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importLog")
        self.heading = QLabel(self.tr("No import yet. Drop files here, or use File → Import."))
        self.heading.setObjectName("importHeading")
        self.heading.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry failed files"))
        self.retry_button.setObjectName("importRetry")
        self.retry_button.setToolTip(self.tr(
            "Import again only the files that failed or were not read"))
        self.retry_button.setEnabled(False)
        self.retry_button.clicked.connect(lambda _c=False: self.retry_requested.emit())
        self.files = QTreeWidget()
        self.files.setObjectName("importFiles")
        self.files.setRootIsDecorated(False)
        self.files.setUniformRowHeights(True)
        self.files.setHeaderLabels([self.tr("File"), self.tr("State"), self.tr("Why")])
        self.files.setColumnWidth(self.COL_FILE, 260)
        self.files.setColumnWidth(self.COL_STATE, 110)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.files, 1)

    def start(self, case: str) -> None:
        self.files.clear()
        self.retry_button.setEnabled(False)
        self.heading.setText(self.tr("Importing into “{case}”…").format(case=case))

    def file_done(self, done: int, total: int, name: str) -> None:
        """A progress report: the file ``name`` has been read."""
        if name:
            self._add(name, self.tr("read"), "")
            self.files.scrollToBottom()
        if total:
            self.heading.setText(self.tr("{done} of {total} files read…").format(
                done=min(done, total), total=total))

    def finish(self, case: str, report: IngestReport | None, problem: str = "") -> None:
        self.files.clear()
        if report is None:
            self.heading.setText(self.tr("The import into “{case}” stopped: {why}").format(
                case=case, why=problem))
            return
        self.heading.setText(f"“{case}”: {import_summary(report)}")
        for outcome in sorted(report.outcomes, key=lambda o: o.status not in _RETRYABLE):
            self._add_outcome(outcome)
        self.retry_button.setEnabled(bool(retry_paths(report)))

    def failures(self) -> list[tuple[str, str]]:
        """(file, reason) for each row shown as failed or not read."""
        rows = (self.files.topLevelItem(i) for i in range(self.files.topLevelItemCount()))
        return [(r.text(self.COL_FILE), r.text(self.COL_REASON)) for r in rows
                if r.data(self.COL_STATE, Qt.ItemDataRole.UserRole) in _RETRYABLE]

    def _add_outcome(self, o: IngestOutcome) -> None:
        state = {"duplicate": self.tr("already in the archive"),
                 "skipped": self.tr("skipped")}.get(o.status, status_label(o.status))
        row = self._add(o.path, state, o.reason)
        row.setData(self.COL_STATE, Qt.ItemDataRole.UserRole, o.status)
        if o.status in _RETRYABLE:
            for col in range(3):
                row.setForeground(col, QBrush(QColor("#b3261e")))

    def _add(self, name: str, state: str, reason: str) -> QTreeWidgetItem:
        row = QTreeWidgetItem([name, state, reason])
        row.setToolTip(self.COL_FILE, name)
        row.setToolTip(self.COL_REASON, reason)
        self.files.addTopLevelItem(row)
        return row


def _shorten(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class Importer(QObject):
    """Runs one import at a time in the background, drives the panel, reports in the status bar."""

    finished = Signal(str, object)  # case title, IngestReport (None when the import broke)

    def __init__(
        self, archive: Archive, tasks: TaskRunner, panel: ImportPanel, status: QStatusBar,
        *, on_error: Callable[[BaseException], None], log_panel: ImportLog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.tasks = tasks
        self.panel = panel
        self.log = log_panel or ImportLog()
        self.status = status
        self.task: Task | None = None
        self.last: tuple[str, Batch, IngestReport] | None = None  # case, batch, report
        self._on_error = on_error
        panel.cancel_requested.connect(self.cancel)
        self.log.retry_requested.connect(self.retry)

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, paths: Paths, case: str, batch: Batch | None = None, *,
              retry: bool = False) -> Task | None:
        """Import files and folders into ``case`` (created if new) in the background, with the
        batch's provenance; ``paths`` may be a callable that makes the files first (in the
        background too). ``retry``: read again the files that failed before."""
        if self.task is not None:
            self.status.showMessage(self.tr("An import is already running."), 8000)
            return None
        archive, batch = self.archive, batch or Batch()

        def ingest(progress: ProgressFn, cancel: Any) -> IngestReport:
            try:
                files = [Path(p) for p in (paths() if callable(paths) else paths)]
                log.info("importing %d paths into %s", len(files), case)
                return archive.ingest(files, case=case, kind=batch.kind, source=batch.source,
                                      collected_by=batch.collected_by,
                                      collected_at=batch.collected_at, notes=batch.notes,
                                      progress=progress, cancel=cancel, retry_failed=retry)
            finally:
                cleanup = getattr(paths, "cleanup", None)
                if cleanup is not None:
                    cleanup()

        self.panel.start(case)
        self.log.start(case)
        self.status.clearMessage()
        self.task = self.tasks.run_cancellable(
            ingest, on_done=lambda report: self._done(case, batch, report),
            on_error=lambda error: self._failed(case, error),
            on_progress=self._progress, name="import",
        )
        return self.task

    def retry(self) -> Task | None:
        """Import again, with the same case and provenance, only the files that failed."""
        if self.last is None:
            return None
        case, batch, report = self.last
        paths = retry_paths(report)
        if not paths:
            return None
        return self.start(paths, case, batch, retry=True)

    def _progress(self, done: int, total: int, name: str) -> None:
        self.panel.show_progress(done, total, name)
        self.log.file_done(done, total, name)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.panel.cancel_button.setEnabled(False)
            self.status.showMessage(self.tr("Cancelling the import…"))

    def _done(self, case: str, batch: Batch, report: IngestReport) -> None:
        self.task = None
        self.last = (case, batch, report)
        self.panel.finish()
        self.log.finish(case, report)
        summary = import_summary(report)
        self.status.showMessage(summary)
        self.status.setToolTip("\n".join(failure_lines(report)))
        log.info("import into %s: %s", case, summary)
        self.finished.emit(case, report)

    def _failed(self, case: str, error: BaseException) -> None:
        self.task = None
        self.panel.finish()
        self.log.finish(case, None, str(error))
        self._on_error(error)
        self.finished.emit(case, None)
