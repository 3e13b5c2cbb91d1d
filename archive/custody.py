"""The chain-of-custody log: append-only rows, each holding the SHA-256 of the row before it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from archive import changes

GENESIS = "0" * 64


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def row_hash(
    prev_hash: str, row_id: int, at: str, actor: str, action: str, item_id: int | None,
    detail: str,
) -> str:
    payload = json.dumps(
        [prev_hash, row_id, at, actor, action, item_id, detail],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    con: sqlite3.Connection, *, actor: str, action: str, item_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Add one custody row inside the caller's transaction; returns its id.

    The row's detail gets ``rows``: SHA-256 hashes of the database rows this action changed,
    as they were before and as they are after it (see ``archive.changes``)."""
    detail = dict(detail or {})
    changed = changes.take(con)
    if changed is not None:
        detail["rows"] = changed.as_detail()
    last = con.execute("SELECT id, hash FROM custody ORDER BY id DESC LIMIT 1").fetchone()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    row_id = prev_id + 1
    at = now_iso()
    detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    h = row_hash(prev_hash, row_id, at, actor, action, item_id, detail_json)
    con.execute(
        "INSERT INTO custody(id, at, actor, action, item_id, detail, prev_hash, hash)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (row_id, at, actor, action, item_id, detail_json, prev_hash, h),
    )
    con.execute(
        "INSERT INTO meta(key, value) VALUES ('custody_head', ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (f"{row_id}:{h}",),
    )
    return row_id


def check_chain(con: sqlite3.Connection) -> tuple[int, list[str]]:
    """Walk the whole log. Returns (rows checked, problems as sentences naming the row)."""
    problems: list[str] = []
    prev_hash = GENESIS
    expected_id = 1
    count = 0
    for r in con.execute(
        "SELECT id, at, actor, action, item_id, detail, prev_hash, hash FROM custody ORDER BY id"
    ):
        count += 1
        row_id = r[0]
        if row_id != expected_id:
            problems.append(
                f"custody rows {expected_id}-{row_id - 1} are missing (deleted from the log)"
            )
        if r[6] != prev_hash:
            problems.append(
                f"custody row {row_id} ({r[3]}) does not follow the row before it:"
                " the log was changed before this row"
            )
        h = row_hash(r[6], row_id, r[1], r[2], r[3], r[4], r[5])
        if h != r[7]:
            problems.append(
                f"custody row {row_id} ({r[3]}, {r[1]}) was altered after it was written"
            )
        prev_hash = r[7]
        expected_id = row_id + 1
    head = con.execute("SELECT value FROM meta WHERE key = 'custody_head'").fetchone()
    if head is not None:
        head_id, _, head_hash = head[0].partition(":")
        if int(head_id) != expected_id - 1 or head_hash != prev_hash:
            problems.append(
                f"the custody log ends at row {expected_id - 1}, but row {head_id} was the last"
                " one written: rows were removed from its end"
            )
    elif count:
        problems.append("the custody log's head record is missing")
    return count, problems
