"""Mentions of entities in items: tag by hand, confirm or reject suggestions, an entity's page."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.dates import dates_of
from archive.entity_models import (
    CONFIRMED,
    MANUAL,
    REJECTED,
    STATES,
    SUGGESTED,
    CaseMentions,
    Entity,
    EntityPage,
    ItemMentions,
    Mention,
    MentionCounts,
    MentionInContext,
)
from archive.errors import CasefileError, EntityNotFound

if TYPE_CHECKING:
    from archive.db import Database
    from archive.models import Item

log = logging.getLogger(__name__)

SNIPPET_CHARS = 60
_ACTIONS = {CONFIRMED: "mention-confirm", REJECTED: "mention-reject",
            SUGGESTED: "mention-unconfirm"}
_MENTION_SQL = (
    "SELECT m.id, m.entity_id, m.item_id, m.page, m.span_start, m.span_end, m.quote, m.origin,"
    " m.state, m.created, e.type,"
    " CASE WHEN e.protected AND e.pseudonym IS NOT NULL THEN e.pseudonym ELSE e.name END"
    " FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


def _mention(r: Sequence[Any]) -> Mention:
    return Mention(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]), str(r[6]),
                   str(r[7]), str(r[8]), str(r[9]), str(r[10]), str(r[11]))


def snippet(text: str, start: int, end: int, width: int = SNIPPET_CHARS) -> str:
    """The text around [start, end) on one line, the quote in [brackets]."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    out = ("…" if start > width else "") + before + "[" + text[start:end] + "]" + after
    return " ".join((out + ("…" if end + width < len(text) else "")).split())


