"""Watchlist names are found in any script and form, with spans in the original text."""

from __future__ import annotations

from archive.watchlist import Watchlist, fold
from index.analysis import normalize

NAMES = [(1, "Zhao Wei"), (2, "KK园区"), (3, "เคเคปาร์ค"), (4, "赵伟"), (5, "KK Park"),
         (6, "Park"), (7, "café Lumière"), (8, "ကေကေပါ့ခ်")]


def finds(text: str) -> list[tuple[int, str]]:
    return [(m.entity_id, text[m.start:m.end]) for m in Watchlist(NAMES, normalize).find(text)]


def test_chinese_and_thai_names_inside_unspaced_sentences() -> None:
    assert finds("他上个月在KK園區见到赵伟了。") == [(2, "KK園區"), (4, "赵伟")]
    assert finds("ผมทำงานที่เคเคปาร์คสามเดือนแล้ว") == [(3, "เคเคปาร์ค")]
    assert finds("သူဟာကေကေပါ့ခ်မှာအလုပ်လုပ်တယ်") == [(8, "ကေကေပါ့ခ်")]


def test_latin_names_need_word_boundaries() -> None:
    assert finds("Mr ZHAO WEI met Zhao Weiss and zhao weird") == [(1, "ZHAO WEI")]
    assert finds("Parking at Parkview") == []


def test_full_width_and_decomposed_forms_match_with_original_spans() -> None:
    name = "".join(chr(ord(c) + 0xFEE0) for c in "Zhao") + "\u3000" + "".join(
        chr(ord(c) + 0xFEE0) for c in "Wei")  # full-width letters, ideographic space
    text = f"Seen: {name} at the Cafe\u0301 Lumie\u0300re."
    assert finds(text) == [(1, name), (7, "Cafe\u0301 Lumie\u0300re")]


def test_a_longer_name_wins_over_a_name_inside_it() -> None:
    assert finds("The KK Park compound, and the park outside") == [(5, "KK Park"), (6, "park")]


def test_folding_keeps_offsets_for_expanding_characters() -> None:
    folded = fold("Straße ﬁle", normalize)
    assert folded.text == "strasse file"
    assert folded.span(0, 7) == (0, 6) and folded.span(8, 12) == (7, 10)
