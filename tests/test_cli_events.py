"""Timelines from the command line: events added, cited and linked; a disputed date shown; the
timeline as text, JSON and CSV without protected names; mistakes answered in a sentence."""

from __future__ import annotations

import csv
import io
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


def ok(archive: Path, *args: str) -> str:
    r = cli(archive, *args)
    assert r.returncode == 0, r.stderr
    return r.stdout


def as_json(archive: Path, *args: str) -> Any:
    return json.loads(ok(archive, *args, "--json"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, tesseract: str) -> Path:
    root = tmp_path_factory.mktemp("cli-events") / "archive"
    files = tmp_path_factory.mktemp("files")
    (files / "post.txt").write_text(
        "Police said Aye Aye vanished on 3 January 2024 after a job interview in Bangkok.\n",
        encoding="utf-8")
    (files / "family.txt").write_text(
        "Her family says Aye Aye vanished on 4 January 2024.\n", encoding="utf-8")
    (files / "ngo.txt").write_text(
        "A worker from Bangkok disappeared in January 2024.\n", encoding="utf-8")
    (files / "thai.txt").write_text(
        "พี่ต้นพาเธอข้ามแม่น้ำเมยที่แม่สอดเมื่อวันที่ 12 มีนาคม 2567\n", encoding="utf-8")
    ok(root, "ingest", str(files), "--case", "KK Park")
    ok(root, "entity", "add", "Aye Aye", "--type", "person", "--protected")
    ok(root, "entity", "add", "Mae Sot", "--type", "location", "--alias", "แม่สอด")
    ok(root, "entity", "add", "Zhao Wei", "--type", "person")
    return root


def item_ids(archive: Path) -> dict[str, int]:
    return {i["filename"]: i["id"] for i in as_json(archive, "items")}


def test_a_disputed_event_from_the_command_line(archive: Path) -> None:
    ids = item_ids(archive)
    event = as_json(archive, "event", "add", "KK Park", "Aye Aye vanished",
                    "--start", "January 2024", "--place", "Mae Sot")
    assert (event["title"], event["place"], event["start"]["precision"]) == (
        "W-001 vanished", "Mae Sot", "month")
    n = str(event["id"])
    cited = as_json(archive, "event", "cite", n, str(ids["post.txt"]),
                    "--quote", "vanished on 3 January 2024")
    assert cited["stated"]["earliest"] == "2024-01-03" and not cited["disputed"]
    out = ok(archive, "event", "cite", n, str(ids["family.txt"]),
             "--quote", "vanished on 4 January 2024")
    assert "now disputed" in out
    ok(archive, "event", "link", n, "Aye Aye", "--role", "victim")
    shown = as_json(archive, "event", "show", n)
    assert shown["disputed"] and shown["sources"] == 2
    assert shown["sources_say"] == {"3 January 2024": [ids["post.txt"]],
                                    "4 January 2024": [ids["family.txt"]]}
    assert shown["entities"][0]["name"] == "W-001"
    disputed = as_json(archive, "timeline", "KK Park", "--disputed")
    assert [e["id"] for e in disputed] == [event["id"]]
    text = ok(archive, "timeline", "KK Park")
    assert "DISPUTED" in text and "3 January 2024 (item" in text and "Aye Aye" not in text
    revealed = as_json(archive, "event", "show", n, "--reveal")
    assert revealed["title"] == "Aye Aye vanished"


def test_a_corroborated_event_and_a_timeline_as_csv(archive: Path) -> None:
    ids = item_ids(archive)
    event = as_json(archive, "event", "add", "KK Park", "Recruited in Bangkok",
                    "--start", "2024-01-02", "--end", "2024-01-03")
    n = str(event["id"])
    ok(archive, "event", "cite", n, str(ids["ngo.txt"]), "--quote", "in January 2024")
    ok(archive, "event", "cite", n, str(ids["post.txt"]), "--quote", "3 January 2024",
       "--note", "the interview day")
    ok(archive, "event", "link", n, "Zhao Wei", "--role", "recruiter")
    shown = as_json(archive, "event", "show", n)
    assert (shown["disputed"], shown["sources"]) == (False, 2)
    assert n not in {str(e["id"]) for e in as_json(archive, "event", "list", "--disputed")}
    assert [e["id"] for e in as_json(archive, "timeline", "KK Park", "--entity", "Zhao Wei")] \
        == [event["id"]]
    rows = list(csv.DictReader(io.StringIO(ok(archive, "timeline", "KK Park", "--csv"))))
    assert [r["start_earliest"] for r in rows] == sorted(r["start_earliest"] for r in rows)
    mine = next(r for r in rows if r["id"] == n)
    assert (mine["entities"], mine["disputed"], mine["end_latest"]) == (
        "Zhao Wei (recruiter)", "no", "2024-01-03")
    assert not any("Aye Aye" in value for r in rows for value in r.values())


def test_suggestions_from_a_thai_sentence(archive: Path) -> None:
    thai = item_ids(archive)["thai.txt"]
    [s] = as_json(archive, "event", "suggest", str(thai))
    assert (s["date"]["earliest"], s["date"]["text"]) == ("2024-03-12", "12 มีนาคม 2567")
    assert "2024" not in s["sentence"] and s["sentence"].startswith("พี่ต้น")
    made = as_json(archive, "event", "suggest", str(thai), "--create", "1", "--case", "KK Park",
                   "--title", "Crossed the Moei river")
    assert (made["title"], made["start"]["earliest"], made["sources"]) == (
        "Crossed the Moei river", "2024-03-12", 1)
    assert made["citations"][0]["stated"]["text"] == "12 มีนาคม 2567"
    r = cli(archive, "event", "suggest", str(thai), "--create", "5", "--case", "KK Park")
    assert r.returncode == 2 and "has 1 suggestions" in r.stderr


def test_editing_unlinking_and_deleting_are_in_the_custody_log(archive: Path) -> None:
    event = as_json(archive, "event", "add", "KK Park", "Sold to another compound",
                    "--start", "mid 2024")
    n = str(event["id"])
    edited = as_json(archive, "event", "edit", n, "--start", "2024-06", "--place", "Mae Sot")
    assert (edited["start"]["latest"], edited["place"]) == ("2024-06-30", "Mae Sot")
    edited = as_json(archive, "event", "edit", n, "--no-place")
    assert edited["place"] is None or edited["place"] == ""
    ok(archive, "event", "link", n, "Zhao Wei", "--role", "perpetrator")
    assert as_json(archive, "event", "unlink", n, "Zhao Wei")["entities"] == []
    ok(archive, "event", "delete", n)
    r = cli(archive, "event", "show", n)
    assert r.returncode == 2 and f"no event {n}" in r.stderr
    assert ok(archive, "verify").count("unbroken") == 1


@pytest.mark.parametrize(("args", "message"), [
    (("event", "add", "KK Park", "x", "--start", "someday"), "not a date"),
    (("event", "add", "No such case", "x", "--start", "2024"), "no case"),
    (("event", "add", "KK Park", "x", "--start", "2024", "--place", "Zhao Wei"),
     "not a place"),
    (("event", "cite", "1", "999"), "no item 999"),
    (("event", "cite", "1", "1", "--quote", "nothing like this"), "does not contain"),
    (("event", "cite", "1", "1", "--quote", "x", "--start", "1", "--end", "2"), "either"),
    (("event", "link", "1", "Nobody", "--role", "victim"), "Nobody"),
    (("event", "uncite", "999"), "no citation 999"),
    (("timeline", "Nowhere"), "no case"),
])
def test_mistakes_get_a_sentence_and_exit_code_2(archive: Path, args: tuple[str, ...],
                                                 message: str) -> None:
    r = cli(archive, *args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
