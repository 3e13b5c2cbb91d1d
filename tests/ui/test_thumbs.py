"""Page thumbnails of a PDF beside its page picture: drawn in the background, small, cached
apart from the full page, and a click shows that page."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QPixmap

from ui.main_window import MainWindow
from ui.thumbs import THUMB_PIXELS

LONG = 180_000


def test_a_pdf_shows_a_thumbnail_per_page_and_a_click_goes_to_that_page(
    qtbot, window: MainWindow, corpus: Path, tmp_path: Path,
) -> None:
    archive = window.archive
    pdf = tmp_path / "judgment.pdf"
    shutil.copy(corpus / "fixtures_ingest_file" / "106972554.pdf", pdf)  # 3 pages
    archive.ingest([pdf], case="Court", workers=1)
    [item] = archive.items(case="Court")
    thumbs = window.viewer.thumbs
    drawn: list[int] = []
    thumbs.drawn.connect(drawn.append)
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.show_item(item.id)
    assert thumbs.isVisible() and thumbs.count() == 3
    qtbot.waitUntil(lambda: drawn[-1:] == [3], timeout=LONG)
    for row in range(3):
        assert not thumbs.item(row).icon().isNull(), f"page {row + 1} has no thumbnail"
    assert thumbs.currentRow() == 0

    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG) as loaded:
        thumbs.itemClicked.emit(thumbs.item(2))
    assert loaded.args == [3] and window.viewer.page == 3
    assert thumbs.currentRow() == 2
    # the full page is not the thumbnail: each size has its own cached picture
    small, full = QPixmap(), QPixmap()
    assert small.loadFromData(archive.page_image(item.id, 3, max_pixels=THUMB_PIXELS))
    assert full.loadFromData(archive.page_image(item.id, 3))
    assert small.width() * small.height() <= THUMB_PIXELS * 1.05
    assert window.viewer.page_view.pixmap.width() == full.width() > small.width()


def test_a_one_page_text_item_shows_no_thumbnails(qtbot, window: MainWindow, write_texts) -> None:
    archive = window.archive
    archive.ingest(write_texts({"note.txt": "A note."}), case="Notes")
    [item] = archive.items(case="Notes")
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.show_item(item.id)
    assert not window.viewer.thumbs.isVisible()
