"""Searching from the command line: pages, sort, facets, syntax help and a bad date."""

from __future__ import annotations

import csv
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


def test_batch_search_of_a_list_writes_csv(archive: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Report 3\ncompound guards\nnobody here\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    r = cli(archive, "batch-search", str(names), "--csv", str(out))
    assert r.returncode == 0, r.stderr
    table = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(t["line"], t["total"]) for t in table if t["line"] == "Report 3"] == [
        ("Report 3", "1")]
    assert sum(t["line"] == "compound guards" for t in table) == 5
    r = cli(archive, "batch-search", str(names))
    assert "nobody here\t0 items" in r.stdout


def test_saved_searches_from_the_command_line(archive: Path) -> None:
    r = cli(archive, "saved", "add", "guards in KK", "guards", "--case", "KK Park")
    assert r.returncode == 0, r.stderr
    r = cli(archive, "saved", "run", "guards in KK")
    assert "5 items match “guards”, 5 new since the last run" in r.stdout
    r = cli(archive, "saved", "run", "guards in KK", "--json")
    assert json.loads(r.stdout)["new"] == []
    r = cli(archive, "saved", "list")
    assert "guards in KK [KK Park]: guards" in r.stdout


def test_similar_items_from_the_command_line(archive: Path) -> None:
    r = cli(archive, "similar", "1", "--json")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert {f["item_id"] for f in found} == {2, 3, 4, 5}
    # "Report N on the compound guards.": 2 of 6 word triples in common, too few for a duplicate
    assert all(f["overlap"] == 0.333 and not f["near_duplicate"] for f in found)


def test_reprints_are_listed_as_near_duplicates_and_can_be_collapsed(
    tmp_path: Path, tesseract: str
) -> None:
    from tests.index.test_neardup import ARTICLE, OTHER

    files = tmp_path / "news"
    files.mkdir()
    (files / "bangkok-post.txt").write_text(ARTICLE)
    (files / "the-nation.txt").write_text(ARTICLE.replace("Tuesday", "Wednesday") + " (AFP)")
    (files / "court.txt").write_text(OTHER + " The Mae Sot border crossing was closed.")
    root = tmp_path / "archive"
    assert cli(root, "ingest", str(files), "--case", "Mae Sot", "--kind", "news").returncode == 0
    r = cli(root, "search", '"Mae Sot"', "--json")
    hits = json.loads(r.stdout)["hits"]
    assert sorted(len(h["near_duplicates"]) for h in hits) == [0, 1, 1]
    r = cli(root, "search", '"Mae Sot"', "--collapse", "--json")
    out = json.loads(r.stdout)
    assert (out["total"], len(out["hits"])) == (3, 2)
    assert "1 near-duplicates: items" in cli(root, "search", "Myawaddy").stdout
