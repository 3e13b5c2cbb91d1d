"""Events of a case and the citations that tie them to evidence: add, edit, link, cite, list.

Every change is written to the custody log. Entities are named by their display name (the
pseudonym of a protected one) in every value that leaves this module.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from archive import custody, timeline
from archive.errors import CasefileError, EntityNotFound
from archive.event_models import PLACE_TYPES, ROLES, Citation, Event, EventEntity
from archive.timeline import FuzzyDate

if TYPE_CHECKING:
    from archive.db import Database
    from archive.entity_models import Entity
    from archive.models import Item

log = logging.getLogger(__name__)

_EVENT_SQL = (
    "SELECT e.id, e.case_id, c.title, e.title, e.description, e.start_text, e.start_earliest,"
    " e.start_latest, e.start_precision, e.end_text, e.end_earliest, e.end_latest,"
    " e.end_precision, e.place_id, e.created, e.modified FROM events e"
    " JOIN cases c ON c.id = e.case_id"
)
_CITATION_SQL = (
    "SELECT ci.id, ci.event_id, ci.item_id, ci.page, ci.span_start, ci.span_end, ci.quote,"
    " ci.stated_text, ci.stated_earliest, ci.stated_latest, ci.stated_precision, ci.note,"
    " ci.created, i.title FROM citations ci JOIN items i ON i.id = ci.item_id"
)
_DISPLAY = "CASE WHEN n.protected AND n.pseudonym IS NOT NULL THEN n.pseudonym ELSE n.name END"


def _date_columns(d: FuzzyDate | None) -> tuple[str, str, str, str]:
    if d is None:
        return ("", "", "", "")
    return (d.text, d.earliest, d.latest, d.precision)


def _date_detail(d: FuzzyDate | None) -> dict[str, str] | None:
    """A date as the custody log keeps it."""
    if d is None:
        return None
    return {"text": d.text, "earliest": d.earliest, "latest": d.latest, "precision": d.precision}


class EventFeatures:
    """Mixed into Archive: needs its database, cases, items, pages and the entity features."""

    db: Database

    if TYPE_CHECKING:  # provided by Archive and EntityFeatures

        @property
        def actor(self) -> str: ...

        def case_id(self, title_or_id: str | int, *, create: bool = False,
                    summary: str = "") -> int: ...

        def item(self, item_id: int) -> Item: ...

        def page_text(self, item_id: int, page: int) -> str: ...

        def entity(self, name_or_id: str | int) -> Entity: ...

        def anchor_date(self, item_id: int) -> str: ...

    # --- reading --------------------------------------------------------------------------
    def event(self, event_id: int) -> Event:
        found = self._events_where("e.id = ?", [event_id])
        if not found:
            raise CasefileError(f"There is no event {event_id}. `event list` shows the events.")
        return found[0]

    def events(
        self, case: str | int | None = None, *, entity: str | int | None = None,
        disputed: bool | None = None,
    ) -> list[Event]:
        """Events in time order (earliest start first): all, of a case, with an entity (in any
        role, or as the place), only the disputed (``disputed=True``) or the undisputed."""
        where: list[str] = []
        params: list[object] = []
        if case is not None:
            where.append("e.case_id = ?")
            params.append(self.case_id(case))
        if entity is not None:
            eid = self.entity(entity).id
            where.append("(e.place_id = ? OR e.id IN"
                         " (SELECT event_id FROM event_entities WHERE entity_id = ?))")
            params += [eid, eid]
        found = self._events_where(" AND ".join(where) or "1", params)
        if disputed is not None:
            found = [e for e in found if e.disputed == disputed]
        return found

    def timeline(
        self, case: str | int, *, entity: str | int | None = None, disputed: bool = False,
    ) -> list[Event]:
        """A case's story in time; with ``entity`` only the events it is in; with
        ``disputed`` only events whose sources disagree on the date."""
        return self.events(case, entity=entity, disputed=True if disputed else None)

    def citations(
        self, *, case: str | int | None = None, event_id: int | None = None,
        item_id: int | None = None,
    ) -> list[Citation]:
        """Citations (each knowing whether it is disputed), by event order then id."""
        where: list[str] = []
        params: list[object] = []
        if case is not None:
            where.append("ci.event_id IN (SELECT id FROM events WHERE case_id = ?)")
            params.append(self.case_id(case))
        if event_id is not None:
            where.append("ci.event_id = ?")
            params.append(event_id)
        if item_id is not None:
            where.append("ci.item_id = ?")
            params.append(item_id)
        rows = self.db.execute(
            _CITATION_SQL + " WHERE " + (" AND ".join(where) or "1")
            + " ORDER BY ci.event_id, ci.id", tuple(params)).fetchall()
        by_event: dict[int, list[Citation]] = defaultdict(list)
        for r in rows:
            by_event[int(r[1])].append(_citation(r))
        out: list[Citation] = []
        for event_id_, cites in by_event.items():
            # Disputes are judged among all the event's citations, not only those asked for.
            everything = cites if item_id is None else [_citation(r) for r in self.db.execute(
                _CITATION_SQL + " WHERE ci.event_id = ?", (event_id_,))]
            disputed = _disputed_ids(everything)
            out += [_with_dispute(c, c.id in disputed) for c in cites]
        return out

    def citation(self, citation_id: int) -> Citation:
        r = self.db.execute(_CITATION_SQL + " WHERE ci.id = ?", (citation_id,)).fetchone()
        if r is None:
            raise CasefileError(f"There is no citation {citation_id}.")
        event_id = int(r[1])
        return next(c for c in self.citations(event_id=event_id) if c.id == citation_id)

    def _events_where(self, where: str, params: Sequence[object]) -> list[Event]:
        rows = self.db.execute(
            _EVENT_SQL + f" WHERE {where} ORDER BY e.start_earliest, e.start_latest, e.id",
            tuple(params)).fetchall()
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        marks = ",".join("?" * len(ids))
        people: dict[int, list[EventEntity]] = defaultdict(list)
        for p in self.db.execute(
            f"SELECT ee.event_id, n.id, n.type, {_DISPLAY}, ee.role, n.protected"
            " FROM event_entities ee JOIN entities n ON n.id = ee.entity_id"
            f" WHERE ee.event_id IN ({marks}) ORDER BY ee.event_id, ee.added_at, n.id",
            tuple(ids)):
            people[int(p[0])].append(
                EventEntity(int(p[1]), str(p[2]), str(p[3]), str(p[4]), bool(p[5])))
        cites: dict[int, list[Citation]] = defaultdict(list)
        for c in self.db.execute(
            _CITATION_SQL + f" WHERE ci.event_id IN ({marks}) ORDER BY ci.id", tuple(ids)):
            cites[int(c[1])].append(_citation(c))
        places = {int(p[0]): str(p[1]) for p in self.db.execute(
            f"SELECT n.id, {_DISPLAY} FROM entities n WHERE n.id IN"
            f" (SELECT place_id FROM events WHERE id IN ({marks}))", tuple(ids))}
        return [self._event(r, people[int(r[0])], cites[int(r[0])], places) for r in rows]

    @staticmethod
    def _event(r: Sequence[Any], people: list[EventEntity], cites: list[Citation],
               places: dict[int, str]) -> Event:
        pairs = timeline.conflicts([(c.id, c.stated) for c in cites])
        disputed = {i for pair in pairs for i in pair}
        start = timeline.stored(str(r[6]), str(r[7]), str(r[8]), str(r[5]))
        assert start is not None
        place_id = None if r[13] is None else int(r[13])
        return Event(
            id=int(r[0]), case_id=int(r[1]), case=str(r[2]), title=str(r[3]),
            description=str(r[4]), start=start,
            end=timeline.stored(str(r[10]), str(r[11]), str(r[12]), str(r[9])),
            place_id=place_id, place=places.get(place_id, "") if place_id else "",
            entities=tuple(people),
            citations=tuple(_with_dispute(c, c.id in disputed) for c in cites),
            created=str(r[14]), modified=str(r[15]),
            sources=len({c.item_id for c in cites}), disputed=bool(pairs),
            conflicts=tuple(pairs))

    # --- changing events ------------------------------------------------------------------
    def add_event(
        self, case: str | int, title: str, start: str | FuzzyDate, *,
        end: str | FuzzyDate | None = None, description: str = "",
        place: str | int | None = None,
    ) -> Event:
        """A new event of a case. ``start``/``end``: a FuzzyDate or a date as a person types it
        ("2024-01-03", "January 2024", "early 2023"; see ``timeline.parse_when``)."""
        case_id = self.case_id(case)
        title = " ".join(title.split())
        if not title:
            raise CasefileError("An event needs a title: what happened?")
        first = self._when(start)
        last = self._when(end) if end not in (None, "") else None
        _check_order(first, last)
        place_id = self._place(place)
        with self.db.transaction() as con:
            cur = con.execute(
                "INSERT INTO events(case_id, title, description, start_text, start_earliest,"
                " start_latest, start_precision, end_text, end_earliest, end_latest,"
                " end_precision, place_id, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (case_id, title, description.strip(), *_date_columns(first),
                 *_date_columns(last), place_id, custody.now_iso()))
            event_id = int(cur.lastrowid or 0)
            custody.append(con, actor=self.actor, action="event-add", detail={
                "event": event_id, "case": case_id, "title": self._private(title),
                "start": _date_detail(first), "end": _date_detail(last), "place": place_id})
        return self.event(event_id)

    _UNSET: Any = object()

    def edit_event(
        self, event_id: int, *, title: str | None = None, description: str | None = None,
        start: str | FuzzyDate | None = None, end: str | FuzzyDate | None = _UNSET,
        place: str | int | None = _UNSET,
    ) -> Event:
        """Change an event; only what is given changes. ``end=None`` (or "") and
        ``place=None`` (or "") remove them. The custody log keeps the old and new values."""
        old = self.event(event_id)
        changes: dict[str, Any] = {}
        before: dict[str, Any] = {}
        logged: dict[str, Any] = {}  # what the custody log says: protected names hidden
        logged_before: dict[str, Any] = {}
        if title is not None:
            title = " ".join(title.split())
            if not title:
                raise CasefileError("An event needs a title: what happened?")
            changes["title"], before["title"] = title, old.title
            logged = {"title": self._private(title)}
            logged_before = {"title": self._private(old.title)}
        if description is not None:
            changes["description"], before["description"] = description.strip(), old.description
            logged["description"] = self._private(description.strip())
            logged_before["description"] = self._private(old.description)
        first, last = old.start, old.end
        if start is not None:
            first = self._when(start)
        if end is not self._UNSET:
            last = self._when(end) if end not in (None, "") else None
        _check_order(first, last)
        place_id = old.place_id
        if place is not self._UNSET:
            place_id = self._place(place if place != "" else None)
            changes["place_id"], before["place_id"] = place_id, old.place_id
        columns = dict(changes)
        if start is not None:
            columns.update(zip(("start_text", "start_earliest", "start_latest",
                                "start_precision"), _date_columns(first), strict=True))
            changes["start"], before["start"] = _date_detail(first), _date_detail(old.start)
        if end is not self._UNSET:
            columns.update(zip(("end_text", "end_earliest", "end_latest", "end_precision"),
                               _date_columns(last), strict=True))
            changes["end"], before["end"] = _date_detail(last), _date_detail(old.end)
        if not columns:
            return old
        columns["modified"] = custody.now_iso()
        sets = ", ".join(f"{k} = ?" for k in columns)
        with self.db.transaction() as con:
            con.execute(f"UPDATE events SET {sets} WHERE id = ?", (*columns.values(), event_id))
            custody.append(con, actor=self.actor, action="event-edit", detail={
                "event": event_id, "from": before | logged_before, "to": changes | logged})
        return self.event(event_id)

    def delete_event(self, event_id: int) -> Event:
        """Delete an event with its links and citations (the evidence itself is untouched).
        The custody log keeps what was deleted. Returns the event as it was."""
        old = self.event(event_id)
        with self.db.transaction() as con:
            con.execute("DELETE FROM events WHERE id = ?", (event_id,))
            custody.append(con, actor=self.actor, action="event-delete", detail={
                "event": event_id, "case": old.case_id, "title": self._private(old.title),
                "start": _date_detail(old.start), "end": _date_detail(old.end),
                "citations": [{"id": c.id, "item": c.item_id, "page": c.page,
                               "span": [c.start, c.end], "stated": _date_detail(c.stated)}
                              for c in old.citations],
                "entities": [[p.entity_id, p.role] for p in old.entities]})
        return old

    def link_event_entity(self, event_id: int, entity: str | int, role: str) -> Event:
        """Say who took part in an event, and as what (victim, recruiter, perpetrator,
        witness, official, other)."""
        self.event(event_id)
        role = role.strip().lower()
        if role not in ROLES:
            raise CasefileError(f"Unknown role “{role}”; use one of: {', '.join(ROLES)}.")
        target = self.entity(entity)
        with self.db.transaction() as con:
            added = con.execute(
                "INSERT OR IGNORE INTO event_entities(event_id, entity_id, role, added_at)"
                " VALUES (?,?,?,?)", (event_id, target.id, role, custody.now_iso())).rowcount
            if not added:
                raise CasefileError(
                    f"{target.display_name} is already linked to event {event_id} as {role}.")
            custody.append(con, actor=self.actor, action="event-link", detail={
                "event": event_id, "entity": target.id, "role": role})
        return self.event(event_id)

    def unlink_event_entity(self, event_id: int, entity: str | int,
                            role: str | None = None) -> Event:
        """Remove an entity from an event (in one role, or in every role)."""
        self.event(event_id)
        target = self.entity(entity)
        sql = "DELETE FROM event_entities WHERE event_id = ? AND entity_id = ?"
        params: list[object] = [event_id, target.id]
        if role:
            sql += " AND role = ?"
            params.append(role.strip().lower())
        with self.db.transaction() as con:
            if not con.execute(sql, tuple(params)).rowcount:
                raise CasefileError(f"{target.display_name} is not linked to event {event_id}"
                                    + (f" as {role}." if role else "."))
            custody.append(con, actor=self.actor, action="event-unlink", detail={
                "event": event_id, "entity": target.id, "role": role or "*"})
        return self.event(event_id)

    # --- citations ------------------------------------------------------------------------
    def cite(
        self, event_id: int, item_id: int, *, page: int = 1, start: int | None = None,
        end: int | None = None, quote: str = "", stated: str | FuzzyDate | None = None,
        note: str = "",
    ) -> Citation:
        """Tie an event to evidence. The span (``start``-``end`` on ``page``) or a ``quote``
        found on the page says where; with neither, the whole item is cited. ``stated`` is the
        date as this source gives it; when it is not given, a date in the quote is taken
        (relative phrasings anchored to the item's own date)."""
        self.event(event_id)
        self.item(item_id)
        text = self.page_text(item_id, page)
        if not text and (start is not None or quote):
            raise CasefileError(f"Item {item_id} has no text on page {page}.")
        span = _span(text, start, end, quote, item_id, page)
        if span is not None:
            quote = text[span[0]:span[1]]
        anchor = self.anchor_date(item_id)
        when = self._when(stated, anchor=anchor) if stated not in (None, "") else None
        if when is None and quote:
            from archive.datefind import find_dates

            found = find_dates(quote, anchor=anchor)
            when = found[0].date if found else None
        with self.db.transaction() as con:
            cur = con.execute(
                "INSERT INTO citations(event_id, item_id, page, span_start, span_end, quote,"
                " stated_text, stated_earliest, stated_latest, stated_precision, note, created)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (event_id, item_id, page, None if span is None else span[0],
                 None if span is None else span[1], quote, *_date_columns(when), note.strip(),
                 custody.now_iso()))
            citation_id = int(cur.lastrowid or 0)
            custody.append(con, actor=self.actor, action="citation-add", item_id=item_id,
                           detail={"citation": citation_id, "event": event_id, "page": page,
                                   "span": list(span) if span else None,
                                   "stated": _date_detail(when)})
        return self.citation(citation_id)

    def edit_citation(
        self, citation_id: int, *, stated: str | FuzzyDate | None = None,
        note: str | None = None,
    ) -> Citation:
        """Correct the date a citation states ("" removes it) or its note (logged)."""
        old = self.citation(citation_id)
        columns: dict[str, object] = {}
        detail: dict[str, Any] = {"citation": citation_id, "event": old.event_id}
        if stated is not None:
            when = self._when(stated, anchor=self.anchor_date(old.item_id)) if stated != "" \
                else None
            columns.update(zip(("stated_text", "stated_earliest", "stated_latest",
                                "stated_precision"), _date_columns(when), strict=True))
            detail.update({"from": _date_detail(old.stated), "to": _date_detail(when)})
        if note is not None:
            columns["note"] = note.strip()
            detail["note"] = True
        if not columns:
            return old
        sets = ", ".join(f"{k} = ?" for k in columns)
        with self.db.transaction() as con:
            con.execute(f"UPDATE citations SET {sets} WHERE id = ?",
                        (*columns.values(), citation_id))
            custody.append(con, actor=self.actor, action="citation-edit",
                           item_id=old.item_id, detail=detail)
        return self.citation(citation_id)

    def uncite(self, citation_id: int) -> Citation:
        """Remove a citation (logged with what it said). Returns it as it was."""
        old = self.citation(citation_id)
        with self.db.transaction() as con:
            con.execute("DELETE FROM citations WHERE id = ?", (citation_id,))
            custody.append(con, actor=self.actor, action="citation-delete",
                           item_id=old.item_id, detail={
                               "citation": citation_id, "event": old.event_id,
                               "page": old.page, "span": [old.start, old.end],
                               "stated": _date_detail(old.stated)})
        return old

    # --- helpers --------------------------------------------------------------------------
    def _private(self, text: str) -> str:
        """``text`` as the custody log keeps it: protected people only by their pseudonyms."""
        ids = [int(r[0]) for r in self.db.execute(
            "SELECT id FROM entities WHERE protected AND pseudonym IS NOT NULL")]
        for e in (self.entity(i) for i in ids):
            if e.pseudonym:
                for name in sorted((e.name, *e.aliases), key=len, reverse=True):
                    text = re.sub(re.escape(name), e.pseudonym, text, flags=re.I)
        return text

    def _when(self, value: str | FuzzyDate | None, *, anchor: str = "") -> FuzzyDate:
        if isinstance(value, FuzzyDate):
            if value.precision not in timeline.PRECISIONS or not value.earliest \
                    or value.earliest > value.latest:
                raise CasefileError("That date is not a valid range.")
            return value
        return timeline.parse_when(value or "", anchor=anchor)

    def _place(self, place: str | int | None) -> int | None:
        if place is None or place == "":
            return None
        try:
            found = self.entity(place)
        except EntityNotFound as e:
            raise CasefileError(
                f"There is no place “{place}”. Add it first: casefile entity add"
                f" \"{place}\" --type location") from e
        if found.type not in PLACE_TYPES:
            raise CasefileError(f"{found.display_name} is a {found.type}, not a place"
                                " (a location or a compound).")
        return found.id


