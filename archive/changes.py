"""What a transaction changed: per-connection triggers record each row before and after.

Every table of the archive (except the custody log itself and the index bookkeeping) gets TEMP
triggers on each connection that copy the old and the new row, as canonical JSON, into a temp
table. The custody log takes them from there: a custody row carries the SHA-256 of the rows as
they were before the action and as they are after it, so the before/after hashes cover whatever
the action touched, cascades included, without each caller having to say what it changed.
A transaction that changed rows but wrote no custody row gets one written for it at commit
(or, with ``CASEFILE_STRICT_CUSTODY=1``, as in the tests, fails: a missing custody call is a
bug to fix where it is).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Tables whose rows are not evidence or work product: the log itself, and meta's custody head.
_UNTRACKED = frozenset({"custody", "sqlite_sequence"})
# Columns whose updates are bookkeeping, not an action of a person (index state, last run).
_BOOKKEEPING = {
    "items": frozenset({"indexed"}),
    "saved_searches": frozenset({"last_run", "seen"}),
}
TEMP_TABLE = "casefile_changes"
_VERSION_ATTR = "schema_version"


@dataclass(frozen=True, slots=True)
class Changes:
    """The rows one action changed: hashes of them before and after, and counts per table."""

    before: str | None  # SHA-256 of the old rows' canonical JSON; None when no row existed
    after: str | None  # the same of the new rows; None when the rows are gone
    tables: dict[str, int]

    def as_detail(self) -> dict[str, object]:
        return {"before": self.before, "after": self.after, "changed": dict(self.tables)}


def strict() -> bool:
    return os.environ.get("CASEFILE_STRICT_CUSTODY", "") == "1"


_installed: dict[int, int] = {}  # id(connection) -> schema_version its triggers were made for


def track(con: sqlite3.Connection) -> None:
    """Make sure this connection records row changes (call at the start of a transaction)."""
    version = int(con.execute("PRAGMA schema_version").fetchone()[0])
    if _installed.get(id(con)) == version:
        try:
            con.execute(f"DELETE FROM temp.{TEMP_TABLE}")
            return
        except sqlite3.OperationalError:  # another connection now has that id: set it up
            _installed.pop(id(con), None)
    con.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {TEMP_TABLE}"
        " (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, old TEXT, new TEXT)"
    )
    con.execute(f"DELETE FROM temp.{TEMP_TABLE}")
    for (name,) in con.execute(
        "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'cf_chg_%'"
    ).fetchall():
        con.execute(f'DROP TRIGGER IF EXISTS temp."{name}"')
    tables = [
        str(r[0]) for r in con.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE"
            " 'sqlite_%'"
        ).fetchall()
        if str(r[0]) not in _UNTRACKED
    ]
    for table in tables:
        cols = [str(r[1]) for r in con.execute(f'PRAGMA main.table_info("{table}")')]
        _install(con, table, cols)
    _installed[id(con)] = int(con.execute("PRAGMA schema_version").fetchone()[0])


def _row_json(prefix: str, cols: list[str]) -> str:
    pairs = ", ".join(f"'{c}', {prefix}.\"{c}\"" for c in cols)
    return f"json_object({pairs})"


def _install(con: sqlite3.Connection, table: str, cols: list[str]) -> None:
    q = f'main."{table}"'
    when_ins = when_del = ""
    if table == "meta":  # the custody head moves with every row; it is not an action
        when_ins = " WHEN NEW.key != 'custody_head'"
        when_del = " WHEN OLD.key != 'custody_head'"
    watched = [c for c in cols if c not in _BOOKKEEPING.get(table, frozenset())]
    of = ""
    if len(watched) < len(cols):  # updates of bookkeeping columns only are not recorded
        of = " OF " + ", ".join(f'"{c}"' for c in watched)
    old, new = _row_json("OLD", cols), _row_json("NEW", cols)
    ins = f"INSERT INTO {TEMP_TABLE}(tbl, old, new) VALUES ('{table}',"
    con.execute(
        f'CREATE TEMP TRIGGER "cf_chg_{table}_i" AFTER INSERT ON {q}{when_ins}'
        f" BEGIN {ins} NULL, {new}); END"
    )
    con.execute(
        f'CREATE TEMP TRIGGER "cf_chg_{table}_u" AFTER UPDATE{of} ON {q}{when_ins}'
        f" BEGIN {ins} {old}, {new}); END"
    )
    con.execute(
        f'CREATE TEMP TRIGGER "cf_chg_{table}_d" AFTER DELETE ON {q}{when_del}'
        f" BEGIN {ins} {old}, NULL); END"
    )


def forget(con: sqlite3.Connection) -> None:
    """The connection is closing: drop what we knew about it."""
    _installed.pop(id(con), None)


def tracking(con: sqlite3.Connection) -> bool:
    return id(con) in _installed


def take(con: sqlite3.Connection) -> Changes | None:
    """The changes recorded since the last call (and forget them); None if not tracking."""
    if not tracking(con):
        return None
    try:
        rows = con.execute(
            f"SELECT tbl, old, new FROM temp.{TEMP_TABLE} ORDER BY seq"
        ).fetchall()
    except sqlite3.OperationalError:  # a connection this module never set up
        return None
    con.execute(f"DELETE FROM temp.{TEMP_TABLE}")
    tables: dict[str, int] = {}
    before: list[list[object]] = []
    after: list[list[object]] = []
    for tbl, old, new in rows:
        tables[tbl] = tables.get(tbl, 0) + 1
        if old is not None and old != new:
            before.append([tbl, json.loads(old)])
        if new is not None and old != new:
            after.append([tbl, json.loads(new)])
    return Changes(digest(before), digest(after), tables)


def pending(con: sqlite3.Connection) -> bool:
    """Whether rows changed since the last ``take``."""
    if not tracking(con):
        return False
    try:
        return con.execute(f"SELECT 1 FROM temp.{TEMP_TABLE} LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def digest(rows: list[list[object]]) -> str | None:
    """SHA-256 of rows as canonical JSON (sorted keys, sorted rows); None for no rows."""
    if not rows:
        return None
    texts = sorted(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in rows
    )
    return hashlib.sha256(("[" + ",".join(texts) + "]").encode("utf-8")).hexdigest()
