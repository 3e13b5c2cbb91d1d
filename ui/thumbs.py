"""Page thumbnails beside the page picture: small renders of each page, drawn one after another
in the background, the shown page selected; a click goes to that page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

THUMB_PIXELS = 160 * 220  # about 160 pixels wide for a portrait page
MAX_THUMBS = 300  # pages beyond this are reached with the page buttons

RunFn = Callable[..., Any]


class ThumbStrip(QListWidget):
    """A column of page thumbnails; ``page_chosen`` when one is clicked."""

    page_chosen = Signal(int)
    drawn = Signal(int)  # how many thumbnails are drawn so far

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageThumbs")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(64, 88))
        self.setGridSize(QSize(72, 108))  # room for the page and its number, drawn or not
        self.setFixedWidth(92)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setToolTip(self.tr("The item's pages: click one to show it"))
        self.itemClicked.connect(lambda row: self.page_chosen.emit(int(row.data(_PAGE))))
        self._item_id: int | None = None
        self._generation = 0

    def show_pages(self, archive: Archive, run: RunFn, item_id: int, count: int) -> None:
        """List ``count`` pages and draw their thumbnails, first page first."""
        self._generation += 1
        self._item_id = item_id
        self.clear()
        for number in range(1, min(count, MAX_THUMBS) + 1):
            row = QListWidgetItem(str(number))
            row.setData(_PAGE, number)
            row.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(row)
        self._draw(archive, run, item_id, 1, self._generation)

    def select_page(self, number: int) -> None:
        row = self.item(number - 1)
        if row is not None:
            blocked = self.blockSignals(True)
            self.setCurrentItem(row)
            self.scrollToItem(row)
            self.blockSignals(blocked)

    def _draw(self, archive: Archive, run: RunFn, item_id: int, number: int,
              generation: int) -> None:
        if number > self.count():
            return

        def done(png: bytes | None) -> None:
            if generation != self._generation:
                return  # another item is shown now
            row = self.item(number - 1)
            if row is not None and png:
                pixmap = QPixmap()
                if pixmap.loadFromData(png):
                    row.setIcon(QIcon(pixmap))
            self.drawn.emit(number)
            self._draw(archive, run, item_id, number + 1, generation)

        def failed(error: BaseException) -> None:
            log.warning("no thumbnail of item %s page %s: %s", item_id, number, error)
            if generation == self._generation:
                self._draw(archive, run, item_id, number + 1, generation)

        run("thumbs", lambda: archive.page_image(item_id, number, max_pixels=THUMB_PIXELS),
            done, failed)


_PAGE = Qt.ItemDataRole.UserRole + 1
