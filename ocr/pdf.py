"""PDF files with PyMuPDF: the text layer where it is real, OCR of the rendered page elsewhere."""
# mypy: disallow-untyped-calls=False
# (PyMuPDF has no type hints for most of its API.)

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
from PIL import Image

from archive.models import METHOD_OCR, METHOD_TEXT_LAYER, ExtractedPage, ExtractOptions
from archive.visual_text import to_logical
from ocr.images import ocr_page_image
from ocr.normalize import tidy_page_text
from ocr.tesseract import OcrUnavailable

log = logging.getLogger(__name__)

RENDER_DPI = 300
# A page is rendered with at most this many pixels (a 300 dpi A3 page has 17 million); a poster
# or a 35000x35000-pixel image (hugemono.pdf) is rendered at a lower resolution instead.
MAX_RENDER_PIXELS = 25_000_000
# A text layer with fewer letters than this on a page that also shows an image is probably a
# stamp or page number on a scan: the page is OCR'd.
MIN_LETTERS_WITH_IMAGE = 20

_TEXT_FLAGS = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_USE_CID_FOR_UNKNOWN_UNICODE
_LOST_MARK = re.compile("(?<=[\u0e00-\u0e7f\u1000-\u109f])\ufffd")
_RADICALS = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


class PdfUnreadable(Exception):
    """The whole PDF cannot be read; str() is a reason for a person."""


@dataclass(frozen=True, slots=True)
class PdfResult:
    pages: list[ExtractedPage]
    title: str
    metadata: dict[str, Any]
    reason: str  # set when only part of the document was read
    ocr_used: bool


def text_is_usable(text: str) -> bool:
    """True when a text layer holds real text. Fonts without a Unicode mapping give U+FFFD,
    private-use or control characters, or ASCII debris like ``"7+%-`` (truetype_font_nomapping)."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return False
    categories = [unicodedata.category(ch) for ch in chars]
    bad = sum(1 for ch, cat in zip(chars, categories, strict=True) if _is_junk(ch, cat))
    letters = sum(1 for cat in categories if cat[0] in "LMN")
    return letters >= 3 and bad <= 0.1 * len(chars) and letters >= 0.5 * len(chars)


def _is_junk(ch: str, category: str) -> bool:
    return ch == "\ufffd" or category in ("Co", "Cc", "Cn", "Cs")


def layer_text(page: pymupdf.Page) -> str:
    """The page's text layer: glyphs without a Unicode mapping as U+FFFD (MuPDF would otherwise
    give their codes, which pass for letters or line breaks), dropped where they stand for a
    Thai or Burmese mark (the raised tone marks of shaped text: the word stays findable by its
    letters); Burmese in logical order, as it is typed (some PDFs list it as drawn); Kangxi
    radicals, which CJK fonts' Unicode maps give for common ideographs (⼩ for 小), as the
    ideographs."""
    text = to_logical(page.get_text("text", flags=_TEXT_FLAGS))
    return _LOST_MARK.sub("", text).translate(_RADICALS)


def _letters(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


def open_pdf(path: Path) -> pymupdf.Document:
    """Open a PDF or raise PdfUnreadable with a reason for a person."""
    if path.stat().st_size == 0:
        raise PdfUnreadable("the file is empty")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except pymupdf.EmptyFileError as exc:
        raise PdfUnreadable("the file is empty") from exc
    except Exception as exc:  # FileDataError, RuntimeError...: MuPDF's many ways to say "broken"
        log.info("%s: cannot open PDF: %s", path.name, exc)
        raise PdfUnreadable("the PDF is damaged and cannot be opened") from exc
    if doc.needs_pass:
        doc.close()
        raise PdfUnreadable("the PDF is password-protected")
    if doc.page_count == 0:
        doc.close()
        raise PdfUnreadable("the PDF has no pages (it may be damaged)")
    return doc


def render(page: pymupdf.Page) -> Image.Image:
    """The page as a grey image at 300 dpi, or less when that would exceed MAX_RENDER_PIXELS."""
    rect = page.rect
    inches = max(rect.width, 1.0) * max(rect.height, 1.0) / (72.0 * 72.0)
    dpi = min(float(RENDER_DPI), (MAX_RENDER_PIXELS / inches) ** 0.5)
    pix = page.get_pixmap(dpi=max(1, int(dpi)), colorspace=pymupdf.csGRAY, alpha=False)
    log.debug("page %d rendered at %d dpi: %dx%d", page.number + 1, dpi, pix.width, pix.height)
    return Image.frombytes("L", (pix.width, pix.height), pix.samples)


def _read_page(page: pymupdf.Page, options: ExtractOptions, languages: str) -> ExtractedPage:
    number = page.number + 1
    text = tidy_page_text(layer_text(page))
    usable = text_is_usable(text)
    if usable and (_letters(text) >= MIN_LETTERS_WITH_IMAGE or not page.get_images()):
        return ExtractedPage(number=number, text=text, method=METHOD_TEXT_LAYER)
    if text:
        log.debug("page %d: text layer not usable (%r), OCR", number, text[:40])
    return ocr_page_image(number, render(page), options, languages)


def _metadata(doc: pymupdf.Document) -> dict[str, Any]:
    meta = {k: v for k, v in (doc.metadata or {}).items() if isinstance(v, str) and v.strip()}
    meta["page_count"] = doc.page_count
    return meta


def extract_pdf(path: Path, options: ExtractOptions, languages: str) -> PdfResult:
    """Pages of a PDF. Raises PdfUnreadable when the file cannot be read at all; a page that
    fails (damaged, OCR impossible) gets an ``error`` and the others are still read."""
    doc = open_pdf(path)
    with doc:
        metadata = _metadata(doc)
        title = tidy_page_text(str(metadata.get("title", ""))).strip()
        count = min(doc.page_count, options.max_pages)
        reason = ""
        if doc.page_count > count:
            reason = f"only the first {count} of {doc.page_count} pages were read"
        pages: list[ExtractedPage] = []
        for index in range(count):
            try:
                page = doc.load_page(index)
                pages.append(_read_page(page, options, languages))
            except OcrUnavailable as exc:  # the text-layer pages are still worth having
                pages.append(ExtractedPage(index + 1, "", METHOD_OCR, error=f"OCR: {exc}"))
            except MemoryError:
                log.warning("%s: page %d needs too much memory", path.name, index + 1)
                pages.append(
                    ExtractedPage(index + 1, "", METHOD_OCR, error="the page is too large to read")
                )
            except (RuntimeError, ValueError) as exc:  # MuPDF errors on a damaged page
                log.warning("%s: page %d unreadable: %s", path.name, index + 1, exc)
                pages.append(
                    ExtractedPage(
                        index + 1, "", METHOD_TEXT_LAYER, error=f"the page is damaged ({exc})"
                    )
                )
    ocr_used = any(p.method == METHOD_OCR for p in pages)
    return PdfResult(pages, title, metadata, reason, ocr_used)
