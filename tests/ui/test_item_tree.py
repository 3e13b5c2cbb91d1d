"""Attachments and archive members are listed under the item they came in."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from archive.models import Item
from ui.item_tree import ItemTreeModel

LONG = 180_000


def _item(item_id: int, filename: str, *, parent_id: int | None = None, kind: str = "document",
          status: str = "ok", reason: str = "") -> Item:
    return Item(id=item_id, sha256=f"{item_id:064x}", size=100, mime="text/plain",
                filename=filename, kind=kind, title="", source="", collected_by="",
                collected_at="", ingested_at="2024-05-01T10:00:00Z", languages="eng",
                status=status, reason=reason, page_count=1, parent_id=parent_id)


MAIL = [
    _item(1, "recruiter.eml", kind="email"),
    _item(2, "contract.pdf", parent_id=1, kind="attachment"),
    _item(3, "passport.jpg", parent_id=1, kind="attachment", status="failed",
          reason="the picture is damaged"),
    _item(4, "witness.txt", kind="testimony"),
    _item(5, "orphan.txt", parent_id=99, kind="archive member"),  # its parent is in another case
]


def _titles(model: ItemTreeModel, parent=None) -> list[str]:  # type: ignore[no-untyped-def]
    parent = parent if parent is not None else model.index(-1, -1)
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_the_tree_passes_the_model_tester_with_children(qtmodeltester) -> None:
    model = ItemTreeModel()
    qtmodeltester.check(model)
    model.set_items(MAIL)
    qtmodeltester.check(model)


def test_attachments_are_indented_under_their_email_which_shows_how_many(qtmodeltester) -> None:
    model = ItemTreeModel()
    model.set_items(MAIL)
    assert _titles(model) == ["recruiter.eml (2 attachments)", "witness.txt", "orphan.txt"]
    mail = model.index_of(1)
    assert _titles(model, mail) == ["contract.pdf", "passport.jpg"]
    assert mail.data(ItemTreeModel.ChildCountRole) == 2
    child = model.index_of(3, ItemTreeModel.COL_STATUS)
    assert child.parent() == mail
    assert child.data() == "failed"
    assert "the picture is damaged" in model.index_of(3).data(Qt.ItemDataRole.ToolTipRole)


def test_members_of_a_zip_are_counted_as_files_inside() -> None:
    model = ItemTreeModel()
    model.set_items([_item(1, "chats.zip"),
                     *(dataclasses.replace(_item(i, f"chat-{i}.txt", parent_id=1),
                                           kind="archive member") for i in (2, 3, 4))])
    assert _titles(model) == ["chats.zip (3 files inside)"]


def _zip(tmp_path: Path) -> Path:
    path = tmp_path / "phone-export.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("chats/boss.txt", "The boss said we owe 30000 baht before we can leave.")
        z.writestr("chats/agent.txt", "The agent promised a job in Bangkok, not Myawaddy.")
    return path


def test_the_files_in_a_zip_appear_under_it_in_the_window(
    qtbot, archive, window, tmp_path,
) -> None:
    report = archive.ingest([_zip(tmp_path)], case="Phones", workers=1)
    zip_id = next(o.item_id for o in report.outcomes if o.parent_id is None)
    if not archive.children(zip_id):
        pytest.skip("this archive does not open ZIP files yet (ocr/containers.py): "
                    + archive.item(zip_id).reason)
    with qtbot.waitSignal(window.items_loaded, timeout=LONG):
        window.refresh_cases(select="Phones")
    model, view = window.item_model, window.item_view
    zip_index = model.index_of(zip_id)
    assert zip_index.data().startswith("phone-export.zip (2 files inside)")
    assert sorted(_titles(model, zip_index)) == ["agent.txt", "boss.txt"]
    shown = view.proxy.mapFromSource(zip_index)
    assert view.isExpanded(shown)
    assert window.item_proxy.rowCount() == 1  # the members are not listed again at the top

    member = model.children_of(zip_id)[0]
    with qtbot.waitSignal(window.item_shown, timeout=LONG):
        view.setCurrentIndex(view.proxy.mapFromSource(model.index_of(member.id)))
    assert "chats/" in window.viewer.meta.toPlainText()


def test_a_column_header_click_sorts_the_items_and_keeps_attachments_under_their_email(
    qtbot, qtmodeltester,
) -> None:
    from ui.item_tree import ItemTree

    model = ItemTreeModel()
    view = ItemTree(model)
    qtbot.addWidget(view)
    model.set_items([dataclasses.replace(MAIL[0], page_count=3), *MAIL[1:]])
    view.sortByColumn(ItemTreeModel.COL_PAGES, Qt.SortOrder.DescendingOrder)
    top = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert top[0] == "recruiter.eml (2 attachments)", "three pages come before one"
    view.select_item(3)
    view.sortByColumn(ItemTreeModel.COL_TITLE, Qt.SortOrder.DescendingOrder)
    top = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert top == ["witness.txt", "recruiter.eml (2 attachments)", "orphan.txt"]
    mail = view.model().index(1, 0)
    assert [view.model().index(r, 0, mail).data() for r in range(2)] == [
        "passport.jpg", "contract.pdf"]
    assert view.isExpanded(mail), "the e-mail stays open"
    assert view.currentIndex().data(ItemTreeModel.ItemIdRole) == 3, "the selection follows"
    qtmodeltester.check(model)


def _many(count: int) -> list[Item]:
    """``count`` items, the first an e-mail with an attachment; item n is titled "item-n"."""
    items = [dataclasses.replace(_item(n, f"item-{n:03d}.txt"), title=f"item-{n:03d}")
             for n in range(1, count + 1)]
    items[0] = dataclasses.replace(items[0], kind="email")
    items.append(_item(count + 1, "scan.jpg", parent_id=1, kind="attachment"))
    return items


def test_a_long_list_gives_its_rows_a_part_at_a_time(qtmodeltester, monkeypatch) -> None:
    """The tree lays out the first rows, not every item (issue 8: 10,000 rows stalled the UI)."""
    monkeypatch.setattr("ui.item_tree.FETCH_ROWS", 4)
    model = ItemTreeModel()
    model.set_items(_many(10))
    assert model.rowCount() == 4 and model.canFetchMore(model.index(-1, -1))
    assert not model.index_of(9).isValid(), "not given to views yet"
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 8
    qtmodeltester.check(model)
    model.reveal(10)
    assert model.rowCount() == 10 and not model.canFetchMore(model.index(-1, -1))
    assert model.index_of(10).data() == "item-010"
    assert _titles(model, model.index_of(1)) == ["scan.jpg"]
    qtmodeltester.check(model)


def test_the_tree_fetches_more_rows_as_it_scrolls_and_opens_their_parents(
    qtbot, monkeypatch,
) -> None:
    from ui.item_tree import ItemTree

    monkeypatch.setattr("ui.item_tree.FETCH_ROWS", 5)
    model = ItemTreeModel()
    view = ItemTree(model)
    qtbot.addWidget(view)
    view.resize(400, 120)
    view.show()
    view.sortByColumn(ItemTreeModel.COL_TITLE, Qt.SortOrder.DescendingOrder)
    model.set_items(_many(60))  # the e-mail (item-001) is the last row
    qtbot.waitUntil(lambda: model.rowCount() >= 5)
    for _ in range(40):  # scrolling to the end asks for more, until every row is there
        view.scrollToBottom()
        qtbot.wait(5)
        if not model.canFetchMore(model.index(-1, -1)):
            break
    assert model.rowCount() == 60
    assert view.isExpanded(view.proxy.mapFromSource(model.index_of(1))), "the e-mail is open"


def test_selecting_sorting_and_filtering_reach_items_beyond_the_first_rows(
    qtbot, monkeypatch,
) -> None:
    from ui.item_tree import ItemTree

    monkeypatch.setattr("ui.item_tree.FETCH_ROWS", 5)
    model = ItemTreeModel()
    view = ItemTree(model)
    qtbot.addWidget(view)
    view.sortByColumn(ItemTreeModel.COL_TITLE, Qt.SortOrder.AscendingOrder)
    model.set_items(_many(30))
    assert view.select_item(25)
    assert view.currentIndex().data(ItemTreeModel.ItemIdRole) == 25
    view.sortByColumn(ItemTreeModel.COL_TITLE, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().data(ItemTreeModel.ItemIdRole) == 25, "the selection follows"
    assert view.currentIndex().row() == 5  # item-030 … item-026 come first

    model.set_items(_many(30))
    assert view.proxy.rowCount() == 5
    view.set_filter("ITEM-00")  # any case, any column; the rows not given yet too
    shown = sorted(view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount()))
    assert shown == [f"item-00{n}" + (" (1 attachment)" if n == 1 else "")
                     for n in range(1, 10)]
    view.set_filter("scan.jpg")  # an attachment that matches keeps its e-mail, opened
    assert view.proxy.rowCount() == 1
    mail = view.proxy.index(0, 0)
    assert view.isExpanded(mail) and view.proxy.index(0, 0, mail).data() == "scan.jpg"
    view.set_filter("item-012")
    view.setCurrentIndex(view.proxy.index(0, 0))
    view.set_filter("")
    assert view.proxy.rowCount() == 19, "back to the first rows, down to the selected one"
    assert view.currentIndex().data(ItemTreeModel.ItemIdRole) == 12
