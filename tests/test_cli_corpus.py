"""A new user's first hour on the command line: import the whole sample corpus, search again."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def cli(archive: Path, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive), *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def search_files(archive: Path, query: str) -> list[str]:
    r = cli(archive, "search", query, "--json")
    assert r.returncode == 0, r.stderr
    return [h["filename"] for h in json.loads(r.stdout)["hits"]]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, corpus: Path, tesseract: str) -> Iterator[
    tuple[Path, dict[str, object], list[Path]]
]:
    archive = tmp_path_factory.mktemp("corpus") / "archive"
    folders = [corpus / "fixtures_ingest_file", corpus / "ocrmypdf_resources"]
    files = sorted(p for f in folders for p in f.rglob("*") if p.is_file())
    r = cli(archive, "ingest", *map(str, folders), "--case", "demo", "--json")
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    yield archive, json.loads(r.stdout), files


def test_every_corpus_file_becomes_an_item_and_every_failure_says_why(
    imported: tuple[Path, dict[str, object], list[Path]],
) -> None:
    archive, report, files = imported
    everything = report["outcomes"]
    assert isinstance(everything, list)
    # Members of archives and attachments of e-mails are items too, under their parent.
    outcomes = [o for o in everything if o["parent_id"] is None]
    assert sorted(Path(o["path"]).name for o in outcomes) == sorted(p.name for p in files)
    assert all(o["item_id"] for o in outcomes), [o for o in outcomes if not o["item_id"]]
    for o in outcomes:
        # A file whose bytes were already met inside a container of the batch is linked to
        # that item ("duplicate"): no second copy.
        assert o["status"] in ("ok", "partial", "failed", "stored", "duplicate"), o
        if o["status"] != "ok":
            assert len(o["reason"]) > 10, o
    items = json.loads(cli(archive, "items", "--json").stdout)
    by_id = {i["id"]: i for i in items}
    assert {by_id[o["item_id"]]["sha256"] for o in outcomes} == {sha256(p) for p in files}
    by_name = {by_id[o["item_id"]]["filename"]: by_id[o["item_id"]] for o in outcomes
               if o["status"] != "duplicate"}
    # Facts from the corpus MANIFEST.
    assert by_name["empty.pdf"]["status"] == "failed"
    assert "empty" in by_name["empty.pdf"]["reason"]
    assert by_name["password-hunter2.pdf"]["status"] == "failed"
    assert "password" in by_name["password-hunter2.pdf"]["reason"]
    assert by_name["500 pages.pdf"]["page_count"] == 500
    assert by_name["memo.m4a"]["status"] == "stored"
    assert "not supported" in by_name["memo.m4a"]["reason"]


def test_the_import_prints_a_summary_and_names_each_failure(
    imported: tuple[Path, dict[str, object], list[Path]], corpus: Path
) -> None:
    archive, _, _ = imported
    r = cli(archive, "ingest", str(corpus / "fixtures_ingest_file" / "empty.pdf"), "--case", "demo")
    assert r.returncode == 0, r.stderr  # a duplicate is not a failure
    assert "1 duplicate" in r.stdout
    fresh = archive.parent / "fresh"
    r = cli(fresh, "ingest", str(corpus / "fixtures_ingest_file" / "empty.pdf"),
            str(corpus / "fixtures_ingest_file" / "utf.txt"), "--case", "demo")
    assert r.returncode == 1
    assert "FAILED   empty.pdf" in r.stdout and "empty" in r.stdout
    assert "1 failed, 1 ok" in r.stdout


def test_scans_and_images_are_found_by_words_read_with_ocr(
    imported: tuple[Path, dict[str, object], list[Path]],
) -> None:
    archive, _, _ = imported
    assert "greek.pdf" in search_files(archive, '"IRIDECEA HOLDINGS"')
    assert "hello_world_tiff.tif" in search_files(archive, "HELLO WORLD")
    assert "crom.png" in search_files(archive, "cromulent")


def test_text_layer_pdfs_are_found_and_show_their_pages(
    imported: tuple[Path, dict[str, object], list[Path]],
) -> None:
    archive, _, _ = imported
    r = cli(archive, "search", '"jointly"', "--json")
    hits = json.loads(r.stdout)["hits"]
    judgment = [h for h in hits if h["filename"] == "106972554.pdf"]
    assert judgment and judgment[0]["page"] == 2
    assert "<b>" in judgment[0]["snippet"]


def test_importing_the_same_folders_again_adds_nothing_and_logs_the_duplicates(
    imported: tuple[Path, dict[str, object], list[Path]], corpus: Path
) -> None:
    archive, _, files = imported
    r = cli(archive, "ingest", str(corpus / "fixtures_ingest_file"),
            str(corpus / "ocrmypdf_resources"), "--case", "demo", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["counts"] == {"duplicate": len(files)}
    before = len(json.loads(cli(archive, "items", "--json").stdout))
    assert before >= len(files)
    r = cli(archive, "ingest", str(corpus / "fixtures_ingest_file"), "--case", "demo")
    assert len(json.loads(cli(archive, "items", "--json").stdout)) == before
    from main import open_archive

    with open_archive(archive, create=False) as a:
        actions = [row["action"] for row in a.custody_log()]
    assert actions.count("duplicate") >= len(files)
    assert actions.count("ingest") == before  # one "ingest" per item, ever


def test_verify_passes_then_names_a_flipped_byte(
    imported: tuple[Path, dict[str, object], list[Path]],
) -> None:
    archive, _, _ = imported
    items = json.loads(cli(archive, "items", "--json").stdout)
    r = cli(archive, "verify")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Checked {len(items)} originals" in r.stdout
    victim = next(i for i in items if i["filename"] == "crom.png")
    obj = archive / "objects" / victim["sha256"][:2] / victim["sha256"][2:]
    original = obj.read_bytes()
    obj.chmod(0o600)
    try:
        obj.write_bytes(bytes([original[0] ^ 0xFF]) + original[1:])
        r = cli(archive, "verify")
        assert r.returncode == 1
        assert f"item {victim['id']} (crom.png)" in r.stdout and "altered" in r.stdout
    finally:
        obj.write_bytes(original)
        obj.chmod(0o444)
    assert cli(archive, "verify").returncode == 0


def test_a_deleted_index_is_rebuilt_on_the_next_search(
    imported: tuple[Path, dict[str, object], list[Path]],
) -> None:
    archive, _, _ = imported
    before = search_files(archive, "cromulent")
    for f in (archive / "index").iterdir():
        f.unlink()
    assert sorted(search_files(archive, "cromulent")) == sorted(before)
    assert "crom.png" in before


def test_a_thai_word_and_a_burmese_word_read_from_images_are_found(
    tmp_path: Path, corpus: Path, tesseract: str
) -> None:
    archive = tmp_path / "archive"
    thai = corpus / "ocr_gt" / "thai_trdg" / "thai_00.jpg"
    burmese = corpus / "ocr_gt" / "myanmar_myOCR" / "Pyidaungsu_1342.png"
    r = cli(archive, "ingest", str(thai), str(burmese), "--case", "scripts")
    assert r.returncode == 0, r.stdout + r.stderr
    # The Thai word sits inside an unspaced sentence; both are in the images' ground truth.
    assert "สวัสดี" in (thai.with_suffix(".gt.txt")).read_text(encoding="utf-8")
    assert "မြို့တော်" in (burmese.with_suffix(".gt.txt")).read_text(encoding="utf-8")
    assert search_files(archive, "สวัสดี") == ["thai_00.jpg"]
    assert search_files(archive, "မြို့တော်") == ["Pyidaungsu_1342.png"]
