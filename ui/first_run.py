"""First run: offer the sample case, and build it in the background with progress."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from archive.sample import SAMPLE_CASE, SampleReport, build_sample
from ui.sample_images import QtChatPainter

if TYPE_CHECKING:
    from archive.service import Archive
    from ui.main_window import MainWindow
    from ui.tasks import ProgressFn

log = logging.getLogger(__name__)


def is_first_run(path: Path) -> bool:
    """True before the archive at ``path`` has been created."""
    return not (Path(path) / "casefile.db").exists()


def make_sample(archive: Archive, progress: ProgressFn | None = None,
                cancel: threading.Event | None = None) -> SampleReport:
    """Paint and ingest the sample case (blocking: call it off the UI thread)."""
    workdir = Path(tempfile.mkdtemp(prefix="casefile-sample-"))
    try:
        return build_sample(archive, QtChatPainter(), workdir, progress=progress, cancel=cancel)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class SampleOffer(QObject):
    """Asks "Open a sample case…?"; on yes builds it off the UI thread with a progress dialog
    that can cancel, then selects the case in the window."""

    finished = Signal(object)  # SampleReport, or None when declined, cancelled or failed

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.question: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.task: Any = None

    def ask(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Welcome to Casefile"),
                          self.tr("Open a sample case to see how Casefile works?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self.window)
        box.setInformativeText(self.tr(
            "Casefile will make a small fictional case — a testimony, a news article and chat"
            " screenshots in English, Thai, Burmese and Chinese — and import it like your own"
            " files: read with OCR, searchable, with people, places, tags and a timeline."
            " You can delete it later, or ignore it."))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setObjectName("sampleOffer")
        box.finished.connect(self._answered)
        self.question = box
        box.open()
        return box

    def _answered(self, _code: int) -> None:
        box = self.question
        if box is not None and box.clickedButton() == box.button(QMessageBox.StandardButton.Yes):
            self.start()
        else:
            self.finished.emit(None)

    def start(self) -> None:
        """Build the sample case now (in the background)."""
        dialog = QProgressDialog(self.tr("Making the sample case…"), self.tr("Cancel"), 0, 0,
                                 self.window)
        dialog.setWindowTitle(self.tr("Sample case"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress = dialog
        archive = self.window.archive
        self.task = self.window.tasks.run_cancellable(
            lambda report, cancel: make_sample(archive, report, cancel),
            on_done=self._done, on_error=self._failed, on_progress=self._progressed,
            name="sample case")
        dialog.canceled.connect(self.task.cancel)
        dialog.show()

    def _progressed(self, done: int, total: int, name: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(self.tr("Making the sample case: {what}").format(
                what=name) if name else self.tr("Making the sample case…"))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, report: SampleReport) -> None:
        self._close_progress()
        window = self.window
        window.refresh_cases(select=SAMPLE_CASE)
        window.entities.refresh()  # its people, places, numbers and wallets
        window.timeline.refresh()
        self.finished.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        if not (self.task is not None and self.task.cancelled):
            self.window.show_error(error)
        self.finished.emit(None)
