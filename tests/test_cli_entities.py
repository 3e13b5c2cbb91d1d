"""Entities from the command line: add, list, merge, protect, detect, mentions, tags, grading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


def cli(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive), *args],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )


def as_json(archive: Path, *args: str) -> Any:
    r = cli(archive, *args, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, tesseract: str) -> Path:
    root = tmp_path_factory.mktemp("cli") / "archive"
    files = tmp_path_factory.mktemp("files")
    (files / "a.txt").write_text("Zhao Wei gave his number 081-234-5678.\n", encoding="utf-8")
    (files / "b.txt").write_text("老板赵伟的电话 +66 81 234 5678。Aye Aye was there.\n",
                                 encoding="utf-8")
    added = as_json(root, "entity", "add", "Zhao Wei", "--type", "person", "--alias", "赵伟")
    assert added["aliases"] == ["赵伟"]
    r = cli(root, "ingest", str(files), "--case", "KK Park")
    assert r.returncode == 0, r.stderr
    return root


def test_ingest_suggested_the_phone_and_the_watchlist_name(archive: Path) -> None:
    [phone] = as_json(archive, "entity", "list", "--type", "phone")
    assert (phone["name"], phone["mentions"]) == ("+66812345678", 2)
    mentions = as_json(archive, "mention", "list", "--entity", "Zhao Wei", "--state", "suggested")
    assert sorted(m["quote"] for m in mentions) == ["Zhao Wei", "赵伟"]
    # Nothing new on a second run; a new name is found in items already in the archive.
    assert as_json(archive, "detect")["total"] == 0
    as_json(archive, "entity", "add", "Aye Aye", "--type", "person")
    out = as_json(archive, "detect", "--case", "KK Park")
    assert (out["items"], out["new"]) == (2, {"person": 1})
    r = cli(archive, "detect")
    assert "Looked at 2 items: 0 new suggestions" in r.stdout


def test_merge_and_confirm_then_search_by_entity(archive: Path) -> None:
    as_json(archive, "entity", "add", "Z. Wei", "--type", "person")
    merged = as_json(archive, "entity", "merge", "Zhao Wei", "Z. Wei")
    assert merged["aliases"] == ["Z. Wei", "赵伟"] and merged["mentions"] == 2
    out = as_json(archive, "mention", "confirm", "--all-suggested", "--entity", "Zhao Wei")
    assert out == {"state": "confirmed", "changed": 2}
    hits = as_json(archive, "search", 'entity:"Zhao Wei"')
    assert hits["total"] == 2 and hits["facets"]["entity"]["Zhao Wei"] == 2


def test_a_protected_person_is_shown_by_pseudonym(archive: Path) -> None:
    as_json(archive, "entity", "add", "Mya Mya", "--type", "person")
    protected = as_json(archive, "entity", "protect", "Mya Mya")
    assert protected["protected"] and protected["name"] == protected["pseudonym"]
    assert protected["pseudonym"].startswith("W-")
    listed = cli(archive, "entity", "list", "--type", "person")
    assert "Mya Mya" not in listed.stdout and protected["pseudonym"] in listed.stdout
    revealed = as_json(archive, "entity", "list", "--type", "person", "--reveal")
    assert "Mya Mya" in {e["name"] for e in revealed}
    shown = as_json(archive, "entity", "show", protected["pseudonym"])
    assert shown["entity"]["name"] == protected["pseudonym"]


def test_unknown_and_ambiguous_names_are_errors_for_a_person(archive: Path) -> None:
    r = cli(archive, "entity", "show", "Nobody Here")
    assert r.returncode == 2 and "no entity called" in r.stderr and "Traceback" not in r.stderr
    as_json(archive, "entity", "add", "Lin", "--type", "person")
    as_json(archive, "entity", "add", "Lin", "--type", "location")
    r = cli(archive, "entity", "merge", "Lin", "Zhao Wei")
    assert r.returncode == 2 and "Several entities are called “Lin”" in r.stderr


def test_entity_show_lists_mentions_by_case(archive: Path) -> None:
    page = as_json(archive, "entity", "show", "+66812345678")
    [case] = page["cases"]
    assert case["case"] == "KK Park" and len(case["items"]) == 2
    assert {o["entity"]["name"] for o in page["co_occurring"]} >= {"Zhao Wei"}
    r = cli(archive, "entity", "show", "+66812345678")
    assert "Case: KK Park" in r.stdout and "[081-234-5678]" in r.stdout


def test_tags_grading_and_filtered_items(archive: Path) -> None:
    as_json(archive, "tag", "add", "recruiter", "--item", "1")
    as_json(archive, "tag", "add", "recruiter", "--case", "KK Park")
    assert as_json(archive, "tag", "list") == [{"tag": "recruiter", "items": 1, "cases": 1}]
    item = as_json(archive, "source", "grade", "1", "--source", "Partner NGO",
                   "--reliability", "B", "--credibility", "2")
    assert (item["source_entity"], item["reliability"], item["credibility"]) == (
        "Partner NGO", "B", 2)
    assert [i["id"] for i in as_json(archive, "items", "--reliability", "A-B")] == [1]
    r = cli(archive, "items", "--credibility", "1-2")
    assert r.returncode == 0 and "[graded B2]" in r.stdout
    hits = as_json(archive, "search", "reliability:B credibility:1-2")["hits"]
    assert [(h["item_id"], h["grade"]) for h in hits] == [(1, "B2")]
    assert as_json(archive, "search", "reliability:A")["total"] == 0
    r = cli(archive, "search", "reliability:b")
    assert r.returncode == 0 and "graded B2" in r.stdout
    r = cli(archive, "source", "grade", "1", "--source", "x", "--reliability", "Z",
            "--credibility", "2")
    assert r.returncode == 2 and "reliability grade" in r.stderr
    assert as_json(archive, "verify")["ok"]


def test_an_alias_is_split_off_into_an_entity_of_its_own(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    as_json(root, "entity", "add", "Zhao Wei", "--type", "person", "--alias", "Chao Wei")
    r = cli(root, "entity", "split", "Zhao Wei", "Chao Wei")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("New entity:") and "Chao Wei" in r.stdout
    rows = {e["name"]: e for e in as_json(root, "entity", "list")}
    assert rows["Zhao Wei"]["aliases"] == [] and rows["Chao Wei"]["type"] == "person"
    r = cli(root, "entity", "split", "Zhao Wei", "Chao Wei")
    assert r.returncode == 2 and "is not an alias of Zhao Wei" in r.stderr
    assert "Traceback" not in r.stderr
