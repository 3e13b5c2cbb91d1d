"""The layering rule: archive/, ocr/ and index/ work without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_core_layers_import_no_qt() -> None:
    code = (
        "import sys, archive.service, archive.ingest, ocr.extractor, index.whoosh_index, main\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ocr_and_index_do_not_import_each_other() -> None:
    for layer, other in (("ocr", "index"), ("index", "ocr")):
        for path in (REPO / layer).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert f"from {other}" not in text and f"import {other}" not in text, path
