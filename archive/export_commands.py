"""Command-line export and import of cases: `export dossier|bundle|csv|ftm|dat` and
`import-bundle` (main.py adds them; argparse only, no Qt: the same services as the GUI)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.errors import CasefileError
from archive.export_service import FORMATS
from archive.redaction import MarkedSpan, Region

if TYPE_CHECKING:
    from archive.service import Archive

EXIT_OK = 0


class ExportContext:
    """What the commands need from main.py: the archive, JSON output and a progress bar."""

    def __init__(self, open_archive: Callable[..., Archive], print_json: Callable[[Any], None],
                 progress_bar: Callable[[str], Any]) -> None:
        self.open_archive = open_archive
        self.print_json = print_json
        self.progress_bar = progress_bar


def parse_region(text: str) -> Region:
    """ITEM:PAGE:X0,Y0,X1,Y1 with fractions of the page (0-1), e.g. 12:1:0,0.9,1,1."""
    try:
        item, page, box = text.split(":")
        x0, y0, x1, y1 = (float(v) for v in box.split(","))
    except ValueError as e:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not ITEM:PAGE:X0,Y0,X1,Y1 (fractions of the page, 0 to 1)") from e
    if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        raise argparse.ArgumentTypeError(f"“{text}”: the box must lie within 0-1 and not be"
                                         " empty")
    return Region(int(item), int(page), x0, y0, x1, y1)


def parse_span(text: str) -> MarkedSpan:
    """ITEM:PAGE:START-END, characters of the page's text as `show` prints it."""
    try:
        item, page, chars = text.split(":")
        start, end = (int(v) for v in chars.split("-"))
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"“{text}” is not ITEM:PAGE:START-END") from e
    if not 0 <= start < end:
        raise argparse.ArgumentTypeError(f"“{text}”: START must be below END")
    return MarkedSpan(int(item), int(page), start, end)


