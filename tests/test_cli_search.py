"""Searching from the command line: pages, sort, facets, syntax help and a bad date."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def cli(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive), *args],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, tesseract: str) -> Path:
    root = tmp_path_factory.mktemp("cli") / "archive"
    files = tmp_path_factory.mktemp("files")
    for n in range(1, 6):
        (files / f"report-{n}.txt").write_text(f"Report {n} on the compound guards.\n")
    r = cli(root, "ingest", str(files), "--case", "KK Park", "--kind", "news",
            "--collected-at", "2024-03-02")
    assert r.returncode == 0, r.stderr
    return root


def test_a_page_of_hits_with_facets_as_json(archive: Path) -> None:
    r = cli(archive, "search", "compound", "--limit", "2", "--page", "3", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["total"], out["page"], out["pages"], len(out["hits"])) == (5, 3, 3, 1)
    assert out["facets"]["case"] == {"KK Park": 5}
    assert out["facets"]["year"] == {"2024": 5}
    assert out["hits"][0]["date"] == "2024-03-02"


def test_facets_and_did_you_mean_in_plain_text(archive: Path) -> None:
    r = cli(archive, "search", "compund", "--facets")
    assert r.returncode == 0, r.stderr
    assert "Did you mean: compound" in r.stdout
    r = cli(archive, "search", "guards", "--facets", "--sort", "newest")
    assert "5 items match “guards”" in r.stdout
    assert "kind: news (5)" in r.stdout


def test_the_syntax_help_and_a_bad_date_explain_themselves(archive: Path) -> None:
    r = cli(archive, "search", "--syntax")
    assert r.returncode == 0 and 'date:[2023-01 to 2024-06]' in r.stdout
    r = cli(archive, "search", "guards date:2024-02-30")
    assert r.returncode == 2
    assert "is not a date" in r.stderr and "Traceback" not in r.stderr
