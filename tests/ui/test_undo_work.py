"""Undo and redo of entity mentions and timeline events, done the way a person does them:
tag selected words, remove a mark from the text's menu, cite words as an event, change and
delete an event on the timeline. After an undo the archive holds the rows it held before;
the custody log has a row for the step and one for its undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from archive.service import Archive
from ui.main_window import MainWindow
from ui.timeline_panel import TimelinePanel

LONG = 180_000
CASE = "KK Park"
TEXT = "On 3 March 2024 the broker Ko Zaw drove us from Mae Sot to KK Park."
TABLES = ("entities", "entity_aliases", "mentions", "events", "event_entities", "citations")


def rows(archive: Archive, *, skip: tuple[str, ...] = ()) -> dict[str, list[dict[str, object]]]:
    """What the tables that undo touches hold, column by column."""
    out = {}
    for table in TABLES:
        found = archive.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        out[table] = [{k: r[k] for k in r.keys() if k not in skip}  # noqa: SIM118 (a Row)
                      for r in found]
    return out


def actions(archive: Archive) -> list[str]:
    return [str(r["action"]) for r in archive.custody_log()]


def settled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.edits.queue.busy and not window.tasks.busy,
                    timeout=LONG)


@pytest.fixture
def shown(qtbot, archive: Archive, window: MainWindow, write_texts) -> int:  # type: ignore[no-untyped-def]
    """A testimony in the case, open in the viewer; its id."""
    report = archive.ingest(write_texts({"w001.txt": TEXT}), case=CASE, workers=1)
    item_id = int(report.outcomes[0].item_id or 0)
    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        window.show_item(item_id)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)
    return item_id


def select(window: MainWindow, item_id: int, words: str) -> int:
    start = window.archive.page_text(item_id, 1).index(words)
    window.viewer.text.select_span(1, start, start + len(words))
    return start


def tag_selection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.viewer.text.tag_action.trigger()
    tagger = window.entities.tagger
    qtbot.waitUntil(lambda: tagger.dialog is not None and tagger.dialog.isVisible(),
                    timeout=LONG)
    assert tagger.dialog is not None
    tagger.dialog.accept()
    settled(qtbot, window)


def test_tagging_a_name_is_undone_with_the_entity_it_made_and_redone_as_it_was(
    qtbot, window: MainWindow, shown: int,
) -> None:
    archive = window.archive
    before = rows(archive)
    select(window, shown, "Ko Zaw")
    tag_selection(qtbot, window)
    tagged = rows(archive)
    [mention] = archive.mentions(item_id=shown)
    assert mention.quote == "Ko Zaw" and archive.entity("Ko Zaw").type == "person"
    assert window.edits.undo_action.text() == "&Undo Tag “Ko Zaw”"

    window.activateWindow()  # Ctrl+Z where the person tagged: in the viewer's text
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=LONG)
    window.viewer.text.setFocus()
    qtbot.keyClick(window.viewer.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settled(qtbot, window)
    assert rows(archive) == before
    qtbot.waitUntil(lambda: window.viewer.text.shown_mentions() == [], timeout=LONG)
    window.edits.redo_action.trigger()
    settled(qtbot, window)
    assert rows(archive) == tagged  # the same mention and entity, ids included
    qtbot.waitUntil(lambda: [m.id for m in window.viewer.text.shown_mentions()]
                    == [mention.id], timeout=LONG)
    log = actions(archive)
    assert log[-3:] == ["mention-add", "mention-remove", "mention-restore"]
    assert archive.verify().ok


def test_a_mention_removed_from_the_text_menu_comes_back_with_undo(
    qtbot, window: MainWindow, shown: int,
) -> None:
    archive = window.archive
    start = select(window, shown, "Mae Sot")
    tag_selection(qtbot, window)
    text = window.viewer.text
    qtbot.waitUntil(lambda: len(text.shown_mentions()) == 1, timeout=LONG)
    before = rows(archive)
    where = next(s for s, _e, _m in text._spans)
    [remove] = text.removal_actions(where + 1, text)
    assert remove.text() == "Remove mention of Mae Sot"
    remove.trigger()
    settled(qtbot, window)
    assert archive.mentions(item_id=shown) == []
    assert archive.entity("Mae Sot").name == "Mae Sot"  # only the mark goes, not the entity
    qtbot.waitUntil(lambda: text.shown_mentions() == [], timeout=LONG)

    window.edits.undo_action.trigger()
    settled(qtbot, window)
    assert rows(archive) == before
    [back] = archive.mentions(item_id=shown)
    assert (back.start, back.quote) == (start, "Mae Sot")
    assert actions(archive)[-2:] == ["mention-remove", "mention-restore"]
    assert archive.verify().ok


def open_timeline(qtbot, window: MainWindow) -> TimelinePanel:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.cases_loaded, timeout=LONG):
        window.refresh_cases(select=CASE)
    with qtbot.waitSignal(window.timeline.panel.loaded, timeout=LONG):
        window.timeline.show_action.trigger()
    return window.timeline.panel


def test_an_event_cited_from_the_text_is_undone_and_redone(
    qtbot, window: MainWindow, shown: int,
) -> None:
    archive = window.archive
    panel = open_timeline(qtbot, window)
    before = rows(archive)
    select(window, shown, "the broker Ko Zaw drove us from Mae Sot")
    citer = window.timeline.citer
    window.viewer.text.cite_action.trigger()
    qtbot.waitUntil(lambda: citer.dialog is not None and citer.dialog.isVisible(),
                    timeout=LONG)
    dialog = citer.dialog
    assert dialog is not None and dialog.start.text() == "3 March 2024"
    dialog.title.setText("Driven from Mae Sot")
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    settled(qtbot, window)
    made = rows(archive)
    assert [e.title for e in archive.events(CASE)] == ["Driven from Mae Sot"]

    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        window.edits.undo_action.trigger()
    settled(qtbot, window)
    assert rows(archive) == before
    assert panel.rows == []
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        window.edits.redo_action.trigger()
    settled(qtbot, window)
    assert rows(archive) == made
    assert [r.title for r in panel.rows] == ["Driven from Mae Sot"]
    assert actions(archive)[-4:] == ["event-add", "citation-add", "event-delete",
                                     "event-restore"]


def test_an_event_changed_and_deleted_on_the_timeline_is_put_back_by_undo(
    qtbot, window: MainWindow, shown: int,
) -> None:
    archive = window.archive
    event = archive.add_event(CASE, "Driven from Mae Sot", "3 March 2024")
    archive.link_event_entity(event.id, archive.add_entity("Ko Zaw", "person").id, "recruiter")
    archive.cite(event.id, shown, quote="drove us from Mae Sot")
    panel = open_timeline(qtbot, window)
    with qtbot.waitSignal(panel.citations_loaded, timeout=LONG):
        panel.select_event(event.id)
    original = rows(archive)

    panel.edit_button.click()
    timeline = window.timeline
    qtbot.waitUntil(lambda: timeline.dialog is not None and timeline.dialog.isVisible(),
                    timeout=LONG)
    dialog = timeline.dialog
    assert dialog is not None and dialog.start.text() == "3 March 2024"
    dialog.title.setText("Driven across the river")
    dialog.start.setText("March 2024")
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    settled(qtbot, window)
    changed = archive.event(event.id)
    assert (changed.title, changed.start.label) == ("Driven across the river", "March 2024")
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        window.edits.undo_action.trigger()
    settled(qtbot, window)
    # Everything as it was; only "modified" says when it last changed (the undo).
    assert rows(archive, skip=("modified",)) == {
        t: [{k: v for k, v in r.items() if k != "modified"} for r in found]
        for t, found in original.items()}
    assert [r.title for r in panel.rows] == ["Driven from Mae Sot"]

    original = rows(archive)
    panel.select_event(event.id)  # still chosen after the undo
    assert panel.event_id == event.id and panel.delete_button.isEnabled()
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        panel.delete_button.click()
    settled(qtbot, window)
    assert archive.events(CASE) == [] and panel.rows == []
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        window.edits.undo_action.trigger()
    settled(qtbot, window)
    assert rows(archive) == original  # with its person and its source
    assert [r.title for r in panel.rows] == ["Driven from Mae Sot"]
    assert actions(archive)[-4:] == ["event-edit", "event-edit", "event-delete",
                                     "event-restore"]
    assert archive.verify().ok
