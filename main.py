"""Casefile's entry point: no arguments opens the window; subcommands are the command line."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger("casefile")

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR = 0, 1, 2

# Friendly language codes people type -> Tesseract's names.
LANG_ALIASES = {
    "en": "eng", "english": "eng", "th": "tha", "thai": "tha", "my": "mya", "burmese": "mya",
    "zh": "chi_sim+chi_tra", "chinese": "chi_sim+chi_tra", "zh-hans": "chi_sim",
    "zh-cn": "chi_sim", "zh-hant": "chi_tra", "zh-tw": "chi_tra",
}


def default_archive_path() -> Path:
    env = os.environ.get("CASEFILE_ARCHIVE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("Casefile", appauthor=False)) / "archive"


def open_archive(
    path: Path | None = None, *, create: bool = True, passphrase: str | None = None,
    encrypted: bool = False,
) -> Archive:
    """Wire the layers together: the archive with the OCR extractor and the Whoosh index.
    An encrypted archive's passphrase is asked for (or read from $CASEFILE_PASSPHRASE)."""
    from functools import partial

    from archive.passphrase_cli import passphrase_for
    from archive.service import Archive
    from index.analysis import normalize
    from index.whoosh_index import WhooshIndex
    from ocr.extractor import Extractor, default_languages
    from ocr.render import Renderer
    from ocr.zawgyi import fix_zawgyi

    root = path or default_archive_path()
    if passphrase is None and not encrypted:
        passphrase = passphrase_for(root)
    # Queries typed with a Zawgyi keyboard are converted like the pages were.
    indexer_factory = partial(WhooshIndex, text_fixer=fix_zawgyi)
    archive = Archive.open(
        root, extractor=Extractor(), indexer_factory=indexer_factory, renderer=Renderer(),
        create=create, default_languages=default_languages() or "eng", normalizer=normalize,
        passphrase=passphrase, encrypted=encrypted,
    )
    from ocr.reader import TesseractReader

    # The export's leak check reads pictures with it; its work files stay in the archive's temp
    archive.image_reader = TesseractReader(temp_dir=str(archive.storage.temp_dir))
    _log_to_archive(archive.storage.log_path)
    return archive


def _log_to_archive(log_path: Path) -> None:
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == str(log_path) for h in root.handlers):
        return
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def normalise_languages(codes: str | None) -> str | None:
    if not codes:
        return None
    out: list[str] = []
    for part in codes.replace(",", "+").split("+"):
        part = part.strip().lower()
        if part:
            for lang in LANG_ALIASES.get(part, part).split("+"):
                if lang not in out:
                    out.append(lang)
    return "+".join(out) or None


