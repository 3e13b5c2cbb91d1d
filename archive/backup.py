"""Backups of an archive that is in use, and restoring one into a new folder.

A backup is a folder that is itself an archive: the database copied with SQLite's backup API
(a consistent snapshot, while other connections and programs go on writing), then the
originals, the derived files and the archive's other top-level files copied byte for byte as
they are stored (so an encrypted archive's backup stays encrypted), plus BACKUP.json saying
when, from where, and which custody entry was the last one in it. The index is not copied: it
is rebuilt from the database. Originals are written before the database rows that name them,
so copying them after the snapshot finds every one the snapshot needs.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive import custody
from archive.errors import CasefileError
from archive.storage import DB_NAME, atomic_write, fsync_dir, sha256_file

if TYPE_CHECKING:
    from archive.models import VerifyReport
    from archive.service import Archive

log = logging.getLogger(__name__)

MANIFEST = "BACKUP.json"
# Not copied: the live database's journal files (the snapshot replaces them), the log of this
# computer's runs, the rebuildable index, temporary work.
_SKIP_FILES = frozenset({DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal",
                         "casefile.log", MANIFEST})
_SKIP_DIRS = frozenset({"index", "tmp"})


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    items: int
    objects: int
    bytes: int
    custody_head: str  # "row:hash" of the last custody entry inside the backup
    database_sha256: str


def backup(archive: Archive, dest: Path) -> BackupReport:
    """Write a consistent copy of ``archive`` into the new folder ``dest``. Logged."""
    dest = Path(dest).expanduser().resolve()
    root = archive.path.resolve()
    if dest == root or root in dest.parents:
        raise CasefileError("A backup cannot go inside the archive itself: choose another"
                            " folder, ideally on another disk.")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise CasefileError(f"{dest} already exists: choose a new folder for the backup.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        _copy_database(archive, work / DB_NAME)
        head, items = _snapshot_facts(work / DB_NAME)
        objects, size = _copy_tree_files(root, work)
        db_sha = sha256_file(work / DB_NAME)[0]
        report = BackupReport(dest, items, objects, size, head, db_sha)
        atomic_write(work / MANIFEST, json.dumps({
            "created_at": custody.now_iso(), "source": str(root), "items": items,
            "objects": objects, "bytes": size, "custody_head": head,
            "database_sha256": db_sha,
        }, indent=2).encode("utf-8"))
        if dest.is_dir():
            dest.rmdir()
        work.replace(dest)
        fsync_dir(dest.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    with archive.db.transaction() as con:
        custody.append(con, actor=archive.actor, action="backup", detail={
            "to": str(dest), "items": items, "objects": objects, "bytes": size,
            "custody_head_in_backup": head, "database_sha256": db_sha})
    log.info("backup of %s written to %s (%d items)", root, dest, items)
    return report


def _copy_database(archive: Archive, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot even while others write (an encrypted
    database's copy is encrypted with the same key)."""
    archive.db.backup_to(target)
    _fsync(target)


def _snapshot_facts(db: Path) -> tuple[str, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT id, hash FROM custody ORDER BY id DESC LIMIT 1").fetchone()
        items = int(con.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    except sqlite3.DatabaseError:  # an encrypted database: no facts without its key
        return "", -1
    finally:
        con.close()
    return (f"{row[0]}:{row[1]}" if row else "0:" + custody.GENESIS), items


def _copy_tree_files(root: Path, work: Path) -> tuple[int, int]:
    """Copy the archive's files (not the live database, index or temp); returns (originals,
    bytes). Half-written temporary files are left out."""
    objects = size = 0
    for src in sorted(root.rglob("*")):
        rel = src.relative_to(root)
        if rel.parts[0] in _SKIP_DIRS or src.name.startswith(".tmp-") or src.is_symlink():
            continue
        if len(rel.parts) == 1 and src.name in _SKIP_FILES:
            continue
        dst = work / rel
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(src, dst)
        except FileNotFoundError:  # a derived file rebuilt just now: it can be made again
            continue
        _fsync(dst)
        size += dst.stat().st_size
        if rel.parts[0] == "objects":
            objects += 1
    for d in sorted({p.parent for p in work.rglob("*")}):
        fsync_dir(d)
    return objects, size


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(backup_dir: Path, target: Path, opener: Callable[[Path], Archive]
            ) -> tuple[Archive, VerifyReport]:
    """Copy a backup into the new folder ``target``, open it (the index is rebuilt on first
    use) and verify it. The restore is logged in the restored archive."""
    backup_dir = Path(backup_dir).expanduser().resolve()
    target = Path(target).expanduser().resolve()
    manifest_path = backup_dir / MANIFEST
    if not manifest_path.is_file() or not (backup_dir / DB_NAME).is_file():
        raise CasefileError(f"{backup_dir} is not a Casefile backup (it has no {MANIFEST}).")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CasefileError(f"{target} already exists: restore into a new, empty folder.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise CasefileError(f"{manifest_path} is damaged ({e}).") from e
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        shutil.copytree(backup_dir, work, ignore=shutil.ignore_patterns(MANIFEST))
        if target.is_dir():
            target.rmdir()
        work.replace(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    archive = opener(target)
    report = archive.verify()
    with archive.db.transaction() as con:
        custody.append(con, actor=archive.actor, action="restore", detail={
            "from": str(backup_dir), "backup_created_at": manifest.get("created_at"),
            "backup_source": manifest.get("source"),
            "custody_head_in_backup": manifest.get("custody_head"), "verified": report.ok})
    return archive, report
