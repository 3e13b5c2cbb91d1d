"""The window's Qt models over a real archive: model-tester clean, failures explained."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from archive.models import Hit
from archive.service import Archive
from ui.import_panel import import_summary
from ui.item_tree import ItemTreeModel
from ui.models import CaseListModel, ResultRow, SearchResultModel

TEXTS = {
    "testimony-01.txt": "The witness was taken across the river to the compound near Myawaddy.",
    "news-02.txt": "ข่าว: ศาลสั่งให้ปล่อยตัวผู้เสียหายจากแก๊งคอลเซ็นเตอร์",
    "empty.txt": "",
}


def _ingest(archive: Archive, paths: list[Path]) -> None:
    archive.ingest(paths, case="Myawaddy", workers=1)


def test_the_item_tree_passes_the_model_tester(qtmodeltester, archive, write_texts) -> None:
    model = ItemTreeModel()
    qtmodeltester.check(model)  # empty
    _ingest(archive, write_texts(TEXTS))
    model.set_items(archive.items())
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_an_item_row_shows_title_kind_date_pages_and_status(archive, write_texts) -> None:
    _ingest(archive, write_texts(TEXTS))
    model = ItemTreeModel()
    model.set_items(archive.items())
    item = model.item(archive.items()[0].id)
    assert item is not None

    def cell(col: int) -> object:
        return model.index_of(item.id, col).data()

    assert cell(ItemTreeModel.COL_TITLE) == "testimony-01.txt"
    assert cell(ItemTreeModel.COL_KIND) == item.kind
    assert cell(ItemTreeModel.COL_DATE) == item.ingested_at[:10]
    assert cell(ItemTreeModel.COL_PAGES) == "1"
    assert cell(ItemTreeModel.COL_STATUS) == "ok"
    assert model.index_of(item.id).data(ItemTreeModel.ItemIdRole) == item.id
    assert model.headerData(ItemTreeModel.COL_TITLE, Qt.Orientation.Horizontal) == "Title"


def test_a_failed_item_shows_its_status_and_its_reason_in_the_tooltip(
    archive, write_texts,
) -> None:
    _ingest(archive, write_texts(TEXTS))
    model = ItemTreeModel()
    model.set_items(archive.items())
    failed = [i for i in archive.items() if i.status == "failed"]
    assert [i.filename for i in failed] == ["empty.txt"]
    assert failed[0].reason
    assert model.index_of(failed[0].id, ItemTreeModel.COL_STATUS).data() == "failed"
    tip = model.index_of(failed[0].id).data(Qt.ItemDataRole.ToolTipRole)
    assert failed[0].reason in tip


def test_the_case_list_offers_all_items_then_each_case_with_its_count(
    qtmodeltester, archive, write_texts,
) -> None:
    archive.add_case("Aardvark", "an empty case")
    _ingest(archive, write_texts(TEXTS))
    model = CaseListModel()
    qtmodeltester.check(model)
    model.set_cases(archive.cases())
    qtmodeltester.check(model)
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown == ["All items", "Aardvark (0)", "Myawaddy (3)"]
    assert model.index(0, 0).data(CaseListModel.CaseIdRole) is None
    assert model.index(2, 0).data(CaseListModel.CaseTitleRole) == "Myawaddy"


def test_search_results_carry_title_page_and_html_snippet(qtmodeltester) -> None:
    model = SearchResultModel()
    qtmodeltester.check(model)
    hit = Hit(item_id=7, page=3, score=1.0, snippet="the <b>court</b> ruled")
    model.set_rows([ResultRow(hit, "Ruling.pdf", "document")])
    qtmodeltester.check(model)
    index = model.index(0, 0)
    assert index.data(SearchResultModel.HeadingRole) == "Ruling.pdf · page 3"
    assert index.data(SearchResultModel.SnippetRole) == "the <b>court</b> ruled"
    assert "the court ruled" in index.data()
    assert index.data(SearchResultModel.PageRole) == 3


def test_the_import_summary_counts_imported_and_failed_files(archive, write_texts) -> None:
    paths = write_texts(TEXTS)
    report = archive.ingest(paths, case="Myawaddy", workers=1)
    assert import_summary(report) == "2 imported, 1 failed"
    again = archive.ingest(paths[:1], case="Myawaddy", workers=1)
    assert import_summary(again) == "0 imported, 1 already in the archive"

