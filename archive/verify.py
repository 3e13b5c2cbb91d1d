"""Verifying an archive: re-hash every original, walk the custody chain, check the database,
and say so in a report that can go into a dossier (Markdown) or to a program (JSON)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.models import VerifyProblem, VerifyReport
from archive.protocols import Progress

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

BUFFER = 4 * 1024 * 1024  # large reads: fewer system calls, and hashlib frees the GIL


def hash_file(path: Path) -> str | None:
    """SHA-256 of a file read in large blocks into one buffer; None if it is missing,
    "unreadable: why" if it cannot be read."""
    h = hashlib.sha256()
    buf = bytearray(BUFFER)
    view = memoryview(buf)
    try:
        with path.open("rb", buffering=0) as f:
            with contextlib.suppress(OSError, AttributeError):
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
            while n := f.readinto(buf):
                h.update(view[:n])
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"unreadable: {e.strerror or e}"
    return h.hexdigest()


def _hash_encrypted(storage: Any, sha256: str) -> str | None:
    """An encrypted original's SHA-256, decrypting it; None if missing, "unreadable: ..." when
    it fails its integrity check (altered or cut short)."""
    from archive.vault import UNREADABLE

    actual: str | None = storage.hash_object(sha256)
    if actual == UNREADABLE:
        return "unreadable: the encrypted file fails its integrity check (altered or cut short)"
    return actual


def verify_archive(
    archive: Archive, *, progress: Progress | None = None, threads: int | None = None,
) -> VerifyReport:
    """Check everything, log the check as a custody row, and return the report."""
    problems: list[VerifyProblem] = []
    for msg in archive.db.integrity_problems():
        problems.append(VerifyProblem("database", f"database check: {msg}"))
    rows = archive.db.execute(
        "SELECT id, sha256, filename, size FROM items ORDER BY id").fetchall()
    total = len(rows)
    workers = threads or min(4, (os.cpu_count() or 1) + 1)
    hasher: Callable[[Any], str | None]
    if getattr(archive.storage, "encrypted", False):  # decrypted as it is hashed
        targets: list[Any] = [str(r[1]) for r in rows]
        hasher = partial(_hash_encrypted, archive.storage)
    else:
        targets = [archive.storage.object_file_for_reading(str(r[1])) for r in rows]
        hasher = hash_file
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="verify") as pool:
        for n, ((item_id, sha, name, _), actual) in enumerate(
            zip(rows, pool.map(hasher, targets), strict=True), 1,
        ):
            if actual is None:
                problems.append(VerifyProblem(
                    "object", f"item {item_id} ({name}): the original is missing from the archive"))
            elif actual.startswith("unreadable"):
                problems.append(VerifyProblem(
                    "object", f"item {item_id} ({name}): the original cannot be read ({actual})"))
            elif actual != sha:
                problems.append(VerifyProblem(
                    "object",
                    f"item {item_id} ({name}): the original has been altered (expected SHA-256"
                    f" {sha}, found {actual})",
                ))
            if progress:
                progress(n, total)
    checked, chain_problems = custody.check_chain(archive.db.con)
    problems.extend(VerifyProblem("custody", p) for p in chain_problems)
    total_bytes = sum(int(r[3] or 0) for r in rows)
    ok = not problems
    with archive.db.transaction() as con:
        row_id = custody.append(con, actor=archive.actor, action="verify", detail={
            "objects_checked": total, "custody_rows_checked": checked,
            "ok": ok, "problems": [p.detail for p in problems][:100],
        })
        head = con.execute("SELECT hash, at FROM custody WHERE id = ?", (row_id,)).fetchone()
    return VerifyReport(
        total, checked, tuple(problems), bytes_checked=total_bytes,
        chain_head=f"{row_id}:{head[0]}", verified_at=str(head[1]), actor=archive.actor,
        archive=str(archive.path),
    )


def report_markdown(report: VerifyReport) -> str:
    """The report as a page a person can read and attach to a dossier."""
    head_id, _, head_hash = report.chain_head.partition(":")
    result = "PASSED" if report.ok else f"FAILED ({len(report.problems)} problems)"
    lines = [
        "# Casefile archive verification",
        "",
        f"- Archive: {report.archive}",
        f"- Verified at: {report.verified_at} (UTC), by {report.actor}",
        f"- Result: **{result}**",
        "",
        "## What was checked",
        "",
        f"Checked {report.objects_checked} originals ({_size(report.bytes_checked)}) against"
        " their SHA-256 hashes, and "
        f"{report.custody_rows_checked} custody log entries, each against the hash of the entry"
        " before it. The database's own integrity check was run.",
        "",
    ]
    if report.ok:
        lines.append("All originals are intact and the custody log is unbroken.")
    else:
        lines += ["## Problems", ""]
        groups = {"object": "Originals", "custody": "Custody log", "database": "Database"}
        for what, title in groups.items():
            found = [p for p in report.problems if p.what == what]
            if found:
                lines.append(f"### {title} ({len(found)})")
                lines.append("")
                lines += [f"- PROBLEM ({p.what}): {p.detail}" for p in found]
                lines.append("")
    lines += [
        "",
        "## Custody chain head",
        "",
        f"This verification is custody entry {head_id}; its hash is",
        "",
        f"    {head_hash}",
        "",
        "Any later change to an earlier entry, or removal of one, changes this hash: keep it"
        " with the dossier to show the log has not been altered since.",
    ]
    return "\n".join(lines) + "\n"


def report_json(report: VerifyReport) -> dict[str, Any]:
    head_id, _, head_hash = report.chain_head.partition(":")
    return {
        "ok": report.ok, "archive": report.archive, "verified_at": report.verified_at,
        "actor": report.actor, "objects_checked": report.objects_checked,
        "bytes_checked": report.bytes_checked,
        "custody_rows_checked": report.custody_rows_checked,
        "chain_head": {"row": int(head_id or 0), "hash": head_hash},
        "problems": [{"what": p.what, "detail": p.detail} for p in report.problems],
    }


def _size(n: int) -> str:
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"
