"""Fixtures for the ocr tests: extraction options with a temp folder, and corpus file lookup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from archive.models import Extraction, ExtractOptions
from ocr.extractor import Extractor, default_languages

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS} (CI has it; see its README)")
    return CORPUS


@pytest.fixture
def options(tmp_path: Path, tesseract: str) -> ExtractOptions:
    """Options as the archive gives them: all installed languages, a temp folder of our own."""
    return ExtractOptions(ocr_languages=default_languages(), temp_dir=str(tmp_path / "ocr-tmp"))


@pytest.fixture
def extract(options: ExtractOptions) -> Callable[..., Extraction]:
    """extract(path, mime, **option_overrides) with a fresh Extractor, as a worker would."""

    def run(path: Path | str, mime: str, **overrides: object) -> Extraction:
        return Extractor().extract(str(path), mime, replace(options, **overrides))

    return run
