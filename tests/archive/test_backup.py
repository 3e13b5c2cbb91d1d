"""A backup taken while another program writes is a consistent archive; restored, it verifies
and holds the same items, originals and entities."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from archive.backup import backup, restore
from archive.errors import CasefileError
from archive.service import Archive
from main import open_archive

REPO = Path(__file__).resolve().parents[2]


def _state(a: Archive) -> tuple[dict[int, str], set[tuple[str, str]], set[tuple[int, str]]]:
    items = {i.id: i.sha256 for i in a.items()}
    entities = {(e.type, e.name) for e in a.entities()}
    tags = {(i, t) for i in items for t in a.tags(i)}
    return items, entities, tags


def test_a_backup_taken_during_writes_restores_and_verifies(
    archive: Archive, tmp_path: Path,
) -> None:
    files = tmp_path / "in"
    files.mkdir()
    for n in range(12):
        (files / f"note-{n}.txt").write_text(f"Note {n}: a payment of {n * 1000} baht to the"
                                              " broker in Mae Sot.", encoding="utf-8")
    (files / "blob.bin").write_bytes(bytes(range(256)) * 4096)
    archive.ingest([files], case="Mae Sot", languages="eng")
    archive.add_entity("Ko Aung", "person", aliases=["Aung"])
    archive.tag_item(archive.items()[0].id, "payment")
    before = _state(archive)

    stop = threading.Event()
    written: list[str] = []

    def writer() -> None:  # another connection (its own Archive) writing all the while
        with open_archive(archive.path, create=False) as other:
            n = 0
            while not stop.is_set():
                n += 1
                other.add_entity(f"Broker {n}", "person")
                written.append(f"Broker {n}")

    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(written) < 3:
            stop.wait(0.05)
        report = backup(archive, tmp_path / "backup")
    finally:
        stop.set()
        t.join()
    assert report.items == 13 and report.objects >= 13
    assert (tmp_path / "backup" / "BACKUP.json").is_file()
    assert not (tmp_path / "backup" / "index").exists()
    assert any(r["action"] == "backup" for r in archive.custody_log())

    restored, verified = restore(tmp_path / "backup", tmp_path / "restored",
                                 lambda p: open_archive(p, create=False))
    with restored:
        assert verified.ok, verified.problems
        items, entities, tags = _state(restored)
        assert items == before[0]  # same ids, same originals
        assert before[1] <= entities  # and the entities made during the backup, up to a point
        assert {e for e in entities if e[1].startswith("Broker")} <= {
            ("person", w) for w in written}
        assert tags == before[2]
        assert restored.search("broker", facets=False).total == 12  # index rebuilt
        assert restored.custody_log()[-1]["action"] == "restore"
        for sha in items.values():
            assert restored.storage.hash_object(sha) == sha


def test_backup_and_restore_refuse_folders_in_use(archive: Archive, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    with pytest.raises(CasefileError, match="already exists"):
        backup(archive, tmp_path / "full")
    with pytest.raises(CasefileError, match="inside the archive"):
        backup(archive, archive.path / "objects" / "bk")
    with pytest.raises(CasefileError, match="not a Casefile backup"):
        restore(tmp_path / "full", tmp_path / "new", lambda p: open_archive(p))


def test_backup_and_restore_on_the_command_line(archive: Archive, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a testimony about the compound", encoding="utf-8")
    archive.ingest([tmp_path / "a.txt"], case="C")
    archive.close()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(REPO / "main.py"), *args], cwd=REPO,
                              capture_output=True, text=True, timeout=300)

    r = cli("--archive", str(archive.path), "backup", str(tmp_path / "bk"))
    assert r.returncode == 0, r.stderr
    assert "Backed up 1 items" in r.stdout
    r = cli("restore", str(tmp_path / "bk"), str(tmp_path / "back"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "custody log is unbroken" in r.stdout
    r = cli("restore", str(tmp_path / "bk"), str(tmp_path / "back"))
    assert r.returncode == 2 and "already exists" in r.stderr and "Traceback" not in r.stderr
