"""Searching the evidence index as an investigator does: four scripts, filters, pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from index.whoosh_index import WhooshIndex
from tests.index.conftest import page_doc

if TYPE_CHECKING:
    from tests.index.conftest import Library

FULL_WIDTH_KK = "\uff2b\uff2b"  # what a Chinese or Japanese keyboard types for "KK"


@pytest.fixture
def stories(library: Library) -> Library:
    lib = library
    docs = [
        *lib.item(1, "ปีนี้มีปริมาณน้ำฝนมากกว่าปกติทำให้รถติด", languages="tha"),
        *lib.item(2, "ကျွန်တော်တို့ရုံးမှာအလုပ်လုပ်တယ်", languages="mya"),
        *lib.item(3, "我们在缅甸的园区工作很辛苦", languages="chi_sim", cases=("Shwe Kokko",)),
        *lib.item(
            4,
            "Cover letter from the agency.",
            f"He was recruiting workers for a call centre in {FULL_WIDTH_KK} Park.",
            "They were forced to work sixteen hours; passports were taken.",
            kind="news",
            cases=("KK Park", "Shwe Kokko"),
        ),
        *lib.item(5, "Work was forced on them, they said; the passport office was closed."),
        *lib.item(6, "Telegram handle @recruiter_kk, phone 081-234-5678, mail a.b@mail.com"),
    ]
    lib.index.rebuild(docs)
    return lib


def test_a_thai_word_in_the_middle_of_a_thai_sentence_is_found(stories: Library) -> None:
    result = stories.search("ปริมาณ")
    assert [h.item_id for h in result.hits] == [1]
    assert "<b>ปริมาณ</b>" in result.hits[0].snippet


def test_a_burmese_word_in_a_burmese_sentence_is_found(stories: Library) -> None:
    assert stories.found("ရုံး") == [2]


def test_a_chinese_word_in_a_chinese_sentence_is_found(stories: Library) -> None:
    result = stories.search("园区")
    assert [h.item_id for h in result.hits] == [3]
    assert result.hits[0].snippet == "我们在缅甸的<b>园区</b>工作很辛苦"


def test_part_of_a_thai_word_still_finds_the_page_through_bigrams(stories: Library) -> None:
    # "ริมาณน้ำ" cuts through two words: word tokens cannot match, the bigram phrase does.
    assert stories.found("ริมาณน้ำ") == [1]


def test_full_width_kk_and_plain_kk_are_the_same(stories: Library) -> None:
    assert 4 in stories.found("KK")
    assert 4 in stories.found(FULL_WIDTH_KK)


def test_recruited_finds_recruiting(stories: Library) -> None:
    result = stories.search("recruited")
    assert [h.item_id for h in result.hits] == [4]
    assert "<b>recruiting</b>" in result.hits[0].snippet


def test_words_must_all_be_there(stories: Library) -> None:
    assert sorted(stories.found("forced passport")) == [4, 5]
    assert stories.found("forced telegram") == []


def test_a_quoted_phrase_needs_the_words_in_order(stories: Library) -> None:
    assert sorted(stories.found("forced work")) == [4, 5]
    assert stories.found('"forced to work"') == [4]


def test_or_not_and_parentheses(stories: Library) -> None:
    assert sorted(stories.found("园区 OR ရုံး")) == [2, 3]
    assert stories.found("forced NOT office") == [4]
    assert sorted(stories.found("(telegram OR passport) AND NOT hours")) == [5, 6]


def test_prefix_and_fuzzy_words(stories: Library) -> None:
    assert stories.found("passp*") and set(stories.found("passp*")) == {4, 5}
    assert stories.found("recuited~") == [4]


def test_a_phone_number_and_an_email_address_are_found_as_typed(stories: Library) -> None:
    assert stories.found("081-234-5678") == [6]
    assert stories.found("a.b@mail.com") == [6]


def test_case_and_kind_filters(stories: Library) -> None:
    assert sorted(stories.found("forced", cases=("KK Park",))) == [4, 5]
    assert stories.found("forced", kinds=("news",)) == [4]
    assert stories.found("forced", cases=("Shwe Kokko",), kinds=("testimony",)) == []


def test_an_item_in_two_cases_is_found_in_each(stories: Library) -> None:
    assert 4 in stories.found("forced", cases=("KK Park",))
    assert 4 in stories.found("forced", cases=("shwe kokko",))
    assert sorted(stories.found('case:"Shwe Kokko"')) == [3, 4]


def test_field_prefixes_in_the_query(stories: Library) -> None:
    assert stories.found("kind:news") == [4]
    assert stories.found("lang:thai") == [1]
    assert stories.found("title:item") and len(stories.found("title:item")) == 6


def test_one_hit_per_item_on_its_best_page_with_every_matching_page(stories: Library) -> None:
    result = stories.search("passports OR recruiting")
    (hit,) = [h for h in result.hits if h.item_id == 4]
    assert hit.pages == (2, 3)
    assert hit.page in hit.pages
    assert result.total == len(result.hits) == len({h.item_id for h in result.hits})


def test_the_best_page_is_the_one_that_matches_best(library: Library) -> None:
    docs = library.item(
        7,
        "nothing here",
        "a single mention of Myawaddy",
        "Myawaddy, Myawaddy, and again Myawaddy: the compound near Myawaddy",
    )
    library.index.rebuild(docs)
    (hit,) = library.search("myawaddy").hits
    assert (hit.page, hit.pages) == (3, (2, 3))
    assert hit.snippet.count("<b>Myawaddy</b>") == 4


def test_snippets_are_escaped_and_short(library: Library) -> None:
    long_text = "<script>alert('x')</script> " + "filler words here " * 40 + "the trafficker met us"
    library.index.rebuild(library.item(8, long_text))
    (hit,) = library.search("trafficker").hits
    assert "<b>trafficker</b>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert len(hit.snippet) < 260
    (hit,) = library.search("alert").hits
    assert "&lt;script&gt;" in hit.snippet


def test_a_title_only_match_shows_the_start_of_the_page(library: Library) -> None:
    library.index.rebuild(library.item(9, "Statement taken at the shelter. " * 20, title="Mae Sot"))
    (hit,) = library.search("title:sot").hits
    assert hit.snippet.startswith("Statement taken at the shelter.")
    assert "<b>" not in hit.snippet


def test_limit_keeps_the_total(library: Library) -> None:
    docs = [d for i in range(1, 31) for d in library.item(i, f"scam compound report number {i}")]
    library.index.rebuild(docs)
    result = library.search("scam", limit=5)
    assert len(result.hits) == 5
    assert result.total == 30


def test_thai_sara_am_typed_either_way_finds_the_other(library: Library) -> None:
    decomposed = "เขาดื่มนํ้าเปล่าทุกวัน"  # NIKHAHIT + tone mark + SARA AA, as OCR writes it
    library.index.rebuild(library.item(10, decomposed, languages="tha"))
    result = library.search("น้ำ")  # typed with SARA AM
    assert [h.item_id for h in result.hits] == [10]
    assert "<b>นํ้า</b>" in result.hits[0].snippet


def test_full_width_traditional_and_plain_simplified_chinese_find_each_other(
    library: Library,
) -> None:
    docs = [
        *library.item(11, f"他們被帶到{FULL_WIDTH_KK}園區工作", languages="chi_tra"),
        *library.item(12, "我们在KK园区被关了三个月", languages="chi_sim"),
    ]
    library.index.rebuild(docs)
    assert sorted(library.found("KK园区")) == [11, 12]
    assert sorted(library.found(f"{FULL_WIDTH_KK}園區")) == [11, 12]
    (hit,) = library.search("園區 三個月").hits
    assert hit.item_id == 12 and "<b>园区</b>" in hit.snippet


def test_a_phrase_is_found_across_an_ocr_line_break(library: Library) -> None:
    page = "Statement 4\nWe were taken to KK\nPark by the recruit-\nment agency in Mae Sot."
    library.index.rebuild(library.item(13, page))
    assert library.found('"KK Park"') == [13]
    assert library.found('"recruitment agency"') == [13]
    (hit,) = library.search('"recruitment agency"').hits
    assert "<b>recruit- ment</b> <b>agency</b>" in hit.snippet


def test_a_query_typed_in_zawgyi_finds_the_unicode_burmese_page(tmp_path: Path) -> None:
    from ocr.zawgyi import fix_zawgyi

    index = WhooshIndex(tmp_path / "index", text_fixer=fix_zawgyi)
    text = "မြန်မာနိုင်ငံမှာအလုပ်လုပ်တယ်"
    index.rebuild([page_doc(14, 1, text, languages="mya")])
    zawgyi = "\u103b\u1019\u1014\u1039\u1019\u102c"  # "မြန်မာ" as a Zawgyi keyboard types it
    result = index.search(zawgyi, page_text=lambda item, page: text)
    assert [h.item_id for h in result.hits] == [14]
    index.close()


def test_opening_a_searcher_does_not_copy_the_segments(stories: Library) -> None:
    """Whoosh copied each part of a memory-mapped segment when it opened it, ~100 MB for
    10,000 items in one call that held the GIL and froze the window (issue 8)."""
    from whoosh.filedb.compound import CompoundStorage

    from index.whoosh_index import LazyBufferFile

    opened: list[LazyBufferFile] = []
    original = CompoundStorage.open_file

    def watched(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        f = original(self, name, *args, **kwargs)
        opened.append(f)
        return f

    CompoundStorage.open_file = watched  # type: ignore[method-assign]
    try:
        stories.index.close()
        assert sorted(stories.found("passport")) == [4, 5]
    finally:
        CompoundStorage.open_file = original  # type: ignore[method-assign]
    if not opened:
        pytest.skip("this index keeps its segments in separate files")
    assert all(isinstance(f, LazyBufferFile) for f in opened)
    assert any(f._stream is None for f in opened), "parts only read by slices are not copied"


def test_a_view_file_reads_a_memory_map_as_a_bytes_io_would() -> None:
    from io import BytesIO

    from index.whoosh_index import ViewFile

    data = b"first line\nsecond\n" + bytes(range(256)) * 40 + b"\nlast"
    view, copy = ViewFile(memoryview(data)), BytesIO(data)
    steps = [("read", (5,)), ("readline", ()), ("tell", ()), ("seek", (100,)), ("read", (3,)),
             ("readline", (7,)), ("seek", (-4, 2)), ("read", ()), ("read", (10,)),
             ("seek", (3,)), ("seek", (2, 1)), ("read", (-1,)), ("seek", (0,))]
    for name, args in steps:
        assert getattr(view, name)(*args) == getattr(copy, name)(*args), (name, args)
    assert list(view) == list(copy)
