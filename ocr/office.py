"""Word processor, spreadsheet and presentation files: DOCX, ODT, RTF, PPTX, XLSX, ODS, DOC/XLS/PPT."""

from __future__ import annotations

from pathlib import Path

from archive.filetype import type_name
from archive.models import STATUS_STORED, Extraction, ExtractOptions


def extract_office(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    return Extraction(pages=(), status=STATUS_STORED,
                      reason=f"stored \u2014 no text extracted ({type_name(mime)} not supported yet)")
