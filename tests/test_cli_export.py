"""Exporting from the command line: preview the redaction, export a redacted bundle with a
progress bar, load it into another archive, and plain sentences when something is wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CASE = "Mae Sot crossing"


def cli(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive), *args],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )


def ok(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    r = cli(archive, *args)
    assert r.returncode == 0, r.stderr
    return r


def as_json(archive: Path, *args: str) -> Any:
    return json.loads(ok(archive, *args, "--json").stdout)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, tesseract: str, corpus: Path) -> Path:
    root = tmp_path_factory.mktemp("cli") / "archive"
    files = tmp_path_factory.mktemp("files")
    (files / "statement.txt").write_text(
        "Statement of Nang Seng, 14, recorded in Mae Sot.\nNang Seng says the broker Zhao Wei"
        " took her passport on 3 March 2024.", encoding="utf-8")
    shutil.copy(corpus / "fixtures_ingest_file" / "106972554.pdf", files / "judgment.pdf")
    ok(root, "entity", "add", "Nang Seng", "--type", "person", "--protected")
    ok(root, "entity", "add", "Zhao Wei", "--type", "person", "--alias", "赵伟")
    ok(root, "ingest", str(files), "--case", CASE, "--lang", "eng")
    ok(root, "mention", "confirm", "--all-suggested", "--entity", "Zhao Wei")
    return root


def test_preview_shows_the_redactions_by_pseudonym_and_exports_nothing(
    archive: Path, tmp_path: Path
) -> None:
    r = ok(archive, "export", "bundle", CASE, "--out", str(tmp_path / "b"), "--preview")
    assert "Nang" not in r.stdout and r.stdout.count("W-001") >= 2
    assert "[W-001] says the broker" in r.stdout
    assert not (tmp_path / "b").exists()


def test_a_redacted_bundle_goes_to_another_archive(archive: Path, tmp_path: Path) -> None:
    bag = tmp_path / "bundle"
    r = ok(archive, "export", "bundle", CASE, "--out", str(bag), "--redact")
    assert "Exporting bundle [" in r.stderr  # the progress bar
    assert "redacted, checked for protected names" in r.stdout
    assert "Not redacted" not in r.stderr
    data = (bag / "data" / "case.json").read_text(encoding="utf-8")
    assert "Nang Seng" not in data and "W-001" in data and "Zhao Wei" in data
    other = tmp_path / "other"
    r = ok(other, "import-bundle", str(bag))
    assert f"into case “{CASE}”: 2 new items" in r.stdout
    people = {e["name"]: e for e in as_json(other, "entity", "list", "--type", "person",
                                              "--reveal")}
    assert set(people) == {"W-001", "Zhao Wei"}  # even revealed, she is only her pseudonym
    assert people["W-001"]["protected"] and people["Zhao Wei"]["aliases"] == ["赵伟"]
    from main import open_archive

    with open_archive(archive) as a:
        [logged] = [c for c in a.custody_log() if c["action"] == "export"]
        assert logged["detail"]["redacted"] is True
        assert "data/case.json" in logged["detail"]["files"]
    with open_archive(other) as b:
        assert any(c["action"] == "import-bundle" for c in b.custody_log())


def test_an_unredacted_export_warns_and_an_existing_folder_is_not_overwritten(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tables"
    r = ok(archive, "export", "csv", CASE, "--out", str(out))
    assert "Not redacted: this export names the 1 protected people" in r.stderr
    r = cli(archive, "export", "csv", CASE, "--out", str(out))
    assert r.returncode == 2 and "already exists" in r.stderr and "Traceback" not in r.stderr


def test_a_damaged_bundle_is_refused_in_one_sentence(archive: Path, tmp_path: Path) -> None:
    bag = tmp_path / "bundle"
    ok(archive, "export", "bundle", CASE, "--out", str(bag))
    (bag / "data" / "case.json").write_text("{}", encoding="utf-8")
    r = cli(tmp_path / "other", "import-bundle", str(bag))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "not an intact bundle" in r.stderr and "Nothing was imported" in r.stderr
    r = cli(tmp_path / "other", "export", "bundle", "No such case", "--out", str(tmp_path / "x"))
    assert r.returncode == 2 and "There is no case" in r.stderr


def test_saved_marks_are_used_by_a_redacted_export_and_can_be_removed(
    archive: Path, tmp_path: Path
) -> None:
    items = {i["filename"]: i["id"] for i in as_json(archive, "items")}
    marks = as_json(archive, "marks", CASE, "--add-term", "broker Zhao",
                    "--add-region", f"{items['judgment.pdf']}:1:0,0,1,0.1")
    assert [m["kind"] for m in marks] == ["term", "region"]
    r = ok(archive, "marks", CASE)
    assert "the text “broker Zhao”, everywhere" in r.stdout and "2 redaction marks" in r.stdout
    r = ok(archive, "export", "dossier", CASE, "--out", str(tmp_path / "plain.pdf"))
    assert "the 2 redaction marks saved for this case" in r.stderr  # they need --redact
    r = ok(archive, "export", "bundle", CASE, "--out", str(tmp_path / "b"), "--preview")
    assert "[redacted] Wei took" in r.stdout and "broker Zhao" not in r.stdout
    assert "area 0%-100% across, 0%-10% down" in r.stdout
    out = tmp_path / "marked.pdf"
    ok(archive, "export", "dossier", CASE, "--out", str(out), "--redact")
    import pymupdf

    with pymupdf.open(out) as doc:
        text = "".join(p.get_text() for p in doc)
    assert "broker Zhao" not in text and "[redacted] Wei" in text
    for m in marks:
        ok(archive, "marks", CASE, "--remove", str(m["id"]))
    assert as_json(archive, "marks", CASE) == []
    r = cli(archive, "marks", CASE, "--add-region", "1:1:0.5,0,0.2,1")
    assert r.returncode == 2 and "must lie within 0-1" in r.stderr and "Traceback" not in r.stderr
