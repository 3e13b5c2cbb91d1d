"""Narrowing a search in the window: facets, syntax help, history, sort, did-you-mean, hit keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from archive.models import FacetCount
from ui.models import SearchResultModel
from ui.search_tools import FacetModel, add_clause, filter_clause

LONG = 180_000

TEXTS = {
    "a-ruling.txt": "The court ordered the release of the passports seized at the compound.",
    "b-interview.txt": "The guards at the compound took our passports on the first day.",
    "c-article.txt": "Reporters visited the compound; nobody mentioned passports there.",
}


@pytest.fixture
def filled(archive, write_texts):  # type: ignore[no-untyped-def]
    paths = write_texts(TEXTS)
    archive.ingest(paths[:2], case="KK Park", kind="testimony", collected_at="2024-02-01",
                   workers=1)
    archive.ingest(paths[2:], case="Shwe Kokko", kind="news", collected_at="2023-05-06",
                   workers=1)
    return archive


def _search(qtbot, window, query: str) -> None:  # type: ignore[no-untyped-def]
    window.search_box.setText(query)
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def _titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.results.model
    return [model.index(r, 0).data(SearchResultModel.HeadingRole).split(" · ")[0]
            for r in range(model.rowCount())]


def _facet_rows(window) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    model = window.facet_panel.facets
    out = {}
    for r in range(model.rowCount()):
        parent = model.item(r)
        out[parent.text()] = [parent.child(c).text() for c in range(parent.rowCount())]
    return out


def test_facets_count_the_hits_and_a_click_narrows_the_search(qtbot, filled, window) -> None:
    _search(qtbot, window, "compound passports")
    assert len(_titles(window)) == 3
    facets = _facet_rows(window)
    assert facets["Case"] == ["KK Park (2)", "Shwe Kokko (1)"]
    assert facets["Kind"] == ["testimony (2)", "news (1)"]
    assert facets["Year"] == ["2024 (2)", "2023 (1)"]

    model = window.facet_panel.facets
    kind = next(model.item(r) for r in range(model.rowCount()) if model.item(r).text() == "Kind")
    news = model.indexFromItem(kind.child(1))
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.facet_panel.clicked.emit(news)
    assert window.search_box.text() == "compound passports kind:news"
    assert _titles(window) == ["c-article.txt"]


def test_the_facet_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = FacetModel()
    model.set_facets((("case", (FacetCount("KK Park", 2), FacetCount("Shwe Kokko", 1))),
                      ("year", (FacetCount("2024", 3),))))
    qtmodeltester.check(model)
    child = model.item(0).child(0)
    assert child.data(FacetModel.ClauseRole) == 'case:"KK Park"'


def test_clauses_are_added_once_and_or_queries_are_grouped_first() -> None:
    assert filter_clause("kind", "news") == "kind:news"
    assert filter_clause("year", "2024") == "date:2024"
    assert filter_clause("tag", "court exhibit") == 'tag:"court exhibit"'
    assert add_clause("a OR b", "kind:news") == "(a OR b) kind:news"
    assert add_clause("a kind:news", "kind:news") == "a kind:news"


def test_the_syntax_help_opens_from_the_search_bar(qtbot, window) -> None:
    dialog = window.show_search_help()
    qtbot.waitExposed(dialog)
    assert "date:[2023-01 to 2024-06]" in dialog.text.toPlainText()
    dialog.close()


def test_queries_are_remembered_newest_first(qtbot, filled, window) -> None:
    for query in ("court", "guards", "court"):
        _search(qtbot, window, query)
    assert window.history.queries() == ["court", "guards"]


def test_newest_first_and_a_did_you_mean_link(qtbot, filled, window) -> None:
    _search(qtbot, window, "compound")
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.results.sort.setCurrentIndex(1)  # newest first
    assert _titles(window)[-1] == "c-article.txt"
    _search(qtbot, window, "pasports")
    assert window.results.suggestion.isVisibleTo(window)
    assert "passport" in window.results.suggestion.text()
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.results.suggestion_chosen.emit("passport")
    assert len(_titles(window)) == 3


def test_next_and_previous_hit_walk_through_the_results(qtbot, filled, window) -> None:
    _search(qtbot, window, "compound")
    shown = []
    for _ in range(3):
        with qtbot.waitSignal(window.item_shown, timeout=LONG) as blocker:
            window.next_hit_action.trigger()
        shown.append(blocker.args[0])
    assert len(set(shown)) == 3
    with qtbot.waitSignal(window.item_shown, timeout=LONG) as blocker:
        window.previous_hit_action.trigger()
    assert blocker.args[0] == shown[1]


def _scan(tmp_path, lines: list[str]):  # type: ignore[no-untyped-def]
    """A scanned PDF: one page picture per line of text (read back by OCR on import)."""
    from pathlib import Path

    from PIL import Image, ImageDraw, ImageFont

    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font = ImageFont.truetype(str(font_file), 40) if font_file.exists() else None
    pages = []
    for line in lines:
        img = Image.new("RGB", (1000, 160), "white")
        ImageDraw.Draw(img).text((30, 50), line, fill="black", font=font)
        pages.append(img)
    path = tmp_path / "scan.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=72.0)
    return path


def test_the_next_hit_marks_another_form_of_the_word_on_the_next_page(
    qtbot, archive, window, tmp_path,
) -> None:
    path = _scan(tmp_path, ["They recruited workers here", "Agents were recruiting again"])
    archive.ingest([path], case="Evidence", workers=1)
    _search(qtbot, window, "recruited")
    (row,) = [window.results.model.row_at(0)]
    assert row is not None and row.hit.pages == (1, 2)
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.results.select_row(0)
    first = window.viewer.page
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.next_hit_action.trigger()
    assert window.viewer.page == 3 - first
    marked = " ".join(h.toolTip() for h in window.viewer.page_view.hits)
    assert ("recruiting" if first == 1 else "recruited") in marked


def test_an_entity_written_three_ways_is_one_facet_entry_that_narrows_by_the_entity(
    qtbot, archive, write_texts, window,
) -> None:
    texts = {"chat.txt": "Mr. Lin (林先生) offered the job and took the passports.",
             "thai.txt": "คุณหลิน said the passports stay with him.",
             "other.txt": "The passports of the others were burnt."}
    archive.ingest(write_texts(texts), case="KK Park", workers=1)
    archive.add_entity("Mr. Lin", "person", aliases=["林先生", "คุณหลิน"])
    ids = {i.filename: i.id for i in archive.items()}
    for name, words in (("chat.txt", "Mr. Lin"), ("thai.txt", "คุณหลิน")):
        start = archive.page_text(ids[name], 1).index(words)
        archive.tag_span(ids[name], 1, start, start + len(words), "Mr. Lin")

    _search(qtbot, window, "passports")
    assert len(_titles(window)) == 3
    assert _facet_rows(window)["Entity"] == ["Mr. Lin (2)"]  # not 林先生 (2), คุณหลิน (2)
    model = window.facet_panel.facets
    entity = next(model.item(r) for r in range(model.rowCount())
                  if model.item(r).text() == "Entity")
    assert entity.child(0).toolTip() == "Also written: คุณหลิน, 林先生"
    with qtbot.waitSignal(window.search_finished, timeout=LONG):
        window.facet_panel.clicked.emit(model.indexFromItem(entity.child(0)))
    assert window.search_box.text() == 'passports entity:"Mr. Lin"'
    assert sorted(_titles(window)) == ["chat.txt", "thai.txt"]
