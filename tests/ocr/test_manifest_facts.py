"""What the corpus MANIFEST says a correct reader gets out of each fixture, checked file by file."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.filetype import sniff
from archive.models import ExtractOptions
from ocr.extractor import Extractor, default_languages

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "fixtures_ingest_file"

# file -> (page number, text that page must contain); from MANIFEST.tsv's notes.
FACTS = [
    ("readme.pdf", 1, "Ingestors extract useful information in a structured standard format"),
    ("udhr_ger.pdf", 1, "Würde und der gleichen und unveräußerlichen"),
    ("the-dorset-food-menu.pdf", 1, "served with marinated olives"),
    ("the-dorset-food-menu.pdf", 1, "triple-cooked chips"),
    ("jbig2.pdf", 1, "ImageMagick does not support JBIG2 compression for PDF image files."),
    ("example.pdf", 8, "487218AB"),  # "page index 8" in the MANIFEST: the 8th page
    ("regression_jpg.jpg", 1, "Debian -- Packages"),
    ("regression_tiff.tiff", 1, "Debian -- Packages"),
    ("regression_openjpeg.jp2", 1, "Debian -- Packages"),
    ("regression_gif.gif", 1, "This is text inside a GIF image"),
    ("example_2.json", 1, "Golden State Warriros"),
    ("udhr_ger.txt", 1, "Allgemeine Erklärung der Menschenrechte"),
    ("106972554.pdf", 3, "On or around 6 February 2014"),
]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    if not CORPUS.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS}")
    cache: dict[str, object] = {}
    options = ExtractOptions(default_languages(), str(tmp_path_factory.mktemp("tmp")))

    def get(name: str):  # type: ignore[no-untyped-def]
        if name not in cache:
            path = CORPUS / name
            cache[name] = Extractor().extract(str(path), sniff(path), options)
        return cache[name]

    return get


@pytest.mark.parametrize(("name", "page", "text"), FACTS)
def test_the_corpus_fixture_yields_the_text_its_manifest_promises(
    extracted, name: str, page: int, text: str  # type: ignore[no-untyped-def]
) -> None:
    result = extracted(name)
    assert result.status in ("ok", "partial"), result.reason
    pages = {p.number: p.text for p in result.pages}
    found = pages.get(page, "")
    if name == "the-dorset-food-menu.pdf":  # MANIFEST compares lowercased text
        found = found.lower()
    assert text in found, f"page {page} of {name}: {found[:300]!r}"
