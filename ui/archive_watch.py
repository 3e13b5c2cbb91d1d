"""Noticing what other programs (the command line, a second window) change in the archive."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from archive.errors import CasefileError
from archive.service import Archive

log = logging.getLogger(__name__)


class ArchiveWatch(QObject):
    """Polls SQLite's data_version (microseconds, on the UI thread) and, when the database
    changed, whether what the lists show changed; emits ``changed`` when they are out of date.

    While the window is busy with its own work the check waits: that work refreshes the lists
    itself when it ends, and ``rebaseline`` then records what they show."""

    changed = Signal()

    INTERVAL_MS = 1000

    def __init__(self, archive: Archive, busy: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._busy = busy
        self._version = self._read_version()
        self._signature: tuple[int, ...] | None = None
        self._pending = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def _read_version(self) -> int | None:
        try:
            return self.archive.data_version()
        except (CasefileError, sqlite3.Error) as e:  # busy or gone for a moment: try next tick
            log.debug("data_version: %s", e)
            return None

    def rebaseline(self) -> None:
        """The lists are being loaded now: what they will show is the new baseline."""
        try:
            self._signature = self.archive.change_signature()
        except (CasefileError, sqlite3.Error) as e:
            log.debug("change signature: %s", e)

    def check(self) -> None:
        version = self._read_version()
        if version is None or (version == self._version and not self._pending):
            return
        self._version = version
        if self._busy():
            self._pending = True
            return
        self._pending = False
        try:
            signature = self.archive.change_signature()
        except (CasefileError, sqlite3.Error) as e:
            log.debug("change signature: %s", e)
            self._pending = True
            return
        if signature != self._signature:
            log.info("the archive was changed by another program: refreshing the lists")
            self._signature = signature
            self.changed.emit()

    def stop(self) -> None:
        self.timer.stop()
