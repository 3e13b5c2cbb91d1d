"""Shared fixtures: the sample corpus, a fresh archive on disk, and checks for system tools."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS} (CI has it; see its README)")
    return CORPUS


@pytest.fixture(scope="session")
def tesseract() -> str:
    path = shutil.which("tesseract")
    if path is None:
        pytest.fail(
            "Tesseract is not installed. Install it with: apt-get install tesseract-ocr"
            " tesseract-ocr-eng tesseract-ocr-tha tesseract-ocr-mya tesseract-ocr-chi-sim"
            " tesseract-ocr-chi-tra tesseract-ocr-osd (or run `make test`, which does it)"
        )
    return path


@pytest.fixture
def archive(tmp_path: Path, tesseract: str) -> Iterator[object]:
    from main import open_archive

    a = open_archive(tmp_path / "archive")
    try:
        yield a
    finally:
        a.close()
