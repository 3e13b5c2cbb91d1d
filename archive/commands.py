"""Command-line commands for entities, mentions, sources, tags and detection (main.py adds them;
argparse only, no Qt: the same services as the GUI)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.entity_models import Entity, Mention
    from archive.service import Archive

EXIT_OK = 0
Opener = Callable[..., "Archive"]
Printer = Callable[[Any], None]


class Context:
    """What the commands need from main.py: how to open the archive and print JSON."""

    def __init__(self, open_archive: Opener, print_json: Printer) -> None:
        self.open_archive = open_archive
        self.print_json = print_json


# --- showing entities without leaking protected names -----------------------------------------
def entity_row(e: Entity, *, reveal: bool = False) -> dict[str, Any]:
    """An entity as JSON; a protected one shows only its pseudonym unless ``reveal``."""
    row = asdict(e)
    row["display_name"] = e.display_name
    if e.protected and not reveal:
        row.update(name=e.display_name, aliases=[], notes="")
    return row


def redact(text: str, e: Entity) -> str:
    """``text`` with a protected entity's names and aliases replaced by its pseudonym."""
    if not e.protected:
        return text
    for name in sorted((e.name, *e.aliases), key=len, reverse=True):
        text = re.sub(re.escape(name), e.display_name, text, flags=re.I)
    return text


def mention_row(archive: Archive, m: Mention, *, reveal: bool = False) -> dict[str, Any]:
    row = asdict(m)
    if not reveal:
        e = archive.entity(m.entity_id)
        if e.protected:
            row["quote"] = e.display_name
    return row


def _line(e: Entity) -> str:
    aka = f"  aka {', '.join(e.aliases)}" if e.aliases and not e.protected else ""
    mark = " [protected]" if e.protected else ""
    return f"{e.id:>5}  {e.type:12} {e.display_name}{mark}  ({e.mentions} mentions){aka}"


