"""Undoable edits from the window: tags, titles and grades of items (here), entity mentions
and timeline events (ui/undo_rows.py). Each step, and each undo, is an ordinary archive call in
the background, so the custody log records the reversal as a new row; nothing is ever deleted
from it."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QLineEdit

from archive.models import Item

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

Grade = tuple[str, str, int | None]  # source name ("" none), reliability, credibility
After = Callable[[Any], None] | None  # given what the edit returned


class EditQueue(QObject):
    """Runs edits one after another, in the background: an undo never overtakes its edit."""

    edited = Signal(object)  # item id (or None: no item), once its edit is stored
    idle = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._waiting: deque[tuple[int | None, Callable[[], Any], After]] = deque()
        self._running = False

    @property
    def busy(self) -> bool:
        return self._running or bool(self._waiting)

    def submit(self, item_id: int | None, fn: Callable[[], Any], after: After = None) -> None:
        """Run ``fn`` once the edits before it are stored; then ``after(result)`` on the UI
        thread."""
        self._waiting.append((item_id, fn, after))
        self._next()

    def _next(self) -> None:
        if self._running or not self._waiting or self.w.tasks.closed:
            if not self.busy:
                self.idle.emit()
            return
        item_id, fn, after = self._waiting.popleft()
        self._running = True

        def done(result: Any) -> None:
            self._running = False
            if after is not None:
                after(result)
            self.edited.emit(item_id)
            self._next()

        def failed(error: BaseException) -> None:
            self._running = False
            self.w.show_error(error)
            self._next()

        self.w.tasks.run(fn, on_done=done, on_error=failed, name="edit")


class ArchiveEdit(QUndoCommand):
    """One edit and the edit that reverses it, both submitted to the queue."""

    def __init__(self, queue: EditQueue, text: str, item_id: int | None,
                 do: Callable[[], Any], undo: Callable[[], Any], *, after: After = None,
                 undone: After = None) -> None:
        super().__init__(text)
        self.queue, self.item_id, self._do, self._undo = queue, item_id, do, undo
        self._after, self._undone = after, undone

    def redo(self) -> None:
        self.queue.submit(self.item_id, self._do, self._after)

    def undo(self) -> None:
        self.queue.submit(self.item_id, self._undo, self._undone)


class ItemEdits(QObject):
    """Tag, rename and grade the chosen item, with Undo and Redo in the Edit menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.archive = window.archive
        self.stack = QUndoStack(self)
        self.queue = EditQueue(window)
        self.queue.edited.connect(self._edited)
        self.dialog: QInputDialog | None = None
        self.undo_action = self.stack.createUndoAction(self, window.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.stack.createRedoAction(self, window.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        window.addAction(self.undo_action)  # the keys work wherever the focus is in the window
        window.addAction(self.redo_action)
        self.tag_action = self._list_action(window.tr("&Tag item…"), self.ask_tag, "Ctrl+T")
        self.untag_action = self._list_action(window.tr("Re&move tag…"), self.ask_untag,
                                              "Ctrl+Shift+R")
        self.rename_action = self._list_action(window.tr("Re&name item…"), self.ask_title,
                                               "F2")

    def _list_action(self, text: str, slot: Callable[[], Any], key: str) -> QAction:
        """An action for the item list (its key works where the list has the focus)."""
        action = self.w._action(text, slot, key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.w.item_view.addAction(action)
        return action

    # --- which item ---------------------------------------------------------------------
    def current(self) -> Item | None:
        """The item chosen in the list, else the one in the viewer."""
        index = self.w.item_view.currentIndex()
        item_id = index.data(self.w.item_model.ItemIdRole) if index.isValid() else None
        if item_id is not None:
            return self.w.item_model.item(int(item_id))
        return self.w.viewer.item

    def _need_item(self) -> Item | None:
        item = self.current()
        if item is None:
            self.w.statusBar().showMessage(self.w.tr("Choose an item in the list first."), 8000)
        return item

    # --- edits (undoable) ---------------------------------------------------------------
    def tag(self, item_id: int, tag: str) -> None:
        tag = " ".join(tag.split())
        if not tag:
            self.w.statusBar().showMessage(self.w.tr("A tag needs some text."), 8000)
            return
        arc = self.archive
        self.stack.push(ArchiveEdit(self.queue, self.w.tr("Tag “{t}”").format(t=tag), item_id,
                                    lambda: arc.tag_item(item_id, tag),
                                    lambda: arc.untag_item(item_id, tag)))

    def untag(self, item_id: int, tag: str) -> None:
        arc = self.archive
        self.stack.push(ArchiveEdit(self.queue, self.w.tr("Remove tag “{t}”").format(t=tag),
                                    item_id, lambda: arc.untag_item(item_id, tag),
                                    lambda: arc.tag_item(item_id, tag)))

    def retitle(self, item: Item, title: str) -> None:
        title = " ".join(title.split())
        if not title or title == item.title:
            return
        arc, item_id, before = self.archive, item.id, item.title
        self.stack.push(ArchiveEdit(self.queue, self.w.tr("Rename to “{t}”").format(t=title),
                                    item_id, lambda: arc.retitle_item(item_id, title),
                                    lambda: arc.retitle_item(item_id, before)))

    def grade(self, item: Item, source: str, reliability: str, credibility: int,
              *, after: After = None) -> None:
        """Store a grade (from the grade dialog); undo puts the earlier grade back."""
        arc, item_id = self.archive, item.id
        before: Grade = (item.source_entity, item.reliability, item.credibility)

        def restore() -> Any:
            name, rel, cred = before
            if not rel or cred is None or not name:
                return arc.clear_grade(item_id)
            return arc.grade_source(item_id, source=name, reliability=rel, credibility=cred)

        self.stack.push(ArchiveEdit(
            self.queue, self.w.tr("Grade {g}").format(g=f"{reliability}{credibility}"), item_id,
            lambda: arc.grade_source(item_id, source=source, reliability=reliability,
                                     credibility=credibility), restore, after=after))

    def push(self, command: QUndoCommand) -> None:
        """An undoable step made elsewhere (a mention, an event): on the same Undo stack."""
        self.stack.push(command)

    # --- asking -------------------------------------------------------------------------
    def ask_tag(self) -> QInputDialog | None:
        item = self._need_item()
        if item is None:
            return None
        known = self.w.item_model.all_tags()  # the tags of the listed items, to pick from
        dialog = self._dialog(self.w.tr("Tag item"), self.w.tr("Tag for “{t}”:").format(
            t=item.title or item.filename))
        dialog.setComboBoxEditable(True)
        dialog.setComboBoxItems(known)
        dialog.setTextValue("")
        dialog.textValueSelected.connect(lambda text: self.tag(item.id, text))
        dialog.open()
        return dialog

    def ask_untag(self) -> QInputDialog | None:
        item = self._need_item()
        if item is None:
            return None
        tags = list(self.w.item_model.tags_of(item.id))
        if not tags:
            self.w.statusBar().showMessage(self.w.tr("This item has no tags."), 8000)
            return None
        dialog = self._dialog(self.w.tr("Remove tag"), self.w.tr("Remove which tag?"))
        dialog.setComboBoxItems(tags)
        dialog.textValueSelected.connect(lambda text: self.untag(item.id, text))
        dialog.open()
        return dialog

    def ask_title(self) -> QInputDialog | None:
        item = self._need_item()
        if item is None:
            return None
        dialog = self._dialog(self.w.tr("Rename item"), self.w.tr(
            "A title people will recognise (the file name “{f}” is kept):").format(
                f=item.filename))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(item.title)
        dialog.textValueSelected.connect(lambda text: self.retitle(item, text))
        dialog.open()
        return dialog

    def _dialog(self, title: str, label: str) -> QInputDialog:
        dialog = QInputDialog(self.w)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setMinimumWidth(380)
        self.dialog = dialog
        return dialog

    # --- after an edit ------------------------------------------------------------------
    def _edited(self, item_id: int | None) -> None:
        if self.w.tasks.closed or item_id is None:
            return
        self.w.load_items()
        shown = self.w.viewer.item
        if shown is not None and shown.id == item_id:
            self.w.show_item(item_id, page=self.w.viewer.page or None)


def edit_menu_actions(edits: ItemEdits) -> list[QAction | None]:
    """The Edit menu's edit entries, in order (None: a separator)."""
    return [edits.undo_action, edits.redo_action, None, edits.tag_action, edits.untag_action,
            edits.rename_action]

