"""A case as plain data for exports (case.json of a bundle, CSV, FtM, load files): items with
their metadata, hashes and text, entities, mentions, events, citations, tags, custody rows —
redacted through a plan when the export is."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archive import custody
from archive.errors import CasefileError
from archive.redaction import RedactionPlan, apply_cuts

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

SCHEMA = "casefile-case"
SCHEMA_VERSION = 2  # 2: a redacted exhibit is listed by its own hash, the original as lineage


@dataclass
class PageMaps:
    """Per (item, page): the redacted text and how offsets moved (identity when unredacted)."""

    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    maps: dict[tuple[int, int], Callable[[int], int]] = field(default_factory=dict)

    def offset(self, item_id: int, page: int, offset: int) -> int:
        remap = self.maps.get((item_id, page))
        return offset if remap is None else remap(offset)


def exhibit_number(n: int) -> str:
    return f"E-{n:03d}"


def exhibit_numbers(ids: Sequence[int]) -> dict[int, str]:
    """The exhibit number each exported item gets: E-001, E-002… in the order given (the
    case's items by id). One rule for the dossier, the other exports and the item list."""
    return {item_id: exhibit_number(n) for n, item_id in enumerate(ids, 1)}


def selected_items(archive: Archive, case: str | int, item_ids: Sequence[int] | None
                   ) -> list[int]:
    """The items to export: the case's (with their attachments and members), or the chosen
    ones, which must be in the case."""
    in_case = [i.id for i in archive.items(case=case)]
    if not item_ids:
        if not in_case:
            raise CasefileError(f"The case “{archive.case(case).title}” has no items to export.")
        return in_case
    missing = sorted(set(item_ids) - set(in_case))
    if missing:
        raise CasefileError(f"Item {missing[0]} is not in the case “{archive.case(case).title}”.")
    return sorted(set(item_ids))


def _text(plan: RedactionPlan | None, value: str) -> str:
    return plan.redact_text(value) if plan and value else value


def _deep(plan: RedactionPlan | None, value: Any) -> Any:
    """Every string inside a JSON-like value, redacted."""
    if plan is None:
        return value
    if isinstance(value, str):
        return plan.redact_text(value)
    if isinstance(value, list):
        return [_deep(plan, v) for v in value]
    if isinstance(value, dict):
        return {k: _deep(plan, v) for k, v in value.items()}
    return value


def _pages(archive: Archive, item_id: int, plan: RedactionPlan | None, maps: PageMaps
           ) -> list[dict[str, Any]]:
    out = []
    for r in archive.db.execute(
        "SELECT number, text, method, confidence, width, height, error FROM pages"
        " WHERE item_id = ? ORDER BY number", (item_id,)):
        number, text = int(r[0]), str(r[1])
        if plan:
            text, remap = apply_cuts(text, plan.cuts(text, item_id, number))
            maps.maps[(item_id, number)] = remap
        maps.texts[(item_id, number)] = text
        out.append({"number": number, "text": text, "method": r[2], "confidence": r[3],
                    "width": r[4], "height": r[5], "error": r[6]})
    return out


def _item(archive: Archive, item_id: int, exhibit: str, plan: RedactionPlan | None,
          maps: PageMaps) -> dict[str, Any]:
    i = archive.item(item_id)
    return {
        "id": i.id, "exhibit": exhibit, "sha256": i.sha256, "size": i.size,
        "mime": i.mime, "filename": _text(plan, i.filename), "kind": i.kind,
        "title": _text(plan, i.title), "source": _text(plan, i.source),
        "collected_by": i.collected_by, "collected_at": i.collected_at,
        "ingested_at": i.ingested_at, "languages": i.languages, "status": i.status,
        "reason": i.reason, "page_count": i.page_count, "parent_id": i.parent_id,
        "notes": _text(plan, i.notes), "date": archive.item_date(i.id),
        "metadata": _deep(plan, archive.item_metadata(i.id)),
        "tags": list(archive.tags(i.id)),
        "provenance": [] if plan else archive.provenance(i.id),
        "grading": {"source_entity_id": _source_entity(archive, i.id),
                    "reliability": i.reliability, "credibility": i.credibility},
        "pages": _pages(archive, i.id, plan, maps),
    }


def _source_entity(archive: Archive, item_id: int) -> int | None:
    r = archive.db.execute("SELECT source_entity_id FROM items WHERE id = ?",
                           (item_id,)).fetchone()
    return None if r is None or r[0] is None else int(r[0])


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def _mentions(archive: Archive, ids: Sequence[int], plan: RedactionPlan | None,
              maps: PageMaps) -> list[dict[str, Any]]:
    out = []
    for r in archive.db.execute(
        "SELECT id, entity_id, item_id, page, span_start, span_end, quote, origin, state,"
        f" created, decided FROM mentions WHERE item_id IN ({_marks(ids)})"
        " AND state != 'rejected' ORDER BY item_id, page, span_start, id", tuple(ids)):
        item_id, page = int(r[2]), int(r[3])
        start, end = maps.offset(item_id, page, int(r[4])), maps.offset(item_id, page, int(r[5]))
        quote = str(r[6])
        if plan is not None:
            text = maps.texts.get((item_id, page), "")
            pseudonym = plan.pseudonym(int(r[1]))
            quote = text[start:end] if text else (pseudonym or plan.redact_text(quote))
        out.append({"id": r[0], "entity_id": r[1], "item_id": item_id, "page": page,
                    "start": start, "end": end, "quote": quote, "origin": r[7],
                    "state": r[8], "created": r[9], "decided": r[10]})
    return out


def _entities(archive: Archive, wanted: Iterable[int], plan: RedactionPlan | None
              ) -> list[dict[str, Any]]:
    out = []
    ids = set(wanted)
    for e in archive.entities():
        if e.id not in ids:
            continue
        hide = plan is not None and e.protected
        out.append({"id": e.id, "type": e.type,
                    "name": e.display_name if hide else _text(plan, e.name),
                    "aliases": [] if hide else [_text(plan, a) for a in e.aliases],
                    "notes": "" if hide else _text(plan, e.notes),
                    "protected": e.protected, "pseudonym": e.pseudonym})
    return out


def _events(archive: Archive, case_id: int, ids: set[int], plan: RedactionPlan | None,
            maps: PageMaps) -> list[dict[str, Any]]:
    if not hasattr(archive, "events"):
        return []
    out = []
    for ev in archive.events(case_id):
        cites = []
        for c in ev.citations:
            if c.item_id not in ids:
                continue
            start = None if c.start is None else maps.offset(c.item_id, c.page, c.start)
            end = None if c.end is None else maps.offset(c.item_id, c.page, c.end)
            quote = c.quote
            if plan is not None:
                text = maps.texts.get((c.item_id, c.page), "")
                quote = text[start:end] if start is not None and end is not None and text \
                    else plan.redact_text(quote)
            cites.append({"id": c.id, "item_id": c.item_id, "page": c.page, "start": start,
                          "end": end, "quote": quote, "stated": _date(c.stated),
                          "note": _text(plan, c.note), "created": c.created,
                          "disputed": c.disputed})
        out.append({"id": ev.id, "title": _text(plan, ev.title),
                    "description": _text(plan, ev.description), "start": _date(ev.start),
                    "end": _date(ev.end), "place_id": ev.place_id,
                    "place": _text(plan, ev.place), "created": ev.created,
                    "modified": ev.modified, "disputed": ev.disputed,
                    "entities": [{"entity_id": p.entity_id, "role": p.role}
                                 for p in ev.entities],
                    "citations": cites})
    return out


def _date(d: Any) -> dict[str, str] | None:
    if d is None:
        return None
    return {"text": d.text, "earliest": d.earliest, "latest": d.latest,
            "precision": d.precision, "label": d.label}


def _custody(archive: Archive, ids: Sequence[int], plan: RedactionPlan | None
             ) -> list[dict[str, Any]]:
    """The custody rows of these items, with their hashes so each row can be checked; a row
    whose detail had to be redacted says so (its hash then no longer matches, by design)."""
    out = []
    for r in archive.db.execute(
        "SELECT id, at, actor, action, item_id, detail, prev_hash, hash FROM custody"
        f" WHERE item_id IN ({_marks(ids)}) ORDER BY id", tuple(ids)):
        detail = str(r[5])
        redacted = _text(plan, detail)
        out.append({"id": r[0], "at": r[1], "actor": r[2], "action": r[3], "item_id": r[4],
                    "detail": json.loads(redacted) if redacted == detail else redacted,
                    "detail_redacted": redacted != detail, "prev_hash": r[6], "hash": r[7]})
    return out


def case_data(
    archive: Archive, case: str | int, item_ids: Sequence[int] | None = None, *,
    plan: RedactionPlan | None = None,
) -> dict[str, Any]:
    """The case as JSON-ready data; with a plan, nothing in it names a protected person."""
    c = archive.case(case)
    ids = selected_items(archive, c.id, item_ids)
    maps = PageMaps()
    numbers = exhibit_numbers(ids)
    items = [_item(archive, item_id, numbers[item_id], plan, maps) for item_id in ids]
    mentions = _mentions(archive, ids, plan, maps)
    events = _events(archive, c.id, set(ids), plan, maps)
    entity_ids = {int(m["entity_id"]) for m in mentions}
    entity_ids |= {int(i["grading"]["source_entity_id"]) for i in items
                   if i["grading"]["source_entity_id"] is not None}
    for ev in events:
        entity_ids |= {int(p["entity_id"]) for p in ev["entities"]}
        if ev["place_id"] is not None:
            entity_ids.add(int(ev["place_id"]))
    return {
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION,
        "exported_at": custody.now_iso(), "exported_by": archive.actor,
        "redacted": plan is not None,
        "case": {"id": c.id, "title": _text(plan, c.title), "summary": _text(plan, c.summary),
                 "status": c.status, "created": c.created,
                 "tags": list(archive.case_tags(c.id))},
        "items": items,
        "entities": _entities(archive, entity_ids, plan),
        "mentions": mentions,
        "events": events,
        "custody": _custody(archive, ids, plan),
    }
