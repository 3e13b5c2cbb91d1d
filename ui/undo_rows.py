"""Undo steps for work that makes or removes rows (entity mentions, timeline events): an undo
takes the rows out and a redo puts the very same rows back, ids included, through the archive,
so the custody log records every step."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from archive.undo import Rows

if TYPE_CHECKING:
    from archive.service import Archive
    from ui.edits import EditQueue

log = logging.getLogger(__name__)

Done = Callable[[Any], None] | None


class MadeEdit(QUndoCommand):
    """Something made (a mention, an event): the first redo makes it; undo takes its rows out
    with ``take_out(result of make)``; a later redo puts those rows back."""

    def __init__(self, queue: EditQueue, archive: Archive, text: str, item_id: int | None,
                 make: Callable[[], Any], take_out: Callable[[Any], Rows | None], *,
                 made: Done = None, changed: Done = None) -> None:
        super().__init__(text)
        self.queue, self.archive, self.item_id = queue, archive, item_id
        self._make, self._take_out = make, take_out
        self._made, self._changed = made, changed
        self.result: Any = None  # what make returned (set in the background, before undo)
        self.rows: Rows | None = None  # what undo took out
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            self.queue.submit(self.item_id, self._do_make, self._made)
        else:
            self.queue.submit(self.item_id, self._put_back, self._changed)

    def undo(self) -> None:
        self.queue.submit(self.item_id, self._do_take_out, self._changed)

    def _do_make(self) -> Any:
        self.result = self._make()
        return self.result

    def _do_take_out(self) -> None:
        if self.result is not None:  # the making failed: nothing to undo
            self.rows = self._take_out(self.result)

    def _put_back(self) -> None:
        if self.rows is not None:
            self.archive.restore(self.rows)
            self.rows = None


class RemovedEdit(QUndoCommand):
    """Something removed (a mention, an event): redo takes its rows out, undo puts them back."""

    def __init__(self, queue: EditQueue, archive: Archive, text: str, item_id: int | None,
                 take_out: Callable[[], Rows], *, removed: Done = None,
                 restored: Done = None) -> None:
        super().__init__(text)
        self.queue, self.archive, self.item_id = queue, archive, item_id
        self._take_out, self._removed, self._restored = take_out, removed, restored
        self.rows: Rows | None = None

    def redo(self) -> None:
        self.queue.submit(self.item_id, self._do_take_out, self._removed)

    def undo(self) -> None:
        self.queue.submit(self.item_id, self._put_back, self._restored)

    def _do_take_out(self) -> None:
        self.rows = self._take_out()

    def _put_back(self) -> None:
        if self.rows is not None:
            self.archive.restore(self.rows)
            self.rows = None