# --- progress bar ------------------------------------------------------------------------
class ProgressBar:
    """A one-line progress bar on stderr (a line every few seconds when not on a terminal)."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int, name: str = "") -> None:
        now = time.monotonic()
        final = total and done >= total
        if not final and now - self._last < (0.1 if self.tty else 5.0):
            return
        self._last = now
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            text = f"{self.label} [{bar}] {done}/{total} {name[:40]}"
        else:
            text = f"{self.label} {done} {name[:40]}"
        if self.tty:
            self.stream.write("\r" + text.ljust(100)[:100])
            self._shown = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()


# --- commands ----------------------------------------------------------------------------
def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def cmd_init(args: argparse.Namespace) -> int:
    passphrase = None
    if args.encrypted:
        from archive.passphrase_cli import new_passphrase

        passphrase = new_passphrase()
    archive = open_archive(args.archive, create=True, passphrase=passphrase,
                           encrypted=args.encrypted)
    print(f"{'Encrypted archive' if archive.encrypted else 'Archive'} ready at {archive.path}")
    print(f"OCR languages: {archive.ocr_languages}")
    return EXIT_OK


def cmd_case(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    if args.case_command == "add":
        case = archive.add_case(args.title, args.summary or "")
        if args.json:
            _print_json(_asdict(case))
        else:
            print(f"Case {case.id}: {case.title}")
        return EXIT_OK
    cases = archive.cases()
    if args.json:
        _print_json([_asdict(c) for c in cases])
    elif not cases:
        print("No cases yet. Add one with: casefile case add TITLE")
    else:
        for c in cases:
            print(f"{c.id:>4}  {c.title}  ({c.item_count} items, {c.status})")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    bar = ProgressBar("Importing")
    cancel = threading.Event()
    try:
        report = archive.ingest(
            [Path(p) for p in args.paths], case=args.case, kind=args.kind, source=args.source,
            collected_by=args.collected_by, collected_at=args.collected_at,
            languages=normalise_languages(args.lang), progress=bar, cancel=cancel,
        )
    except KeyboardInterrupt:
        cancel.set()
        bar.close()
        print("Import interrupted: what was stored is kept; run the same import again to finish.",
              file=sys.stderr)
        return EXIT_SOME_FAILED
    finally:
        bar.close()
    counts: dict[str, int] = {}
    for o in report.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    if args.json:
        _print_json({"counts": counts, "cancelled": report.cancelled,
                     "outcomes": [_asdict(o) for o in report.outcomes]})
    else:
        for o in report.outcomes:
            if o.status in ("failed", "stored", "partial", "skipped", "pending"):
                label = f"item {o.item_id}" if o.item_id else "not stored"
                print(f"{o.status.upper():8} {Path(o.path).name} ({label}): {o.reason}")
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        print(f"Imported {len(report.outcomes)} files into case “{args.case}”:"
              f" {summary or 'nothing'}")
    failed = any(o.status in ("failed", "skipped", "pending") for o in report.outcomes)
    return EXIT_SOME_FAILED if failed or report.cancelled else EXIT_OK


def cmd_items(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    items = archive.items(case=args.case, status=args.status, reliability=args.reliability,
                          credibility=args.credibility)
    if args.json:
        _print_json([_asdict(i) for i in items])
        return EXIT_OK
    for i in items:
        reason = f" — {i.reason}" if i.reason else ""
        grade = f" [graded {i.grade}]" if i.grade else ""
        print(f"{i.id:>5}  {i.status:8} {i.kind:11} {i.page_count:>4}p  {i.title}{grade}{reason}")
    if not items:
        print("No items.")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    item = archive.item(args.item)
    pages = archive.pages(item.id)
    if args.json:
        _print_json({"item": _asdict(item), "metadata": archive.item_metadata(item.id),
                     "provenance": archive.provenance(item.id),
                     "pages": [_asdict(p) for p in pages]})
        return EXIT_OK
    fields = [
        ("Item", str(item.id)), ("Title", item.title), ("File", item.filename),
        ("Type", item.mime), ("Kind", item.kind), ("Size", f"{item.size:,} bytes"),
        ("SHA-256", item.sha256), ("Cases", ", ".join(item.cases)),
        ("Source", item.source), ("Collected by", item.collected_by),
        ("Collected at", item.collected_at), ("Ingested at", item.ingested_at),
        ("Languages", item.languages), ("Status", item.status), ("Reason", item.reason),
        ("Pages", str(item.page_count)),
    ]
    for k, v in fields:
        if v:
            print(f"{k + ':':14}{v}")
    for p in pages:
        conf = f", confidence {p.confidence:.0f}" if p.confidence is not None else ""
        print(f"\n--- page {p.number} ({p.method}{conf}) ---")
        print(p.text)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    if args.syntax or not args.query:
        print(archive.search_help())
        return EXIT_OK if args.syntax else EXIT_ERROR
    result = archive.search(args.query, case=args.case, kind=args.kind, limit=args.limit,
                            page=args.page, sort=args.sort, facets=args.facets or args.json,
                            collapse=args.collapse, sort_by=args.sort_by)
    rows = [_hit_row(archive, h) for h in result.hits]
    facets = {name: {c.value: c.count for c in counts} for name, counts in result.facets}
    if args.json:
        _print_json({"query": result.query, "total": result.total, "page": result.page,
                     "pages": result.pages, "sort": result.sort, "facets": facets,
                     "suggestion": result.suggestion, "hits": rows})
        return EXIT_OK
    shown = f" (page {result.page} of {result.pages})" if result.pages > 1 else ""
    print(f"{result.total} items match “{args.query}”{shown}")
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}")
    for r in rows:
        page = f", page {r['page']}" if r["page"] else ""
        date = f", {r['date']}" if r["date"] else ""
        grade = f", graded {r['grade']}" if r["grade"] else ""
        print(f"\n[{r['item_id']}] {r['title']} ({r['kind']}{page}{date}{grade})")
        if r["snippet"]:
            print("    " + _plain_snippet(str(r["snippet"])))
        if r["near_duplicates"]:
            ids = ", ".join(str(i) for i in r["near_duplicates"])
            print(f"    {len(r['near_duplicates'])} near-duplicates: items {ids}")
    if args.facets:
        for name, counts in facets.items():
            values = ", ".join(f"{value} ({n})" for value, n in counts.items())
            print(f"\n{name}: {values}")
    return EXIT_OK


def _hit_row(archive: Archive, h: Any) -> dict[str, Any]:
    item = archive.item(h.item_id)
    return {"item_id": h.item_id, "title": item.title, "filename": item.filename,
            "kind": item.kind, "page": h.page, "pages": list(h.pages), "date": h.date,
            "score": round(h.score, 3), "snippet": h.snippet, "grade": item.grade,
            "near_duplicates": list(h.near_duplicates)}


def cmd_batch_search(args: argparse.Namespace) -> int:
    from archive.searches import batch_csv, write_batch_csv

    archive = open_archive(args.archive)
    source = sys.stdin if str(args.file) == "-" else None
    try:
        text = source.read() if source else Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise _known(f"Cannot read the list {args.file}: {e}") from e
    bar = ProgressBar("Searching")
    try:
        rows = archive.batch_search(text.splitlines(), case=args.case, limit=args.limit,
                                    progress=bar)
    finally:
        bar.close()
    if args.csv:
        def titles(item_id: int) -> str:
            return archive.item(item_id).title

        if str(args.csv) == "-":
            sys.stdout.write(batch_csv(rows, titles))
        else:
            write_batch_csv(Path(args.csv), rows, titles)
            print(f"Wrote {len(rows)} lines' hits to {args.csv}")
        return EXIT_OK
    if args.json:
        _print_json([{"line": r.line, "query": r.query, "total": r.total, "error": r.error,
                      "hits": [_hit_row(archive, h) for h in r.hits]} for r in rows])
        return EXIT_OK
    for r in rows:
        found = f"ERROR: {r.error}" if r.error else f"{r.total} items"
        ids = ", ".join(str(h.item_id) for h in r.hits)
        print(f"{r.line}\t{found}" + (f"\t(items {ids})" if ids else ""))
    return EXIT_OK


def cmd_saved(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    if args.saved_command == "add":
        saved = archive.save_search(args.name, args.query, case=args.case)
        print(f"Saved search {saved.id}: {saved.name} = {saved.query}")
        return EXIT_OK
    if args.saved_command == "delete":
        archive.delete_saved(args.name)
        print(f"Deleted the saved search “{args.name}”.")
        return EXIT_OK
    if args.saved_command == "run":
        run = archive.run_saved(args.name, limit=args.limit, page=args.page)
        rows = [_hit_row(archive, h) for h in run.result.hits]
        if args.json:
            _print_json({"name": run.search.name, "query": run.search.query,
                         "total": run.result.total, "new": list(run.new_items), "hits": rows})
            return EXIT_OK
        print(f"{run.search.name}: {run.result.total} items match “{run.search.query}”,"
              f" {len(run.new_items)} new since the last run")
        new = set(run.new_items)
        for r in rows:
            mark = "NEW " if r["item_id"] in new else ""
            print(f"  {mark}[{r['item_id']}] {r['title']} ({r['kind']}, page {r['page']})")
        return EXIT_OK
    searches = archive.saved_searches(case=args.case)
    if args.json:
        _print_json([_asdict(s) for s in searches])
    elif not searches:
        print("No saved searches. Add one with: casefile saved add NAME QUERY")
    for s in searches if not args.json else ():
        case = f" [{s.case}]" if s.case else ""
        last = f", last run {s.last_run[:16]} ({s.last_total} items)" if s.last_run else ""
        print(f"{s.id:>4}  {s.name}{case}: {s.query}{last}")
    return EXIT_OK


def cmd_similar(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    found = archive.similar(args.item, limit=args.limit)
    if args.json:
        _print_json([_asdict(s) | {"title": archive.item(s.item_id).title} for s in found])
        return EXIT_OK
    dups = sum(s.near_duplicate for s in found)
    print(f"{len(found)} items like item {args.item}, {dups} of them near-duplicates")
    for s in found:
        mark = "near-duplicate" if s.near_duplicate else f"{s.overlap:.0%} shared wording"
        print(f"  [{s.item_id}] {archive.item(s.item_id).title} ({mark})")
    return EXIT_OK


def _known(message: str) -> Exception:
    from archive.errors import CasefileError

    return CasefileError(message)


def _plain_snippet(html_snippet: str) -> str:
    import html

    text = html_snippet.replace("<b>", "[").replace("</b>", "]")
    return " ".join(html.unescape(text).split())


def cmd_verify(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    bar = ProgressBar("Verifying")
    try:
        report = archive.verify(progress=lambda d, t: bar(d, t))
    finally:
        bar.close()
    from archive.verify import report_json, report_markdown

    text = report_markdown(report)
    if args.report:
        from archive.storage import atomic_write

        atomic_write(Path(args.report).expanduser(), text.encode("utf-8"))
    if args.json:
        _print_json(report_json(report))
    else:
        print(text, end="")
    return EXIT_OK if report.ok else EXIT_SOME_FAILED


def cmd_reindex(args: argparse.Namespace) -> int:
    archive = open_archive(args.archive)
    bar = ProgressBar("Indexing")
    try:
        n = archive.reindex(progress=lambda d, t: bar(d, t))
    finally:
        bar.close()
    print(f"Rebuilt the search index: {n} items.")
    return EXIT_OK


def _asdict(obj: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    return asdict(obj) if is_dataclass(obj) else obj


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="casefile",
        description="Casefile: an offline evidence archive. Without a command, opens the window.",
    )
    p.add_argument("--archive", type=Path, default=None,
                   help="archive folder (default: $CASEFILE_ARCHIVE or your user data folder)")
    p.add_argument("--sample", action="store_true",
                   help="window: make the sample case (if missing) and show it")
    p.add_argument("--screenshot", type=Path, default=None, metavar="PNG",
                   help="window: save a picture of the window once it is ready, then quit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("init", help="create the archive folder")
    s.add_argument("--encrypted", action="store_true",
                   help="encrypt everything in it with a passphrase (asked for twice)")
    s.set_defaults(func=cmd_init)
    from archive.passphrase_cli import add_passphrase_command

    add_passphrase_command(sub, default_archive_path, open_archive)

    s = sub.add_parser("case", help="add or list cases")
    case_sub = s.add_subparsers(dest="case_command", metavar="add|list", required=True)
    a = case_sub.add_parser("add", help="add a case")
    a.add_argument("title")
    a.add_argument("--summary", default="")
    a.add_argument("--json", action="store_true")
    a = case_sub.add_parser("list", help="list cases")
    a.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_case)

    s = sub.add_parser("ingest", help="import files and folders (recursively) into a case")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--case", required=True, help="case title (created if new)")
    s.add_argument("--kind", choices=["testimony", "news", "screenshot", "document", "email",
                                      "web capture"])
    s.add_argument("--source", default="", help="where it came from: URL, outlet, witness code")
    s.add_argument("--collected-by", default="", help="who collected it")
    s.add_argument("--collected-at", default="", help="when it was collected (YYYY-MM-DD)")
    s.add_argument("--lang", default=None,
                   help="OCR languages for this batch, e.g. eng+tha or en,th,my,zh")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("items", help="list items")
    s.add_argument("--case")
    s.add_argument("--status", choices=["pending", "ok", "partial", "failed", "stored"])
    s.add_argument("--reliability", help="source reliability grades, e.g. A-B")
    s.add_argument("--credibility", help="credibility grades, e.g. 1-2")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_items)

    s = sub.add_parser("show", help="an item's metadata and text, page by page")
    s.add_argument("item", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("search", help="full-text search (--syntax explains queries)")
    s.add_argument("query", nargs="?", default="")
    s.add_argument("--case")
    s.add_argument("--kind")
    s.add_argument("--limit", type=int, default=20, help="hits per page (default 20)")
    s.add_argument("--page", type=int, default=1, help="which page of hits (default 1)")
    s.add_argument("--sort", choices=["relevance", "newest", "oldest"], default="relevance")
    s.add_argument("--sort-by", default="date",
                   choices=["date", "created", "sent", "captured", "published", "collected",
                            "ingested"],
                   help="which date --sort newest/oldest uses (default: the date the item"
                        " bears, else when it was collected)")
    s.add_argument("--collapse", action="store_true",
                   help="leave out near-duplicates (reprints) of a better hit")
    s.add_argument("--facets", action="store_true",
                   help="count the hits per case, kind, tag, entity, language and year")
    s.add_argument("--syntax", action="store_true", help="explain the query syntax")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("batch-search",
                       help="search each line of a file (names, numbers, wallets, queries)")
    s.add_argument("file", type=Path, help="a text file, one search per line (- for stdin)")
    s.add_argument("--case")
    s.add_argument("--limit", type=int, default=5, help="hits kept per line (default 5)")
    s.add_argument("--csv", type=Path, help="write the hits as CSV to this file (- for stdout)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_batch_search)

    s = sub.add_parser("saved", help="saved searches: add, run, list, delete")
    saved_sub = s.add_subparsers(dest="saved_command", metavar="add|run|list|delete",
                                 required=True)
    a = saved_sub.add_parser("add", help="save a query under a name")
    a.add_argument("name")
    a.add_argument("query")
    a.add_argument("--case", help="only this case's items")
    a = saved_sub.add_parser("run", help="run a saved search; says what is new since last time")
    a.add_argument("name")
    a.add_argument("--limit", type=int, default=20)
    a.add_argument("--page", type=int, default=1)
    a.add_argument("--json", action="store_true")
    a = saved_sub.add_parser("list", help="list saved searches")
    a.add_argument("--case")
    a.add_argument("--json", action="store_true")
    a = saved_sub.add_parser("delete", help="delete a saved search")
    a.add_argument("name")
    s.set_defaults(func=cmd_saved)

    s = sub.add_parser("similar", help="items like this one, and its near-duplicates")
    s.add_argument("item", type=int)
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_similar)

    s = sub.add_parser("verify", help="check every original's hash and the custody log")
    s.add_argument("--json", action="store_true")
    s.add_argument("--report", metavar="FILE",
                   help="also write the report (Markdown) to FILE, e.g. for a dossier")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("reindex", help="rebuild the search index from the archive")
    s.set_defaults(func=cmd_reindex)

    from archive.commands import Context, add_commands
    from archive.event_commands import add_event_commands

    ctx = Context(open_archive, _print_json)
    add_commands(sub, ctx)
    add_event_commands(sub, ctx)

    from archive.export_commands import ExportContext, add_export_commands

    add_export_commands(sub, ExportContext(open_archive, _print_json, ProgressBar))

    from archive.backup_commands import add_backup_commands

    add_backup_commands(sub, open_archive)

    from ui.sample_command import add_sample_command

    add_sample_command(sub, open_archive, ProgressBar)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ocr.tesseract import installed_languages
        from ui.app import run_gui

        return run_gui(args.archive or default_archive_path(), open_archive=open_archive,
                       sample=args.sample, screenshot=args.screenshot,
                       languages=installed_languages)
    from archive.errors import CasefileError

    try:
        return int(args.func(args))
    except CasefileError as e:
        print(f"casefile: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("casefile: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        print("casefile: an unexpected error happened (a bug). Details are in the archive's"
              " casefile.log.", file=sys.stderr)
        return EXIT_ERROR


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
