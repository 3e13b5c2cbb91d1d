"""Search as you type: each key searches at once, only the newest search's results are shown
(never an older query's over a newer one), and Enter remembers the query."""

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
    # the keys came faster than the searches: the ones typed meanwhile waited and were
    # replaced, so the results were shown once per finished search, not once per key
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


def test_typing_fast_only_ever_shows_the_results_of_the_text_in_the_box(
    qtbot, filled, window,
) -> None:
    shown: list[tuple[str, str]] = []  # (the query shown, the text in the box then)
    window.search_finished.connect(
        lambda: shown.append((window.shown_query, window.search_box.text().strip())))
    qtbot.keyClicks(window.search_box, "court")
    for _ in range(5):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.search_box, "courier")
    qtbot.waitUntil(lambda: window.shown_query == "courier", timeout=LONG)
    qtbot.waitUntil(lambda: not window.searches.busy and not window.tasks.busy, timeout=LONG)
    assert shown, "results came without Enter"
    assert all(query == box for query, box in shown), "an older query's results were shown"
    assert shown[-1] == ("courier", "courier")
    assert window.shown_query == "courier", "nothing older came in after the newest"
    assert [h.split(" · ")[0] for h in _headings(window)] == ["courier.txt"]
    assert window.results.summary.text() == "1 item matches “courier”"


def test_clearing_the_box_while_a_search_runs_keeps_its_results_away(
    qtbot, filled, window,
) -> None:
    qtbot.keyClicks(window.search_box, "court")
    assert window.searches.busy
    window.search_box.clear()
    qtbot.waitUntil(lambda: not window.searches.busy and not window.tasks.busy, timeout=LONG)
    assert window.results.model.rowCount() == 0
    assert window.shown_query == ""


def test_the_same_counts_again_leave_the_narrowing_panel_as_it_was(
    qtbot, filled, window,
) -> None:
    def search(query: str) -> None:
        window.search_box.setText(query)
        with qtbot.waitSignal(window.search_finished, timeout=LONG):
            qtbot.keyClick(window.search_box, Qt.Key.Key_Return)

    search("provincial")
    panel = window.facet_panel
    assert panel.facets.rowCount() > 0
    first = panel.facets.index(0, 0)
    panel.collapse(first)  # the person folded a branch
    rebuilt: list[int] = []
    panel.facets.modelReset.connect(lambda: rebuilt.append(1))
    search("seized")  # the same single item matches: the same counts
    assert window.shown_query == "seized"
    assert rebuilt == [], "the panel was not built again"
    assert not panel.isExpanded(first), "the folded branch stays folded"
    search("court OR courier")  # two items: other counts
    assert rebuilt == [1]
