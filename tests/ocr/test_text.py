"""Plain-text evidence in whatever encoding it was saved in comes out as clean Unicode pages."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.models import METHOD_PARSER, STATUS_OK, STATUS_PARTIAL, Extraction
from ocr.text import decode, split_pages

Extract = Callable[..., Extraction]


def test_german_latin1_text_reads_with_its_umlauts(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "non_utf.txt", "text/plain")
    assert result.status == STATUS_OK
    assert "größter" in result.pages[0].text
    assert result.pages[0].method == METHOD_PARSER


def test_utf8_text_keeps_its_accents(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "utf.txt", "text/plain")
    text = unicodedata.normalize("NFKD", result.pages[0].text)
    assert text == unicodedata.normalize("NFKD", "Îș unî©ođ€.")


def test_non_utf8_csv_is_read_without_broken_characters(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "countries_nonutf.csv", "text/plain")
    text = result.pages[0].text
    assert "\ufffd" not in text
    assert len(text.splitlines()) == 21  # a header and 20 towns, no line lost or split
    assert "Lübeck" in text  # the file is Mac Roman: ü is byte 0x9f


@pytest.mark.parametrize(
    ("sentence", "encoding"),
    [
        ("สวัสดีครับ วันนี้อากาศดี ผู้ใหญ่ที่นั่น", "tis-620"),
        ("你好，世界。我们在这里工作", "gb18030"),  # noqa: RUF001 - Chinese punctuation
        ("我們在這裡工作", "big5"),
        ("Größter Café, naïve résumé", "cp1252"),
        ("Привет, мир", "cp1251"),
        ("Hello สวัสดี 你好", "utf-16"),
        ("Hello สวัสดี 你好", "utf-16-le"),
        ("Hello สวัสดี 你好", "utf-8-sig"),
    ],
)
def test_a_short_message_is_decoded_in_its_own_encoding(sentence: str, encoding: str) -> None:
    text, _ = decode(sentence.encode(encoding))
    assert text.lstrip("\ufeff") == sentence


def test_nbsp_and_soft_hyphens_do_not_break_phrases(tmp_path: Path, extract: Extract) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Filed\u00a0on\u00a06\u00adMarch\r\nso\u00adcial".encode())
    result = extract(path, "text/plain")
    assert result.pages[0].text == "Filed on 6 March\nsocial"


def test_a_long_text_is_split_into_pages_at_line_ends(tmp_path: Path, extract: Extract) -> None:
    lines = [f"line {i} of a long testimony about the compound" for i in range(1000)]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = extract(path, "text/plain")
    assert result.status == STATUS_OK
    assert len(result.pages) > 3
    assert all(len(p.text) <= 10_000 for p in result.pages)
    assert [p.number for p in result.pages] == list(range(1, len(result.pages) + 1))
    rejoined = "\n".join(p.text for p in result.pages).splitlines()
    assert rejoined == lines


def test_page_limit_reads_the_first_pages_and_says_so(tmp_path: Path, extract: Extract) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 20_000 + "\n" + "more\n" * 10_000, encoding="utf-8")
    result = extract(path, "text/plain", max_pages=2)
    assert result.status == STATUS_PARTIAL
    assert len(result.pages) == 2
    assert "first 2 pages" in result.reason


def test_split_pages_never_loses_text() -> None:
    text = "x" * 25_000  # no line ends, no spaces
    assert "".join(split_pages(text)) == text
    assert split_pages("") == [""]
