"""Opening an original in the computer's own viewer, safely: always a read-only COPY, checked
against the archive's SHA-256, never the archive's object file (which must never change)."""

from __future__ import annotations

import logging
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from archive.errors import CasefileError
from archive.storage import sha256_file

if TYPE_CHECKING:
    from archive.service import Archive
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(filename: str, item_id: int) -> str:
    """The original's file name, without characters a file system refuses."""
    name = _UNSAFE.sub("_", Path(filename).name).strip(" .")
    return name or f"item-{item_id}"


def original_copy(archive: Archive, item_id: int, *, reuse: Path | None = None) -> Path:
    """Runs in a background task: a read-only copy of the item's original, under its own file
    name in a new folder of the archive's temporary space, whose SHA-256 matches the record.
    ``reuse``: an earlier copy, given back if it is still there and still matches."""
    item = archive.item(item_id)
    if reuse is not None and reuse.is_file() and sha256_file(reuse)[0] == item.sha256:
        return reuse
    source = archive.storage.object_file_for_reading(item.sha256)
    if not source.is_file():
        raise CasefileError(f"The original of “{item.title or item.filename}” is missing from"
                            " the archive. Run Verify to see what else is affected.")
    folder = archive.storage.new_temp_dir()
    copy = folder / safe_name(item.filename, item.id)
    shutil.copyfile(source, copy)
    copy.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    digest, _size = sha256_file(copy)
    if digest != item.sha256:
        shutil.rmtree(folder, ignore_errors=True)
        raise CasefileError(f"The stored original of “{item.title or item.filename}” no longer"
                            " matches its SHA-256: it was not opened. Run Verify.")
    log.info("copied the original of item %d to %s", item_id, copy)
    return copy


class OriginalOpener(QObject):
    """File → Open original / Show in folder, for the item chosen in the list or viewer."""

    opened = Signal(str)  # the path of the copy handed to the system

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._copies: dict[int, Path] = {}  # item id -> its copy made in this session

    def open_original(self) -> None:
        self._with_copy(lambda copy: copy)

    def show_in_folder(self) -> None:
        self._with_copy(lambda copy: copy.parent)

    def _with_copy(self, target_of: Callable[[Path], Path]) -> None:
        item = self.w.edits.current()
        if item is None:
            self.w.statusBar().showMessage(self.w.tr("Choose an item in the list first."), 8000)
            return
        archive, item_id = self.w.archive, item.id

        def done(copy: Path) -> None:
            self._copies[item_id] = copy
            target = target_of(copy)
            if QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
                self.w.statusBar().showMessage(self.w.tr(
                    "Opened a read-only copy of the original: {path}").format(path=copy), 15000)
            else:
                self.w.statusBar().showMessage(self.w.tr(
                    "No program on this computer opens it; the read-only copy is at {path}"
                ).format(path=copy), 30000)
            self.opened.emit(str(target))

        earlier = self._copies.get(item_id)
        self.w._run("original", lambda: original_copy(archive, item_id, reuse=earlier), done)
