"""Command-line commands for timelines: `event add|list|show|edit|delete|cite|uncite|link|unlink|
suggest` and `timeline CASE` (main.py adds them; argparse only, no Qt)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.commands import Context, redact

if TYPE_CHECKING:
    from archive.event_models import Citation, Event, EventSuggestion
    from archive.service import Archive
    from archive.timeline import FuzzyDate

EXIT_OK = 0
Hide = Callable[[str], str]

CSV_COLUMNS = ("id", "start", "start_earliest", "start_latest", "start_precision", "end",
               "end_earliest", "end_latest", "title", "place", "entities", "sources",
               "disputed", "sources_say", "citations", "description")


# --- keeping protected names inside the archive ---------------------------------------------
def hider(archive: Archive, *, reveal: bool = False) -> Hide:
    """A function replacing every protected entity's names and aliases with its pseudonym."""
    if reveal:
        return lambda text: text
    protected = [e for e in archive.entities() if e.protected]

    def hide(text: str) -> str:
        for e in protected:
            text = redact(text, e)
        return text

    return hide


def date_row(d: FuzzyDate | None) -> dict[str, str] | None:
    if d is None:
        return None
    return {"text": d.text, "label": d.label, "earliest": d.earliest, "latest": d.latest,
            "precision": d.precision}


def citation_row(c: Citation, hide: Hide) -> dict[str, Any]:
    return {"id": c.id, "event_id": c.event_id, "item_id": c.item_id,
            "item_title": hide(c.item_title), "page": c.page, "start": c.start, "end": c.end,
            "quote": hide(c.quote), "stated": date_row(c.stated), "note": hide(c.note),
            "disputed": c.disputed, "created": c.created}


def event_row(e: Event, hide: Hide) -> dict[str, Any]:
    """An event as JSON: what exports and scripts get (protected people as pseudonyms)."""
    return {
        "id": e.id, "case": e.case, "case_id": e.case_id, "title": hide(e.title),
        "description": hide(e.description), "start": date_row(e.start), "end": date_row(e.end),
        "place_id": e.place_id, "place": e.place,
        "entities": [{"entity_id": p.entity_id, "type": p.type, "name": p.name,
                      "role": p.role, "protected": p.protected} for p in e.entities],
        "sources": e.sources, "disputed": e.disputed,
        "conflicts": [list(pair) for pair in e.conflicts],
        "sources_say": {hide(k): list(v) for k, v in e.says().items()},
        "citations": [citation_row(c, hide) for c in e.citations],
        "created": e.created, "modified": e.modified,
    }


def suggestion_row(s: EventSuggestion, hide: Hide) -> dict[str, Any]:
    return {"item_id": s.item_id, "page": s.page, "start": s.start, "end": s.end,
            "sentence": hide(s.sentence), "date": date_row(s.date),
            "date_start": s.date_start, "date_end": s.date_end, "relative": s.relative,
            "place_id": s.place_id,
            "entities": [{"entity_id": e.id, "type": e.type, "name": e.display_name}
                         for e in s.entities]}


