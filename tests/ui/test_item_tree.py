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
