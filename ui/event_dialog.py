"""Changing an event of the timeline: what happened, when (as a person says it), details."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from archive.errors import CasefileError
from archive.event_models import Event
from archive.timeline import FuzzyDate, parse_when
from ui.timeline_model import date_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EventChange:
    """What the dialog was told; ``end`` None: no end date."""

    title: str
    start: FuzzyDate
    end: FuzzyDate | None
    description: str


def written(d: FuzzyDate | None) -> str:
    """A date as it goes back into the field: the words it was typed in, else its label."""
    if d is None:
        return ""
    return d.text or date_text(d)


class EventDialog(QDialog):
    """The title, dates and description of one event, to change."""

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self.setWindowTitle(self.tr("Change event"))
        self.event = event
        self.title = QLineEdit(event.title)
        self.title.setObjectName("eventTitle")
        self.start = QLineEdit(written(event.start))
        self.start.setObjectName("eventStart")
        self.start.setPlaceholderText(self.tr("3 January 2024, March 2024, early 2023…"))
        self.end = QLineEdit(written(event.end))
        self.end.setObjectName("eventEnd")
        self.end.setPlaceholderText(self.tr("empty: a single date"))
        self.description = QPlainTextEdit(event.description)
        self.description.setObjectName("eventDescription")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(70)
        self.hint = QLabel()
        self.hint.setObjectName("eventHint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("What happened:"), self.title)
        form.addRow(self.tr("When:"), self.start)
        form.addRow(self.tr("Until:"), self.end)
        form.addRow(self.tr("Details:"), self.description)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        for field in (self.title, self.start, self.end):
            field.textChanged.connect(self._update)
        self._update()

    def _dates(self) -> tuple[FuzzyDate, FuzzyDate | None]:
        start = parse_when(self.start.text())
        end = parse_when(self.end.text()) if self.end.text().strip() else None
        return start, end

    def _update(self) -> None:
        problem = ""
        if not self.title.text().strip():
            problem = self.tr("Say in a few words what happened.")
        else:
            try:
                start, end = self._dates()
                if end is not None and end.latest < start.earliest:
                    problem = self.tr("It ends before it starts.")
            except CasefileError as e:
                problem = str(e)
        if problem:
            self.hint.setText(f'<span style="color:#b3261e">{problem}</span>')
        else:
            self.hint.setText(self.tr("Ctrl+Z in the window puts the event back as it was."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def change(self) -> EventChange:
        start, end = self._dates()
        return EventChange(" ".join(self.title.text().split()), start, end,
                           self.description.toPlainText().strip())
