"""The archive's view of ocr/: one Extractor for every file, which never raises for a bad one."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

from archive.models import STATUS_FAILED, STATUS_OK, STATUS_STORED, Extraction, ExtractOptions
from archive.protocols import Extractor as ExtractorProtocol
from ocr import Extractor, check_tesseract, default_languages, installed_languages

Extract = Callable[..., Extraction]


def test_extractor_travels_to_a_worker_process_and_works_there(
    corpus_dir: Path, options: ExtractOptions
) -> None:
    extractor: ExtractorProtocol = pickle.loads(pickle.dumps(Extractor()))
    path = corpus_dir / "fixtures_ingest_file" / "utf.txt"
    assert extractor.extract(str(path), "text/plain", options).status == STATUS_OK


def test_zero_byte_file_fails_as_empty(corpus_dir: Path, extract: Extract) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "empty.pdf", "application/x-empty")
    assert (result.status, result.reason) == (STATUS_FAILED, "the file is empty")


def test_an_audio_recording_is_stored_and_the_reason_names_the_type(
    corpus_dir: Path, extract: Extract
) -> None:
    result = extract(corpus_dir / "fixtures_ingest_file" / "memo.m4a", "audio/mp4")
    assert result.status == STATUS_STORED
    assert result.reason == "stored \u2014 no text extracted (MPEG-4 audio/video not supported yet)"
    assert result.pages == ()


def test_unknown_binary_is_stored_without_text(tmp_path: Path, extract: Extract) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)))
    result = extract(path, "application/octet-stream")
    assert result.status == STATUS_STORED
    assert "not supported yet" in result.reason


def test_a_file_that_vanished_fails_with_a_reason(tmp_path: Path, extract: Extract) -> None:
    result = extract(tmp_path / "gone.pdf", "application/pdf")
    assert result.status == STATUS_FAILED
    assert "cannot be opened" in result.reason


def test_text_sniffed_as_pdf_fails_readably(tmp_path: Path, extract: Extract) -> None:
    path = tmp_path / "not.pdf"
    path.write_text("this is not a PDF at all", encoding="utf-8")
    result = extract(path, "application/pdf")
    assert result.status == STATUS_FAILED
    assert result.reason == "the PDF is damaged and cannot be opened"


def test_tesseract_setup_is_reported_as_fine(tesseract: str) -> None:
    assert check_tesseract() is None
    assert set(default_languages().split("+")) <= set(installed_languages())
