"""The Settings dialog: who you are (for the custody log), OCR languages, light or dark."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.preferences import Preferences

log = logging.getLogger(__name__)

# Tesseract code -> the name people know it by (others are shown by their code)
LANGUAGE_NAMES = {"eng": "English", "tha": "Thai", "mya": "Burmese",
                  "chi_sim": "Chinese (simplified)", "chi_tra": "Chinese (traditional)",
                  "khm": "Khmer", "lao": "Lao", "vie": "Vietnamese", "ind": "Indonesian",
                  "msa": "Malay", "tgl": "Tagalog", "kor": "Korean", "jpn": "Japanese"}


class SettingsDialog(QDialog):
    """Edits a Preferences value; ``preferences()`` reads the result after it is accepted."""

    def __init__(self, prefs: Preferences, languages: Sequence[str],
                 parent: QWidget | None = None, *, archive_languages: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._prefs = prefs
        self.name = QLineEdit(prefs.investigator)
        self.name.setPlaceholderText(self.tr("Your name or initials"))
        self.theme = QComboBox()
        for key, label in (("system", self.tr("Follow the system")),
                           ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        chosen = set((prefs.ocr_languages or archive_languages).split("+"))
        self.language_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, code in enumerate(languages):
            box = QCheckBox(LANGUAGE_NAMES.get(code, code))
            box.setToolTip(code)
            box.setChecked(code in chosen)
            self.language_boxes[code] = box
            grid.addWidget(box, n // 2, n % 2)
        languages_widget = QWidget()
        languages_widget.setLayout(grid)
        if not languages:
            grid.addWidget(QLabel(self.tr(
                "Tesseract OCR is not installed, so pictures cannot be read. See the README"
                " for how to install it.")), 0, 0)
        form = QFormLayout()
        form.addRow(self.tr("Investigator:"), self.name)
        form.addRow("", self._note(self.tr(
            "Written in the custody log beside every import, tag, edit and export you make."
            " Left empty, your computer's user name is used.")))
        form.addRow(self.tr("Read pictures in:"), languages_widget)
        form.addRow("", self._note(self.tr(
            "The languages OCR looks for in scans and screenshots. Fewer languages read"
            " faster; applies to files you import from now on.")))
        form.addRow(self.tr("Appearance:"), self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    @staticmethod
    def _note(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setEnabled(False)  # drawn grey: an explanation, not a control
        return label

    def preferences(self) -> Preferences:
        languages = "+".join(c for c, box in self.language_boxes.items() if box.isChecked())
        return Preferences(
            investigator=" ".join(self.name.text().split()),
            ocr_languages=languages or self._prefs.ocr_languages,
            theme=str(self.theme.currentData()),
            recent=self._prefs.recent,
        )
