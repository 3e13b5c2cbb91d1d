"""Reading an item beside its picture: page images, OCR word boxes, paging and search hits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from archive.service import Archive
from ui.main_window import MainWindow
from ui.page_view import matching_words

LONG = 180_000
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} is not here")
    return path


def _ingest(archive: Archive, *paths: Path) -> list[int]:
    report = archive.ingest(list(paths), case="Evidence", workers=1)
    return [o.item_id for o in report.outcomes if o.item_id is not None]


def _open(qtbot, window: MainWindow, item_id: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.show_item(item_id)


def _page(qtbot, window: MainWindow, go: Callable[[], None]) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        go()


def test_an_ocr_read_image_shows_its_picture_with_a_box_on_each_word_that_can_be_hidden(
    qtbot, archive, window,
) -> None:
    [item_id] = _ingest(archive, _corpus("ocrmypdf_resources/crom.png"))
    words = archive.word_boxes(item_id, 1)
    assert words is not None and len(words.words) == 6  # "Covfefe is a perfectly cromulent word."
    _open(qtbot, window, item_id)
    viewer = window.viewer
    assert viewer.page_view.isVisible() and viewer.page_view.pixmap is not None
    assert viewer.page_label.text() == "Page 1 of 1"
    assert viewer.page_view.visible_boxes() == 6
    first = viewer.page_view.boxes[0].rect()
    scale = viewer.page_view.pixmap.width() / words.width
    assert first.left() == pytest.approx(words.words[0].left * scale)

    viewer.boxes_check.click()
    assert viewer.page_view.visible_boxes() == 0
    viewer.boxes_check.click()
    assert viewer.page_view.visible_boxes() == 6
    assert "cromulent" in viewer.text.toPlainText()


def test_a_three_page_pdf_pages_through_one_two_three_with_the_page_label_following(
    qtbot, archive, window,
) -> None:
    [item_id] = _ingest(archive, _corpus("fixtures_ingest_file/106972554.pdf"))
    _open(qtbot, window, item_id)
    viewer = window.viewer
    assert viewer.page_label.text() == "Page 1 of 3"
    assert not viewer.prev_button.isEnabled()
    first = viewer.page_view.pixmap
    assert first is not None and first.height() > first.width()  # a portrait page
    _page(qtbot, window, viewer.next_button.click)
    assert viewer.page_label.text() == "Page 2 of 3"
    _page(qtbot, window, viewer.next_button.click)
    assert viewer.page_label.text() == "Page 3 of 3"
    assert viewer.page == 3 and not viewer.next_button.isEnabled()
    assert viewer.page_view.pixmap is not None and viewer.page_view.pixmap is not first
    _page(qtbot, window, viewer.prev_button.click)
    assert viewer.page_label.text() == "Page 2 of 3"


def test_zoom_starts_at_the_page_width_and_goes_in_and_out(qtbot, archive, window) -> None:
    [item_id] = _ingest(archive, _corpus("fixtures_ingest_file/106972554.pdf"))
    _open(qtbot, window, item_id)
    view = window.viewer.page_view
    assert view.fit_width
    fitted = view.zoom
    window.viewer.zoom_in_button.click()
    assert view.zoom > fitted and not view.fit_width
    window.viewer.zoom_out_button.click()
    window.viewer.zoom_out_button.click()
    assert view.zoom < fitted
    window.viewer.fit_button.click()
    assert view.zoom == pytest.approx(fitted)


def _scanned_pdf(tmp_path: Path) -> Path:
    """A two-page scan with no text layer: a picture of "Hello world", then the cromulent line."""
    pages = [Image.open(_corpus(name)).convert("RGB") for name in (
        "fixtures_ingest_file/hello_world_tiff.tif", "ocrmypdf_resources/crom.png")]
    path = tmp_path / "scan.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=72.0)
    return path


def test_a_search_hit_on_page_two_opens_page_two_with_the_word_marked_on_the_picture(
    qtbot, archive, window, tmp_path,
) -> None:
    [item_id] = _ingest(archive, _scanned_pdf(tmp_path))
    assert [p.method for p in archive.pages(item_id)] == ["ocr", "ocr"]
    window.search_box.setText("cromulent")
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.run_search()
    assert window.results.model.rowCount() == 1
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.results.select_row(0)
    viewer = window.viewer
    assert viewer.page == 2 and viewer.page_label.text() == "Page 2 of 2"
    marked = [h.toolTip() for h in viewer.page_view.hits]
    assert len(marked) == 1 and "cromulent" in marked[0]
    viewer.boxes_check.click()  # hiding the word boxes keeps the search match marked
    assert viewer.page_view.hits[0].isVisible()


def test_a_text_item_shows_only_its_text(qtbot, archive, window, write_texts) -> None:
    [item_id] = _ingest(archive, *write_texts({"note.txt": "Passports were taken at the border."}))
    _open(qtbot, window, item_id)
    viewer = window.viewer
    assert not viewer.page_view.isVisible()
    assert not viewer.page_bar.isVisible()
    assert "Passports were taken" in viewer.text.toPlainText()


def test_a_latin_search_word_marks_whole_words_only() -> None:
    words = ["Do", "I", "need", "a", "visa?", "Visas", "VISA"]
    assert matching_words(words, ["visa"]) == {4, 6}


def test_a_thai_search_word_marks_the_letters_tesseract_read_one_by_one() -> None:
    words = list("สวัสดีครับวันนี้อากาศแจ่มใส")
    start = "".join(words).index("อากาศ")
    assert matching_words(words, ["อากาศ"]) == set(range(start, start + 5))


def test_a_thai_hit_is_marked_once_on_the_picture(qtbot, archive, window) -> None:
    [item_id] = _ingest(archive, _corpus("ocr_gt/thai_trdg/thai_00.jpg"))
    window.search_box.setText("อากาศ")
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.run_search()
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.results.select_row(0)
    assert window.viewer.item is not None and window.viewer.item.id == item_id
    marked = [h.toolTip() for h in window.viewer.page_view.hits]
    assert len(marked) == 1 and "อากาศ" in marked[0]
