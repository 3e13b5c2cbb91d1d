"""Searching through the Archive service: tags, dates, hits on the page, a self-healing index."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import BadQuery
from archive.hits import place_words, words_in_spans
from archive.models import Word
from archive.service import Archive
from main import open_archive


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def _ingest(archive: Archive, path: Path, **kwargs: str) -> int:
    report = archive.ingest([path], case=kwargs.pop("case", "KK Park"), **kwargs)
    return report.outcomes[0].item_id or 0


def test_a_tag_is_searchable_at_once_and_counted(archive: Archive, tmp_path: Path) -> None:
    a = _ingest(archive, _write(tmp_path, "a.txt", "The recruiter's wallet received USDT."))
    _ingest(archive, _write(tmp_path, "b.txt", "Another wallet, never used."))
    archive.tag_item(a, "Court exhibit")
    assert [h.item_id for h in archive.search('tag:"court exhibit"').hits] == [a]
    assert archive.search("wallet").facet("tag") == {"Court exhibit": 1}
    assert archive.custody_log(a)[-1]["action"] == "tag"
    archive.untag_item(a, "Court exhibit")
    assert archive.search('tag:"court exhibit"').total == 0


def test_grades_filter_a_search_and_are_counted(archive: Archive, tmp_path: Path) -> None:
    a = _ingest(archive, _write(tmp_path, "a.txt", "The recruiter's wallet received USDT."))
    b = _ingest(archive, _write(tmp_path, "b.txt", "A wallet seen in a chat."))
    c = _ingest(archive, _write(tmp_path, "c.txt", "A wallet nobody graded."))
    archive.grade_source(a, source="Partner NGO", reliability="A", credibility=1)
    archive.grade_source(b, source="Anonymous tip", reliability="D", credibility=3)

    def found(query: str) -> list[int]:
        return sorted(h.item_id for h in archive.search(query).hits)

    assert found("wallet reliability:A") == [a]
    assert found("wallet reliability:ad") == [a, b]
    assert found("reliability:A-C") == [a]
    assert found("credibility:1-2") == [a]
    assert found("credibility:[2 to 6]") == [b]
    assert found("wallet NOT reliability:D") == [a, c]
    result = archive.search("wallet")
    assert result.facet("reliability") == {"A": 1, "D": 1}
    assert result.facet("credibility") == {"1": 1, "3": 1}
    archive.grade_source(b, source="Anonymous tip", reliability="B", credibility=2)
    assert found("reliability:B credibility:2") == [b]  # a new grade is searchable at once
    with pytest.raises(BadQuery, match="reliability grade"):
        archive.search("wallet reliability:G")


def test_collection_dates_and_sources_filter_a_search(archive: Archive, tmp_path: Path) -> None:
    old = _ingest(archive, _write(tmp_path, "old.txt", "passport taken"), collected_at="2023-02-10",
                  source="Partner NGO")
    new = _ingest(archive, _write(tmp_path, "new.txt", "passport kept"), collected_at="2024-06-02")
    assert [h.item_id for h in archive.search("passport collected:2023").hits] == [old]
    assert [h.item_id for h in archive.search("passport date:[2024-01 to 2024-06]").hits] == [new]
    assert [h.item_id for h in archive.search('source:"partner ngo"').hits] == [old]
    newest = archive.search("passport", sort="newest")
    assert [h.item_id for h in newest.hits] == [new, old]
    assert newest.hits[0].date == "2024-06-02"


def test_the_words_of_a_hit_are_boxed_on_the_scanned_page(archive: Archive, corpus: Path) -> None:
    item_id = _ingest(archive, corpus / "ocrmypdf_resources" / "crom.png")
    (hit,) = archive.search("cromulent").hits
    assert hit.item_id == item_id and hit.spans
    words = archive.hit_words("cromulent", item_id, hit.page)
    assert words and all("cromulent" in w.text.lower() for w in words)
    assert archive.hit_words("nothingofthesort", item_id, hit.page) == []


def test_ocr_words_are_placed_in_the_tidied_page_text() -> None:
    def word(text: str, left: int) -> Word:
        return Word(text, left, 10, 30, 12, 90.0)

    # Tesseract reads Thai with spaces between characters; the page text has them removed.
    words = [word("ค่า", 0), word("จ้าง", 40), word("ถูก", 80), word("หัก", 120), word("USDT", 160)]
    text = "ค่าจ้างถูกหัก\nUSDT"
    assert [text[s:e] for s, e in filter(None, place_words(text, words))] == [
        "ค่า", "จ้าง", "ถูก", "หัก", "USDT"]
    spans = [(3, 7), (text.index("USDT"), len(text))]
    assert [w.text for w in words_in_spans(text, words, spans)] == ["จ้าง", "USDT"]


def test_a_damaged_index_is_rebuilt_when_the_archive_opens_with_the_same_results(
    archive: Archive, tmp_path: Path
) -> None:
    for n, text in enumerate(["recruited in Mae Sot", "我们在缅甸的园区工作", "passports taken"]):
        _ingest(archive, _write(tmp_path, f"{n}.txt", text))
    queries = ("recruiting", "园区", "passport", "kind:document OR mae")

    def results(a: Archive) -> list[tuple[int, list[int]]]:
        return [(r.total, sorted(h.item_id for h in r.hits)) for r in map(a.search, queries)]

    before = results(archive)
    root = archive.path
    archive.close()
    for seg in (root / "index").glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    reopened = open_archive(root)
    try:
        assert results(reopened) == before
    finally:
        reopened.close()
