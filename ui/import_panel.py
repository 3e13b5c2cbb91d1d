"""Importing in the background: the runner of one import at a time and its status-bar panel."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from archive.models import IngestReport
from ui.tasks import ProgressFn, Task, TaskRunner

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

_IMPORTED = ("ok", "partial", "stored")


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


def _shorten(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class Importer(QObject):
    """Runs one import at a time in the background, drives the panel, reports in the status bar."""

    finished = Signal(str, object)  # case title, IngestReport (None when the import broke)

    def __init__(
        self, archive: Archive, tasks: TaskRunner, panel: ImportPanel, status: QStatusBar,
        *, on_error: Callable[[BaseException], None], parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.tasks = tasks
        self.panel = panel
        self.status = status
        self.task: Task | None = None
        self._on_error = on_error
        panel.cancel_requested.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, paths: Sequence[Path], case: str) -> Task | None:
        """Import files and folders into ``case`` (created if new) in the background."""
        if self.task is not None:
            self.status.showMessage(self.tr("An import is already running."), 8000)
            return None
        archive, files = self.archive, [Path(p) for p in paths]

        def ingest(progress: ProgressFn, cancel: Any) -> IngestReport:
            return archive.ingest(files, case=case, progress=progress, cancel=cancel)

        self.panel.start(case)
        self.status.clearMessage()
        self.task = self.tasks.run_cancellable(
            ingest, on_done=lambda report: self._done(case, report),
            on_error=lambda error: self._failed(case, error),
            on_progress=self.panel.show_progress, name="import",
        )
        log.info("importing %d paths into %s", len(files), case)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.panel.cancel_button.setEnabled(False)
            self.status.showMessage(self.tr("Cancelling the import…"))

    def _done(self, case: str, report: IngestReport) -> None:
        self.task = None
        self.panel.finish()
        summary = import_summary(report)
        self.status.showMessage(summary)
        self.status.setToolTip("\n".join(failure_lines(report)))
        log.info("import into %s: %s", case, summary)
        self.finished.emit(case, report)

    def _failed(self, case: str, error: BaseException) -> None:
        self.task = None
        self.panel.finish()
        self._on_error(error)
        self.finished.emit(case, None)
