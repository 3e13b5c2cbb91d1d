"""OCR in the languages of the border: Thai and Burmese lines, spacing, preparation of images."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PIL import Image

from ocr.tesseract import (
    check_tesseract,
    default_languages,
    installed_languages,
    ocr_image,
    prepare,
)

THAI = "ocr_gt/thai_trdg"
BURMESE = "ocr_gt/myanmar_myOCR"


def read(corpus: Path, relative: str, temp_dir: Path) -> str:
    with Image.open(corpus / relative) as image:
        return ocr_image(image, default_languages(), temp_dir=str(temp_dir)).text


@pytest.mark.usefixtures("tesseract")
def test_tesseract_and_the_five_languages_are_installed() -> None:
    assert check_tesseract() is None
    assert "osd" not in installed_languages()
    assert default_languages() == "eng+tha+mya+chi_sim+chi_tra"


@pytest.mark.usefixtures("tesseract")
def test_thai_greeting_is_read_from_a_32_pixel_line(corpus_dir: Path, tmp_path: Path) -> None:
    text = read(corpus_dir, f"{THAI}/thai_00.jpg", tmp_path)
    assert "สวัสดีครับ" in text  # gt: สวัสดีครับวันนี้อากาศแจ่มใสมากน่าไปเที่ยว
    assert " " not in text  # Tesseract's spaces between Thai letters are gone


@pytest.mark.usefixtures("tesseract")
def test_thai_line_with_english_keeps_spaces_around_the_english(
    corpus_dir: Path, tmp_path: Path
) -> None:
    text = read(corpus_dir, f"{THAI}/thai_16.jpg", tmp_path)
    assert "ระบบ Server จะปิด" in text  # gt: วันนี้ระบบ Server จะปิดปรับปรุงชั่วคราว


@pytest.mark.usefixtures("tesseract")
def test_thai_sara_am_is_one_character(corpus_dir: Path, tmp_path: Path) -> None:
    text = read(corpus_dir, f"{THAI}/thai_02.jpg", tmp_path)
    assert "กำลังกาย" in text  # U+0E33, not NIKHAHIT + SARA AA


@pytest.mark.usefixtures("tesseract")
def test_burmese_line_is_read(corpus_dir: Path, tmp_path: Path) -> None:
    text = read(corpus_dir, f"{BURMESE}/Pyidaungsu_1342.png", tmp_path)
    assert "မြို့တော်" in text  # gt: ဒါ ထာဝရ နွေဦး ရာသီ မြို့တော် ဖြစ် ပါ တယ်


@pytest.mark.usefixtures("tesseract")
def test_burmese_line_first_read_as_thai_gets_a_burmese_pass(
    corpus_dir: Path, tmp_path: Path
) -> None:
    # With all five languages Tesseract reads most of this line as Thai letters.
    with Image.open(corpus_dir / BURMESE / "MyanmarSanpya_812.png") as image:
        result = ocr_image(image, default_languages(), temp_dir=str(tmp_path))
    assert "တိုးခွဲမတတ်" in result.text  # gt: လေ က အသား ကို တိုးခွဲမတတ် အေး သည်
    assert result.languages == "mya+eng"
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in result.text)


def test_a_32_pixel_line_is_scaled_up_and_read_as_one_line() -> None:
    prepared, scale, psm = prepare(Image.new("RGB", (300, 32), "white"))
    assert psm == 7
    assert prepared.height == 100 and scale == pytest.approx(100 / 32)
    assert prepared.mode == "L"


def test_a_dark_screenshot_is_inverted_before_ocr() -> None:
    prepared, _, psm = prepare(Image.new("RGB", (720, 1280), (20, 20, 30)))
    assert psm == 3
    assert prepared.getpixel((0, 0)) > 200
    assert prepared.height == 2000  # small screenshots are scaled up


def test_a_transparent_png_is_put_on_white() -> None:
    prepared, _, _ = prepare(Image.new("RGBA", (800, 800), (0, 0, 0, 0)))
    assert prepared.getpixel((0, 0)) == 255


@pytest.mark.usefixtures("tesseract")
def test_ocr_temp_files_go_to_the_archive_temp_folder(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # If pytesseract used the system temp folder it would fail: that folder does not exist.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    archive_tmp = tmp_path / "archive" / "tmp"
    text = read(corpus_dir, "ocr_gt/ocrmypdf_pairs/crom.png", archive_tmp)
    assert "cromulent" in text
    assert archive_tmp.is_dir()
    assert list(archive_tmp.iterdir()) == []  # and nothing is left behind
    assert tempfile.tempdir == str(tmp_path / "no-such-folder")


@pytest.mark.usefixtures("tesseract")
def test_sideways_page_is_turned_upright(corpus_dir: Path, tmp_path: Path) -> None:
    with Image.open(corpus_dir / "ocr_gt" / "ocrmypdf_pairs" / "linn.png") as upright:
        top = upright.convert("L").crop((0, 0, upright.width, upright.height // 2))
        sideways = top.rotate(90, expand=True)
    result = ocr_image(sideways, default_languages(), temp_dir=str(tmp_path))
    assert "LinnSequencer" in result.text
    assert (result.width, result.height) == sideways.size
    first = result.words[0]  # "The", top left of the upright page: bottom left here
    assert first.left < sideways.width / 2 and first.top > sideways.height / 2
    assert first.height > first.width  # the box is turned with the page


def test_zawgyi_burmese_is_converted_to_unicode() -> None:
    from ocr.normalize import tidy_page_text
    from ocr.zawgyi import looks_like_zawgyi, zawgyi_to_unicode

    pairs = {
        "\u103b\u1019\u1014\u1039\u1019\u102c": "မြန်မာ",
        "\u1031\u1000\u103a\u102c\u1004\u1039\u1038": "ကျောင်း",
        "\u1000\u107d\u103c\u1014\u1039\u1031\u1010\u102c\u1039": "ကျွန်တော်",
        "\u1019\u1002\u1064\u101c\u102c": "မင်္ဂလာ",
    }
    for zawgyi, unicode in pairs.items():
        assert looks_like_zawgyi(zawgyi) and not looks_like_zawgyi(unicode)
        assert zawgyi_to_unicode(zawgyi) == unicode
    assert tidy_page_text("Hello\n\u103b\u1019\u1014\u1039\u1019\u102c") == "Hello\nမြန်မာ"
