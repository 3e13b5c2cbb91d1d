"""Tagging selected words as an entity: the dialog, and the steps that store the mention."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from archive.entity_models import PERSON, Entity, Mention
from archive.errors import EntityNotFound
from archive.service import Archive
from ui.entity_style import shown_name, type_choices, type_label
from ui.tasks import RunFn
from ui.text_pane import Selection
from ui.undo_rows import MadeEdit, RemovedEdit

if TYPE_CHECKING:
    from ui.edits import ItemEdits

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class TagChoice:
    """What the dialog was told: an existing entity (its id), or a new one's name and type."""

    entity_id: int | None
    name: str
    type: str


def completions(entities: Sequence[Entity]) -> dict[str, int]:
    """The type-ahead entries of existing entities ("Zhao Wei · person", "赵伟 · person ·
    Zhao Wei") with the entity each names. A protected entity only by its pseudonym."""
    out: dict[str, int] = {}
    for e in entities:
        label = type_label(e.type)
        if e.protected:
            out[f"{shown_name(e)} · {label}"] = e.id
            continue
        out.setdefault(f"{e.name} · {label}", e.id)
        for alias in e.aliases:
            out.setdefault(f"{alias} · {label} · {e.name}", e.id)
    return out


class TagDialog(QDialog):
    """Name (the selected words), type, or an existing entity to add the mention to."""

    def __init__(self, quote: str, entities: Sequence[Entity],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle(self.tr("Tag as entity"))
        self.quote = quote
        self.entries = completions(entities)
        self._by_name: dict[str, list[int]] = {}
        for e in entities:
            if not e.protected:
                for n in (e.name, *e.aliases):
                    self._by_name.setdefault(n.casefold(), []).append(e.id)
        self.entities = {e.id: e for e in entities}

        words = QLabel(f"“{quote}”")
        words.setWordWrap(True)
        words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLineEdit(quote)
        self.name.setObjectName("tagName")
        self.type = QComboBox()
        self.type.setObjectName("tagType")
        for value, label in type_choices():
            self.type.addItem(label, value)
        self.type.setCurrentIndex(self.type.findData(PERSON))
        self.existing = QLineEdit()
        self.existing.setObjectName("tagExisting")
        self.existing.setPlaceholderText(self.tr("Type to find one; empty: a new entity"))
        self.existing.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel(sorted(self.entries, key=str.casefold), self),
                               self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.existing.setCompleter(completer)
        self.hint = QLabel()
        self.hint.setObjectName("tagHint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Tag"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("Selected:"), words)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Type:"), self.type)
        form.addRow(self.tr("Or existing entity:"), self.existing)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.setMinimumWidth(480)
        self.existing.textChanged.connect(self._update)
        self.name.textChanged.connect(self._update)
        same = self._by_name.get(quote.casefold(), [])
        if len(set(same)) == 1:  # the words are already a name of one entity: offer it
            entity = self.entities[same[0]]
            self.existing.setText(next(k for k, v in self.entries.items() if v == entity.id))
        self._update()

    def chosen_entity(self) -> int | None:
        """The existing entity the "Existing entity" field names, if it names one."""
        text = self.existing.text().strip()
        if text in self.entries:
            return self.entries[text]
        same = set(self._by_name.get(text.casefold(), []))
        return same.pop() if len(same) == 1 else None

    def choice(self) -> TagChoice:
        return TagChoice(self.chosen_entity(), " ".join(self.name.text().split()),
                         str(self.type.currentData()))

    def _update(self) -> None:
        existing = self.existing.text().strip()
        chosen = self.chosen_entity()
        self.name.setEnabled(not existing)
        self.type.setEnabled(not existing)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if chosen is not None:
            entity = self.entities[chosen]
            self.hint.setText(self.tr("The words become a confirmed mention of {name}"
                                      " ({type}).").format(name=shown_name(entity),
                                                           type=type_label(entity.type)))
            ok.setEnabled(True)
        elif existing:
            self.hint.setText(self.tr("No entity is called that. Pick one from the list, or"
                                      " clear the field to make a new entity."))
            ok.setEnabled(False)
        else:
            self.hint.setText(self.tr("A new entity is made, unless one already has this name"
                                      " (then the mention goes to it)."))
            ok.setEnabled(bool(self.name.text().strip()))


Tagged = tuple[Mention, Entity, bool, bool]  # mention, its entity, a new name?, entity made?


class Tagger(QObject):
    """Asks what the selected words are, stores the mention in the background, and offers to
    keep differently written words as an alias of the entity they were added to."""

    changed = Signal()  # a mention (or an alias) was added
    tagged = Signal(object)  # the new Mention
    message = Signal(str)  # a line for the status bar

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self._parent = parent
        self.dialog: TagDialog | None = None
        self.alias_box: QMessageBox | None = None
        self.edits: ItemEdits | None = None  # the window's Undo stack, once it has one

    def start(self, item_id: int, selection: Selection) -> None:
        """Load the entities (for the type-ahead) and open the dialog."""
        self._run("tag entities", self.archive.entities,
                  lambda entities: self._ask(item_id, selection, entities))

    def _ask(self, item_id: int, selection: Selection, entities: list[Entity]) -> None:
        dialog = TagDialog(selection.quote, entities, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.tag(item_id, selection, dialog.choice()))
        dialog.finished.connect(lambda _r: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: TagDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def tag(self, item_id: int, selection: Selection, choice: TagChoice) -> None:
        """Store the mention; Undo takes it away again (and the entity, if the tag made it)."""
        archive = self.archive

        def work() -> Tagged:
            target: str | int = choice.entity_id if choice.entity_id is not None else choice.name
            made = False
            if choice.entity_id is None:
                try:
                    archive.entity(choice.name)
                except EntityNotFound:
                    made = True
            mention = archive.tag_span(
                item_id, selection.page, selection.start, selection.end, target,
                type=None if choice.entity_id is not None else choice.type)
            entity = archive.entity(mention.entity_id)
            names = {archive.key(n) for n in (entity.name, *entity.aliases)}
            return mention, entity, archive.key(mention.quote) not in names, made

        if self.edits is None:
            self._run("tag", work, self._tagged)
            return
        text = (self.tr("Tag “{name}”").format(name=choice.name) if choice.entity_id is None
                else self.tr("Tag as entity"))
        self.edits.push(MadeEdit(
            self.edits.queue, archive, text, item_id, work,
            lambda done: archive.remove_mention(done[0].id, drop_unused_entity=done[3]),
            made=self._tagged, changed=lambda _r: self.changed.emit()))

    def remove(self, mention: Mention) -> None:
        """Take a mention away (words marked wrongly); Undo puts the very same one back."""
        archive = self.archive
        if self.edits is None:
            self._run("remove mention", lambda: archive.remove_mention(mention.id),
                      lambda _r: self.changed.emit())
            return
        self.edits.push(RemovedEdit(
            self.edits.queue, archive,
            self.tr("Remove mention of {name}").format(name=mention.entity_name),
            mention.item_id, lambda: archive.remove_mention(mention.id),
            removed=lambda _r: self._removed(mention),
            restored=lambda _r: self.changed.emit()))

    def _removed(self, mention: Mention) -> None:
        self.message.emit(self.tr("Mention of {name} removed (Ctrl+Z brings it back).").format(
            name=mention.entity_name))
        self.changed.emit()

    def _tagged(self, result: Tagged | None) -> None:
        if result is None:
            return
        mention, entity, new_name, _made = result
        self.message.emit(self.tr("“{quote}” tagged as {name} ({type}).").format(
            quote=mention.quote if not entity.protected else shown_name(entity),
            name=shown_name(entity), type=type_label(entity.type)))
        self.tagged.emit(mention)
        self.changed.emit()
        if new_name:
            self._offer_alias(mention.quote, entity)

    def _offer_alias(self, quote: str, entity: Entity) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Another name?"),
            self.tr("“{quote}” is not among the names of {name}. Keep it as another name"
                    " (alias), so that it is found and suggested everywhere?").format(
                quote=quote, name=shown_name(entity)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(
            lambda _r: self.add_alias(entity.id, quote) if box.clickedButton() is yes else None)
        self.alias_box = box
        box.open()

    def add_alias(self, entity_id: int, alias: str) -> None:
        archive = self.archive
        self._run("alias", lambda: archive.alias_entity(entity_id, alias),
                  lambda _e: self.changed.emit())
