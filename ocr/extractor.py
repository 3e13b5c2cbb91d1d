"""The archive's Extractor: picks a reader by MIME type and never raises for a bad file."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archive.filetype import type_name
from archive.models import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_PARTIAL,
    STATUS_STORED,
    ExtractedPage,
    Extraction,
    ExtractOptions,
)
from ocr.images import ImageUnreadable, extract_image
from ocr.pdf import PdfUnreadable, extract_pdf
from ocr.tesseract import (
    OcrUnavailable,
    check_tesseract,
    default_languages,
    installed_languages,
    usable_languages,
)
from ocr.text import extract_text

log = logging.getLogger(__name__)

__all__ = ["Extractor", "check_tesseract", "default_languages", "installed_languages"]

TEXT_TYPES = frozenset({"text/plain", "text/csv", "text/tab-separated-values", "text/markdown"})
IMAGE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/tiff",
        "image/webp",
        "image/gif",
        "image/bmp",
        "image/x-ms-bmp",
        "image/jp2",
    }
)
EMPTY_TYPES = frozenset({"application/x-empty", "inode/x-empty"})

def failed(reason: str, **extra: Any) -> Extraction:
    return Extraction(pages=(), status=STATUS_FAILED, reason=reason, **extra)


def outcome(
    pages: Sequence[ExtractedPage],
    *,
    reason: str = "",
    title: str = "",
    languages: str = "",
    metadata: dict[str, Any] | None = None,
) -> Extraction:
    """OK when every page was read; partial when some pages failed or only some were read;
    failed when no page was read."""
    bad = [p for p in pages if p.error]
    status = STATUS_OK
    if pages and len(bad) == len(pages):
        status = STATUS_FAILED
        reason = bad[0].error if len(pages) == 1 else f"no page could be read ({bad[0].error})"
    elif bad:
        status = STATUS_PARTIAL
        listed = "; ".join(f"page {p.number}: {p.error}" for p in bad[:3])
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        reason = f"{len(bad)} of {len(pages)} pages could not be read ({listed}{more})" + (
            f"; {reason}" if reason else ""
        )
    elif reason:
        status = STATUS_PARTIAL
    return Extraction(
        pages=tuple(pages),
        status=status,
        reason=reason,
        title=title,
        languages=languages,
        metadata=metadata or {},
    )


class Extractor:
    """Implements archive.protocols.Extractor. Holds no state, so it pickles for a worker."""

    def extract(self, path: str, mime: str, options: ExtractOptions) -> Extraction:
        file = Path(path)
        try:
            return self._extract(file, mime.split(";")[0].strip().lower(), options)
        except MemoryError:
            log.warning("%s: out of memory", file.name)
            return failed("the file needs more memory to read than is allowed")
        except Exception as exc:  # a bug or an unforeseen library error: still no raise
            log.exception("%s: unexpected error while extracting %s", file.name, mime)
            return failed(f"an unexpected error stopped the reading ({type(exc).__name__}: {exc})")

    def _extract(self, path: Path, mime: str, options: ExtractOptions) -> Extraction:
        if mime in EMPTY_TYPES:
            return failed("the file is empty")
        try:
            size = path.stat().st_size
        except OSError as exc:
            return failed(f"the file cannot be opened ({exc.strerror or exc})")
        if size == 0:
            return failed("the file is empty")
        if mime in TEXT_TYPES:
            pages, meta, reason = extract_text(path, max_pages=options.max_pages)
            return outcome(pages, reason=reason, metadata=meta)
        if mime == "application/pdf":
            return self._pdf(path, options)
        if mime in IMAGE_TYPES:
            return self._image(path, options)
        reader = _READERS.get(mime)
        if reader is not None:
            module_name, func_name = reader
            module = importlib.import_module(module_name)
            result: Extraction = getattr(module, func_name)(path, mime, options)
            return result
        return Extraction(
            pages=(),
            status=STATUS_STORED,
            reason=f"stored \u2014 no text extracted ({type_name(mime)} not supported yet)",
        )

    def _pdf(self, path: Path, options: ExtractOptions) -> Extraction:
        try:
            result = extract_pdf(path, options, options.ocr_languages)
        except PdfUnreadable as exc:
            return failed(str(exc))
        except OcrUnavailable as exc:
            return failed(f"the PDF needs OCR, but {exc}")
        languages = _languages(options) if result.ocr_used else ""
        return outcome(
            result.pages,
            reason=result.reason,
            title=result.title,
            languages=languages,
            metadata=result.metadata,
        )

    def _image(self, path: Path, options: ExtractOptions) -> Extraction:
        try:
            result = extract_image(path, options, options.ocr_languages)
        except ImageUnreadable as exc:
            return failed(str(exc))
        except OcrUnavailable as exc:
            return failed(f"the image needs OCR, but {exc}")
        return outcome(
            result.pages,
            reason=result.reason,
            languages=_languages(options),
            metadata=result.metadata,
        )


# Readers of the other formats: module, function(path, mime, options) -> Extraction.
# Imported when first needed, so a worker only loads the libraries its files need.
_OFFICE = ("ocr.office", "extract_office")
_WEB = ("ocr.web", "extract_web")
_MAIL = ("ocr.mail", "extract_mail")
_CONTAINER = ("ocr.containers", "extract_container")
_RECORDS = ("ocr.records", "extract_records")
_READERS: dict[str, tuple[str, str]] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _OFFICE,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _OFFICE,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _OFFICE,
    "application/vnd.oasis.opendocument.text": _OFFICE,
    "application/vnd.oasis.opendocument.spreadsheet": _OFFICE,
    "application/vnd.oasis.opendocument.presentation": _OFFICE,
    "application/rtf": _OFFICE,
    "application/msword": _OFFICE,
    "application/vnd.ms-excel": _OFFICE,
    "application/vnd.ms-powerpoint": _OFFICE,
    "application/x-encrypted-office": _OFFICE,
    "text/html": _WEB,
    "multipart/related": _WEB,
    "image/svg+xml": _WEB,
    "message/rfc822": _MAIL,
    "message/x-emlx": _MAIL,
    "application/mbox": _MAIL,
    "application/vnd.ms-outlook": _MAIL,
    "application/zip": _CONTAINER,
    "application/x-tar": _CONTAINER,
    "application/x-7z-compressed": _CONTAINER,
    "application/vnd.rar": _CONTAINER,
    "application/gzip": _CONTAINER,
    "application/x-bzip2": _CONTAINER,
    "application/x-xz": _CONTAINER,
    "text/vcard": _RECORDS,
    "text/calendar": _RECORDS,
    "application/x-dbf": _RECORDS,
}


def _languages(options: ExtractOptions) -> str:
    try:
        return usable_languages(options.ocr_languages)
    except OcrUnavailable:
        return ""
