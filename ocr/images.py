"""Image files (PNG, JPEG, TIFF, WebP, GIF, BMP, JPEG 2000): guarded decoding and OCR per frame."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytesseract
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from archive.models import METHOD_OCR, ExtractedPage, ExtractOptions
from ocr.exif import exif_metadata
from ocr.tesseract import OcrUnavailable, ocr_image

log = logging.getLogger(__name__)

# Decoding more pixels than this could exhaust the worker's memory (the archive runs us with an
# address-space limit of 2-3 GiB): 100 million pixels is 100 MB grey, 300 MB RGB, and covers a
# 600 dpi A3 scan. Bigger images are refused with a clear reason instead of crashing.
MAX_IMAGE_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

# Below this mean word confidence (0-100) over the OCR'd pages the extraction is flagged
# ``low_confidence``. Measured with bench/ocr_accuracy.py: it flags 10 of the 28 Burmese
# myOCR lines and the Chinese street sign; chat screenshots all score 85-96, and confidence
# there hardly tells good from bad reads (two at 40% character error rate score 86-88).
LOW_CONFIDENCE = 70.0

# Formats whose frames are pages. Animated GIF/WebP frames are mostly the same picture: we read
# only the first one.
MULTIPAGE_FORMATS = frozenset({"TIFF", "MPO"})


class ImageUnreadable(Exception):
    """The whole image cannot be read; str() is a reason for a person."""


@dataclass(frozen=True, slots=True)
class ImageResult:
    pages: list[ExtractedPage]
    metadata: dict[str, Any]
    reason: str  # set when only part of the file could be read


def too_large(width: int, height: int) -> str:
    return f"the image is too large to read ({width}\u00d7{height} pixels)"


def _open(path: Path) -> Image.Image:
    """Open (header only) and refuse images too big to decode, naming their size."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check names no size; ours below does (the header is all that
            # has been read so far, so this is safe).
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = None
            try:
                image = Image.open(path)
            finally:
                Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    except UnidentifiedImageError as exc:
        raise ImageUnreadable("the image is damaged or in a format that cannot be read") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageUnreadable(f"the image is damaged and cannot be opened ({exc})") from exc
    if image.width * image.height > MAX_IMAGE_PIXELS:
        image.close()
        raise ImageUnreadable(too_large(image.width, image.height))
    return image


def _load_frame(image: Image.Image) -> tuple[Image.Image, str]:
    """The current frame, upright (EXIF orientation), fully decoded; and a note if the file is
    cut short (what is there is still read: a partial screenshot is still evidence)."""
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageUnreadable(too_large(width, height))
    note = ""
    try:
        image.load()
    except OSError as exc:
        if "truncated" not in str(exc):
            raise
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = False
        note = "the image file is cut short; the part that is there was read"
    frame = ImageOps.exif_transpose(image) or image
    return frame, note


def ocr_page_image(
    number: int, frame: Image.Image, options: ExtractOptions, languages: str
) -> ExtractedPage:
    """OCR one page image; Tesseract failures become the page's ``error`` (OcrUnavailable,
    which concerns every page, is raised)."""
    try:
        result = ocr_image(frame, languages, temp_dir=options.temp_dir, timeout=options.ocr_timeout)
    except RuntimeError as exc:  # pytesseract's timeout
        log.warning("OCR of page %d failed: %s", number, exc)
        return ExtractedPage(
            number, "", METHOD_OCR, error=f"OCR took longer than {options.ocr_timeout:g} s"
        )
    except pytesseract.TesseractError as exc:
        log.warning("OCR of page %d failed: %s", number, exc)
        return ExtractedPage(number, "", METHOD_OCR, error=f"OCR failed ({exc.message.strip()})")
    return ExtractedPage(
        number=number,
        text=result.text,
        method=METHOD_OCR,
        confidence=result.confidence,
        width=result.width,
        height=result.height,
        words=result.words,
    )


def extract_image(path: Path, options: ExtractOptions, languages: str) -> ImageResult:
    """OCR every page of a multi-page TIFF, the first frame of anything else. Raises
    ImageUnreadable / OcrUnavailable when nothing at all can be read."""
    image = _open(path)
    with image:
        fmt = image.format or "image"
        frames = getattr(image, "n_frames", 1) if fmt in MULTIPAGE_FORMATS else 1
        metadata: dict[str, Any] = {
            "format": fmt,
            "width": image.width,
            "height": image.height,
            "frames": getattr(image, "n_frames", 1),
        }
        exif = exif_metadata(image)
        if exif:
            metadata["exif"] = exif
        reason = ""
        if frames > options.max_pages:
            reason = f"only the first {options.max_pages} of {frames} pages were read"
            frames = options.max_pages
        pages: list[ExtractedPage] = []
        for index in range(frames):
            number = index + 1
            try:
                image.seek(index)
                frame, note = _load_frame(image)
            except ImageUnreadable as exc:
                if frames == 1:
                    raise
                pages.append(ExtractedPage(number, "", METHOD_OCR, error=str(exc)))
                continue
            except (
                OSError,
                ValueError,
                EOFError,
                SyntaxError,
                Image.DecompressionBombError,
            ) as exc:
                log.warning("%s: frame %d unreadable: %s", path.name, number, exc)
                if frames == 1:
                    raise ImageUnreadable(
                        f"the image is damaged and cannot be read ({exc})"
                    ) from exc
                pages.append(
                    ExtractedPage(number, "", METHOD_OCR, error=f"this page is damaged ({exc})")
                )
                continue
            reason = reason or note
            pages.append(ocr_page_image(number, frame, options, languages))
    metadata.update(confidence_metadata(pages))
    return ImageResult(pages, metadata, reason)


def confidence_metadata(pages: list[ExtractedPage]) -> dict[str, Any]:
    """``ocr_confidence`` (mean word confidence of the OCR'd pages) and ``low_confidence``
    when it is below LOW_CONFIDENCE; {} when no page was OCR'd."""
    scored = [(p.confidence, len(p.words)) for p in pages if p.confidence is not None]
    words = sum(n for _, n in scored)
    if not words:
        return {}
    mean = sum(c * n for c, n in scored if c is not None) / words
    out: dict[str, Any] = {"ocr_confidence": round(mean, 1)}
    if mean < LOW_CONFIDENCE:
        out["low_confidence"] = True
    return out


__all__ = [
    "ImageResult",
    "ImageUnreadable",
    "OcrUnavailable",
    "confidence_metadata",
    "extract_image",
    "ocr_page_image",
]
