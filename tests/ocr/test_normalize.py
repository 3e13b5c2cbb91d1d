"""Text is normalised so that a phrase typed by a person finds it, whatever produced it."""

from __future__ import annotations

from ocr.normalize import join_words, lines_to_text, normalize_text, tidy_page_text


def test_nbsp_becomes_a_space_and_soft_hyphens_vanish() -> None:
    assert normalize_text("On\u00a0or\u00a0around 6\u00adFebruary") == "On or around 6 February"


def test_text_is_nfc_and_has_no_nul_or_bom() -> None:
    assert normalize_text("\ufeffcafe\u0301\x00") == "caf\u00e9"
    assert normalize_text("a\r\nb\rc") == "a\nb\nc"


def test_spaces_tesseract_puts_between_thai_letters_are_removed() -> None:
    assert join_words(["ส", "ว", "ั", "ส", "ดี"]) == "สวัสดี"


def test_spaces_between_chinese_characters_are_removed_but_not_around_latin() -> None:
    assert join_words(["你好", "世界", "Shwe", "Kokko", "工作"]) == "你好世界 Shwe Kokko 工作"


def test_thai_next_to_latin_keeps_its_space() -> None:
    assert join_words(["ระบบ", "Server", "จะ", "ปิด"]) == "ระบบ Server จะปิด"


def test_burmese_words_keep_their_spaces() -> None:
    assert join_words(["မြို့တော်", "ဖြစ်"]) == "မြို့တော် ဖြစ်"


def test_ocr_lines_become_page_text_with_thai_sara_am_fixed() -> None:
    lines = [["ก", "\u0e4d\u0e32", "ลัง"], [], ["Hello", "world"]]
    assert lines_to_text(lines) == "กำลัง\nHello world"


def test_page_text_has_no_trailing_spaces_or_runs_of_blank_lines() -> None:
    assert tidy_page_text("\n\nTitle  \n\n\n\nBody\n\n") == "Title\n\nBody"


def test_soft_hyphens_between_a_number_and_a_word_become_spaces_so_dates_can_be_found() -> None:
    assert normalize_text("06\u00adMarch\u00ad2020") == "06 March 2020"
    assert normalize_text("evi\u00addence") == "evidence"