def timeline_csv(events: list[Event], hide: Hide) -> str:
    """The timeline as CSV, one event a line (what a spreadsheet or a court bundle takes)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in events:
        says = "; ".join(f"{hide(k)}: items {', '.join(map(str, v))}"
                         for k, v in e.says().items())
        cites = "; ".join(f"item {c.item_id} p{c.page}" + (f" “{hide(c.quote)}”" if c.quote
                                                           else "") for c in e.citations)
        writer.writerow([
            e.id, e.start.label, e.start.earliest, e.start.latest, e.start.precision,
            e.end.label if e.end else "", e.end.earliest if e.end else "",
            e.end.latest if e.end else "", hide(e.title), e.place,
            "; ".join(f"{p.name} ({p.role})" for p in e.entities), e.sources,
            "yes" if e.disputed else "no", says, cites, hide(e.description)])
    return out.getvalue()


# --- text output ------------------------------------------------------------------------------
def _when(e: Event) -> str:
    return e.start.label + (f" to {e.end.label}" if e.end else "")


def _print_event(e: Event, hide: Hide, *, full: bool = False) -> None:
    place = f" — at {e.place}" if e.place else ""
    sources = f"{e.sources} source{'s' if e.sources != 1 else ''}"
    mark = "  DISPUTED" if e.disputed else ""
    print(f"#{e.id:<4} {_when(e):32} {hide(e.title)}{place}  ({sources}){mark}")
    if e.entities:
        print("      " + "; ".join(f"{p.role}: {p.name}" for p in e.entities))
    if e.disputed:
        says = "; ".join(f"{hide(k)} (item{'s' if len(v) > 1 else ''}"
                         f" {', '.join(map(str, v))})" for k, v in e.says().items())
        print(f"      sources disagree: {says}")
    if not full:
        return
    print(f"      case: {e.case}")
    if e.description:
        print(f"      {hide(e.description)}")
    for c in e.citations:
        stated = f", says {c.stated.text or c.stated.label}" if c.stated else ""
        where = f" chars {c.start}-{c.end}" if c.start is not None else ""
        flag = " [disagrees]" if c.disputed else ""
        quote = f": “{hide(c.quote)}”" if c.quote else ""
        print(f"      citation {c.id}: item {c.item_id} ({hide(c.item_title)}) page {c.page}"
              f"{where}{stated}{flag}{quote}")
        if c.note:
            print(f"        note: {hide(c.note)}")


# --- commands ---------------------------------------------------------------------------------
def cmd_event(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    sub = args.event_command
    hide = hider(archive, reveal=getattr(args, "reveal", False))
    if sub == "list":
        found = archive.events(args.case, entity=args.entity,
                               disputed=True if args.disputed else None)
        return _show_events(ctx, args, found, hide)
    if sub == "suggest":
        suggestions = archive.suggest_events(args.item)
        if args.create is not None:
            return _create_from(ctx, archive, args, suggestions, hide)
        if args.json:
            ctx.print_json([suggestion_row(s, hide) for s in suggestions])
            return EXIT_OK
        if not suggestions:
            print(f"No dated sentences in item {args.item}.")
        for n, s in enumerate(suggestions, start=1):
            people = ", ".join(e.display_name for e in s.entities)
            guess = " (worked out from the item's date)" if s.relative else ""
            print(f"{n:>3}. {s.date.label}{guess}, page {s.page} chars {s.start}-{s.end}:"
                  f" {hide(s.sentence)}" + (f"\n     in it: {people}" if people else ""))
        return EXIT_OK
    if sub in ("cite", "uncite"):
        return _cite(ctx, archive, args, hide)
    event = _change(archive, args)
    if args.json:
        ctx.print_json(event_row(event, hide))
        return EXIT_OK
    verb = {"add": "Added", "show": "", "edit": "Changed", "delete": "Deleted",
            "link": "Linked", "unlink": "Unlinked"}[sub]
    if verb:
        print(f"{verb} event {event.id}:")
    _print_event(event, hide, full=True)
    return EXIT_OK


def _create_from(ctx: Context, archive: Archive, args: argparse.Namespace,
                 suggestions: list[EventSuggestion], hide: Hide) -> int:
    """`event suggest ITEM --create N --case CASE`: the N-th suggestion becomes an event."""
    from archive.errors import CasefileError

    if not args.case:
        raise CasefileError("Say which case the event belongs to: --case TITLE.")
    if not 1 <= args.create <= len(suggestions):
        raise CasefileError(f"Item {args.item} has {len(suggestions)} suggestions; --create"
                            f" takes a number from the list (`event suggest {args.item}`).")
    event = archive.event_from_suggestion(suggestions[args.create - 1], args.case,
                                          title=args.title or "")
    if args.json:
        ctx.print_json(event_row(event, hide))
    else:
        print(f"Added event {event.id}:")
        _print_event(event, hide, full=True)
    return EXIT_OK


def _change(archive: Archive, args: argparse.Namespace) -> Event:
    sub = args.event_command
    if sub == "add":
        return archive.add_event(args.case, args.title, args.start, end=args.end,
                                 description=args.description, place=args.place)
    if sub == "show":
        return archive.event(args.id)
    if sub == "delete":
        return archive.delete_event(args.id)
    if sub == "link":
        return archive.link_event_entity(args.id, args.entity, args.role)
    if sub == "unlink":
        return archive.unlink_event_entity(args.id, args.entity, args.role)
    changes: dict[str, Any] = {}
    if args.no_end:
        changes["end"] = None
    elif args.end is not None:
        changes["end"] = args.end
    if args.no_place:
        changes["place"] = None
    elif args.place is not None:
        changes["place"] = args.place
    return archive.edit_event(args.id, title=args.title, description=args.description,
                              start=args.start, **changes)


def _cite(ctx: Context, archive: Archive, args: argparse.Namespace, hide: Hide) -> int:
    if args.event_command == "uncite":
        c = archive.uncite(args.citation)
        verb = "Removed"
    else:
        if args.quote and args.start is not None:
            from archive.errors import CasefileError

            raise CasefileError("Give either --quote or --start/--end, not both.")
        c = archive.cite(args.id, args.item, page=args.page, start=args.start, end=args.end,
                         quote=args.quote or "", stated=args.stated, note=args.note)
        verb = "Added"
    if args.json:
        ctx.print_json(citation_row(c, hide))
        return EXIT_OK
    stated = f", stating {c.stated.text or c.stated.label}" if c.stated else ""
    print(f"{verb} citation {c.id}: event {c.event_id} ← item {c.item_id} page {c.page}{stated}")
    if args.event_command == "cite":
        event = archive.event(c.event_id)
        if event.disputed:
            print(f"Event {event.id} is now disputed: its sources state different dates.")
    return EXIT_OK


def _show_events(ctx: Context, args: argparse.Namespace, found: list[Event], hide: Hide) -> int:
    csv_to = getattr(args, "csv", None)
    if csv_to is not None:
        text = timeline_csv(found, hide)
        if csv_to == "-":
            sys.stdout.write(text)
        else:
            Path(csv_to).write_text(text, encoding="utf-8")
            print(f"Wrote {len(found)} events to {csv_to}")
        return EXIT_OK
    if args.json:
        ctx.print_json([event_row(e, hide) for e in found])
        return EXIT_OK
    if not found:
        print("No events. Add one with: casefile event add CASE TITLE --start DATE")
    for e in found:
        _print_event(e, hide)
    return EXIT_OK


def cmd_timeline(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    hide = hider(archive, reveal=args.reveal)
    found = archive.timeline(args.case, entity=args.entity, disputed=args.disputed)
    if args.csv is None and not args.json:
        case = archive.case(args.case)
        disputed = sum(e.disputed for e in found)
        what = " disputed" if args.disputed else ""
        print(f"Timeline of “{case.title}”: {len(found)}{what} events"
              + (f", {disputed} disputed" if disputed and not args.disputed else ""))
    return _show_events(ctx, args, found, hide)


# --- parsers ----------------------------------------------------------------------------------
def add_event_commands(sub: Any, ctx: Context) -> None:
    from archive.event_models import ROLES

    def parser(parent: Any, name: str, help_: str, *, reveal: bool = False
               ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_)
        p.add_argument("--json", action="store_true")
        if reveal:
            p.add_argument("--reveal", action="store_true",
                           help="show protected people's real names (default: pseudonyms)")
        return p

    when = ("a date: 2024-01-03, 2024-01, 2024, '2024-01-03 14:30', 'early 2023',"
            " 'about 2019', '3 January 2024', '12 มีนาคม 2567'")
    s = sub.add_parser("event", help="events of a case: add, list, show, cite evidence, link"
                                     " people and places")
    es = s.add_subparsers(dest="event_command", required=True,
                          metavar="add|list|show|edit|delete|cite|uncite|link|unlink|suggest")
    a = parser(es, "add", "add an event to a case")
    a.add_argument("case")
    a.add_argument("title")
    a.add_argument("--start", required=True, help=f"when it began: {when}")
    a.add_argument("--end", help="when it ended (optional), same forms")
    a.add_argument("--description", default="")
    a.add_argument("--place", help="where: a location or compound entity")
    a = parser(es, "list", "list events in time order", reveal=True)
    a.add_argument("--case")
    a.add_argument("--entity", help="only events this entity is in (or the place)")
    a.add_argument("--disputed", action="store_true",
                   help="only events whose sources state incompatible dates")
    a = parser(es, "show", "an event with its people, place and citations", reveal=True)
    a.add_argument("id", type=int)
    a = parser(es, "edit", "change an event (what is not given stays)")
    a.add_argument("id", type=int)
    a.add_argument("--title")
    a.add_argument("--description")
    a.add_argument("--start", help=when)
    a.add_argument("--end", help=when)
    a.add_argument("--no-end", action="store_true", help="remove the end date")
    a.add_argument("--place")
    a.add_argument("--no-place", action="store_true", help="remove the place")
    a = parser(es, "delete", "delete an event with its links and citations (evidence stays)")
    a.add_argument("id", type=int)
    a = parser(es, "cite", "tie an event to evidence: an item, a page, a span or a quote")
    a.add_argument("id", type=int, metavar="EVENT")
    a.add_argument("item", type=int, metavar="ITEM")
    a.add_argument("--page", type=int, default=1)
    a.add_argument("--quote", help="the words cited, exactly as on the page")
    a.add_argument("--start", type=int, help="first character of the span on the page")
    a.add_argument("--end", type=int, help="character after the span")
    a.add_argument("--stated", help="the date as this source states it (default: the date"
                                    " in the quote, if any)")
    a.add_argument("--note", default="")
    a = parser(es, "uncite", "remove a citation")
    a.add_argument("citation", type=int)
    a = parser(es, "link", "link an entity to an event in a role")
    a.add_argument("id", type=int, metavar="EVENT")
    a.add_argument("entity")
    a.add_argument("--role", required=True, choices=ROLES)
    a = parser(es, "unlink", "remove an entity from an event")
    a.add_argument("id", type=int, metavar="EVENT")
    a.add_argument("entity")
    a.add_argument("--role", choices=ROLES, help="only this role (default: every role)")
    a = parser(es, "suggest", "dated sentences of an item, with the entities in them;"
                              " --create N makes the N-th an event", reveal=True)
    a.add_argument("item", type=int)
    a.add_argument("--create", type=int, metavar="N",
                   help="create an event from suggestion N (date, sentence, place, citation)")
    a.add_argument("--case", help="the case of the event --create makes")
    a.add_argument("--title", help="its title (default: the sentence)")
    s.set_defaults(func=partial(cmd_event, ctx))

    s = parser(sub, "timeline", "a case's events in time order, disputed dates shown",
               reveal=True)
    s.add_argument("case")
    s.add_argument("--entity", help="only events this entity is in (or the place)")
    s.add_argument("--disputed", action="store_true",
                   help="only events whose sources state incompatible dates")
    s.add_argument("--csv", nargs="?", const="-", metavar="FILE",
                   help="CSV, one event a line, to FILE (default: standard output)")
    s.set_defaults(func=partial(cmd_timeline, ctx))
