"""Watchlist names are found in any script and form, with spans in the original text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from archive.unicodefold import nfkc_stable
from archive.watchlist import Watchlist, fold
from archive.watchlist_engines import engines
from index.analysis import normalize

NAMES = [(1, "Zhao Wei"), (2, "KK园区"), (3, "เคเคปาร์ค"), (4, "赵伟"), (5, "KK Park"),
         (6, "Park"), (7, "café Lumière"), (8, "ကေကေပါ့ခ်")]



Finds = Callable[[str], list[tuple[int, str]]]


@pytest.fixture(params=engines())
def engine(request: pytest.FixtureRequest) -> str:
    """Each automaton this installation has (Hyperscan and the portable pyahocorasick here):
    they must find the same names."""
    return str(request.param)


@pytest.fixture
def finds(engine: str) -> Finds:
    watchlist = Watchlist(NAMES, normalize, engine=engine)
    assert watchlist.engine == engine

    def found(text: str) -> list[tuple[int, str]]:
        return [(m.entity_id, text[m.start:m.end]) for m in watchlist.find(text)]

    return found


def test_chinese_and_thai_names_inside_unspaced_sentences(finds: Finds) -> None:
    assert finds("他上个月在KK園區见到赵伟了。") == [(2, "KK園區"), (4, "赵伟")]
    assert finds("ผมทำงานที่เคเคปาร์คสามเดือนแล้ว") == [(3, "เคเคปาร์ค")]
    assert finds("သူဟာကေကေပါ့ခ်မှာအလုပ်လုပ်တယ်") == [(8, "ကေကေပါ့ခ်")]


def test_latin_names_need_word_boundaries(finds: Finds) -> None:
    assert finds("Mr ZHAO WEI met Zhao Weiss and zhao weird") == [(1, "ZHAO WEI")]
    assert finds("Parking at Parkview") == []


def test_full_width_and_decomposed_forms_match_with_original_spans(finds: Finds) -> None:
    name = "".join(chr(ord(c) + 0xFEE0) for c in "Zhao") + "\u3000" + "".join(
        chr(ord(c) + 0xFEE0) for c in "Wei")  # full-width letters, ideographic space
    text = f"Seen: {name} at the Cafe\u0301 Lumie\u0300re."
    assert finds(text) == [(1, name), (7, "Cafe\u0301 Lumie\u0300re")]


def test_a_longer_name_wins_over_a_name_inside_it(finds: Finds) -> None:
    assert finds("The KK Park compound, and the park outside") == [(5, "KK Park"), (6, "park")]


def test_folding_keeps_offsets_for_expanding_characters() -> None:
    folded = fold("Straße ﬁle", normalize)
    assert folded.text == "strasse file"
    assert folded.span(0, 7) == (0, 6) and folded.span(8, 12) == (7, 10)


def test_names_after_wide_characters_get_spans_in_characters_not_bytes(finds: Finds) -> None:
    text = "证人说,赵伟 和 Zhao Wei 在 KK Park 的事。ผมเห็นเคเคปาร์ค"
    assert finds(text) == [(4, "赵伟"), (1, "Zhao Wei"), (5, "KK Park"), (3, "เคเคปาร์ค")]


def test_upper_case_ascii_text_is_matched_without_lower_casing_it(finds: Finds) -> None:
    assert finds("KK PARK, kk park and Kk PaRk") == [
        (5, "KK PARK"), (5, "kk park"), (5, "Kk PaRk")]


def test_an_empty_watchlist_finds_nothing(engine: str) -> None:
    assert Watchlist([], normalize, engine=engine).find("anything") == []


# Texts where NFKC does change something, next to texts where it does not.
TRICKY = [
    "plain ascii", "ทำงาน", "ร่ำรวย", "ทํา", "ท่ํา", "กํ่า", "ဦး", "ဦ",
    "ကီ", "သီတာ", "Straße", "ﬁle", "\uff3a\uff48\uff41\uff4f", "Café", "ẹ́", "園區 园区", "İstanbul",
    "ǅ", "Ꭰꭰ", "KK園區", "aำ́", "ำ่", "x　y", "①", "ﾊﾟ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_index_normalisation_fast_paths_give_the_full_normalisation(text: str) -> None:
    full = unicodedata.normalize("NFKC", text).casefold()
    full = full.replace("\u0e4d\u0e32", "\u0e33")
    for tone in "\u0e48\u0e49\u0e4a\u0e4b":
        full = full.replace(f"\u0e4d{tone}\u0e32", f"{tone}\u0e33")
    from index.analysis import _TO_SIMPLIFIED

    assert normalize(text) == full.translate(_TO_SIMPLIFIED)
    if nfkc_stable(text):
        assert unicodedata.normalize("NFKC", text) == text.replace("\u0e33", "\u0e4d\u0e32")
