"""Taking rows out so that they can be put back exactly: what the window's Undo needs for
mentions and timeline events. Each removal and each restoration is its own custody row."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive import custody
from archive.errors import CasefileError

if TYPE_CHECKING:
    from archive.db import Database

log = logging.getLogger(__name__)

Row = tuple[tuple[str, object], ...]  # (column, value) pairs, in the table's column order


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows as they were before a removal, parents first: what ``restore`` inserts again.
    ``kind`` names what they are ("mention", "event", "citation") for the custody log."""

    kind: str
    rows: tuple[tuple[str, Row], ...]  # (table, row)

    def ids(self, table: str) -> list[int]:
        return [int(dict(row)["id"]) for t, row in self.rows if t == table]  # type: ignore


_KINDS = {"mention", "event", "citation"}
# Tables restore may write, parents before the rows that refer to them.
_ORDER = ("entities", "entity_aliases", "events", "event_entities", "citations", "mentions")


def _select(con: sqlite3.Connection, table: str, where: str, params: Sequence[object]
            ) -> list[tuple[str, Row]]:
    cur = con.execute(f'SELECT * FROM "{table}" WHERE {where}', tuple(params))
    names = [d[0] for d in cur.description]
    return [(table, tuple(zip(names, r, strict=True))) for r in cur.fetchall()]


def _counts(rows: Sequence[tuple[str, Row]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for table, _row in rows:
        out[table] = out.get(table, 0) + 1
    return out


class UndoFeatures:
    """Mixed into Archive: needs its database and the index."""

    db: Database

    if TYPE_CHECKING:

        @property
        def actor(self) -> str: ...

        def index_items(self, item_ids: Sequence[int]) -> None: ...

    # --- mentions -------------------------------------------------------------------------
    def remove_mention(self, mention_id: int, *, drop_unused_entity: bool = False) -> Rows:
        """Remove one mention (tagged by hand, or a decided suggestion). With
        ``drop_unused_entity`` (undoing the tag that made the entity), the entity goes too
        when nothing else refers to it. Returns the removed rows, for ``restore``."""
        with self.db.transaction() as con:
            taken = _select(con, "mentions", "id = ?", (mention_id,))
            if not taken:
                raise CasefileError(f"There is no mention {mention_id}.")
            m = dict(taken[0][1])
            entity_id, item_id = int(m["entity_id"]), int(m["item_id"])  # type: ignore[call-overload]
            con.execute("DELETE FROM mentions WHERE id = ?", (mention_id,))
            dropped = drop_unused_entity and not con.execute(
                "SELECT 1 FROM mentions WHERE entity_id = ?1 UNION ALL"
                " SELECT 1 FROM event_entities WHERE entity_id = ?1 UNION ALL"
                " SELECT 1 FROM events WHERE place_id = ?1 LIMIT 1", (entity_id,)).fetchone()
            if dropped:
                taken = (_select(con, "entities", "id = ?", (entity_id,))
                         + _select(con, "entity_aliases", "entity_id = ?", (entity_id,))
                         + taken)
                con.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
                con.execute("INSERT INTO meta(key, value) VALUES ('entities_version', '1') ON"
                            " CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
            custody.append(con, actor=self.actor, action="mention-remove", item_id=item_id,
                           detail={"mention": mention_id, "entity": entity_id,
                                   "page": m["page"], "span": [m["span_start"], m["span_end"]],
                                   "entity_removed": bool(dropped)})
        if m["state"] == "confirmed":
            self.index_items([item_id])
        return Rows("mention", tuple(taken))

    # --- events ---------------------------------------------------------------------------
    def event_rows(self, event_id: int) -> Rows:
        """An event with its people and sources as stored: for putting it back after a
        deletion is undone."""
        con = self.db.con
        rows = _select(con, "events", "id = ?", (event_id,))
        if not rows:
            raise CasefileError(f"There is no event {event_id}.")
        rows += _select(con, "event_entities", "event_id = ?", (event_id,))
        rows += _select(con, "citations", "event_id = ?", (event_id,))
        return Rows("event", tuple(rows))

    def citation_rows(self, citation_id: int) -> Rows:
        rows = _select(self.db.con, "citations", "id = ?", (citation_id,))
        if not rows:
            raise CasefileError(f"There is no source {citation_id}.")
        return Rows("citation", tuple(rows))

    # --- putting back ---------------------------------------------------------------------
    def restore(self, rows: Rows) -> None:
        """Insert removed rows again, with their own ids and values (an undone removal)."""
        if rows.kind not in _KINDS:
            raise CasefileError(f"Cannot put back “{rows.kind}”.")
        ordered = sorted(rows.rows, key=lambda r: _ORDER.index(r[0]))
        items: set[int] = set()
        with self.db.transaction() as con:
            for table, row in ordered:
                cols = [c for c, _v in row]
                try:
                    con.execute(
                        f'INSERT INTO "{table}"({", ".join(cols)})'
                        f' VALUES ({", ".join("?" * len(cols))})', tuple(v for _c, v in row))
                except sqlite3.IntegrityError as e:
                    raise CasefileError(
                        f"The {rows.kind} cannot be put back: what it refers to is gone"
                        f" ({e}).") from e
                values = dict(row)
                if table == "mentions" and values["state"] == "confirmed":
                    items.add(int(values["item_id"]))  # type: ignore[call-overload]
            if any(t == "entities" for t, _r in ordered):
                con.execute("INSERT INTO meta(key, value) VALUES ('entities_version', '1') ON"
                            " CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
            item_id = next(iter(items)) if len(items) == 1 else None
            custody.append(con, actor=self.actor, action=f"{rows.kind}-restore",
                           item_id=item_id, detail={"restored": _counts(ordered)})
        if items:
            self.index_items(sorted(items))
