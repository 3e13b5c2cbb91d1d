"""Containers (ZIP, TAR, 7z, RAR, gzip): members become child items, safely."""

from __future__ import annotations

from pathlib import Path

from archive.filetype import type_name
from archive.models import STATUS_STORED, Extraction, ExtractOptions


def extract_container(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    return Extraction(pages=(), status=STATUS_STORED,
                      reason=f"stored \u2014 no text extracted ({type_name(mime)} not supported yet)")
