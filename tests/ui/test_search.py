"""Searching from the window: typed query, highlighted results, the item opened at the hit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.models import SearchResultModel

LONG = 180_000

TEXTS = {
    "ruling.txt": "The provincial court ordered the release of the seized passports.",
    "interview.txt": "He said the guards beat anyone who missed the daily quota.",
    "thai-news.txt": "ตำรวจบุกค้นอาคารในเมียวดี พบเหยื่อค้ามนุษย์กว่าร้อยคน",
}


@pytest.fixture
def filled(archive, write_texts):  # type: ignore[no-untyped-def]
    """An archive holding a few testimonies and articles in a case "Evidence"."""
    archive.ingest(write_texts(TEXTS), case="Evidence", workers=1)
    return archive


def _search(qtbot, window, query: str) -> None:  # type: ignore[no-untyped-def]
    window.search_box.clear()
    if query.isascii():
        qtbot.keyClicks(window.search_box, query)
    else:  # QTest cannot synthesise keys outside Latin-1; an input method would type these
        window.search_box.setText(query)
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def test_a_search_typed_into_the_box_shows_the_hit_and_selecting_it_shows_the_text(
    qtbot, filled, window,
) -> None:
    _search(qtbot, window, "court")
    model = window.results.model
    assert model.rowCount() == 1
    index = model.index(0, 0)
    assert index.data(SearchResultModel.HeadingRole).startswith("ruling.txt")
    assert "<b>court</b>" in index.data(SearchResultModel.SnippetRole).lower()
    assert window.results.summary.text() == "1 item matches “court”"

    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        window.results.select_row(0)
    assert "provincial court ordered" in window.viewer.text.toPlainText()
    assert "Page 1" in window.viewer.text.toPlainText()
    assert window.viewer.heading.text() == "ruling.txt"
    assert "court" in window.viewer.text.toHtml()


def test_a_thai_word_finds_the_thai_article(qtbot, filled, window) -> None:
    _search(qtbot, window, "เมียวดี")
    titles = [window.results.model.index(r, 0).data(SearchResultModel.HeadingRole)
              for r in range(window.results.model.rowCount())]
    assert any(t.startswith("thai-news.txt") for t in titles)


def test_a_search_that_finds_nothing_says_so(qtbot, filled, window) -> None:
    _search(qtbot, window, "helicopter")
    assert window.results.model.rowCount() == 0
    assert "Nothing matches" in window.results.summary.text()


def test_reprints_show_as_near_duplicates_and_can_be_hidden(
    qtbot, archive, write_texts, window,
) -> None:
    from tests.index.test_neardup import ARTICLE, OTHER

    archive.ingest(write_texts({
        "bangkok-post.txt": ARTICLE,
        "the-nation.txt": ARTICLE.replace("Tuesday", "Wednesday") + " (AFP)",
        "court.txt": OTHER + " The court sat in Mae Sot.",
    }), case="News", workers=1)
    _search(qtbot, window, '"Mae Sot"')
    headings = [window.results.model.index(r, 0).data(SearchResultModel.HeadingRole)
                for r in range(window.results.model.rowCount())]
    assert len(headings) == 3
    assert sum("1 near-duplicate" in h for h in headings) == 2

    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.results.collapse.setChecked(True)
    assert window.results.model.rowCount() == 2
    assert window.results.summary.text() == (
        "3 items match “\"Mae Sot\"” (2 shown, near-duplicates hidden)")
