"""SQLite connection handling (WAL, foreign keys, a connection per thread) and migrations."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from archive import changes, custody
from archive.errors import ArchiveLocked, CasefileError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000

# Each entry migrates the schema from version i to i+1. Never edit a released entry: add one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE cases (
        id      INTEGER PRIMARY KEY,
        title   TEXT NOT NULL UNIQUE COLLATE NOCASE,
        summary TEXT NOT NULL DEFAULT '',
        status  TEXT NOT NULL DEFAULT 'open',
        created TEXT NOT NULL
    );
    CREATE TABLE items (
        id           INTEGER PRIMARY KEY,
        sha256       TEXT NOT NULL UNIQUE,
        size         INTEGER NOT NULL,
        mime         TEXT NOT NULL,
        filename     TEXT NOT NULL,
        kind         TEXT NOT NULL,
        title        TEXT NOT NULL,
        source       TEXT NOT NULL DEFAULT '',
        collected_by TEXT NOT NULL DEFAULT '',
        collected_at TEXT NOT NULL DEFAULT '',
        ingested_at  TEXT NOT NULL,
        languages    TEXT NOT NULL DEFAULT '',
        status       TEXT NOT NULL,
        reason       TEXT NOT NULL DEFAULT '',
        page_count   INTEGER NOT NULL DEFAULT 0,
        parent_id    INTEGER REFERENCES items(id),
        notes        TEXT NOT NULL DEFAULT '',
        metadata     TEXT NOT NULL DEFAULT '{}',
        indexed      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX items_status ON items(status);
    CREATE INDEX items_unindexed ON items(indexed) WHERE indexed = 0;
    CREATE TABLE case_items (
        case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (case_id, item_id)
    );
    CREATE INDEX case_items_item ON case_items(item_id);
    -- Every time a file was handed to Casefile: where it came from and who brought it.
    CREATE TABLE provenance (
        id           INTEGER PRIMARY KEY,
        item_id      INTEGER NOT NULL REFERENCES items(id),
        case_id      INTEGER REFERENCES cases(id),
        original_path TEXT NOT NULL,
        filename     TEXT NOT NULL,
        source       TEXT NOT NULL DEFAULT '',
        collected_by TEXT NOT NULL DEFAULT '',
        collected_at TEXT NOT NULL DEFAULT '',
        added_at     TEXT NOT NULL
    );
    CREATE INDEX provenance_item ON provenance(item_id);
    CREATE TABLE pages (
        item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        number     INTEGER NOT NULL,
        text       TEXT NOT NULL,
        method     TEXT NOT NULL,
        confidence REAL,
        width      INTEGER NOT NULL DEFAULT 0,
        height     INTEGER NOT NULL DEFAULT 0,
        error      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (item_id, number)
    );
    -- Append-only, hash-chained: an edited or deleted row breaks the chain.
    CREATE TABLE custody (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        item_id   INTEGER,
        detail    TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
    );
    CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
        BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
    CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
        BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
    """,
    # 2: free labels on items (searched with tag:, counted in facets); saved searches.
    """
    CREATE TABLE tags (
        item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        tag      TEXT NOT NULL COLLATE NOCASE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (item_id, tag)
    );
    CREATE INDEX tags_tag ON tags(tag);
    CREATE TABLE saved_searches (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query     TEXT NOT NULL,
        case_id   INTEGER REFERENCES cases(id) ON DELETE CASCADE,
        created   TEXT NOT NULL,
        last_run  TEXT NOT NULL DEFAULT '',
        seen      TEXT NOT NULL DEFAULT '[]'
    );
    """,
    # 3: entities (people, places, numbers, wallets...), their aliases and their mentions in
    # items; tags on cases; an item's source and its Admiralty grading.
    """
    CREATE TABLE entities (
        id        INTEGER PRIMARY KEY,
        type      TEXT NOT NULL,
        name      TEXT NOT NULL,
        key       TEXT NOT NULL,
        notes     TEXT NOT NULL DEFAULT '',
        protected INTEGER NOT NULL DEFAULT 0,
        pseudonym TEXT UNIQUE,
        created   TEXT NOT NULL
    );
    CREATE INDEX entities_key ON entities(key, type);
    CREATE TABLE entity_aliases (
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias     TEXT NOT NULL,
        key       TEXT NOT NULL,
        PRIMARY KEY (entity_id, key)
    );
    CREATE INDEX entity_aliases_key ON entity_aliases(key);
    -- No uniqueness on spans: merging two entities that both had a span keeps both rows.
    CREATE TABLE mentions (
        id        INTEGER PRIMARY KEY,
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        page      INTEGER NOT NULL,
        span_start INTEGER NOT NULL,
        span_end  INTEGER NOT NULL,
        quote     TEXT NOT NULL,
        quote_key TEXT NOT NULL,
        origin    TEXT NOT NULL,
        state     TEXT NOT NULL,
        created   TEXT NOT NULL,
        decided   TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX mentions_entity ON mentions(entity_id, state);
    CREATE INDEX mentions_item ON mentions(item_id, entity_id);
    CREATE INDEX mentions_state ON mentions(state);
    CREATE TABLE case_tags (
        case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        tag      TEXT NOT NULL COLLATE NOCASE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (case_id, tag)
    );
    CREATE INDEX case_tags_tag ON case_tags(tag);
    ALTER TABLE items ADD COLUMN source_entity_id INTEGER
        REFERENCES entities(id) ON DELETE SET NULL;
    ALTER TABLE items ADD COLUMN reliability TEXT NOT NULL DEFAULT '';
    ALTER TABLE items ADD COLUMN credibility INTEGER;
    """,
    # 4: timelines. Events of a case (start/end as earliest..latest ranges with a precision),
    # the entities in them with their roles, and citations: where the evidence says so, with
    # the date as that source states it.
    """
    CREATE TABLE events (
        id              INTEGER PRIMARY KEY,
        case_id         INTEGER NOT NULL REFERENCES cases(id),
        title           TEXT NOT NULL,
        description     TEXT NOT NULL DEFAULT '',
        start_text      TEXT NOT NULL DEFAULT '',
        start_earliest  TEXT NOT NULL,
        start_latest    TEXT NOT NULL,
        start_precision TEXT NOT NULL,
        end_text        TEXT NOT NULL DEFAULT '',
        end_earliest    TEXT NOT NULL DEFAULT '',
        end_latest      TEXT NOT NULL DEFAULT '',
        end_precision   TEXT NOT NULL DEFAULT '',
        place_id        INTEGER REFERENCES entities(id) ON DELETE SET NULL,
        created         TEXT NOT NULL,
        modified        TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_case ON events(case_id, start_earliest);
    CREATE TABLE event_entities (
        event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        role      TEXT NOT NULL,
        added_at  TEXT NOT NULL,
        PRIMARY KEY (event_id, entity_id, role)
    );
    CREATE INDEX event_entities_entity ON event_entities(entity_id);
    CREATE TABLE citations (
        id              INTEGER PRIMARY KEY,
        event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        item_id         INTEGER NOT NULL REFERENCES items(id),
        page            INTEGER NOT NULL DEFAULT 1,
        span_start      INTEGER,
        span_end        INTEGER,
        quote           TEXT NOT NULL DEFAULT '',
        stated_text     TEXT NOT NULL DEFAULT '',
        stated_earliest TEXT NOT NULL DEFAULT '',
        stated_latest   TEXT NOT NULL DEFAULT '',
        stated_precision TEXT NOT NULL DEFAULT '',
        note            TEXT NOT NULL DEFAULT '',
        created         TEXT NOT NULL
    );
    CREATE INDEX citations_event ON citations(event_id);
    CREATE INDEX citations_item ON citations(item_id);
    """,
    # 5: redaction marks the user saves for exports: text to hide in a case's exports, areas
    # of exhibit pages (fractions of the page) to black out in every export of the exhibit.
    """
    CREATE TABLE redaction_marks (
        id      INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind    TEXT NOT NULL CHECK (kind IN ('term', 'region')),
        term    TEXT NOT NULL DEFAULT '',
        item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        page    INTEGER NOT NULL DEFAULT 0,
        x0 REAL, y0 REAL, x1 REAL, y1 REAL,
        created TEXT NOT NULL
    );
    CREATE INDEX redaction_marks_case ON redaction_marks(case_id, kind);
    CREATE INDEX redaction_marks_item ON redaction_marks(item_id) WHERE item_id IS NOT NULL;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class Database:
    """One SQLite file; each thread gets its own connection (WAL: readers run beside a writer)."""

    def __init__(self, path: Path, *, key: bytes | None = None) -> None:
        """``key``: the raw 256-bit key of an encrypted (SQLCipher) database; None: plain."""
        self.path = path
        self._key = key
        self._driver: Any = sqlite3
        if key is not None:
            try:
                from sqlcipher3 import dbapi2  # type: ignore[import-not-found, unused-ignore]
            except ImportError as e:
                raise CasefileError(
                    "This archive is encrypted, and the part of Casefile that reads encrypted"
                    " databases is missing. Install it with: pip install sqlcipher3-binary"
                ) from e
            self._driver = dbapi2
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Who acts, for the custody row written when a change came without one.
        self.actor: Callable[[], str] = lambda: "unknown"

    def _connect(self) -> sqlite3.Connection:
        driver = self._driver
        try:
            con = driver.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )
            if self._key is not None:
                # The raw key (no passphrase derivation inside SQLCipher: keys.py did that).
                con.execute(f"PRAGMA key = \"x'{self._key.hex()}'\"")
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                # Temporary tables and sorts in memory: a temp file would hold them in clear.
                con.execute("PRAGMA temp_store = MEMORY")
        except driver.DatabaseError as e:
            raise CasefileError(f"Cannot open the archive database {self.path}: {e}") from e
        con.row_factory = driver.Row
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        with self._lock:
            self._all.append(con)
        # sqlcipher3's connection has the sqlite3 API (it is the same module, built on SQLCipher)
        connection: sqlite3.Connection = con
        return connection

    @property
    def con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = self._connect()
            self._local.con = con
        return con

    def execute(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> sqlite3.Cursor:
        try:
            return self.con.execute(sql, params)
        except self._driver.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise ArchiveLocked(
                    "The archive is busy in another program; try again in a moment."
                ) from e
            raise

    @contextlib.contextmanager
    def transaction(self, *, track: bool = True) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolled back on any exception. Keep it short.

        Row changes are recorded (``archive.changes``) for the custody row of the action; a
        transaction that changed rows without writing one gets one before it commits."""
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
        except self._driver.OperationalError as e:
            raise ArchiveLocked(
                "Another program is writing to this archive; try again in a moment."
            ) from e
        try:
            if track:
                changes.track(con)
            yield con
            if track and changes.pending(con):
                _log_unlogged_change(con, self.actor())
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")

    def migrate(self) -> None:
        con = self.con
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CasefileError(
                f"This archive was written by a newer Casefile (schema {version}, this program "
                f"knows {SCHEMA_VERSION}). Update Casefile to open it."
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            log.info("migrating archive database to schema %d", target)
            with self.transaction(track=False) as c:
                for stmt in _split_sql(MIGRATIONS[target - 1]):
                    c.execute(stmt)
                c.execute(f"PRAGMA user_version = {target}")

    def integrity_problems(self) -> list[str]:
        rows = self.con.execute("PRAGMA integrity_check").fetchall()
        msgs = [r[0] for r in rows]
        return [] if msgs == ["ok"] else msgs

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the database at ``target`` (SQLite's online backup, one read
        snapshot even while others write), encrypted with this database's key if it has one."""
        dst = self._driver.connect(str(target), isolation_level=None)
        try:
            if self._key is not None:
                dst.execute(f"PRAGMA key = \"x'{self._key.hex()}'\"")
            self.con.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            dst.close()

    def close(self) -> None:
        with self._lock:
            for con in self._all:
                changes.forget(con)
                with contextlib.suppress(self._driver.Error):
                    con.close()
            self._all.clear()
        self._local = threading.local()


def _log_unlogged_change(con: sqlite3.Connection, actor: str) -> None:
    """Rows changed but the code wrote no custody row: write a plain one (a bug in strict mode)."""
    tables = sorted(
        str(r[0]) for r in con.execute(f"SELECT DISTINCT tbl FROM temp.{changes.TEMP_TABLE}")
    )
    if changes.strict():
        raise RuntimeError(f"rows of {', '.join(tables)} changed without a custody row")
    log.warning("rows of %s changed without a custody row: logging them as 'change'", tables)
    custody.append(con, actor=actor, action="change", detail={"tables": tables})


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping CREATE TRIGGER ... END; bodies whole."""
    out: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        text = "\n".join(buf)
        if sqlite3.complete_statement(text):
            out.append(text.strip())
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
