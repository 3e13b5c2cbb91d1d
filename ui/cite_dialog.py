""""Cite as event…": selected words become a new event of the case, or a source of one, the
date found in them (or in their sentence) filled in."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from archive.datefind import find_dates, sentences
from archive.entity_models import REJECTED, Entity
from archive.errors import CasefileError
from archive.event_models import PLACE_TYPES, Event
from archive.service import Archive
from archive.timeline import FuzzyDate, parse_when
from archive.undo import Rows
from ui.tasks import RunFn
from ui.text_pane import Selection
from ui.undo_rows import MadeEdit

if TYPE_CHECKING:
    from ui.edits import ItemEdits
from ui.timeline_model import date_text

log = logging.getLogger(__name__)

TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class CiteContext:
    """What the dialog needs, loaded in the background."""

    item_id: int
    selection: Selection
    sentence: str  # the sentence the selection sits in
    found: FuzzyDate | None  # the date in the selection, else in its sentence
    anchor: str  # the item's own date: settles "yesterday", "last March"
    cases: tuple[str, ...]  # the item's cases
    events: dict[str, list[Event]]  # each case's events
    places: tuple[Entity, ...]
    place_id: int | None = None  # the first place mentioned in the sentence


@dataclass(frozen=True, slots=True)
class CiteChoice:
    case: str
    event_id: int | None  # an existing event, or None: a new one
    title: str
    start: FuzzyDate | None
    end: FuzzyDate | None
    place_id: int | None
    stated: FuzzyDate | None  # the date as this source states it


def load_context(archive: Archive, item_id: int, selection: Selection) -> CiteContext:
    """Runs in a background task: the date of the selected words or of their sentence."""
    text = archive.page_text(item_id, selection.page)
    dates = archive.item_dates(item_id)
    anchor = dates.bears or dates.collected or ""
    found = find_dates(text, anchor=anchor)
    inside = [f for f in found if selection.start <= f.start and f.end <= selection.end]
    sentence = next(((a, b) for a, b in sentences(text)
                     if a <= selection.start < b), (selection.start, selection.end))
    near = [f for f in found if sentence[0] <= f.start and f.end <= sentence[1]]
    best = (inside or near)[0] if inside or near else None
    item = archive.item(item_id)
    events = {case: archive.events(case) for case in item.cases}
    places = tuple(e for e in archive.entities() if e.type in PLACE_TYPES)
    ids = {e.id for e in places}
    named = sorted((m.start, m.entity_id) for m in archive.mentions(item_id=item_id)
                   if m.page == selection.page and m.state != REJECTED
                   and sentence[0] <= m.start and m.end <= sentence[1] and m.entity_id in ids)
    return CiteContext(item_id, selection, text[sentence[0]:sentence[1]],
                       best.date if best is not None else None, anchor, tuple(item.cases),
                       events, places, named[0][1] if named else None)


def short_title(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= TITLE_CHARS else words[:TITLE_CHARS - 1].rstrip() + "…"


def as_typed(d: FuzzyDate | None) -> str:
    """A found date as it can be typed back: its words when they read by themselves
    ("12 March 2024", "early 2023"), else the ISO form ("yesterday" -> 2024-04-30)."""
    if d is None:
        return ""
    try:
        if d.text and parse_when(d.text) == d:
            return d.text
    except CasefileError:
        pass
    return {"day": d.earliest[:10], "month": d.earliest[:7], "year": d.earliest[:4],
            "exact": d.earliest.replace("T", " ")}.get(d.precision, date_text(d))


class CiteDialog(QDialog):
    """New event (title, date, end, place) or an existing one; the date the source states."""

    def __init__(self, context: CiteContext, case: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("citeDialog")
        self.setWindowTitle(self.tr("Cite as event"))
        self.context = context
        words = " ".join(context.selection.quote.split())
        quote = QLabel(f"“{words[:400]}{'…' if len(words) > 400 else ''}”")
        quote.setWordWrap(True)
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.case = QComboBox()
        self.case.setObjectName("citeCase")
        self.case.addItems(list(context.cases))
        if case in context.cases:
            self.case.setCurrentText(case)
        self.new_radio = QRadioButton(self.tr("A new event"))
        self.existing_radio = QRadioButton(self.tr("A source of an event already on the"
                                                   " timeline"))
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        self.new_radio.setChecked(True)
        self.title = QLineEdit(short_title(context.selection.quote))
        self.title.setObjectName("citeTitle")
        self.start = QLineEdit(as_typed(context.found))
        self.start.setObjectName("citeStart")
        self.start.setPlaceholderText(self.tr("e.g. 12 March 2024, 2024-03, early 2023"))
        self.end = QLineEdit()
        self.end.setObjectName("citeEnd")
        self.end.setPlaceholderText(self.tr("empty: a single day (or month, or year)"))
        self.place = QComboBox()
        self.place.setObjectName("citePlace")
        self.place.addItem(self.tr("(no place)"), None)
        for p in sorted(context.places, key=lambda e: e.display_name.casefold()):
            self.place.addItem(p.display_name, p.id)
        if context.place_id is not None:  # the place the sentence names
            self.place.setCurrentIndex(max(0, self.place.findData(context.place_id)))
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("citeEvent")
        self.stated = QLineEdit(as_typed(context.found))
        self.stated.setObjectName("citeStated")
        self.stated.setToolTip(self.tr(
            "The date as this source gives it. Sources that state dates which cannot both be"
            " true make the event disputed."))
        self.hint = QLabel()
        self.hint.setObjectName("citeHint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Cite"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("Selected:"), quote)
        form.addRow(self.tr("Case:"), self.case)
        form.addRow(self.new_radio)
        form.addRow(self.tr("What happened:"), self.title)
        form.addRow(self.tr("When:"), self.start)
        form.addRow(self.tr("Until:"), self.end)
        form.addRow(self.tr("Where:"), self.place)
        form.addRow(self.existing_radio)
        form.addRow(self.tr("Event:"), self.event_combo)
        form.addRow(self.tr("Date as the source states it:"), self.stated)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)
        self.case.currentIndexChanged.connect(lambda _i: self._fill_events())
        for edit in (self.title, self.start, self.end, self.stated):
            edit.textChanged.connect(self._update)
        self.new_radio.toggled.connect(self._update)
        self._fill_events()
        self._update()

    def _fill_events(self) -> None:
        self.event_combo.clear()
        for e in self.context.events.get(self.case.currentText(), []):
            self.event_combo.addItem(f"{date_text(e.start)} — {e.title}", e.id)
        self.existing_radio.setEnabled(self.event_combo.count() > 0)
        if not self.event_combo.count():
            self.new_radio.setChecked(True)
        self._update()

    def _parse(self, text: str) -> FuzzyDate | None:
        return parse_when(text, anchor=self.context.anchor) if text.strip() else None

    def _update(self) -> None:
        new = self.new_radio.isChecked()
        for w in (self.title, self.start, self.end, self.place):
            w.setEnabled(new)
        self.event_combo.setEnabled(not new)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        problem = ""
        try:
            start = self._parse(self.start.text()) if new else None
            end = self._parse(self.end.text()) if new else None
            stated = self._parse(self.stated.text())
        except CasefileError as e:
            problem = str(e)
            start = end = stated = None
        if not problem and not self.case.currentText():
            problem = self.tr("This item is in no case: add it to a case first.")
        elif not problem and new and not self.title.text().strip():
            problem = self.tr("Say in a few words what happened.")
        elif not problem and new and start is None:
            problem = self.tr("When did it happen? No date was found in the words.")
        if problem:
            self.hint.setText(f'<span style="color:#b3261e">{problem}</span>')
        elif new:
            assert start is not None
            when = date_text(start) + (f" \u2013 {date_text(end)}" if end else "")
            self.hint.setText(self.tr("A new event on {when}; the words are its source.")
                              .format(when=when) + self._stated_note(stated))
        else:
            self.hint.setText(self.tr("The words become another source of this event.")
                              + self._stated_note(stated))
        ok.setEnabled(not problem)

    def _stated_note(self, stated: FuzzyDate | None) -> str:
        return self.tr(" The source says: {d}.").format(d=date_text(stated)) if stated else ""

    def choice(self) -> CiteChoice:
        new = self.new_radio.isChecked()
        return CiteChoice(
            case=self.case.currentText(),
            event_id=None if new else int(self.event_combo.currentData()),
            title=" ".join(self.title.text().split()),
            start=self._parse(self.start.text()) if new else None,
            end=self._parse(self.end.text()) if new else None,
            place_id=self.place.currentData() if new else None,
            stated=self._parse(self.stated.text()))


Cited = tuple[Event, bool, int]  # the event, made new?, the citation's id


class Citer(QObject):
    """Opens the dialog for selected words and stores the event or citation."""

    cited = Signal(object)  # the Event as it is now
    undone = Signal(object)  # the Event (as cited) whose citing was undone or redone
    message = Signal(str)

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self._parent = parent
        self.dialog: CiteDialog | None = None
        self.edits: ItemEdits | None = None  # the window's Undo stack, once it has one

    def start(self, item_id: int, selection: Selection, case: str | None) -> None:
        archive = self.archive
        self._run("cite context", lambda: load_context(archive, item_id, selection),
                  lambda context: self._ask(context, case))

    def _ask(self, context: CiteContext, case: str | None) -> None:
        dialog = CiteDialog(context, case, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.cite(context, dialog.choice()))
        dialog.finished.connect(lambda _r: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: CiteDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def cite(self, context: CiteContext, choice: CiteChoice) -> None:
        """Store the new event or source; Undo takes it off the timeline again."""
        archive, sel = self.archive, context.selection

        def work() -> Cited:
            event_id = choice.event_id
            if event_id is None:
                assert choice.start is not None
                event_id = archive.add_event(choice.case, choice.title, choice.start,
                                             end=choice.end, place=choice.place_id).id
            citation = archive.cite(event_id, context.item_id, page=sel.page,
                                    start=sel.start, end=sel.end, stated=choice.stated)
            return archive.event(event_id), choice.event_id is None, citation.id

        def take_out(cited: Cited) -> Rows:
            event, new, citation_id = cited
            if new:
                rows = archive.event_rows(event.id)
                archive.delete_event(event.id)
            else:
                rows = archive.citation_rows(citation_id)
                archive.uncite(citation_id)
            return rows

        if self.edits is None:
            self._run("cite", work, lambda cited: self._cited(cited[0]))
            return
        text = (self.tr("New event “{t}”").format(t=choice.title) if choice.event_id is None
                else self.tr("Cite a source"))
        step = MadeEdit(self.edits.queue, archive, text, context.item_id, work, take_out,
                        made=lambda cited: cited is not None and self._cited(cited[0]),
                        changed=lambda _r: step.result is not None
                        and self.undone.emit(step.result[0]))
        self.edits.push(step)

    def _cited(self, event: Event) -> None:
        self.message.emit(self.tr("“{title}” ({when}) is on the timeline of {case}, with"
                                  " {n} source(s).").format(
            title=event.title, when=date_text(event.start), case=event.case,
            n=len(event.citations)))
        self.cited.emit(event)

