"""Loading a validated bundle's case.json and files into an archive (see archive.bundle)."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.bundle import original_sha256
from archive.entities import PSEUDONYM_PREFIX
from archive.errors import CasefileError
from archive.storage import sha256_file

if TYPE_CHECKING:
    from archive.protocols import Progress
    from archive.service import Archive

log = logging.getLogger(__name__)


class Importer:
    """One import: old ids (the source archive's) are mapped to new ones as rows go in."""

    def __init__(self, archive: Archive, bag: Path, data: dict[str, Any],
                 source: dict[str, Any], progress: Progress | None) -> None:
        self.archive = archive
        self.bag = bag
        self.data = data
        self.source = source
        self.progress = progress
        self.items: dict[int, int] = {}
        self.entities: dict[int, int] = {}
        self.linked = 0

    def run(self, case: str | None) -> Any:
        from archive.bundle import Imported

        title = case or str(self.data["case"]["title"])
        case_id = self.archive.case_id(title, create=True,
                                       summary=str(self.data["case"].get("summary", "")))
        items = self.data["items"]
        checked = [self._check_file(item) for item in items]  # before anything is written
        for n, (item, (path, sha)) in enumerate(zip(items, checked, strict=True), 1):
            self._item(item, path, sha, case_id)
            if self.progress:
                self.progress(n, len(items) + 1)
        with self.archive.db.transaction() as con:
            for e in self.data.get("entities", ()):
                self._entity(con, e)
            mentions = sum(self._mention(con, m) for m in self.data.get("mentions", ()))
            for tag in self.data["case"].get("tags", ()):
                con.execute("INSERT OR IGNORE INTO case_tags(case_id, tag, added_at)"
                            " VALUES (?,?,?)", (case_id, tag, custody.now_iso()))
            events, citations = self._events(con, case_id)
            custody.append(con, actor=self.archive.actor, action="import-bundle", detail={
                **self.source, "case": title, "items": len(self.items), "linked": self.linked,
                "entities": len(self.entities), "mentions": mentions, "events": events,
                "citations": citations})
        self.archive.index_items(sorted(set(self.items.values())))
        if self.progress:
            self.progress(len(items) + 1, len(items) + 1)
        return Imported(title, len(self.items) - self.linked, self.linked, len(self.entities),
                        mentions, events, citations)

    # --- items ------------------------------------------------------------------------------
    def _check_file(self, item: dict[str, Any]) -> tuple[Path, str]:
        info = item["file"]
        path = (self.bag / info["path"]).resolve()
        if self.bag.resolve() not in path.parents:
            raise CasefileError(f"The bundle names a file outside itself ({info['path']}).")
        sha, _ = sha256_file(path)
        if sha != info["sha256"]:
            raise CasefileError(f"Exhibit {item['exhibit']} of the bundle does not match the"
                                " SHA-256 in its case file. Nothing was imported.")
        return path, sha

    def _item(self, item: dict[str, Any], path: Path, sha: str, case_id: int) -> None:
        archive = self.archive
        archive.storage.store_object(path, sha)
        redacted = bool(item["file"]["redacted"])
        original = original_sha256(item)
        metadata = dict(item.get("metadata") or {})
        if original:
            metadata["redacted_from_sha256"] = original
        now = custody.now_iso()
        parent = self.items.get(int(item["parent_id"])) if item.get("parent_id") else None
        with archive.db.transaction() as con:
            row = con.execute("SELECT id FROM items WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                new_id = int(row[0])
                self.linked += 1
            else:
                new_id = self._insert_item(con, item, sha, redacted, metadata, parent)
            con.execute("INSERT OR IGNORE INTO case_items(case_id, item_id, added_at)"
                        " VALUES (?,?,?)", (case_id, new_id, now))
            for tag in item.get("tags", ()):
                con.execute("INSERT OR IGNORE INTO tags(item_id, tag, added_at) VALUES (?,?,?)",
                            (new_id, tag, now))
            history = [r for r in self.data.get("custody", ())
                       if r.get("item_id") == item["id"]]
            lineage = ({"redacted_from_sha256": original,
                        "copy": "a redacted copy made for export, not the original"}
                       if original else {"original_sha256": item["sha256"]})
            # A redacted copy is logged as such: it never claims to be the evidence itself.
            action = "import-redacted-copy" if redacted else "import-bundle"
            custody.append(con, actor=archive.actor, action=action, item_id=new_id,
                           detail={"bundle": self.source["bundle"], "exhibit": item["exhibit"],
                                   "sha256": sha, **lineage,
                                   "redacted": redacted, "source_item": item["id"],
                                   "already_here": row is not None,
                                   "source_custody": history})
        self.items[int(item["id"])] = new_id

    def _insert_item(self, con: sqlite3.Connection, item: dict[str, Any], sha: str,
                     redacted: bool, metadata: dict[str, Any], parent: int | None) -> int:
        info = item["file"]
        cur = con.execute(
            "INSERT INTO items(sha256, size, mime, filename, kind, title, source, collected_by,"
            " collected_at, ingested_at, languages, status, reason, page_count, parent_id,"
            " notes, metadata, reliability, credibility, indexed)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            (sha, info["size"], info["mime"] if redacted else item["mime"], item["filename"],
             item["kind"], item["title"], item["source"], item["collected_by"],
             item["collected_at"], item["ingested_at"], item["languages"], item["status"],
             item["reason"], item["page_count"], parent, item.get("notes", ""),
             json.dumps(metadata, ensure_ascii=False),
             item.get("grading", {}).get("reliability", ""),
             item.get("grading", {}).get("credibility")))
        new_id = int(cur.lastrowid or 0)
        con.executemany(
            "INSERT INTO pages(item_id, number, text, method, confidence, width, height, error)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [(new_id, p["number"], p["text"], p["method"], p["confidence"], p.get("width", 0),
              p.get("height", 0), p.get("error", "")) for p in item.get("pages", ())])
        return new_id

    # --- entities and mentions ----------------------------------------------------------------
    def _entity(self, con: sqlite3.Connection, e: dict[str, Any]) -> None:
        archive = self.archive
        key = archive.key(e["name"])
        row = con.execute("SELECT id FROM entities WHERE key = ? AND type = ?",
                          (key, e["type"])).fetchone()
        if row is not None:
            new_id = int(row[0])
        else:
            cur = con.execute(
                "INSERT INTO entities(type, name, key, notes, created) VALUES (?,?,?,?,?)",
                (e["type"], e["name"], key, e.get("notes", ""), custody.now_iso()))
            new_id = int(cur.lastrowid or 0)
        for alias in e.get("aliases", ()):
            archive._add_alias(con, new_id, alias)
        if e.get("protected"):
            self._protect(con, new_id, str(e.get("pseudonym") or ""))
        archive._bump(con)
        self.entities[int(e["id"])] = new_id
        for old, new in self.items.items():  # an item's graded source
            src = next((i for i in self.data["items"] if int(i["id"]) == old), None)
            if src and src.get("grading", {}).get("source_entity_id") == e["id"]:
                con.execute("UPDATE items SET source_entity_id = ? WHERE id = ?"
                            " AND source_entity_id IS NULL", (new_id, new))

    def _protect(self, con: sqlite3.Connection, entity_id: int, pseudonym: str) -> None:
        """Keep the bundle's pseudonym when it is free here, so people can be talked about by
        the same code in both archives; else a new one."""
        taken = con.execute("SELECT id FROM entities WHERE pseudonym = ?",
                            (pseudonym,)).fetchone()
        current = con.execute("SELECT pseudonym FROM entities WHERE id = ?",
                              (entity_id,)).fetchone()
        if current is not None and current[0]:
            con.execute("UPDATE entities SET protected = 1 WHERE id = ?", (entity_id,))
            return
        if pseudonym and taken is None:
            con.execute("UPDATE entities SET protected = 1, pseudonym = ? WHERE id = ?",
                        (pseudonym, entity_id))
            m = re.fullmatch(re.escape(PSEUDONYM_PREFIX) + r"(\d+)", pseudonym)
            if m:
                got = con.execute("SELECT value FROM meta WHERE key = 'pseudonym_next'"
                                  ).fetchone()
                after = max(int(got[0]) if got else 1, int(m.group(1)) + 1)
                con.execute("INSERT INTO meta(key, value) VALUES ('pseudonym_next', ?)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            (str(after),))
            return
        self.archive._assign_pseudonym(con, entity_id)

    def _mention(self, con: sqlite3.Connection, m: dict[str, Any]) -> int:
        item_id = self.items.get(int(m["item_id"]))
        entity_id = self.entities.get(int(m["entity_id"]))
        if item_id is None or entity_id is None:
            return 0
        exists = con.execute(
            "SELECT 1 FROM mentions WHERE entity_id = ? AND item_id = ? AND page = ?"
            " AND span_start = ? AND span_end = ?",
            (entity_id, item_id, m["page"], m["start"], m["end"])).fetchone()
        if exists:
            return 0
        con.execute(
            "INSERT INTO mentions(entity_id, item_id, page, span_start, span_end, quote,"
            " quote_key, origin, state, created, decided) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (entity_id, item_id, m["page"], m["start"], m["end"], m["quote"],
             self.archive.key(m["quote"]), m["origin"], m["state"], m["created"],
             m.get("decided", "")))
        return 1

    # --- events and citations -----------------------------------------------------------------
    def _events(self, con: sqlite3.Connection, case_id: int) -> tuple[int, int]:
        events = self.data.get("events", ())
        if not events:
            return 0, 0
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone() is None:
            raise CasefileError("This bundle holds events, which this archive cannot store yet.")
        citations = 0
        for ev in events:
            start, end = ev["start"], ev.get("end") or {}
            place = self.entities.get(int(ev["place_id"])) if ev.get("place_id") else None
            cur = con.execute(
                "INSERT INTO events(case_id, title, description, start_text, start_earliest,"
                " start_latest, start_precision, end_text, end_earliest, end_latest,"
                " end_precision, place_id, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (case_id, ev["title"], ev.get("description", ""), start["text"],
                 start["earliest"], start["latest"], start["precision"], end.get("text", ""),
                 end.get("earliest", ""), end.get("latest", ""), end.get("precision", ""),
                 place, ev.get("created") or custody.now_iso(), ev.get("modified", "")))
            event_id = int(cur.lastrowid or 0)
            for p in ev.get("entities", ()):
                entity_id = self.entities.get(int(p["entity_id"]))
                if entity_id is not None:
                    con.execute("INSERT OR IGNORE INTO event_entities(event_id, entity_id, role,"
                                " added_at) VALUES (?,?,?,?)",
                                (event_id, entity_id, p["role"], custody.now_iso()))
            for c in ev.get("citations", ()):
                item_id = self.items.get(int(c["item_id"]))
                if item_id is None:
                    continue
                stated = c.get("stated") or {}
                con.execute(
                    "INSERT INTO citations(event_id, item_id, page, span_start, span_end, quote,"
                    " stated_text, stated_earliest, stated_latest, stated_precision, note,"
                    " created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (event_id, item_id, c["page"], c.get("start"), c.get("end"), c["quote"],
                     stated.get("text", ""), stated.get("earliest", ""),
                     stated.get("latest", ""), stated.get("precision", ""), c.get("note", ""),
                     c.get("created") or custody.now_iso()))
                citations += 1
        return len(events), citations
