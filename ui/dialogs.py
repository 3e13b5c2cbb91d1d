"""Small dialogs: a new case, and which case an import goes into."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

log = logging.getLogger(__name__)


class CaseDialog(QDialog):
    """Asks for a case: a new one (title and summary), or which one to import into."""

    def __init__(
        self, parent: QWidget | None, *, cases: list[str] | None = None, default: str = "",
    ) -> None:
        super().__init__(parent)
        self.choosing = cases is not None
        form = QFormLayout(self)
        if self.choosing:
            self.setWindowTitle(self.tr("Import into which case?"))
            self.title = QComboBox()
            self.title.setEditable(True)
            self.title.addItems(cases or [])
            self.title.setCurrentText(default)
            self.title.lineEdit().setPlaceholderText(self.tr("Choose a case or type a new title"))
            form.addRow(self.tr("Case:"), self.title)
            self.summary: QLineEdit | None = None
        else:
            self.setWindowTitle(self.tr("New case"))
            self.title = QLineEdit(default)  # type: ignore[assignment]
            self.title.setPlaceholderText(self.tr("e.g. KK Park 2024"))
            self.summary = QLineEdit()
            form.addRow(self.tr("Title:"), self.title)
            form.addRow(self.tr("Summary:"), self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def case_title(self) -> str:
        if isinstance(self.title, QComboBox):
            return self.title.currentText().strip()
        return self.title.text().strip()

    def case_summary(self) -> str:
        return self.summary.text().strip() if self.summary is not None else ""