def _citation(r: Sequence[Any]) -> Citation:
    return Citation(
        id=int(r[0]), event_id=int(r[1]), item_id=int(r[2]), page=int(r[3]),
        start=None if r[4] is None else int(r[4]), end=None if r[5] is None else int(r[5]),
        quote=str(r[6]), stated=timeline.stored(str(r[8]), str(r[9]), str(r[10]), str(r[7])),
        note=str(r[11]), created=str(r[12]), item_title=str(r[13]))


def _with_dispute(c: Citation, disputed: bool) -> Citation:
    if c.disputed == disputed:
        return c
    from dataclasses import replace

    return replace(c, disputed=disputed)


def _disputed_ids(cites: Iterable[Citation]) -> set[int]:
    pairs = timeline.conflicts([(c.id, c.stated) for c in cites])
    return {i for pair in pairs for i in pair}


def _check_order(first: FuzzyDate, last: FuzzyDate | None) -> None:
    if last is not None and last.latest[:10] < first.earliest[:10]:
        raise CasefileError(f"The event ends ({last.label}) before it starts ({first.label}).")


def _span(text: str, start: int | None, end: int | None, quote: str, item_id: int,
          page: int) -> tuple[int, int] | None:
    if start is not None or end is not None:
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise CasefileError(f"Characters {start}-{end} are not on page {page} of item"
                                f" {item_id} (it has {len(text)}).")
        return (start, end)
    if quote:
        at = text.find(quote)
        if at < 0:
            folded = " ".join(quote.split()).lower()
            lowered = text.lower()
            at = lowered.find(folded) if len(lowered) == len(text) else -1
            if at < 0:
                raise CasefileError(f"Page {page} of item {item_id} does not contain"
                                    f" “{quote}”. Quote it exactly, or give --start/--end.")
            return (at, at + len(folded))
        return (at, at + len(quote))
    return None
