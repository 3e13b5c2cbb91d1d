"""Labels on evidence: tags on cases (and counts of all tags), an item's graded source."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from archive import custody
from archive.entity_models import CREDIBILITY, RELIABILITY, SOURCE, Entity, TagCount
from archive.errors import CasefileError, EntityNotFound

if TYPE_CHECKING:
    from archive.db import Database
    from archive.models import Item

log = logging.getLogger(__name__)


def grade_set(value: str, allowed: str, what: str) -> list[str]:
    """"A", "AB", "A-C", "a,b" -> the grades they name; a clear error for anything else."""
    text = value.replace(",", "").replace(" ", "").upper()
    out: list[str] = []
    i = 0
    while i < len(text):
        if i + 2 < len(text) and text[i + 1] == "-":
            lo, hi = text[i], text[i + 2]
            if lo in allowed and hi in allowed and allowed.index(lo) <= allowed.index(hi):
                out += allowed[allowed.index(lo):allowed.index(hi) + 1]
                i += 3
                continue
        if text[i] not in allowed:
            raise CasefileError(f"“{value}” is not a {what}: use {allowed[0]}-{allowed[-1]}.")
        out.append(text[i])
        i += 1
    if not out:
        raise CasefileError(f"Give a {what}: {allowed[0]}-{allowed[-1]}.")
    return sorted(set(out), key=allowed.index)


def grade_filter(
    reliability: str | None, credibility: str | None
) -> tuple[list[str], list[object]]:
    """SQL conditions (and parameters) on items for reliability/credibility filters."""
    where: list[str] = []
    params: list[object] = []
    if reliability:
        grades = grade_set(reliability, RELIABILITY, "reliability grade (Admiralty code)")
        where.append(f"reliability IN ({','.join('?' * len(grades))})")
        params += grades
    if credibility:
        digits = "".join(map(str, CREDIBILITY))
        grades = grade_set(credibility, digits, "credibility grade")
        where.append(f"credibility IN ({','.join('?' * len(grades))})")
        params += [int(g) for g in grades]
    return where, params


class LabelFeatures:
    """Mixed into Archive: needs its database, cases, items and the entity features."""

    db: Database

    if TYPE_CHECKING:  # provided by Archive and EntityFeatures

        @property
        def actor(self) -> str: ...

        def case_id(self, title_or_id: str | int, *, create: bool = False,
                    summary: str = "") -> int: ...

        def item(self, item_id: int) -> Item: ...

        def entity(self, name_or_id: str | int) -> Entity: ...

        def add_entity(self, name: str, type: str, *, aliases: Iterable[str] = (),
                       notes: str = "", protected: bool = False) -> Entity: ...

        def index_items(self, item_ids: Sequence[int]) -> None: ...

    # --- tags on cases --------------------------------------------------------------------
    def case_tags(self, case: str | int) -> tuple[str, ...]:
        return tuple(str(r[0]) for r in self.db.execute(
            "SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag", (self.case_id(case),)))

    def tag_case(self, case: str | int, tag: str) -> None:
        tag = " ".join(tag.split())
        if not tag:
            raise CasefileError("A tag needs some text.")
        case_id = self.case_id(case)
        with self.db.transaction() as con:
            con.execute("INSERT OR IGNORE INTO case_tags(case_id, tag, added_at) VALUES (?,?,?)",
                        (case_id, tag, custody.now_iso()))
            custody.append(con, actor=self.actor, action="case-tag",
                           detail={"case": case_id, "tag": tag})

    def untag_case(self, case: str | int, tag: str) -> None:
        case_id = self.case_id(case)
        with self.db.transaction() as con:
            gone = con.execute("DELETE FROM case_tags WHERE case_id = ? AND tag = ?",
                               (case_id, tag.strip())).rowcount
            if not gone:
                raise CasefileError(f"The case has no tag “{tag.strip()}”.")
            custody.append(con, actor=self.actor, action="case-untag",
                           detail={"case": case_id, "tag": tag.strip()})

    def tag_counts(self) -> list[TagCount]:
        """Every tag with how many items and cases carry it, most used first."""
        rows = self.db.execute(
            "SELECT tag, SUM(on_item), SUM(on_case) FROM ("
            " SELECT tag COLLATE NOCASE AS tag, 1 AS on_item, 0 AS on_case FROM tags"
            " UNION ALL SELECT tag COLLATE NOCASE, 0, 1 FROM case_tags)"
            " GROUP BY tag COLLATE NOCASE ORDER BY SUM(on_item) + SUM(on_case) DESC, tag"
        ).fetchall()
        return [TagCount(str(r[0]), int(r[1]), int(r[2])) for r in rows]

    # --- sources and grading --------------------------------------------------------------
    def grade_source(
        self, item_id: int, *, source: str | int, reliability: str, credibility: int,
    ) -> Item:
        """Name an item's source (an entity; a new one of type "source" if none has that
        name) with its reliability (Admiralty A-F) and the item's credibility (1-6)."""
        self.item(item_id)
        grade = reliability.strip().upper()
        if len(grade) != 1 or grade not in RELIABILITY:
            raise CasefileError(f"“{reliability}” is not a reliability grade: use A-F"
                                " (A completely reliable, F cannot be judged).")
        if credibility not in CREDIBILITY:
            raise CasefileError(f"“{credibility}” is not a credibility grade: use 1-6"
                                " (1 confirmed by other sources, 6 cannot be judged).")
        try:
            entity = self.entity(source)
        except EntityNotFound:
            entity = self.add_entity(str(source), SOURCE)
        with self.db.transaction() as con:
            con.execute("UPDATE items SET source_entity_id = ?, reliability = ?, credibility = ?"
                        " WHERE id = ?", (entity.id, grade, credibility, item_id))
            custody.append(con, actor=self.actor, action="grade", item_id=item_id, detail={
                "source": entity.id, "source_name": entity.display_name,
                "reliability": grade, "credibility": credibility})
        self.index_items([item_id])  # reliability: and credibility: searches, and facets
        return self.item(item_id)

    def items_from(self, source: str | int) -> Sequence[int]:
        """Items whose source is this entity."""
        entity = self.entity(source)
        return [int(r[0]) for r in self.db.execute(
            "SELECT id FROM items WHERE source_entity_id = ? ORDER BY id", (entity.id,))]

    def clear_grade(self, item_id: int) -> Item:
        """The item's source and grades removed (logged: the earlier grade stays in custody)."""
        before = self.item(item_id)
        with self.db.transaction() as con:
            con.execute("UPDATE items SET source_entity_id = NULL, reliability = '',"
                        " credibility = NULL WHERE id = ?", (item_id,))
            custody.append(con, actor=self.actor, action="ungrade", item_id=item_id, detail={
                "source_name": before.source_entity, "reliability": before.reliability,
                "credibility": before.credibility})
        self.index_items([item_id])
        return self.item(item_id)

    # --- titles ---------------------------------------------------------------------------
    def retitle_item(self, item_id: int, title: str) -> Item:
        """Give an item a title people recognise (its file name stays as it was; logged with
        the title before and after)."""
        title = " ".join(title.split())
        if not title:
            raise CasefileError("A title needs some text.")
        before = self.item(item_id)
        if title == before.title:
            return before
        with self.db.transaction() as con:
            con.execute("UPDATE items SET title = ? WHERE id = ?", (title, item_id))
            custody.append(con, actor=self.actor, action="retitle", item_id=item_id,
                           detail={"from": before.title, "to": title})
        self.index_items([item_id])
        return self.item(item_id)
