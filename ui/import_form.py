"""The form filled once per batch before an import: which case, where the files came from,
who collected them and when, and notes. Every file of the batch gets the same provenance."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from archive.dates import normalise_date
from archive.errors import CasefileError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Batch:
    """What the person says about one batch of files (passed to ``Archive.ingest``)."""

    source: str = ""
    collected_by: str = ""
    collected_at: str = ""
    notes: str = ""
    kind: str | None = None  # None: decided per file by its content


class ImportForm(QDialog):
    """Case and provenance for a batch; the OK button says how many files will come in."""

    def __init__(self, parent: QWidget | None, *, paths: Sequence[Path], cases: list[str],
                 case: str = "", collected_by: str = "", what: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("importForm")
        self.setWindowTitle(self.tr("Import into which case?"))
        self.paths = list(paths)
        form = QFormLayout(self)
        names = ", ".join(p.name for p in self.paths[:3])
        if len(self.paths) > 3:
            names += self.tr(" and {n} more").format(n=len(self.paths) - 3)
        self.what = QLabel(what or self.tr("Bringing in: {names}").format(names=names))
        self.what.setWordWrap(True)
        form.addRow(self.what)
        self.case = QComboBox()
        self.case.setObjectName("importCase")
        self.case.setEditable(True)
        self.case.addItems(cases)
        self.case.setCurrentText(case)
        self.case.lineEdit().setPlaceholderText(self.tr("Choose a case or type a new title"))
        self.source = QLineEdit()
        self.source.setObjectName("importSource")
        self.source.setPlaceholderText(self.tr(
            "e.g. interview in Mae Sot, Facebook group 'Jobs Thailand', a partner NGO"))
        self.collected_by = QLineEdit(collected_by)
        self.collected_by.setObjectName("importCollectedBy")
        self.collected_at = QLineEdit(QDate.currentDate().toString("yyyy-MM-dd"))
        self.collected_at.setObjectName("importCollectedAt")
        self.collected_at.setPlaceholderText(self.tr("2024-03-12, 2024-03 or 2024"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("importNotes")
        self.notes.setPlaceholderText(self.tr("How and why these were collected, consent…"))
        self.notes.setFixedHeight(70)
        form.addRow(self.tr("Case:"), self.case)
        form.addRow(self.tr("Source:"), self.source)
        form.addRow(self.tr("Collected by:"), self.collected_by)
        form.addRow(self.tr("Collected on:"), self.collected_at)
        form.addRow(self.tr("Notes:"), self.notes)
        self.problem = QLabel()
        self.problem.setObjectName("importProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(480)

    def case_title(self) -> str:
        return self.case.currentText().strip()

    def batch(self, *, kind: str | None = None) -> Batch:
        return Batch(source=self.source.text().strip(),
                     collected_by=self.collected_by.text().strip(),
                     collected_at=self.collected_at.text().strip(),
                     notes=self.notes.toPlainText().strip(), kind=kind)

    def accept(self) -> None:
        """Only a case title and a date the archive can read let the import start."""
        if not self.case_title():
            self._say(self.tr("Choose the case these files belong to, or type a new title."))
            self.case.setFocus()
            return
        try:
            normalise_date(self.collected_at.text())
        except CasefileError as e:
            self._say(str(e))
            self.collected_at.setFocus()
            return
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
