"""E-mail (EML, EMLX, MBOX, MSG): headers as metadata, bodies as text, attachments as children."""

from __future__ import annotations

from pathlib import Path

from archive.filetype import type_name
from archive.models import STATUS_STORED, Extraction, ExtractOptions


def extract_mail(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    return Extraction(pages=(), status=STATUS_STORED,
                      reason=f"stored \u2014 no text extracted ({type_name(mime)} not supported yet)")