# --- commands ----------------------------------------------------------------------------------
def cmd_entity(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    sub = args.entity_command
    reveal = getattr(args, "reveal", False)
    if sub == "list":
        found = archive.entities(type=args.type)
        if args.json:
            ctx.print_json([entity_row(e, reveal=reveal) for e in found])
        for e in found if not args.json else ():
            print(_line(e))
        if not found and not args.json:
            print("No entities. Add one with: casefile entity add NAME --type TYPE")
        return EXIT_OK
    if sub == "show":
        return _show(ctx, archive, args)
    if sub == "delete":
        entity = archive.entity(args.name)
        gone = archive.delete_entity(entity.id)
        if args.json:
            ctx.print_json({"deleted": entity_row(entity), "mentions_deleted": gone})
        else:
            print(f"Deleted {entity.display_name} and its {gone} mentions.")
        return EXIT_OK
    actions: dict[str, Callable[[], Entity]] = {
        "add": lambda: archive.add_entity(args.name, args.type, aliases=args.alias or (),
                                          notes=args.notes, protected=args.protected),
        "merge": lambda: archive.merge_entities(args.keep, args.other),
        "alias": lambda: archive.alias_entity(args.name, args.alias, remove=args.remove),
        "split": lambda: archive.split_alias(args.name, args.alias),
        "protect": lambda: archive.protect_entity(args.name, protected=not args.undo),
        "rename": lambda: archive.rename_entity(args.name, args.new_name),
    }
    entity = actions[sub]()
    if args.json:
        ctx.print_json(entity_row(entity))
    else:
        verb = {"add": "Added", "merge": "Merged into", "alias": "Updated", "split": "New entity",
                "protect": "Protected" if entity.protected else "Unprotected",
                "rename": "Renamed"}[sub]
        print(f"{verb}: {_line(entity).strip()}")
    return EXIT_OK


def _show(ctx: Context, archive: Archive, args: argparse.Namespace) -> int:
    page = archive.entity_page(args.name)
    e, reveal = page.entity, args.reveal
    hide = (lambda s: s) if reveal else partial(redact, e=e)
    if args.json:
        data = asdict(page)
        data["entity"] = entity_row(e, reveal=reveal)
        for case in data["cases"]:
            for item in case["items"]:
                for m in item["mentions"]:
                    m["snippet"] = hide(m["snippet"])
                    m["mention"]["quote"] = hide(m["mention"]["quote"])
        data["co_occurring"] = [{"entity": entity_row(o), "items": n}
                                for o, n in page.co_occurring]
        ctx.print_json(data)
        return EXIT_OK
    print(_line(e).strip())
    if page.first_seen:
        print(f"Seen from {page.first_seen} to {page.last_seen}")
    for case in page.cases:
        print(f"\nCase: {case.case or '(no case)'}")
        for item in case.items:
            grade = f" (graded {item.grade})" if item.grade else ""
            print(f"  [{item.item_id}] {item.title}{grade}")
            for mc in item.mentions:
                m = mc.mention
                print(f"    #{m.id} p{m.page} {m.state:9} {hide(mc.snippet)}")
    if page.co_occurring:
        print("\nSeen with: " + ", ".join(f"{o.display_name} ({n})"
                                         for o, n in page.co_occurring[:20]))
    return EXIT_OK


def cmd_source(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    item = archive.grade_source(args.item, source=args.source, reliability=args.reliability,
                                credibility=args.credibility)
    if args.json:
        ctx.print_json(asdict(item))
    else:
        print(f"Item {item.id}: source {item.source_entity}, graded"
              f" {item.reliability}{item.credibility}")
    return EXIT_OK


def cmd_mention(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    if args.mention_command == "list":
        found = archive.mentions(entity=args.entity, item_id=args.item, state=args.state)
        rows = [mention_row(archive, m, reveal=args.reveal) for m in found]
        if args.json:
            ctx.print_json(rows)
        for r in rows if not args.json else ():
            print(f"#{r['id']:<6} item {r['item_id']} p{r['page']} {r['state']:9}"
                  f" {r['entity_type']:8} {r['entity_name']}: “{r['quote']}” ({r['origin']})")
        return EXIT_OK
    if args.mention_command == "add":
        m = archive.tag_span(args.item, args.page, args.start, args.end, args.entity,
                             type=args.type)
        if args.json:
            ctx.print_json(mention_row(archive, m))
        else:
            print(f"Mention #{m.id}: {m.entity_name} in item {m.item_id}")
        return EXIT_OK
    confirm = args.mention_command == "confirm"
    if args.all_suggested:
        if not args.entity:
            from archive.errors import CasefileError

            raise CasefileError("--all-suggested needs --entity NAME.")
        changed = archive.decide_suggested(args.entity, confirm=confirm)
    else:
        changed = (archive.confirm_mentions if confirm else archive.reject_mentions)(args.ids)
    state = "confirmed" if confirm else "rejected"
    if args.json:
        ctx.print_json({"state": state, "changed": changed})
    else:
        print(f"{changed} mentions {state}.")
    return EXIT_OK


def cmd_tag(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    if args.tag_command == "list":
        counts = archive.tag_counts()
        if args.json:
            ctx.print_json([asdict(t) for t in counts])
        for t in counts if not args.json else ():
            print(f"{t.tag}: {t.items} items, {t.cases} cases")
        return EXIT_OK
    from archive.errors import CasefileError

    if (args.item is None) == (args.case is None):
        raise CasefileError("Say what to tag: --item NUMBER or --case TITLE.")
    adding = args.tag_command == "add"
    if args.item is not None:
        (archive.tag_item if adding else archive.untag_item)(args.item, args.tag)
        tags, what = archive.tags(args.item), f"item {args.item}"
    else:
        (archive.tag_case if adding else archive.untag_case)(args.case, args.tag)
        tags, what = archive.case_tags(args.case), f"case “{args.case}”"
    if args.json:
        ctx.print_json({"tags": list(tags)})
    else:
        print(f"Tags of {what}: {', '.join(tags) or '(none)'}")
    return EXIT_OK


def cmd_detect(ctx: Context, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    report = archive.detect(case=args.case, item_ids=args.item or None)
    if args.json:
        ctx.print_json({"items": report.items, "new": dict(report.new),
                        "total": report.total, "new_entities": report.new_entities,
                        "failed": list(report.failed)})
        return EXIT_OK
    per_type = ", ".join(f"{n} {t}" for t, n in report.new) or "none"
    print(f"Looked at {report.items} items: {report.total} new suggestions ({per_type}),"
          f" {report.new_entities} new entities.")
    if report.failed:
        print(f"Detection failed on items {', '.join(map(str, report.failed))} (see the log).")
    return EXIT_OK


# --- parsers -----------------------------------------------------------------------------------
def add_commands(sub: Any, ctx: Context) -> None:
    from archive.entity_models import ENTITY_TYPES, STATES

    def parser(parent: Any, name: str, help_: str, *, json: bool = True,
               reveal: bool = False) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_)
        if json:
            p.add_argument("--json", action="store_true")
        if reveal:
            p.add_argument("--reveal", action="store_true",
                           help="show protected people's real names (default: pseudonyms)")
        return p

    s = sub.add_parser("entity", help="people, places, numbers, wallets: add, list, merge...")
    es = s.add_subparsers(dest="entity_command", required=True,
                          metavar="add|list|show|merge|alias|split|protect|rename|delete")
    a = parser(es, "add", "add an entity")
    a.add_argument("name")
    a.add_argument("--type", required=True, choices=ENTITY_TYPES)
    a.add_argument("--alias", action="append", help="another name (repeat for more)")
    a.add_argument("--notes", default="")
    a.add_argument("--protected", action="store_true",
                   help="a victim or witness: shown by a pseudonym outside the archive")
    a = parser(es, "list", "list entities", reveal=True)
    a.add_argument("--type", choices=ENTITY_TYPES)
    a = parser(es, "show", "an entity's mentions by case and item, and who it is seen with",
               reveal=True)
    a.add_argument("name", metavar="NAME|ID")
    a = parser(es, "merge", "merge OTHER into KEEP (mentions and aliases move)")
    a.add_argument("keep")
    a.add_argument("other")
    a = parser(es, "alias", "add (or --remove) another name of an entity")
    a.add_argument("name")
    a.add_argument("alias")
    a.add_argument("--remove", action="store_true")
    a = parser(es, "split", "make an alias an entity of its own again")
    a.add_argument("name")
    a.add_argument("alias")
    a = parser(es, "protect", "protect a victim or witness (pseudonym outside the archive)")
    a.add_argument("name")
    a.add_argument("--undo", action="store_true", help="unprotect (the pseudonym is kept)")
    a = parser(es, "rename", "give an entity a new name (the old one stays an alias)")
    a.add_argument("name")
    a.add_argument("new_name")
    a = parser(es, "delete", "delete an entity and its mentions")
    a.add_argument("name")
    s.set_defaults(func=partial(cmd_entity, ctx))

    s = sub.add_parser("source", help="grade an item's source (Admiralty code)")
    ss = s.add_subparsers(dest="source_command", required=True, metavar="grade")
    a = parser(ss, "grade", "name an item's source, its reliability and the item's credibility")
    a.add_argument("item", type=int)
    a.add_argument("--source", required=True, help="the source's name (created if new)")
    a.add_argument("--reliability", required=True, help="A (reliable) .. F (cannot judge)")
    a.add_argument("--credibility", required=True, type=int, choices=range(1, 7))
    s.set_defaults(func=partial(cmd_source, ctx))

    s = sub.add_parser("mention", help="list, add, confirm or reject mentions")
    ms = s.add_subparsers(dest="mention_command", required=True,
                          metavar="list|add|confirm|reject")
    a = parser(ms, "list", "list mentions", reveal=True)
    a.add_argument("--state", choices=STATES)
    a.add_argument("--entity")
    a.add_argument("--item", type=int)
    a = parser(ms, "add", "tag characters START-END of a page as a mention (confirmed)")
    a.add_argument("item", type=int)
    a.add_argument("--page", type=int, default=1)
    a.add_argument("--start", type=int, required=True)
    a.add_argument("--end", type=int, required=True)
    a.add_argument("--entity", required=True)
    a.add_argument("--type", choices=ENTITY_TYPES, help="create the entity if it is new")
    for name in ("confirm", "reject"):
        a = parser(ms, name, f"{name} suggested mentions")
        a.add_argument("ids", type=int, nargs="*", metavar="ID")
        a.add_argument("--all-suggested", action="store_true",
                       help="every suggested mention of --entity")
        a.add_argument("--entity")
    s.set_defaults(func=partial(cmd_mention, ctx))

    s = sub.add_parser("tag", help="tags on items and cases: add, remove, list with counts")
    ts = s.add_subparsers(dest="tag_command", required=True, metavar="add|remove|list")
    for name in ("add", "remove"):
        a = parser(ts, name, f"{name} a tag")
        a.add_argument("tag")
        a.add_argument("--item", type=int)
        a.add_argument("--case")
    parser(ts, "list", "every tag with its item and case counts")
    s.set_defaults(func=partial(cmd_tag, ctx))

    s = parser(sub, "detect", "suggest mentions: detectors and watchlist names over items")
    s.add_argument("--case")
    s.add_argument("--item", type=int, action="append", help="only this item (repeatable)")
    s.set_defaults(func=partial(cmd_detect, ctx))

