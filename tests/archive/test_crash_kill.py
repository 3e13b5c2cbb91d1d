"""Killed at any moment, 30 times, while importing, tagging, merging, reindexing and exporting:
after each restart the archive verifies, the database is sound, search works, and nothing the
killed program had acknowledged is missing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from main import open_archive

HERE = Path(__file__).resolve().parent
ROUNDS = 30


def _acks(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.endswith("}")]


def _run_and_kill(archive: Path, acks: Path, work: Path, seed: int, rng: random.Random) -> None:
    before = len(_acks(acks))
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "crash_child.py"), str(archive), str(acks), str(work),
         str(seed)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(_acks(acks)) == before and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # wait for "ready": the kill should land in the work, not the start
    assert proc.poll() is None, f"the child stopped by itself (exit {proc.returncode})"
    time.sleep(rng.uniform(0.0, 2.5))
    os.killpg(proc.pid, signal.SIGKILL)  # the child and its extraction workers
    proc.wait()


def _check(archive_path: Path, acks: list[dict[str, object]]) -> None:
    con = sqlite3.connect(archive_path / "casefile.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    with open_archive(archive_path, create=False) as a:
        report = a.verify()
        assert report.ok, report.problems
        names = {e.name for e in a.entities()}
        last_word = ""
        for ack in acks:
            if ack["action"] == "ingest":
                item = a.item(int(ack["item"]))  # type: ignore[call-overload]
                assert item.status in ("ok", "stored"), item
                last_word = str(ack["word"])
            elif ack["action"] == "tag":
                assert ack["tag"] in a.tags(int(ack["item"]))  # type: ignore[call-overload]
            elif ack["action"] == "entities":
                assert set(ack["names"]) & names, ack  # type: ignore[arg-type]
            elif ack["action"] == "merge":
                assert ack["keep"] in names and ack["gone"] not in names, ack
            elif ack["action"] == "export":
                assert any(Path(str(ack["path"])).iterdir()), ack
        if last_word:
            hits = a.search(last_word, facets=False)
            assert hits.total >= 1, f"{last_word} is not found after the restart"
    leftovers = [*(archive_path / "objects").rglob(".tmp-*"), *(archive_path / "tmp").iterdir()]
    assert leftovers == [], f"left behind by the killed program: {leftovers}"


@pytest.mark.slow
def test_thirty_kills_lose_nothing_acknowledged(tmp_path: Path, tesseract: str) -> None:
    archive, acks, work = tmp_path / "archive", tmp_path / "acks.jsonl", tmp_path / "work"
    work.mkdir()
    rng = random.Random(20261129)
    for round_no in range(ROUNDS):
        _run_and_kill(archive, acks, work, round_no, rng)
        done = [a for a in _acks(acks) if a["action"] != "ready"]
        try:
            _check(archive, done)
        except AssertionError as e:
            raise AssertionError(f"after kill {round_no + 1}: {e}") from e
    assert len([a for a in _acks(acks) if a["action"] == "merge"]) >= 5
