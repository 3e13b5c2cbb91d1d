"""Images of evidence (scans, photos, screenshots) are read by OCR, page by page, and hostile
or broken image files end in a readable failure, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageOps

from archive.models import METHOD_OCR, STATUS_FAILED, STATUS_OK, STATUS_PARTIAL, Extraction

Extract = Callable[..., Extraction]


def test_tiff_scan_reads_hello_world(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "hello_world_tiff.tif", "image/tiff")
    assert result.status == STATUS_OK
    page = result.pages[0]
    assert page.method == METHOD_OCR
    assert "HELLO WORLD" in page.text.upper()
    assert (page.width, page.height) == (819, 460)
    assert [w.text.upper() for w in page.words] == ["HELLO", "WORLD"]
    hello = page.words[0]
    assert 0 < hello.left < page.width and 0 < hello.top < page.height
    assert page.confidence == sum(w.confidence for w in page.words) / len(page.words)


def test_every_page_of_a_multipage_tiff_is_read(corpus_dir: Path, extract: Extract) -> None:
    path = corpus_dir / "fixtures_ingest_file" / "multipage_tiff_example.tif"
    result = extract(path, "image/tiff")
    assert result.status == STATUS_OK
    assert len(result.pages) == 10
    assert all("Multipage\nTIFF\nExample" in page.text for page in result.pages)
    numbered = [p.number for p in result.pages if f"Page {p.number}" in p.text]
    assert len(numbered) >= 8  # measured: "Page /" on page 7, "Pages" on page 8


def test_nonsense_word_in_a_small_line_image_is_read(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "ocr_gt" / "ocrmypdf_pairs" / "crom.png", "image/png")
    assert "cromulent" in result.pages[0].text


def test_gif_and_webp_images_are_read(corpus_dir: Path, extract: Extract) -> None:
    folder = corpus_dir / "fixtures_ingest_file"
    gif = extract(folder / "regression_gif.gif", "image/gif")
    assert "This is text inside a GIF image" in gif.pages[0].text
    webp = extract(folder / "regression_webp.webp", "image/webp")
    assert "Debian -- Packages" in webp.pages[0].text


def test_photo_taken_sideways_is_turned_upright_by_its_exif_tag(
    corpus_dir: Path, extract: Extract, tmp_path: Path
) -> None:
    upright = Image.open(corpus_dir / "fixtures_ingest_file" / "hello_world_tiff.tif")
    sideways = upright.convert("RGB").rotate(90, expand=True)  # as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    path = tmp_path / "photo.jpg"
    sideways.save(path, exif=exif, quality=95)
    result = extract(path, "image/jpeg")
    assert "HELLO WORLD" in result.pages[0].text.upper()


def test_dark_mode_screenshot_is_read(corpus_dir: Path, extract: Extract, tmp_path: Path) -> None:
    light = Image.open(corpus_dir / "fixtures_ingest_file" / "hello_world_tiff.tif")
    path = tmp_path / "dark.png"
    ImageOps.invert(light.convert("RGB")).save(path)
    result = extract(path, "image/png")
    assert "HELLO WORLD" in result.pages[0].text.upper()


def test_decompression_bomb_fails_with_its_size(tmp_path: Path, extract: Extract) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (30000, 30000), 1).save(path)  # ~200 KB on disk, 900 megapixels decoded
    result = extract(path, "image/png")
    assert result.status == STATUS_FAILED
    assert result.reason == "the image is too large to read (30000\u00d730000 pixels)"


def test_garbage_named_png_fails_as_damaged(tmp_path: Path, extract: Extract) -> None:
    path = tmp_path / "fake.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 100)
    result = extract(path, "image/png")
    assert result.status == STATUS_FAILED
    assert "damaged" in result.reason


def test_screenshot_cut_short_is_read_as_far_as_it_goes(
    corpus_dir: Path, extract: Extract, tmp_path: Path
) -> None:
    data = (corpus_dir / "fixtures_ingest_file" / "regression_jpg.jpg").read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) * 2 // 3])
    result = extract(path, "image/jpeg")
    assert result.status == STATUS_PARTIAL
    assert "cut short" in result.reason
    assert "Debian" in result.pages[0].text  # the top of the picture is still there
