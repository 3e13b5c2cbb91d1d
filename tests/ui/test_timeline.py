"""The timeline of a case: events on a time axis and in a list, their sources opened at the
quote, and words of an item cited as an event."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from archive.service import Archive
from ui.main_window import MainWindow
from ui.text_pane import QUOTE_PROPERTY
from ui.timeline_list import EventTableModel
from ui.timeline_panel import TimelinePanel

LONG = 180_000
SHORT = 20_000  # ms: work that reads the archive only
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CASE = "KK Park 2024"


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} is not here")
    return path


def _open_timeline(qtbot, window: MainWindow) -> TimelinePanel:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.refresh_cases(select=CASE)
    with qtbot.waitSignal(window.timeline.panel.loaded, timeout=LONG):
        window.timeline.show_action.trigger()
    panel = window.timeline.panel
    qtbot.waitUntil(lambda: panel.canvas.viewport().width() > 300)
    return panel


def _click_event(qtbot, panel: TimelinePanel, event_id: int) -> None:  # type: ignore[no-untyped-def]
    canvas = panel.canvas
    [placed, *_] = canvas.placed(event_id)
    canvas.reveal(event_id)
    with qtbot.waitSignal(panel.citations_loaded, timeout=SHORT):
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=canvas.screen_rect(placed).center())


def test_an_event_cited_from_a_screenshot_opens_its_page_with_the_quote_marked(
    qtbot, archive: Archive, window: MainWindow,
) -> None:
    shot = _corpus("ocrmypdf_resources/crom.png")
    [outcome] = archive.ingest([shot], case=CASE, workers=1).outcomes
    assert outcome.item_id is not None
    item_id = outcome.item_id
    event = archive.add_event(CASE, "A new word is used", "2024-03-12")
    archive.cite(event.id, item_id, page=1, quote="perfectly cromulent")
    panel = _open_timeline(qtbot, window)
    assert [r.id for r in panel.rows] == [event.id]

    _click_event(qtbot, panel, event.id)
    assert panel.event_title.text() == "A new word is used"
    assert panel.citation_list.count() == 1
    assert "perfectly cromulent" in panel.citation_list.item(0).text()

    where = panel.citation_list.visualItemRect(panel.citation_list.item(0)).center()
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        qtbot.mouseClick(panel.citation_list.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(panel.citation_list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    viewer = window.viewer
    assert viewer.item is not None and viewer.item.id == item_id and viewer.page == 1
    assert viewer.text.quoted_text() == "perfectly cromulent"
    start, end = viewer.text.quote_range  # type: ignore[misc]
    assert viewer.text.format_at(start).property(QUOTE_PROPERTY) is True
    assert viewer.text.format_at(end).property(QUOTE_PROPERTY) is not True
    marks = viewer.page_view.quotes
    assert len(marks) == 1 and marks[0].isVisible()
    assert "perfectly cromulent" in marks[0].toolTip()
    boxes = archive.word_boxes(item_id, 1)
    assert boxes is not None
    scale = viewer.page_view.pixmap.width() / boxes.width  # type: ignore[union-attr]
    perfectly = next(w for w in boxes.words if w.text == "perfectly")
    assert marks[0].rect().left() < perfectly.left * scale < marks[0].rect().right()


NEWS = {
    "reuters.txt": "Reuters, 5 March 2024.\nPolice said the raid on KK Park took place on"
                   " 3 March 2024. Hundreds of workers were moved to Myawaddy.",
    "irrawaddy.txt": "The Irrawaddy, 20 April 2024.\nWitnesses say the raid on KK Park came"
                     " in April 2024, weeks after the police claim.",
    "testimony.txt": "Aye Aye was recruited in Bangkok in January 2024 by Zhao Wei. On"
                     " 2 February 2024 she crossed the Moei near Mae Sot.",
}


@pytest.fixture
def story(archive: Archive, write_texts) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A small case: a recruitment in Bangkok, and a raid two news items date differently."""
    for name, type_, protected in (("Zhao Wei", "person", False), ("Aye Aye", "person", True),
                                   ("Bangkok", "location", False),
                                   ("Mae Sot", "location", False),
                                   ("KK Park", "compound", False)):
        archive.add_entity(name, type_, protected=protected)
    report = archive.ingest(write_texts(NEWS), case=CASE, workers=1)
    items = {Path(o.path).name: o.item_id for o in report.outcomes}
    recruited = archive.add_event(CASE, "Recruited in Bangkok", "January 2024", place="Bangkok")
    archive.link_event_entity(recruited.id, "Zhao Wei", "recruiter")
    archive.link_event_entity(recruited.id, "Aye Aye", "victim")
    archive.cite(recruited.id, items["testimony.txt"], quote="recruited in Bangkok in January"
                 " 2024")
    raid = archive.add_event(CASE, "Police raid on KK Park", "March 2024", place="KK Park")
    archive.cite(raid.id, items["reuters.txt"], quote="the raid on KK Park took place on"
                 " 3 March 2024")
    archive.cite(raid.id, items["irrawaddy.txt"], quote="the raid on KK Park came in April"
                 " 2024")
    assert archive.event(raid.id).disputed
    return {"recruited": recruited.id, "raid": raid.id, **{k: v for k, v in items.items() if v}}


