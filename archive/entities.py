"""Entities of the archive: add, find, rename, aliases, protect, merge, split and delete."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.entity_models import ENTITY_TYPES, Entity
from archive.errors import AmbiguousEntity, CasefileError, EntityNotFound

if TYPE_CHECKING:
    from archive.db import Database
    from archive.watchlist import Normalizer

log = logging.getLogger(__name__)

PSEUDONYM_PREFIX = "W-"
_COLUMNS = "id, type, name, notes, protected, COALESCE(pseudonym, '')"


def clean_name(name: str) -> str:
    return " ".join(name.split())


class EntityFeatures:
    """Mixed into Archive: needs its database, actor, normaliser and index_items."""

    db: Database
    normalizer: Normalizer

    if TYPE_CHECKING:  # provided by Archive

        @property
        def actor(self) -> str: ...

        def index_items(self, item_ids: Sequence[int]) -> None: ...

    # --- reading --------------------------------------------------------------------------
    def key(self, name: str) -> str:
        """The form names are compared in: the index's normalisation, spaces collapsed."""
        return " ".join(self.normalizer(name).split())

    def _entities_from_rows(self, rows: Iterable[Sequence[Any]]) -> list[Entity]:
        rows = list(rows)
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        marks = ",".join("?" * len(ids))
        aliases: dict[int, list[str]] = {}
        for eid, alias in self.db.execute(
            f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks})"
            " ORDER BY alias", tuple(ids)):
            aliases.setdefault(int(eid), []).append(str(alias))
        counts = dict(self.db.execute(
            f"SELECT entity_id, COUNT(*) FROM mentions WHERE entity_id IN ({marks})"
            " AND state != 'rejected' GROUP BY entity_id", tuple(ids)).fetchall())
        return [
            Entity(int(r[0]), str(r[1]), str(r[2]), tuple(aliases.get(int(r[0]), ())),
                   str(r[3]), bool(r[4]), str(r[5]), int(counts.get(r[0], 0)))
            for r in rows
        ]

    def entities(self, *, type: str | None = None) -> list[Entity]:
        sql = f"SELECT {_COLUMNS} FROM entities"
        params: tuple[object, ...] = ()
        if type is not None:
            self._check_type(type)
            sql += " WHERE type = ?"
            params = (type,)
        return self._entities_from_rows(
            self.db.execute(sql + " ORDER BY name COLLATE NOCASE, id", params).fetchall())

    def entity(self, name_or_id: str | int) -> Entity:
        """An entity by number, name, alias or pseudonym; a name two entities share is an
        error that lists them."""
        return self._entities_from_rows([self._entity_row(name_or_id)])[0]

    def _entity_row(self, name_or_id: str | int) -> Sequence[Any]:
        text = str(name_or_id).strip().removeprefix("#")
        if text.isdigit():
            row = self.db.execute(f"SELECT {_COLUMNS} FROM entities WHERE id = ?",
                                  (int(text),)).fetchone()
            if row is not None:
                return tuple(row)
        key = self.key(text)
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM entities WHERE key = ? OR pseudonym = ? COLLATE NOCASE"
            " OR id IN (SELECT entity_id FROM entity_aliases WHERE key = ?) ORDER BY id",
            (key, text, key)).fetchall()
        if not rows:
            raise EntityNotFound(f"There is no entity called “{text}”. `entity list` shows them.")
        if len(rows) > 1:
            which = ", ".join(f"{r[0]} ({r[1]})" for r in rows)
            raise AmbiguousEntity(
                f"Several entities are called “{text}”: numbers {which}. Give the number.")
        return tuple(rows[0])

    def _check_type(self, type_: str) -> None:
        if type_ not in ENTITY_TYPES:
            raise CasefileError(
                f"Unknown entity type “{type_}”; use one of: {', '.join(ENTITY_TYPES)}.")

    def _bump(self, con: sqlite3.Connection) -> None:
        """Entities changed: watchlists built before are out of date."""
        con.execute("INSERT INTO meta(key, value) VALUES ('entities_version', '1')"
                    " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def _shown(self, entity: Entity) -> str:
        """How the custody log names an entity: a protected one only by its pseudonym."""
        return entity.display_name

    def _confirmed_items(self, entity_ids: Iterable[int]) -> list[int]:
        ids = list(entity_ids)
        marks = ",".join("?" * len(ids))
        return [int(r[0]) for r in self.db.execute(
            f"SELECT DISTINCT item_id FROM mentions WHERE entity_id IN ({marks})"
            " AND state = 'confirmed' ORDER BY item_id", tuple(ids))]

    # --- changing -------------------------------------------------------------------------
    def add_entity(
        self, name: str, type: str, *, aliases: Iterable[str] = (),
        notes: str = "", protected: bool = False,
    ) -> Entity:
        name = clean_name(name)
        if not name:
            raise CasefileError("An entity needs a name.")
        self._check_type(type)
        aliases = [clean_name(a) for a in aliases if clean_name(a)]
        with self.db.transaction() as con:
            entity_id = self._insert_entity(con, name, type, notes=notes)
            for alias in aliases:
                self._add_alias(con, entity_id, alias)
            pseudonym = self._assign_pseudonym(con, entity_id) if protected else ""
            custody.append(con, actor=self.actor, action="entity-add", detail={
                "entity": entity_id, "type": type, "name": pseudonym or name,
                "aliases": len(aliases) if protected else aliases, "protected": protected})
        return self.entity(entity_id)

    def _insert_entity(self, con: sqlite3.Connection, name: str, type_: str, *,
                       notes: str = "") -> int:
        cur = con.execute(
            "INSERT INTO entities(type, name, key, notes, created) VALUES (?, ?, ?, ?, ?)",
            (type_, name, self.key(name), notes, custody.now_iso()))
        self._bump(con)
        return int(cur.lastrowid or 0)

    def _add_alias(self, con: sqlite3.Connection, entity_id: int, alias: str) -> bool:
        alias = clean_name(alias)
        key = self.key(alias)
        if not key:
            return False
        own = con.execute("SELECT key FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if own is not None and own[0] == key:
            return False
        added = con.execute(
            "INSERT OR IGNORE INTO entity_aliases(entity_id, alias, key) VALUES (?, ?, ?)",
            (entity_id, alias, key)).rowcount
        self._bump(con)
        return bool(added)

    def _assign_pseudonym(self, con: sqlite3.Connection, entity_id: int) -> str:
        row = con.execute("SELECT pseudonym FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is not None and row[0]:
            con.execute("UPDATE entities SET protected = 1 WHERE id = ?", (entity_id,))
            return str(row[0])
        got = con.execute("SELECT value FROM meta WHERE key = 'pseudonym_next'").fetchone()
        number = int(got[0]) if got else 1
        pseudonym = f"{PSEUDONYM_PREFIX}{number:03d}"
        con.execute("INSERT INTO meta(key, value) VALUES ('pseudonym_next', ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(number + 1),))
        con.execute("UPDATE entities SET protected = 1, pseudonym = ? WHERE id = ?",
                    (pseudonym, entity_id))
        return pseudonym

    def protect_entity(self, name_or_id: str | int, *, protected: bool = True) -> Entity:
        """Mark a victim or witness: shown everywhere outside the archive by a pseudonym
        ("W-017") given now and kept for good (unprotecting keeps it for later)."""
        entity = self.entity(name_or_id)
        with self.db.transaction() as con:
            if protected:
                pseudonym = self._assign_pseudonym(con, entity.id)
            else:
                con.execute("UPDATE entities SET protected = 0 WHERE id = ?", (entity.id,))
                pseudonym = entity.pseudonym
            self._bump(con)
            custody.append(con, actor=self.actor, action="entity-protect", detail={
                "entity": entity.id, "pseudonym": pseudonym, "protected": protected})
        self.index_items(self._confirmed_items([entity.id]))
        return self.entity(entity.id)

    def rename_entity(self, name_or_id: str | int, new_name: str, *,
                      keep_alias: bool = True) -> Entity:
        """Give an entity a new canonical name; the old one stays as an alias by default."""
        entity = self.entity(name_or_id)
        new_name = clean_name(new_name)
        if not new_name:
            raise CasefileError("An entity needs a name.")
        with self.db.transaction() as con:
            con.execute("UPDATE entities SET name = ?, key = ? WHERE id = ?",
                        (new_name, self.key(new_name), entity.id))
            con.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND key = ?",
                        (entity.id, self.key(new_name)))
            if keep_alias:
                self._add_alias(con, entity.id, entity.name)
            self._bump(con)
            custody.append(con, actor=self.actor, action="entity-rename", detail={
                "entity": entity.id,
                "from": entity.pseudonym if entity.protected else entity.name,
                "to": entity.pseudonym if entity.protected else new_name})
        self.index_items(self._confirmed_items([entity.id]))
        return self.entity(entity.id)

    def alias_entity(self, name_or_id: str | int, alias: str, *, remove: bool = False) -> Entity:
        """Add (or remove) another name of an entity: any script, any spelling."""
        entity = self.entity(name_or_id)
        with self.db.transaction() as con:
            if remove:
                changed = con.execute(
                    "DELETE FROM entity_aliases WHERE entity_id = ? AND key = ?",
                    (entity.id, self.key(alias))).rowcount > 0
                if not changed:
                    raise CasefileError(f"“{alias}” is not an alias of {entity.display_name}.")
                self._bump(con)
            elif not self._add_alias(con, entity.id, alias):
                raise CasefileError(f"{entity.display_name} is already called “{alias}”.")
            custody.append(con, actor=self.actor, action="entity-alias", detail={
                "entity": entity.id, "alias": "(protected)" if entity.protected else alias,
                "removed": remove})
        self.index_items(self._confirmed_items([entity.id]))
        return self.entity(entity.id)

    def merge_entities(self, keep: str | int, other: str | int) -> Entity:
        """Fold ``other`` into ``keep``: its mentions, name, aliases, notes and sources move;
        nothing is lost. The kept entity is protected if either was."""
        a, b = self.entity(keep), self.entity(other)
        if a.id == b.id:
            raise CasefileError("An entity cannot be merged with itself.")
        affected = self._confirmed_items([a.id, b.id])
        with self.db.transaction() as con:
            moved = con.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?",
                                (a.id, b.id)).rowcount
            con.execute("UPDATE items SET source_entity_id = ? WHERE source_entity_id = ?",
                        (a.id, b.id))
            # Its places and roles in events move too (a role both already had is kept once).
            con.execute("UPDATE events SET place_id = ? WHERE place_id = ?", (a.id, b.id))
            con.execute("UPDATE OR IGNORE event_entities SET entity_id = ? WHERE entity_id = ?",
                        (a.id, b.id))
            for alias in (b.name, *b.aliases):
                self._add_alias(con, a.id, alias)
            if b.notes:
                notes = f"{a.notes}\n{b.notes}".strip()
                con.execute("UPDATE entities SET notes = ? WHERE id = ?", (notes, a.id))
            con.execute("DELETE FROM entities WHERE id = ?", (b.id,))
            if b.pseudonym and not a.pseudonym:
                con.execute("UPDATE entities SET pseudonym = ? WHERE id = ?", (b.pseudonym, a.id))
            if b.protected:
                self._assign_pseudonym(con, a.id)
            self._bump(con)
            custody.append(con, actor=self.actor, action="entity-merge", detail={
                "kept": a.id, "merged": b.id, "kept_name": self._shown(a),
                "merged_name": self._shown(b), "mentions_moved": moved,
                "aliases_moved": 0 if b.protected else [b.name, *b.aliases]})
        self.index_items(affected)
        return self.entity(a.id)

    def split_alias(self, name_or_id: str | int, alias: str) -> Entity:
        """Undo part of a merge: ``alias`` becomes an entity of its own (same type), taking
        the mentions whose quote reads as that alias."""
        entity = self.entity(name_or_id)
        key = self.key(alias)
        if key not in {self.key(a) for a in entity.aliases}:
            raise CasefileError(f"“{alias}” is not an alias of {entity.display_name}.")
        shown = next(a for a in entity.aliases if self.key(a) == key)
        with self.db.transaction() as con:
            con.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND key = ?",
                        (entity.id, key))
            new_id = self._insert_entity(con, shown, entity.type)
            moved = con.execute(
                "UPDATE mentions SET entity_id = ? WHERE entity_id = ? AND quote_key = ?",
                (new_id, entity.id, key)).rowcount
            if entity.protected:
                self._assign_pseudonym(con, new_id)
            custody.append(con, actor=self.actor, action="entity-split", detail={
                "entity": entity.id, "new_entity": new_id, "mentions_moved": moved,
                "alias": "(protected)" if entity.protected else shown})
        self.index_items(self._confirmed_items([entity.id, new_id]))
        return self.entity(new_id)

    def delete_entity(self, name_or_id: str | int) -> int:
        """Delete an entity and all its mentions (logged). Returns how many mentions went."""
        entity = self.entity(name_or_id)
        affected = self._confirmed_items([entity.id])
        with self.db.transaction() as con:
            gone = con.execute("DELETE FROM mentions WHERE entity_id = ?",
                               (entity.id,)).rowcount
            con.execute("DELETE FROM entities WHERE id = ?", (entity.id,))
            self._bump(con)
            custody.append(con, actor=self.actor, action="entity-delete", detail={
                "entity": entity.id, "type": entity.type, "name": self._shown(entity),
                "mentions_deleted": gone})
        self.index_items(affected)
        return int(gone)

    def set_entity_notes(self, name_or_id: str | int, notes: str) -> Entity:
        entity = self.entity(name_or_id)
        with self.db.transaction() as con:
            con.execute("UPDATE entities SET notes = ? WHERE id = ?", (notes, entity.id))
            custody.append(con, actor=self.actor, action="entity-notes",
                           detail={"entity": entity.id})
        return self.entity(entity.id)
