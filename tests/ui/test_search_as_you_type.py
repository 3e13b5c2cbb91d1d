"""Search as you type: results follow the typing after a short pause, only the newest search's
results are shown, and Enter remembers the query."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ui.models import SearchResultModel

LONG = 180_000

TEXTS = {
    "ruling.txt": "The provincial court ordered the release of the seized passports.",
    "courier.txt": "A courier carried the cash across the Moei river.",
    "thai-news.txt": "ตำรวจบุกค้นอาคารในเมียวดี พบเหยื่อค้ามนุษย์กว่าร้อยคน",
}


@pytest.fixture
def filled(archive, write_texts):  # type: ignore[no-untyped-def]
    archive.ingest(write_texts(TEXTS), case="Evidence", workers=1)
    return archive


def _headings(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.results.model
    return [model.index(r, 0).data(SearchResultModel.HeadingRole)
            for r in range(model.rowCount())]


def _type_with_input_method(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Commit ``text`` as a Thai keyboard's input method does (QTest has no Thai keys)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_results_follow_the_typing_without_enter_and_only_the_last_query_shows(
    qtbot, filled, window,
) -> None:
    finished: list[str] = []
    window.search_finished.connect(lambda: finished.append(window.results.summary.text()))
    qtbot.keyClicks(window.search_box, "cour")
    qtbot.waitUntil(lambda: bool(finished), timeout=LONG)
    qtbot.keyClicks(window.search_box, "t")
    qtbot.waitUntil(lambda: window.results.summary.text() == "1 item matches “court”",
                    timeout=LONG)
    assert [h.split(" · ")[0] for h in _headings(window)] == ["ruling.txt"]
    # the keys were typed faster than the pause: one search per pause, not one per key
    assert len(finished) <= 2
    assert window.history.queries() == [], "a half-typed query is not kept in the history"
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.history.queries() == ["court"]


def test_a_thai_word_typed_through_the_input_method_finds_the_article(
    qtbot, filled, window,
) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        _type_with_input_method(window.search_box, "เมียวดี")
    assert any(h.startswith("thai-news.txt") for h in _headings(window))


def test_a_half_typed_query_says_what_is_wrong_without_a_dialog(qtbot, filled, window) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        qtbot.keyClicks(window.search_box, 'date:2024-13')
    assert window.last_message is None
    assert window.results.model.rowCount() == 0
    assert "2024-13" in window.results.summary.text()


def test_clearing_the_box_clears_the_results_at_once(qtbot, filled, window) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        qtbot.keyClicks(window.search_box, "court")
    assert window.results.model.rowCount() == 1
    window.search_box.clear()
    assert window.results.model.rowCount() == 0
