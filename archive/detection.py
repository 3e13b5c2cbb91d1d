"""Suggested mentions: detectors and the watchlist run over items, on ingest and on demand."""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.detectors import detect
from archive.entity_models import DETECTOR, SUGGESTED, WATCHLIST, DetectReport
from archive.watchlist import Watchlist

if TYPE_CHECKING:
    from archive.db import Database
    from archive.models import Page
    from archive.protocols import Progress
    from archive.watchlist import Normalizer

log = logging.getLogger(__name__)

# A suggestion is stored unless the entity already has a mention on the same span (in any
# state), or a rejected mention in the same item with the same quote (after normalisation).
_INSERT = (
    "INSERT INTO mentions(entity_id, item_id, page, span_start, span_end, quote, quote_key,"
    " origin, state, created) SELECT ?,?,?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM"
    " mentions WHERE entity_id = ? AND item_id = ? AND ((page = ? AND span_start = ? AND"
    " span_end = ?) OR (state = 'rejected' AND quote_key = ?)))"
)


class Run:
    """One detection run's watchlist and entity types."""

    def __init__(self, watchlist: Watchlist, types: dict[int, str]) -> None:
        self.watchlist = watchlist
        self.types = types


Row = tuple[int | None, str, str, int, int, int, str]  # entity, type, canonical, page, span, quote


def watchlist_rows(run: Run, page: int, text: str) -> list[Row]:
    """The watchlist's suggestions on one page, as detection stores them."""
    return [(m.entity_id, run.types.get(m.entity_id, ""), "", page, m.start, m.end,
             text[m.start:m.end]) for m in run.watchlist.find(text)]


class DetectionFeatures:
    """Mixed into Archive: needs its database, pages, normaliser and the entity features."""

    db: Database
    normalizer: Normalizer
    _watchlist_cache: tuple[str, Watchlist] | None = None

    if TYPE_CHECKING:  # provided by Archive and EntityFeatures

        @property
        def actor(self) -> str: ...

        def pages(self, item_id: int) -> list[Page]: ...

        def key(self, name: str) -> str: ...

        def case_id(self, title_or_id: str | int, *, create: bool = False,
                    summary: str = "") -> int: ...

        def _bump(self, con: sqlite3.Connection) -> None: ...

    def watchlist(self) -> Watchlist:
        """Every entity name and alias, compiled (cached until an entity changes)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'entities_version'").fetchone()
        version = str(row[0]) if row else "0"
        cached = self._watchlist_cache
        if cached is not None and cached[0] == version:
            return cached[1]
        names = self.db.execute(
            "SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM entity_aliases"
        ).fetchall()
        watchlist = Watchlist(((int(i), str(n)) for i, n in names), self.normalizer)
        self._watchlist_cache = (version, watchlist)
        return watchlist

    def detect(
        self, *, item_ids: Sequence[int] | None = None, case: str | int | None = None,
        progress: Progress | None = None,
    ) -> DetectReport:
        """Run the detectors and the watchlist over items (all, a case's, or these) and store
        what they find as suggested mentions. A bug on one item is logged; the run goes on."""
        if item_ids is None:
            sql = "SELECT id FROM items ORDER BY id"
            params: tuple[int, ...] = ()
            if case is not None:
                sql = "SELECT item_id FROM case_items WHERE case_id = ? ORDER BY item_id"
                params = (self.case_id(case),)
            item_ids = [int(r[0]) for r in self.db.execute(sql, params)]
        run = self.detection_run()
        new: Counter[str] = Counter()
        created, failed = 0, []
        for n, item_id in enumerate(item_ids, 1):
            try:
                found, made = self._detect_item(item_id, run)
                new.update(found)
                created += made
            except Exception:
                log.exception("detection failed on item %d", item_id)
                failed.append(item_id)
            if progress:
                progress(n, len(item_ids))
        return DetectReport(len(item_ids), tuple(new.most_common()), created, tuple(failed))

    def detection_run(self) -> Run:
        """The watchlist and the entities' types, as one detection run uses them."""
        return Run(self.watchlist(), {
            int(r[0]): str(r[1]) for r in self.db.execute("SELECT id, type FROM entities")})

    def detect_quietly(self, item_ids: Sequence[int]) -> None:
        """Detection after ingest: never fails the ingest."""
        try:
            report = self.detect(item_ids=item_ids)
            log.info("detection on %d new items: %d suggestions", report.items, report.total)
        except Exception:
            log.exception("detection after ingest failed (items %s)", list(item_ids)[:20])

    def _detect_item(self, item_id: int, run: Run) -> tuple[Counter[str], int]:
        found: list[Row] = []
        for page in self.pages(item_id):
            text = page.text
            if not text:
                continue
            for d in detect(text):
                found.append((None, d.type, d.canonical, page.number, d.start, d.end, d.quote))
            found += watchlist_rows(run, page.number, text)
        counts: Counter[str] = Counter()
        if not found:
            return counts, 0
        now = custody.now_iso()
        made: list[int] = []
        seen: set[tuple[int, int, int, int]] = set()
        with self.db.transaction() as con:
            for entity_id, type_, canonical, page_no, start, end, quote in found:
                origin = WATCHLIST
                if entity_id is None:
                    entity_id, is_new = self._find_or_create(con, type_, canonical)
                    origin = DETECTOR
                    if is_new:
                        made.append(entity_id)
                        run.types[entity_id] = type_
                if (entity_id, page_no, start, end) in seen:
                    continue
                seen.add((entity_id, page_no, start, end))
                quote_key = self.key(quote)
                added = con.execute(_INSERT, (
                    entity_id, item_id, page_no, start, end, quote, quote_key, origin, SUGGESTED,
                    now, entity_id, item_id, page_no, start, end, quote_key)).rowcount
                if added:
                    counts[type_] += 1
            if counts or made:
                custody.append(con, actor=self.actor, action="detect", item_id=item_id,
                               detail={"suggested": dict(counts), "new_entities": made})
        return counts, len(made)

    def _find_or_create(self, con: sqlite3.Connection, type_: str, canonical: str
                        ) -> tuple[int, bool]:
        """The entity a detector's canonical form belongs to (by name or alias); a new one
        when there is none."""
        key = self.key(canonical)
        row: Any = con.execute(
            "SELECT id FROM entities WHERE key = ? AND type = ? ORDER BY id LIMIT 1",
            (key, type_)).fetchone()
        if row is None:
            row = con.execute(
                "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.key = ? AND e.type = ? ORDER BY e.id LIMIT 1", (key, type_)).fetchone()
        if row is not None:
            return int(row[0]), False
        cur = con.execute(
            "INSERT INTO entities(type, name, key, created) VALUES (?, ?, ?, ?)",
            (type_, canonical, key, custody.now_iso()))
        self._bump(con)
        return int(cur.lastrowid or 0), True