def test_the_list_shows_each_event_with_its_date_place_people_sources_and_dispute(
    qtbot, qtmodeltester, archive: Archive, window: MainWindow, story: dict[str, int],
) -> None:
    panel = _open_timeline(qtbot, window)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    table = panel.proxy
    rows = [[table.index(r, c).data() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    recruited, raid = rows
    assert recruited[:3] == ["January 2024", "Recruited in Bangkok", "Bangkok"]
    assert "Zhao Wei (recruiter)" in recruited[3]
    assert "Aye Aye" not in recruited[3]  # a protected victim only by her pseudonym
    assert recruited[4] == "1" and recruited[5] == ""
    assert raid[:3] == ["March 2024", "Police raid on KK Park", "KK Park"]
    assert raid[4] == "2"
    assert raid[5].startswith("disputed") and "April 2024" in raid[5]

    panel.disputed_check.click()
    assert table.rowCount() == 1
    assert table.index(0, EventTableModel.COL_TITLE).data() == "Police raid on KK Park"
    assert [r.id for r in panel.canvas.rows] == [story["raid"]]
    panel.copy_button.click()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["Date", "Event", "Place", "Who", "Sources", "Disputed"]
    assert len(lines) == 2 and lines[1].startswith("March 2024\tPolice raid on KK Park\t")
    panel.disputed_check.click()
    assert table.rowCount() == 2 and len(panel.canvas.rows) == 2


def test_lanes_follow_the_people_or_the_places_and_disputed_events_are_marked(
    qtbot, archive: Archive, window: MainWindow, story: dict[str, int],
) -> None:
    panel = _open_timeline(qtbot, window)
    canvas = panel.canvas
    assert [lane.name for lane in canvas.lanes] == [""]
    panel.lanes_combo.setCurrentIndex(panel.lanes_combo.findData("entity"))
    names = [lane.name for lane in canvas.lanes]
    pseudonym = archive.entity("Aye Aye").display_name
    assert "Zhao Wei" in names and pseudonym in names and "Aye Aye" not in names
    assert names[-1] == "(no person or group)"  # the raid has no people linked
    panel.lanes_combo.setCurrentIndex(panel.lanes_combo.findData("place"))
    assert sorted(lane.name for lane in canvas.lanes) == ["Bangkok", "KK Park"]
    [raid] = canvas.placed(story["raid"])
    [recruited] = canvas.placed(story["recruited"])
    assert raid.row.disputed and not recruited.row.disputed
    # A month is drawn as a bar over the month, not as a point.
    assert raid.mark.width() > 20 and raid.row.uncertain
    assert raid.mark.width() == pytest.approx(
        canvas.x_of(raid.row.latest) - canvas.x_of(raid.row.earliest))
    image = canvas.viewport().grab().toImage()
    outline = image.pixelColor(canvas.screen_rect(raid).topLeft() + QPoint(8, 0))
    assert outline.red() > 150 and outline.green() < 90  # the disputed event's red outline


def test_zoom_goes_from_years_to_hours_with_the_buttons_and_ctrl_wheel(
    qtbot, window: MainWindow, story: dict[str, int],
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    panel = _open_timeline(qtbot, window)
    canvas = panel.canvas
    for level in ("year", "month", "day", "hour"):
        panel.level_combo.setCurrentIndex(panel.level_combo.findData(level))
        panel.level_combo.activated.emit(panel.level_combo.currentIndex())
        assert canvas.level() == level
    wide = canvas.scale
    middle = QPointF(canvas.viewport().width() / 2, canvas.viewport().height() / 2)
    wheel = QWheelEvent(middle, canvas.viewport().mapToGlobal(middle), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.scale < wide
    for _ in range(25):  # each click zooms out 1.5 times: hours to years in about 22
        panel.zoom_out_button.click()
    assert canvas.level() == "year"
    assert panel.level_combo.currentData() == "year"


def test_the_list_works_from_the_keyboard_and_enter_opens_the_first_source(
    qtbot, window: MainWindow, story: dict[str, int],
) -> None:
    panel = _open_timeline(qtbot, window)
    panel.views.setCurrentWidget(panel.table)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: panel.event_id == story["recruited"], timeout=SHORT)
    with qtbot.waitSignal(panel.citations_loaded, timeout=SHORT):
        qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.event_id == story["raid"] and panel.canvas.selected == story["raid"]
    assert panel.citation_list.count() == 2
    says = [panel.citation_list.item(n).text() for n in range(2)]
    assert all("disagrees with another source" in text for text in says)
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.viewer.item is not None and window.viewer.item.id == story["reuters.txt"]
    assert window.viewer.text.quoted_text() == "the raid on KK Park took place on 3 March 2024"


def test_cite_as_event_fills_in_the_date_of_the_sentence_and_puts_it_on_the_timeline(
    qtbot, archive: Archive, window: MainWindow, story: dict[str, int],
) -> None:
    panel = _open_timeline(qtbot, window)
    item_id = story["testimony.txt"]
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.show_item(item_id)
    text = archive.page_text(item_id, 1)
    words = "crossed the Moei near Mae Sot"
    start = text.index(words)
    window.viewer.text.select_span(1, start, start + len(words))
    citer = window.timeline.citer
    window.viewer.text.cite_action.trigger()
    qtbot.waitUntil(lambda: citer.dialog is not None, timeout=SHORT)
    dialog = citer.dialog
    assert dialog is not None
    # No date in the words themselves: the date of their sentence is offered.
    assert dialog.start.text() == "2 February 2024"
    assert dialog.stated.text() == "2 February 2024"
    assert dialog.title.text() == words
    dialog.title.setText("Crossed the Moei near Mae Sot")
    assert dialog.place.currentText() == "Mae Sot"  # the place the sentence names
    with qtbot.waitSignal(panel.loaded, timeout=SHORT):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    [crossed] = [e for e in archive.events(CASE) if e.title == "Crossed the Moei near Mae Sot"]
    [citation] = crossed.citations
    assert (citation.item_id, citation.page, citation.start, citation.end) == (
        item_id, 1, start, start + len(words))
    assert crossed.start.label == "2 February 2024"
    assert panel.event_id == crossed.id and panel.canvas.selected == crossed.id

    assert crossed.place == "Mae Sot"

    # The same words as another source of the raid.
    window.viewer.text.select_span(1, start, start + len(words))
    window.viewer.text.cite_action.trigger()
    qtbot.waitUntil(lambda: citer.dialog is not None and citer.dialog is not dialog,
                    timeout=SHORT)
    again = citer.dialog
    assert again is not None
    again.existing_radio.click()
    again.event_combo.setCurrentIndex(again.event_combo.findData(story["raid"]))
    again.stated.setText("")
    with qtbot.waitSignal(panel.loaded, timeout=SHORT):
        again.buttons.button(again.buttons.StandardButton.Ok).click()
    assert len(archive.event(story["raid"]).citations) == 3


def test_a_case_without_events_says_how_to_add_one(qtbot, archive: Archive,
                                                   window: MainWindow) -> None:
    archive.add_case(CASE)
    panel = _open_timeline(qtbot, window)
    assert panel.rows == [] and panel.model.rowCount() == 0
    assert panel.summary.text() == "0 events, 0 disputed, 0 sources"
    assert "Cite as event" in panel.canvas.empty_text()


def test_the_timeline_steps_through_events_with_the_arrow_keys_and_opens_with_enter(
    qtbot, window: MainWindow, story: dict[str, int],
) -> None:
    panel = _open_timeline(qtbot, window)
    canvas = panel.canvas
    canvas.setFocus()
    with qtbot.waitSignal(panel.citations_loaded, timeout=SHORT):
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected == story["recruited"] and panel.event_id == story["recruited"]
    with qtbot.waitSignal(panel.citations_loaded, timeout=SHORT):
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected == story["raid"]
    assert panel.model.row_of(story["raid"]) == panel.table.currentIndex().row()
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert window.viewer.item is not None and window.viewer.item.id == story["reuters.txt"]


def test_a_renamed_person_is_renamed_on_the_open_timeline(
    qtbot, archive: Archive, window: MainWindow, story: dict[str, int],
) -> None:
    panel = _open_timeline(qtbot, window)
    panel.lanes_combo.setCurrentIndex(panel.lanes_combo.findData("entity"))
    assert "Zhao Wei" in [lane.name for lane in panel.canvas.lanes]
    archive.rename_entity("Zhao Wei", "Zhao Wei (boss)")
    with qtbot.waitSignal(panel.loaded, timeout=SHORT):
        window.entities.changed.emit()
    assert "Zhao Wei (boss)" in [lane.name for lane in panel.canvas.lanes]
