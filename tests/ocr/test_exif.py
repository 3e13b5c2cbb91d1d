"""Photos keep their EXIF facts (when, which phone, where, which software) as metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from archive.models import Extraction
from ocr.exif import exif_metadata


def test_iphone_photo_edited_in_gimp(corpus_dir: Path) -> None:
    with Image.open(corpus_dir / "ocr_gt" / "easyocr_scene" / "thai.jpg") as image:
        meta = exif_metadata(image)
    assert meta["camera_make"] == "Apple"
    assert meta["camera_model"] == "iPhone 8"
    assert meta["software"] == "GIMP 2.10.18"
    assert meta["modified"] == "2020-03-19T17:12:52"  # DateTime: when GIMP saved it
    assert meta["captured"] == "2020-02-03T16:57:54"  # DateTimeOriginal: when it was taken


def test_gps_position_is_given_in_decimal_degrees(tmp_path: Path) -> None:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (16.0, 41.0, 24.0)  # Myawaddy
    gps[3], gps[4] = "E", (98.0, 30.0, 36.0)
    path = tmp_path / "gps.jpg"
    Image.new("RGB", (40, 40), "white").save(path, exif=exif)
    with Image.open(path) as image:
        meta = exif_metadata(image)
    assert meta["gps_lat"] == 16.69
    assert meta["gps_lon"] == 98.51


def test_image_without_exif_has_none(tmp_path: Path) -> None:
    path = tmp_path / "plain.png"
    Image.new("RGB", (40, 40), "white").save(path)
    with Image.open(path) as image:
        assert exif_metadata(image) == {}


def test_extraction_metadata_carries_the_exif(
    corpus_dir: Path, extract: Callable[..., Extraction]
) -> None:
    result = extract(corpus_dir / "ocr_gt" / "easyocr_scene" / "thai.jpg", "image/jpeg")
    assert result.metadata["exif"]["camera_model"] == "iPhone 8"
    assert result.metadata["exif"]["captured"] == "2020-02-03T16:57:54"
