"""The Export dialog: a case, a format, where to write, redaction with its preview, progress."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.bundle import Produced
from archive.errors import CasefileError, ExportCancelled
from archive.redaction import PreviewLine
from archive.service import Archive
from ui.redaction_marks import MarksPanel
from ui.tasks import ProgressFn, Task, TaskRunner

log = logging.getLogger(__name__)

FORMATS = (  # (format, label, writes a single file)
    ("dossier", "PDF dossier (for people to read)", True),
    ("bundle", "Bundle: BagIt bag with originals, case.json and the dossier", False),
    ("csv", "CSV tables: evidence register, entities, events", False),
    ("ftm", "FollowTheMoney JSON lines (Aleph)", True),
    ("dat", "Load file for review platforms (Concordance DAT + Opticon)", False),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("export", text)


class ExportDialog(QDialog):
    """Choose what to export and how; preview the redaction; export in the background."""

    COL_ITEM, COL_PAGE, COL_AS, COL_CONTEXT = range(4)

    def __init__(self, archive: Archive, tasks: TaskRunner, cases: list[str],
                 current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Export a case"))
        self.resize(820, 640)
        self.archive = archive
        self.tasks = tasks
        self.task: Task | None = None
        self.produced: Produced | None = None
        self.case = QComboBox()
        self.case.addItems(cases)
        if current in cases:
            self.case.setCurrentText(current)
        self.format = QComboBox()
        for fmt, label, _single in FORMATS:
            self.format.addItem(_tr(label), fmt)
        self.out = QLineEdit()
        self.out.setPlaceholderText(_tr("a new file or folder"))
        browse = QPushButton(_tr("Choose…"))
        browse.clicked.connect(self.choose_output)
        where = QHBoxLayout()
        where.addWidget(self.out, 1)
        where.addWidget(browse)
        self.redact = QCheckBox(_tr("Redact protected people (pseudonyms only; exhibits that"
                                    " name them are redacted, then everything is re-read)"))
        self.redact.setChecked(True)
        form = QFormLayout()
        form.addRow(_tr("Case"), self.case)
        form.addRow(_tr("Format"), self.format)
        form.addRow(_tr("Write to"), where)
        form.addRow("", self.redact)
        self.preview_button = QPushButton(_tr("Preview redactions"))
        self.preview_button.clicked.connect(self.preview)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_tr("Exhibit"), _tr("Page"), _tr("Shown as"),
                                              _tr("Context (already redacted)")])
        self.table.horizontalHeader().setSectionResizeMode(
            self.COL_CONTEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.marks = MarksPanel(archive, tasks)
        self.marks.changed.connect(self.preview)
        self.case.currentTextChanged.connect(self.marks.load)
        self.marks.load(self.case.currentText())
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(_tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(_tr("Close"))
        self.cancel_button.clicked.connect(self.close_or_cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.marks)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    # --- choices --------------------------------------------------------------------------
    @property
    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def choose_output(self) -> None:
        single = dict((f, s) for f, _label, s in FORMATS)[self.chosen_format]
        if single:
            suffix = ".pdf" if self.chosen_format == "dossier" else ".ftm.json"
            path, _ = QFileDialog.getSaveFileName(self, _tr("Export to"),
                                                  self.case.currentText() + suffix)
        else:
            parent = QFileDialog.getExistingDirectory(self, _tr("Export into folder"))
            path = str(Path(parent) / f"{self.case.currentText()} {self.chosen_format}") \
                if parent else ""
        if path:
            self.out.setText(path)

    # --- preview --------------------------------------------------------------------------
    def preview(self) -> Task:
        case = self.case.currentText()
        self.message.setText(_tr("Looking for what to redact…"))

        def work() -> tuple[list[PreviewLine], dict[int, str]]:
            plan = self.archive.redaction_plan(case)
            return (self.archive.redaction_preview(case, plan),
                    self.archive.exhibit_numbers(case))

        return self.tasks.run(work, on_done=lambda found: self.show_preview(*found),
                              on_error=self.fail, name="export-preview")

    def show_preview(self, lines: list[PreviewLine],
                     exhibits: dict[int, str] | None = None) -> None:
        """What will be redacted, each place by the exhibit number the export gives its item
        (as the item list shows it)."""
        if not shiboken6.isValid(self.table):  # the dialog closed while the preview ran
            return
        exhibits = exhibits or {}
        self.table.setRowCount(len(lines))
        for row, ln in enumerate(lines):
            item = exhibits.get(ln.item_id, str(ln.item_id))
            for col, value in ((self.COL_ITEM, item), (self.COL_PAGE, str(ln.page)),
                               (self.COL_AS, ln.replacement), (self.COL_CONTEXT, ln.context)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.message.setText(
            _tr("Places to be redacted: %1. On the exhibits, the same words are blacked out.")
            .replace("%1", str(len(lines))) if lines else
            _tr("Nothing in this case names a protected person or is marked."))

    # --- export ---------------------------------------------------------------------------
    def start(self) -> Task | None:
        if not self.out.text().strip():
            self.message.setText(_tr("Choose where to write the export first."))
            return None
        case, fmt, out = self.case.currentText(), self.chosen_format, Path(self.out.text())
        redact = self.redact.isChecked()

        def work(progress: ProgressFn, cancel: threading.Event) -> Produced:
            def step(done: int, total: int) -> None:
                # Stopping here makes the export remove what it wrote on the way out; the last
                # report comes once the result is in place, so it does not stop anything.
                if cancel.is_set() and done < total:
                    raise ExportCancelled(_tr("The export was cancelled; nothing was kept."))
                progress(done, total, "")

            plan = self.archive.redaction_plan(case) if redact else None
            return self.archive.export(fmt, case, out, plan=plan, progress=step)

        self.export_button.setEnabled(False)
        self.cancel_button.setText(_tr("Cancel export"))
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText(_tr("Exporting… (a redacted export is read back before it is"
                                 " kept; pictures are read by OCR)"))
        self.task = self.tasks.run_cancellable(work, on_done=self.finished, on_error=self.fail,
                                               on_progress=self.advance, name="export")
        return self.task

    def advance(self, done: int, total: int, _name: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def close_or_cancel(self) -> None:
        """Close the dialog, or while an export runs, stop it (it keeps nothing)."""
        if self.task is None:
            self.close()
            return
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.message.setText(_tr("Cancelling the export…"))

    def _idle(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.cancel_button.setText(_tr("Close"))
        self.cancel_button.setEnabled(True)

    def finished(self, produced: Produced) -> None:
        self._idle()
        self.produced = produced
        how = _tr("redacted and checked") if produced.redacted else _tr("NOT redacted")
        self.message.setText(_tr("Exported %1 items to %2 (%3). The custody log records the"
                                 " SHA-256 of its %4 files.")
                             .replace("%1", str(produced.items))
                             .replace("%2", str(produced.path)).replace("%3", how)
                             .replace("%4", str(len(produced.files)))
                             + (_tr(" The saved redaction marks were not applied: redaction"
                                    " was off.") if self.marks.current
                                and not produced.redacted else ""))

    def fail(self, error: BaseException) -> None:
        self._idle()
        if isinstance(error, CasefileError):
            self.message.setText(str(error))
        else:
            log.error("export failed", exc_info=(type(error), error, error.__traceback__))
            self.message.setText(_tr("The export failed because of a bug; the details are in"
                                     " the archive's log. Nothing was kept."))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task is not None:
            self.message.setText(_tr("Wait for the export to finish, or cancel it."))
            event.ignore()
            return
        super().closeEvent(event)