class MentionFeatures:
    """Mixed into Archive: needs its database, items, pages and the entity features."""

    db: Database

    if TYPE_CHECKING:  # provided by Archive and EntityFeatures

        @property
        def actor(self) -> str: ...

        def index_items(self, item_ids: Sequence[int]) -> None: ...

        def item(self, item_id: int) -> Item: ...

        def item_metadata(self, item_id: int) -> dict[str, object]: ...

        def page_text(self, item_id: int, page: int) -> str: ...

        def key(self, name: str) -> str: ...

        def entity(self, name_or_id: str | int) -> Entity: ...

        def add_entity(self, name: str, type: str, *, aliases: Iterable[str] = (),
                       notes: str = "", protected: bool = False) -> Entity: ...

        def _entities_from_rows(self, rows: Iterable[Sequence[Any]]) -> list[Entity]: ...

    def mentions(
        self, *, entity: str | int | None = None, item_id: int | None = None,
        state: str | None = None, limit: int | None = None,
    ) -> list[Mention]:
        where: list[str] = []
        params: list[object] = []
        if entity is not None:
            where.append("m.entity_id = ?")
            params.append(self.entity(entity).id)
        if item_id is not None:
            where.append("m.item_id = ?")
            params.append(item_id)
        if state is not None:
            if state not in STATES:
                raise CasefileError(f"Unknown state “{state}”; use one of {', '.join(STATES)}.")
            where.append("m.state = ?")
            params.append(state)
        sql = _MENTION_SQL + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY m.item_id, m.page, m.span_start, m.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_mention(r) for r in self.db.execute(sql, tuple(params)).fetchall()]

    def mention_counts(self, entity_ids: Iterable[int] | None = None) -> dict[int, MentionCounts]:
        """Per entity (all, or these), its mentions counted by state in SQLite; entities
        without mentions are left out."""
        sql = "SELECT entity_id, state, COUNT(*) FROM mentions"
        params: tuple[int, ...] = ()
        if entity_ids is not None:
            params = tuple(entity_ids)
            if not params:
                return {}
            sql += f" WHERE entity_id IN ({','.join('?' * len(params))})"
        by_entity: dict[int, dict[str, int]] = defaultdict(dict)
        for entity_id, state, n in self.db.execute(sql + " GROUP BY entity_id, state", params):
            if state in STATES:
                by_entity[int(entity_id)][str(state)] = int(n)
        return {e: MentionCounts(**counts) for e, counts in by_entity.items()}

    def mention(self, mention_id: int) -> Mention:
        r = self.db.execute(_MENTION_SQL + " WHERE m.id = ?", (mention_id,)).fetchone()
        if r is None:
            raise CasefileError(f"There is no mention {mention_id}.")
        return _mention(r)

    def tag_span(
        self, item_id: int, page: int, start: int, end: int, entity: str | int, *,
        type: str | None = None,
    ) -> Mention:
        """Tag a span of a page by hand as a mention of ``entity`` (confirmed at once). With
        ``type``, an entity of that name is created when there is none yet."""
        self.item(item_id)
        text = self.page_text(item_id, page)
        if not 0 <= start < end <= len(text):
            raise CasefileError(f"Characters {start}-{end} are not on page {page} of item"
                                f" {item_id} (it has {len(text)}).")
        try:
            target = self.entity(entity)
        except EntityNotFound:
            if type is None:
                raise
            target = self.add_entity(str(entity), type)
        quote = text[start:end]
        with self.db.transaction() as con:
            cur = con.execute(
                "INSERT INTO mentions(entity_id, item_id, page, span_start, span_end, quote,"
                " quote_key, origin, state, created, decided) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (target.id, item_id, page, start, end, quote, self.key(quote), MANUAL,
                 CONFIRMED, custody.now_iso(), custody.now_iso()))
            mention_id = int(cur.lastrowid or 0)
            custody.append(con, actor=self.actor, action="mention-add", item_id=item_id,
                           detail={"mention": mention_id, "entity": target.id, "page": page,
                                   "span": [start, end]})
        self.index_items([item_id])
        return self.mention(mention_id)

    def confirm_mentions(self, mention_ids: Iterable[int]) -> int:
        return self._decide(mention_ids, CONFIRMED)

    def reject_mentions(self, mention_ids: Iterable[int]) -> int:
        """Reject suggestions: they do not come back when detection runs again."""
        return self._decide(mention_ids, REJECTED)

    def decide_suggested(self, entity: str | int, *, confirm: bool) -> int:
        """Confirm (or reject) every suggested mention of an entity at once."""
        ids = [m.id for m in self.mentions(entity=entity, state=SUGGESTED)]
        return self._decide(ids, CONFIRMED if confirm else REJECTED)

    def _decide(self, mention_ids: Iterable[int], state: str) -> int:
        ids = sorted(set(mention_ids))
        rows = []
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            rows += self.db.execute(
                f"SELECT id, item_id, entity_id, state FROM mentions WHERE id IN"
                f" ({','.join('?' * len(chunk))})", tuple(chunk)).fetchall()
        missing = set(ids) - {int(r[0]) for r in rows}
        if missing:
            raise CasefileError(f"There is no mention {min(missing)}.")
        changed = [r for r in rows if r[3] != state]
        by_item: dict[int, list[Any]] = defaultdict(list)
        for r in changed:
            by_item[int(r[1])].append(r)
        now = custody.now_iso()
        with self.db.transaction() as con:
            for item_id, item_rows in sorted(by_item.items()):  # one custody row per item
                con.executemany("UPDATE mentions SET state = ?, decided = ? WHERE id = ?",
                                [(state, now, r[0]) for r in item_rows])
                custody.append(con, actor=self.actor, action=_ACTIONS[state],
                               item_id=item_id, detail={
                                   "mentions": [int(r[0]) for r in item_rows],
                                   "entities": sorted({int(r[2]) for r in item_rows})})
        reindex = sorted({int(r[1]) for r in changed if CONFIRMED in (state, r[3])})
        self.index_items(reindex)
        return len(changed)

    # --- what the index and the entity page see -------------------------------------------
    def _entity_names(self, item_id: int) -> tuple[str, ...]:
        """Names of the entities *confirmed* in an item, for entity: searches and facets:
        canonical names and aliases; a protected entity only under its pseudonym."""
        rows = self.db.execute(
            "SELECT e.id, e.name, e.protected, e.pseudonym FROM entities e WHERE e.id IN"
            " (SELECT entity_id FROM mentions WHERE item_id = ? AND state = 'confirmed')"
            " ORDER BY e.id", (item_id,)).fetchall()
        names: list[str] = []
        for eid, name, protected, pseudonym in rows:
            if protected and pseudonym:
                names.append(str(pseudonym))
                continue
            names.append(str(name))
            names += [str(a[0]) for a in self.db.execute(
                "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (eid,))]
        return tuple(dict.fromkeys(names))

    def item_date(self, item_id: int) -> str:
        """The date an item bears (sent, published; or captured), else when it was collected,
        else when it was ingested: YYYY-MM-DD or ""."""
        bears, _ = dates_of(self.item_metadata(item_id))
        item = self.item(item_id)
        return (bears or item.collected_at or item.ingested_at)[:10]

    def entity_page(self, entity: str | int) -> EntityPage:
        """Everything about one entity: its mentions (not the rejected) with snippets grouped
        by case and item, the entities seen in the same items, first and last appearance."""
        target = self.entity(entity)
        found = [m for m in self.mentions(entity=target.id) if m.state != REJECTED]
        texts: dict[tuple[int, int], str] = {}
        dates: dict[int, str] = {}
        by_item: dict[int, list[MentionInContext]] = defaultdict(list)
        for m in found:
            key = (m.item_id, m.page)
            if key not in texts:
                texts[key] = self.page_text(m.item_id, m.page)
            if m.item_id not in dates:
                dates[m.item_id] = self.item_date(m.item_id)
            by_item[m.item_id].append(MentionInContext(
                m, snippet(texts[key], m.start, m.end), dates[m.item_id]))
        by_case: dict[str, list[ItemMentions]] = defaultdict(list)
        for item_id in sorted(by_item, key=lambda i: (dates[i], i)):
            item = self.item(item_id)
            block = ItemMentions(item_id, item.title, tuple(by_item[item_id]), item.grade)
            for case in item.cases or ("",):
                by_case[case].append(block)
        known = sorted(d for d in dates.values() if d)
        return EntityPage(
            target, tuple(CaseMentions(c, tuple(v)) for c, v in sorted(by_case.items())),
            self._co_occurring(target.id), known[0] if known else "",
            known[-1] if known else "")

    def _co_occurring(self, entity_id: int, limit: int = 50) -> tuple[tuple[Entity, int], ...]:
        rows = self.db.execute(
            "SELECT m2.entity_id, COUNT(DISTINCT m2.item_id) AS n FROM mentions m1"
            " JOIN mentions m2 ON m2.item_id = m1.item_id AND m2.entity_id != m1.entity_id"
            " WHERE m1.entity_id = ? AND m1.state != 'rejected' AND m2.state != 'rejected'"
            " GROUP BY m2.entity_id ORDER BY n DESC, m2.entity_id LIMIT ?",
            (entity_id, limit)).fetchall()
        counts = {int(r[0]): int(r[1]) for r in rows}
        if not counts:
            return ()
        marks = ",".join("?" * len(counts))
        entities = self._entities_from_rows(self.db.execute(
            "SELECT id, type, name, notes, protected, COALESCE(pseudonym, '') FROM entities"
            f" WHERE id IN ({marks})", tuple(counts)).fetchall())
        entities.sort(key=lambda e: (-counts[e.id], e.id))
        return tuple((e, counts[e.id]) for e in entities)
