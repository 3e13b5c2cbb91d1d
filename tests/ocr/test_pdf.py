"""PDFs: the text layer when it is real, OCR of scanned pages and of lying text layers,
and a readable reason for every PDF that cannot be read."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from archive.models import (
    METHOD_OCR,
    METHOD_TEXT_LAYER,
    STATUS_FAILED,
    STATUS_OK,
    STATUS_PARTIAL,
    Extraction,
)
from ocr.pdf import MAX_RENDER_PIXELS, text_is_usable

Extract = Callable[..., Extraction]
PDF = "application/pdf"


def test_every_page_of_a_500_page_pdf_is_read_from_its_text_layer(
    corpus_dir: Path, extract: Extract
) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "500 pages.pdf", PDF)
    assert result.status == STATUS_OK
    assert len(result.pages) == 500
    assert result.pages[0].text.strip() == "Hello, World!\nHello, World!"
    assert {p.method for p in result.pages} == {METHOD_TEXT_LAYER}
    assert result.languages == ""  # no OCR was needed


def test_page_limit_reads_the_first_pages_and_says_so(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "500 pages.pdf", PDF, max_pages=10)
    assert result.status == STATUS_PARTIAL
    assert len(result.pages) == 10
    assert "first 10 of 500 pages" in result.reason


def test_court_judgment_with_nbsp_spaces_is_searchable_by_phrase(
    corpus_dir: Path, extract: Extract
) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "106972554.pdf", PDF)
    assert result.status == STATUS_OK
    assert len(result.pages) == 3
    assert "UPON THE APPLICATION of the Plaintiff in this action" in result.pages[0].text
    assert "The 1st, 2nd and 4th Defendants shall jointly" in result.pages[1].text
    assert "On or around 6 February 2014" in result.pages[2].text
    assert not any("\u00a0" in p.text or "\u00ad" in p.text for p in result.pages)


def test_zero_byte_pdf_fails_as_empty(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "empty.pdf", PDF)
    assert result.status == STATUS_FAILED
    assert "empty" in result.reason


def test_password_protected_pdf_fails_saying_so(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "password-hunter2.pdf", PDF)
    assert result.status == STATUS_FAILED
    assert result.reason == "the PDF is password-protected"
    assert result.pages == ()


def test_invalid_pdf_fails_as_damaged(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "ocrmypdf_resources" / "invalid.pdf", PDF)
    assert result.status == STATUS_FAILED
    assert "damaged" in result.reason


def test_a_pdf_cut_in_half_does_not_crash_the_reader(
    corpus_dir: Path, extract: Extract, tmp_path: Path
) -> None:
    data = (corpus_dir / "fixtures_ingest_file" / "106972554.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    result = extract(cut, PDF)
    assert result.status in (STATUS_OK, STATUS_PARTIAL, STATUS_FAILED)
    if result.status == STATUS_FAILED:
        assert result.reason
    else:
        assert "UPON THE APPLICATION" in result.pages[0].text


def test_scanned_pdf_page_is_read_by_ocr(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "greek.pdf", PDF)
    assert result.status == STATUS_OK
    assert len(result.pages) == 2
    first = result.pages[0]
    assert first.method == METHOD_OCR
    assert "IRIDECEA HOLDINGS" in first.text
    assert first.confidence is not None and first.confidence > 50
    assert first.width > 2000 and first.height > 3000  # rendered near 300 dpi
    word = next(w for w in first.words if w.text == "IRIDECEA")
    assert 0 <= word.left < first.width and 0 <= word.top < first.height
    assert "tha" in result.languages


def test_text_layer_without_unicode_mapping_is_replaced_by_ocr(
    corpus_dir: Path, extract: Extract
) -> None:
    result = extract(corpus_dir / "ocrmypdf_resources" / "truetype_font_nomapping.pdf", PDF)
    page = result.pages[0]
    assert page.method == METHOD_OCR
    assert "Phone" in page.text
    assert '"7+%-' not in page.text


def test_type3_font_garbage_is_not_taken_for_text(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "ocrmypdf_resources" / "type3_font_nomapping.pdf", PDF)
    page = result.pages[0]
    assert page.method == METHOD_OCR
    assert "\x19" not in page.text and "\x12" not in page.text


def test_blank_page_is_read_as_no_text_without_error(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "ocrmypdf_resources" / "blank.pdf", PDF)
    assert result.status == STATUS_OK
    assert result.title == "blank"
    assert [p.text for p in result.pages] == [""]


def test_memory_bomb_page_is_rendered_small_enough_to_read(
    corpus_dir: Path, extract: Extract
) -> None:
    # 35000x35000 JBIG2 image: at 300 dpi the page would be 1.2 billion pixels.
    result = extract(corpus_dir / "ocrmypdf_resources" / "hugemono.pdf", PDF)
    page = result.pages[0]
    assert page.width * page.height <= MAX_RENDER_PIXELS
    assert "very big image" in page.text


def test_a_pdf_under_another_name_is_still_read(
    corpus_dir: Path, extract: Extract, tmp_path: Path
) -> None:
    renamed = tmp_path / "evidence.bin"
    shutil.copy(corpus_dir / "fixtures_ingest_file" / "500 pages.pdf", renamed)
    result = extract(renamed, PDF, max_pages=1)
    assert result.pages[0].text.startswith("Hello, World!")


def test_text_layer_usability() -> None:
    assert text_is_usable("Hello, World!")
    assert text_is_usable("สวัสดีครับ")  # Thai vowels are combining marks, still letters
    assert text_is_usable("ကျေးဇူးတင်ပါတယ်")
    assert not text_is_usable('"7+%-')
    assert not text_is_usable("\x19\x12")
    assert not text_is_usable("\ufffd\ufffd\ufffd\ufffd ab")
    assert not text_is_usable("\ue000\ue001\ue002\ue003")
    assert not text_is_usable("   \n ")
