"""Entities in the window: tag words from the viewer's text, see mentions highlighted, decide
suggestions, protected people by pseudonym, the entities panel, entity pages and merging."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from archive.entity_models import (
    CONFIRMED,
    MANUAL,
    PERSON,
    PHONE,
    REJECTED,
    SUGGESTED,
    Entity,
    Mention,
)
from archive.models import Item, Page
from archive.service import Archive
from ui.entity_models import EntityListModel, EntityRow, SuggestionModel, SuggestionRow
from ui.entity_style import LOCK, type_tint
from ui.main_window import MainWindow
from ui.text_pane import TextPane, doc_offsets

LONG = 180_000


def _ingest(archive: Archive, write_texts, texts: dict[str, str]) -> list[int]:  # type: ignore[no-untyped-def]
    report = archive.ingest(write_texts(texts), case="KK Park", workers=1)
    return [o.item_id for o in report.outcomes if o.item_id is not None]


def _idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=LONG)


def _open(qtbot, window: MainWindow, item_id: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        window.show_item(item_id)
    _idle(qtbot, window)


def _select(window: MainWindow, words: str) -> int:
    """Select ``words`` in the viewer's text as a person would; returns where they start."""
    cursor = window.viewer.text.document().find(words)
    assert not cursor.isNull(), f"{words!r} is not in the text pane"
    window.viewer.text.setTextCursor(cursor)
    return cursor.selectionStart()


def _tag(qtbot, window: MainWindow, *, type_: str = PERSON, existing: str = "") -> None:  # type: ignore[no-untyped-def]
    """Ctrl+T on the selection, fill in the dialog, and wait until the text is redrawn."""
    window.viewer.text.tag_action.trigger()
    qtbot.waitUntil(lambda: window.entities.tagger.dialog is not None
                    and window.entities.tagger.dialog.isVisible(), timeout=LONG)
    dialog = window.entities.tagger.dialog
    assert dialog is not None
    dialog.existing.setText(existing)
    dialog.type.setCurrentIndex(dialog.type.findData(type_))
    with qtbot.waitSignal(window.viewer.mentions_loaded, timeout=LONG):
        dialog.accept()
    window.entities.tagger.dialog = None
    _idle(qtbot, window)