def cmd_export(ctx: ExportContext, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    items = args.items or None
    protected = [e for e in archive.entities() if e.protected]
    wants_plan = (args.redact or args.preview or args.redact_term or args.redact_region
                  or args.redact_span)
    plan = archive.redaction_plan(
        args.case, items, terms=args.redact_term or (), spans=args.redact_span or (),
        regions=args.redact_region or ()) if wants_plan else None
    if args.preview:
        assert plan is not None
        lines = archive.redaction_preview(args.case, plan, items)
        if args.json:
            ctx.print_json([asdict(ln) for ln in lines])
            return EXIT_OK
        for ln in lines:
            print(f"item {ln.item_id} p{ln.page}  {ln.replacement:10}  {ln.context}")
        print(f"{len(lines)} redactions in the text; each also covers its place on the"
              " exhibit. Nothing was exported (--preview).")
        return EXIT_OK
    if plan is None and protected:
        print(f"Not redacted: this export names the {len(protected)} protected people of the"
              " archive where they appear. Add --redact before it leaves your organisation.",
              file=sys.stderr)
    marks = archive.redaction_marks(args.case)
    if plan is None and marks:
        print(f"Not redacted: the {len(marks)} redaction marks saved for this case (`marks`)"
              " apply only with --redact.", file=sys.stderr)
    bar = ctx.progress_bar(f"Exporting {args.format}")
    try:
        produced = archive.export(args.format, args.case, args.out, item_ids=items, plan=plan,
                                  progress=bar,
                                  prefix=args.prefix)
    finally:
        bar.close()
    if args.json:
        ctx.print_json({"format": args.format, "path": str(produced.path),
                        "redacted": produced.redacted, "items": produced.items,
                        "files": dict(produced.files)})
        return EXIT_OK
    how = "redacted, checked for protected names" if produced.redacted else "not redacted"
    items, files = produced.items, len(produced.files)
    print(f"Exported {items} item{'' if items == 1 else 's'} of “{archive.case(args.case).title}”"
          f" as {args.format} to {produced.path} ({how}; {files} file{'' if files == 1 else 's'},"
          f" {'its' if files == 1 else 'their'} SHA-256 written to the custody log).")
    return EXIT_OK


def cmd_import_bundle(ctx: ExportContext, args: argparse.Namespace) -> int:
    archive = ctx.open_archive(args.archive)
    if not Path(args.bag).is_dir():
        raise CasefileError(f"{args.bag} is not a folder: give the bundle's folder.")
    bar = ctx.progress_bar("Importing bundle")
    try:
        done = archive.import_bundle(args.bag, case=args.case, progress=bar)
    finally:
        bar.close()
    if args.json:
        ctx.print_json(asdict(done))
        return EXIT_OK
    print(f"Imported the bundle into case “{done.case}”: {done.items} new items"
          f" ({done.linked} already here), {done.entities} entities, {done.mentions} mentions,"
          f" {done.events} events, {done.citations} citations. The import is in the custody"
          " log.")
    return EXIT_OK


def cmd_marks(ctx: ExportContext, args: argparse.Namespace) -> int:
    """List, add and remove the redaction marks saved for a case."""
    archive = ctx.open_archive(args.archive)
    for term in args.add_term or ():
        archive.add_redaction_term(args.case, term)
    for region in args.add_region or ():
        archive.add_redaction_region(args.case, region.item_id, region.page,
                                     (region.x0, region.y0, region.x1, region.y1))
    for mark_id in args.remove or ():
        archive.remove_redaction_mark(mark_id)
    marks = archive.redaction_marks(args.case)
    if args.json:
        ctx.print_json([asdict(m) for m in marks])
        return EXIT_OK
    for m in marks:
        print(f"{m.id:5}  {m.describe()}")
    print(f"{len(marks)} redaction mark{'' if len(marks) == 1 else 's'}: every export with"
          " --redact hides them (changes are in the custody log).")
    return EXIT_OK


def add_export_commands(sub: Any, ctx: ExportContext) -> None:
    s = sub.add_parser("export", help="export a case: PDF dossier, BagIt bundle, CSV, FtM, DAT")
    s.add_argument("format", choices=FORMATS)
    s.add_argument("case", metavar="CASE", help="case title or number")
    s.add_argument("--out", type=Path, required=True,
                   help="where to write (a new folder; a file for ftm and dossier)")
    s.add_argument("--redact", action="store_true",
                   help="protected people only by pseudonym, exhibits redacted, then checked")
    s.add_argument("--items", type=int, nargs="+", metavar="ID",
                   help="only these items of the case")
    s.add_argument("--redact-term", action="append", metavar="TEXT",
                   help="also redact this text everywhere (repeatable; implies --redact)")
    s.add_argument("--redact-span", action="append", type=parse_span,
                   metavar="ITEM:PAGE:START-END",
                   help="also redact these characters of a page's text, and their place on the"
                        " exhibit (repeatable; implies --redact)")
    s.add_argument("--redact-region", action="append", type=parse_region,
                   metavar="ITEM:PAGE:X0,Y0,X1,Y1",
                   help="also black out this area of an exhibit page, in fractions of the"
                        " page (repeatable; implies --redact)")
    s.add_argument("--preview", action="store_true",
                   help="show what would be redacted, and export nothing")
    s.add_argument("--prefix", default="CF", help="Bates number prefix of a DAT load file")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=partial(cmd_export, ctx))

    s = sub.add_parser("marks", help="redaction marks saved for a case's exports")
    s.add_argument("case", metavar="CASE", help="case title or number")
    s.add_argument("--add-term", action="append", metavar="TEXT",
                   help="hide this text everywhere in the case's redacted exports")
    s.add_argument("--add-region", action="append", type=parse_region,
                   metavar="ITEM:PAGE:X0,Y0,X1,Y1",
                   help="black out this area of an exhibit page (fractions of the page)")
    s.add_argument("--remove", action="append", type=int, metavar="ID", help="remove a mark")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=partial(cmd_marks, ctx))

    s = sub.add_parser("import-bundle", help="load a bundle (BagIt bag) into this archive")
    s.add_argument("bag", type=Path, metavar="BAG")
    s.add_argument("--case", help="import into this case (default: the bundle's case title)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=partial(cmd_import_bundle, ctx))
