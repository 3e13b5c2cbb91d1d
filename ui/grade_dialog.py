"""Grading an item's source in the window: who the source is, how reliable, how credible."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from archive.entity_models import CREDIBILITY_MEANINGS, RELIABILITY, RELIABILITY_MEANINGS, SOURCE
from archive.models import Item
from archive.service import Archive
from ui.tasks import RunFn

log = logging.getLogger(__name__)


def load_grading(archive: Archive, item_id: int) -> tuple[Item, list[str]]:
    """Runs in a background task: the item and the names of the sources known so far."""
    return archive.item(item_id), [e.display_name for e in archive.entities(type=SOURCE)]


class GradeDialog(QDialog):
    """Source (an existing one or a new name), reliability A-F and credibility 1-6."""

    def __init__(self, parent: QWidget | None, item: Item, sources: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("gradeDialog")
        self.setWindowTitle(self.tr("Grade the source"))
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.addItems(sources)
        self.source.setCurrentText(item.source_entity or item.source)
        self.source.lineEdit().setPlaceholderText(self.tr("Who gave it: an NGO, an outlet, W-017"))
        self.reliability = QComboBox()
        for grade in RELIABILITY:
            self.reliability.addItem(f"{grade} · {self.tr(RELIABILITY_MEANINGS[grade])}", grade)
        self.credibility = QComboBox()
        for grade, meaning in sorted(CREDIBILITY_MEANINGS.items()):
            self.credibility.addItem(f"{grade} · {self.tr(meaning)}", grade)
        # Ungraded items start at "cannot be judged": a grade is a judgement someone makes.
        self.reliability.setCurrentIndex(RELIABILITY.index(item.reliability or "F"))
        self.credibility.setCurrentIndex((item.credibility or 6) - 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.source.currentTextChanged.connect(self._check)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("<b>{title}</b>").format(title=item.title or item.filename)))
        form.addRow(self.tr("Source:"), self.source)
        form.addRow(self.tr("Reliability of the source:"), self.reliability)
        form.addRow(self.tr("Credibility of this item:"), self.credibility)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        self._check()

    def _check(self, _text: str = "") -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.source.currentText().strip()))

    def values(self) -> tuple[str, str, int]:
        return (self.source.currentText().strip(), str(self.reliability.currentData()),
                int(self.credibility.currentData()))


class SourceGrader(QObject):
    """Loads what the dialog needs in the background, asks, then stores the grade."""

    graded = Signal(int)  # item id

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self._parent = parent
        self.dialog: GradeDialog | None = None
        # store(item, source, reliability, credibility): when set (the window's undoable
        # edits), the grade is stored through it instead of at once
        self.store: Callable[[Item, str, str, int], None] | None = None

    def grade(self, item_id: int) -> None:
        archive = self.archive
        self._run("grading", lambda: load_grading(archive, item_id), self._ask)

    def _ask(self, found: tuple[Item, list[str]]) -> None:
        item, sources = found
        self.dialog = GradeDialog(self._parent, item, sources)
        self.dialog.accepted.connect(lambda: self._store(item))
        self.dialog.open()

    def _store(self, item: Item) -> None:
        if self.dialog is None:
            return
        item_id = item.id
        source, reliability, credibility = self.dialog.values()
        if self.store is not None:
            self.store(item, source, reliability, credibility)
            return
        archive = self.archive
        self._run("grade", lambda: archive.grade_source(
            item_id, source=source, reliability=reliability, credibility=credibility),
            lambda _item: self.graded.emit(item_id))