def _answer(button: QMessageBox.StandardButton) -> None:
    """Click ``button`` on the question about to be asked."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def _panel_names(window: MainWindow) -> list[str]:
    proxy = window.entities.panel.proxy
    return [proxy.index(r, EntityListModel.COL_NAME).data() for r in range(proxy.rowCount())]


def test_a_name_selected_in_the_viewer_is_tagged_highlighted_and_listed_on_its_entity_page(
    qtbot, archive, write_texts, window,
) -> None:
    [item_id] = _ingest(archive, write_texts,
                        {"testimony.txt": "The boss Zhao Wei took our passports at KK Park."})
    _open(qtbot, window, item_id)
    where = _select(window, "Zhao Wei")
    _tag(qtbot, window)

    [mention] = archive.mentions(item_id=item_id)
    assert (mention.quote, mention.state, mention.origin) == ("Zhao Wei", CONFIRMED, MANUAL)
    assert archive.page_text(item_id, 1)[mention.start:mention.end] == "Zhao Wei"
    text = window.viewer.text
    assert text.format_at(where).background().color() == type_tint(PERSON)
    assert text.tooltip_at(where + 2) == "Zhao Wei — person (confirmed)"

    qtbot.waitUntil(lambda: _panel_names(window) == ["Zhao Wei"], timeout=LONG)
    row = window.entities.panel.proxy.index(0, EntityListModel.COL_CONFIRMED)
    assert row.data() == 1
    page = window.entities.open_page(mention.entity_id)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    assert page.title.text() == "Zhao Wei"
    assert any("[Zhao Wei]" in r for r in page.mention_rows())
    # Double-clicking a mention opens its item at its page.
    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        leaf = page.mentions.topLevelItem(0).child(0).child(0)
        page.mentions.itemActivated.emit(leaf, 0)


@pytest.mark.parametrize("words", ["สมชาย", "赵伟"])
def test_a_word_inside_an_unspaced_thai_or_chinese_sentence_is_tagged_at_its_exact_span(
    qtbot, archive, write_texts, window, words,
) -> None:
    text = ("📱 ข้อความ: ผู้จัดการชื่อสมชายยึดหนังสือเดินทางของเราไปแล้ว\n"
            "老板赵伟收走了我们的护照\uff0c然后把我们带到妙瓦底。")
    [item_id] = _ingest(archive, write_texts, {"chat.txt": text})
    _open(qtbot, window, item_id)
    _select(window, words)
    selection = window.viewer.text.selection()
    assert selection is not None and selection.quote == words
    _tag(qtbot, window)

    [mention] = archive.mentions(item_id=item_id)
    assert mention.quote == words
    page_text = archive.page_text(item_id, mention.page)
    assert page_text[mention.start:mention.end] == words
    assert page_text.index(words) == mention.start


def test_a_protected_person_shows_a_pseudonym_in_the_panel_tooltip_and_suggestions(
    qtbot, archive, write_texts, window,
) -> None:
    protected = archive.add_entity("Aye Aye", PERSON, protected=True)
    [item_id] = _ingest(archive, write_texts,
                        {"witness.txt": "Aye Aye said the guards beat her at the compound."})
    [suggested] = archive.mentions(item_id=item_id)  # the watchlist found her name
    assert suggested.state == SUGGESTED
    window.entities.refresh()
    _open(qtbot, window, item_id)
    pseudonym = protected.pseudonym

    suggestions = window.entities.suggestions.model
    assert suggestions.rowCount() == 1
    shown = [suggestions.index(0, c).data() for c in range(suggestions.columnCount())]
    tip = suggestions.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert f"{LOCK} {pseudonym}" in shown and not any("Aye" in str(s) for s in shown)
    assert "Aye" not in tip

    qtbot.waitUntil(lambda: _panel_names(window) == [f"{LOCK} {pseudonym}"], timeout=LONG)
    index = window.entities.panel.proxy.index(0, 0)
    assert "Aye" not in index.data(Qt.ItemDataRole.ToolTipRole)
    tooltip = window.viewer.text.tooltip_at(_select(window, "Aye Aye") + 1)
    assert tooltip == f"{LOCK} {pseudonym} — person (suggested)"

    page = window.entities.open_page(protected.id)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    assert "Aye" not in page.title.text() + page.windowTitle() + "".join(page.mention_rows())
    page.reveal_button.click()
    assert "Aye Aye" in page.title.text()
    assert any("[Aye Aye]" in r for r in page.mention_rows())


def test_confirming_a_suggestion_in_the_panel_confirms_it_and_rejecting_unmarks_it(
    qtbot, archive, write_texts, window,
) -> None:
    [item_id] = _ingest(archive, write_texts, {"advert.txt": (
        "Call the agent on 081-234-5678 or write to boss@example.com for the job.")})
    by_quote = {m.quote: m for m in archive.mentions(item_id=item_id)}
    assert {"081-234-5678", "boss@example.com"} <= set(by_quote)
    _open(qtbot, window, item_id)
    panel = window.entities.suggestions
    assert panel.model.rowCount() == len(by_quote) and not panel.table.isHidden()
    rows = {panel.model.index(r, 0).data(): r for r in range(panel.model.rowCount())}

    def decide(quote: str, button: Callable[[], None]) -> None:
        panel.table.clearSelection()
        panel.table.selectionModel().select(
            panel.model.index(rows[quote], 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        with qtbot.waitSignal(window.viewer.mentions_loaded, timeout=LONG):
            button()
        _idle(qtbot, window)

    decide("081-234-5678", panel.confirm_button.click)
    assert archive.mention(by_quote["081-234-5678"].id).state == CONFIRMED
    phone = _select(window, "081-234-5678")
    assert window.viewer.text.format_at(phone).background().color() == type_tint(PHONE)

    email = _select(window, "boss@example.com")
    underline = window.viewer.text.format_at(email).underlineStyle()
    assert underline == QTextCharFormat.UnderlineStyle.DotLine  # a suggestion: dotted
    rows = {panel.model.index(r, 0).data(): r for r in range(panel.model.rowCount())}
    decide("boss@example.com", panel.reject_button.click)
    assert archive.mention(by_quote["boss@example.com"].id).state == REJECTED
    assert window.viewer.text.tooltip_at(email + 2) == ""
    assert window.viewer.text.format_at(email).underlineStyle() == (
        QTextCharFormat.UnderlineStyle.NoUnderline)
    left = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert "boss@example.com" not in left and "081-234-5678" not in left


def test_merging_two_entities_from_the_panel_menu_keeps_every_mention(
    qtbot, archive, write_texts, window,
) -> None:
    [a, b] = _ingest(archive, write_texts, {"a.txt": "Zhao Wei runs the compound.",
                                            "b.txt": "老板赵伟 came at night."})
    keep = archive.tag_span(a, 1, 0, 8, "Zhao Wei", type=PERSON).entity_id
    other = archive.tag_span(b, 1, 2, 4, "赵伟", type=PERSON).entity_id
    window.entities.refresh()
    qtbot.waitUntil(lambda: len(_panel_names(window)) == 2, timeout=LONG)
    panel = window.entities.panel
    question = panel.merge_question(archive.entity(other), archive.entity(keep))
    assert "“赵伟” into “Zhao Wei”" in question and "1 confirmed" in question
    window.show_panel("entities")
    panel.view.selectAll()
    panel._context_menu(panel.view.visualRect(panel.proxy.index(0, 0)).center())
    [merge] = [x for x in panel.menu.actions() if x.text() == "Merge “赵伟” into “Zhao Wei”…"]
    panel.menu.close()
    _answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.loaded, timeout=LONG):
        merge.trigger()
    _idle(qtbot, window)
    assert _panel_names(window) == ["Zhao Wei"]
    kept = archive.entity(keep)
    assert "赵伟" in kept.aliases
    assert sorted(m.item_id for m in archive.mentions(entity=keep)) == [a, b]


def test_dropping_one_entity_on_another_asks_to_merge_them(
    qtbot, archive, write_texts, window,
) -> None:
    [a] = _ingest(archive, write_texts, {"a.txt": "Zhao Wei and Chao Wei are one man."})
    keep = archive.tag_span(a, 1, 0, 8, "Zhao Wei", type=PERSON).entity_id
    other = archive.tag_span(a, 1, 13, 21, "Chao Wei", type=PERSON).entity_id
    window.entities.refresh()
    qtbot.waitUntil(lambda: len(_panel_names(window)) == 2, timeout=LONG)
    model = window.entities.panel.model
    dragged = model.index(model.row_of(other), 0)
    target = model.index(model.row_of(keep), 0)
    _answer(QMessageBox.StandardButton.No)  # asked first: no means nothing happens
    assert not model.dropMimeData(model.mimeData([dragged]), Qt.DropAction.MoveAction, -1, -1,
                                  target)
    assert len(archive.entities()) == 2
    _answer(QMessageBox.StandardButton.Yes)
    model.dropMimeData(model.mimeData([dragged]), Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: _panel_names(window) == ["Zhao Wei"], timeout=LONG)
    assert len(archive.mentions(entity=keep)) == 2


def test_the_entity_models_pass_the_model_checks(qtmodeltester) -> None:
    zhao = Entity(1, PERSON, "Zhao Wei", ("赵伟",), mentions=3)
    aye = Entity(2, PERSON, "Aye Aye", protected=True, pseudonym="W-001", mentions=1)
    entities = EntityListModel()
    entities.set_rows([EntityRow(zhao, 2, 1), EntityRow(aye, 1, 0)])
    qtmodeltester.check(entities)
    assert entities.index(1, 0).data() == f"{LOCK} W-001"
    m = Mention(7, 2, 5, 1, 0, 7, "Aye Aye", "watchlist", SUGGESTED, "2024-05-02")
    suggestions = SuggestionModel()
    suggestions.set_rows([SuggestionRow(m, aye, "witness.txt")])
    qtmodeltester.check(suggestions)
    assert suggestions.index(0, SuggestionModel.COL_QUOTE).data() == f"{LOCK} W-001"


def test_the_entity_list_sorts_by_a_clicked_column_and_the_selection_follows(
    qtbot, qtmodeltester,
) -> None:
    from PySide6.QtWidgets import QTreeView

    from ui.models import SourceSortedProxy

    names = ["Zhao Wei", "aye aye", "Moe Kyaw", "Bo Bo"]
    model = EntityListModel()
    proxy = SourceSortedProxy()
    proxy.setSourceModel(model)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(EntityListModel.COL_CONFIRMED, Qt.SortOrder.DescendingOrder)
    model.set_rows([EntityRow(Entity(n, PERSON, name), confirmed=n % 3, suggested=0)
                    for n, name in enumerate(names, 1)])

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    assert shown() == ["aye aye", "Zhao Wei", "Bo Bo", "Moe Kyaw"], "most confirmed first"
    view.setCurrentIndex(proxy.index(2, 0))
    view.sortByColumn(EntityListModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    assert shown() == ["aye aye", "Bo Bo", "Moe Kyaw", "Zhao Wei"], "names, case aside"
    assert view.currentIndex().data() == "Bo Bo"
    qtmodeltester.check(model)


def test_selections_map_back_to_the_page_text_across_surrogates_and_line_breaks(qtbot) -> None:
    text = "😀 a\r\nline two 𠀋 then 赵伟 ends\nlast"
    assert doc_offsets("a😀\r\nb") == [0, 1, 3, 3, 4, 5]
    pane = TextPane()
    qtbot.addWidget(pane)
    item = Item(1, "", 0, "text/plain", "x.txt", "document", "x", "", "", "", "", "", "ok", "",
                2)
    pane.show_pages(item, [Page(1, 1, "first page", "text", None), Page(1, 2, text, "text", None)])
    for words in ("赵伟", "line two 𠀋", "last", "a\r\nline"):
        start = text.index(words)
        page = pane.pages[1]
        cursor = QTextCursor(pane.document())
        cursor.setPosition(page.position(start))
        cursor.setPosition(page.position(start + len(words)), QTextCursor.MoveMode.KeepAnchor)
        shown = cursor.selectedText().replace("\u2029", "\n")
        assert shown == words.replace("\r\n", "\n")
        pane.setTextCursor(cursor)
        selection = pane.selection()
        assert selection is not None
        assert (selection.page, selection.quote) == (2, words)
        assert text[selection.start:selection.end] == words


def test_protecting_from_the_entity_page_asks_first_then_hides_the_name_everywhere(
    qtbot, archive, write_texts, window,
) -> None:
    [item_id] = _ingest(archive, write_texts, {"w.txt": "Mya Mya saw the guards at night."})
    entity_id = archive.tag_span(item_id, 1, 0, 7, "Mya Mya", type=PERSON).entity_id
    _open(qtbot, window, item_id)
    page = window.entities.open_page(entity_id)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    assert page.reveal_button.isHidden()

    _answer(QMessageBox.StandardButton.No)
    page.protected.click()
    assert not page.protected.isChecked() and not archive.entity(entity_id).protected

    _answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.viewer.mentions_loaded, timeout=LONG):
        page.protected.click()
    _idle(qtbot, window)
    pseudonym = archive.entity(entity_id).pseudonym
    assert page.protected.isChecked() and page.title.text() == f"{LOCK} {pseudonym}"
    assert _panel_names(window) == [f"{LOCK} {pseudonym}"]
    tooltip = window.viewer.text.tooltip_at(_select(window, "Mya Mya") + 2)
    assert tooltip.startswith(f"{LOCK} {pseudonym}")


def test_deleting_an_entity_says_how_many_mentions_go_and_unmarks_them(
    qtbot, archive, write_texts, window,
) -> None:
    [item_id] = _ingest(archive, write_texts, {"d.txt": "Somchai met Somchai's cousin."})
    entity_id = archive.tag_span(item_id, 1, 0, 7, "Somchai", type=PERSON).entity_id
    archive.tag_span(item_id, 1, 12, 19, entity_id)
    window.entities.refresh()
    _open(qtbot, window, item_id)
    qtbot.waitUntil(lambda: _panel_names(window) == ["Somchai"], timeout=LONG)
    asked: list[str] = []

    def read_and_agree() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_agree)
            return
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, read_and_agree)
    with qtbot.waitSignal(window.viewer.mentions_loaded, timeout=LONG):
        window.entities.panel.delete_dialog(entity_id)
    _idle(qtbot, window)
    assert "and its 2 mentions" in asked[0]
    assert archive.entities() == [] and window.viewer.text.shown_mentions() == []
    assert not window.entities.panel.empty_hint.isHidden()


def test_snippets_on_an_entity_page_hide_the_names_of_protected_people(
    qtbot, archive, write_texts, window,
) -> None:
    archive.add_entity("Aye Aye", PERSON, protected=True)
    text = "Testimony recorded in Mae Sot. Aye Aye told us that the agent Zhao Wei met her."
    [item_id] = _ingest(archive, write_texts, {"t.txt": text})
    start = text.index("Zhao Wei")
    zhao = archive.tag_span(item_id, 1, start, start + 8, "Zhao Wei", type=PERSON).entity_id
    page = window.entities.open_page(zhao)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    [row] = page.mention_rows()
    assert "Aye" not in row and f"{LOCK} W-001 told us" in row and "[Zhao Wei]" in row


def test_an_alias_is_split_off_from_the_entity_page_with_the_mentions_that_read_it(
    qtbot, archive, write_texts, window,
) -> None:
    [a, b] = _ingest(archive, write_texts, {"a.txt": "Zhao Wei runs the compound.",
                                            "b.txt": "老板赵伟 came at night."})
    zhao = archive.add_entity("Zhao Wei", PERSON, aliases=["赵伟"]).id
    archive.tag_span(a, 1, 0, 8, zhao)
    archive.tag_span(b, 1, 2, 4, zhao)  # reads 赵伟: goes with the alias
    page = window.entities.open_page(zhao)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    assert page.alias_names() == ["赵伟"]
    # Right-click the alias: the menu offers to split it off.
    page._alias_menu(page.aliases.visualItemRect(page.aliases.item(0)).center())
    assert page.menu is not None
    [split] = [x for x in page.menu.actions()
               if x.text() == "Split “赵伟” off as an entity of its own…"]
    page.menu.close()
    assert "the mentions that read “赵伟” move to it" in page.split_question("赵伟")
    _answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.split_done, timeout=LONG) as done:
        split.trigger()
    _idle(qtbot, window)
    new_id = done.args[0]
    assert archive.entity(new_id).name == "赵伟"
    assert archive.entity(new_id).type == PERSON
    assert [m.item_id for m in archive.mentions(entity=new_id)] == [b]
    assert [m.item_id for m in archive.mentions(entity=zhao)] == [a]
    assert archive.entity(zhao).aliases == ()
    qtbot.waitUntil(lambda: page.alias_names() == ["—"], timeout=LONG)
    qtbot.waitUntil(lambda: sorted(_panel_names(window)) == ["Zhao Wei", "赵伟"], timeout=LONG)
    assert "entity-split" in [e["action"] for e in archive.custody_log()]


def test_a_protected_entitys_aliases_stay_hidden_and_cannot_be_split_unrevealed(
    qtbot, archive, window,
) -> None:
    aye = archive.add_entity("Aye Aye", PERSON, aliases=["Ma Aye"], protected=True).id
    page = window.entities.open_page(aye)
    qtbot.waitUntil(lambda: page.page is not None, timeout=LONG)
    assert page.alias_names() == ["hidden (protected)"]
    page._alias_menu(page.aliases.visualItemRect(page.aliases.item(0)).center())
    assert page.menu is None  # nothing to split while the names are hidden
    page.set_revealed(True)
    assert page.alias_names() == ["Ma Aye"]
