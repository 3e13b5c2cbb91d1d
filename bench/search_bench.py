"""Search speed at scale: Casefile's index vs. plain Whoosh and SQLite FTS5, on the same corpus.

Run (2 cores are shared: take the lock):
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/search_bench.py --items 10000
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/search_bench.py          # 100,000 items

Builds a seeded corpus (bench/search_corpus.py) into a SQLite file, then for each engine:
index build rate and size; p50/p95/max latency of 300 mixed queries for the top 20 with
snippets and facets (case, kind, tag, entity, language, year); incremental add of 100 items
and delete of 100 items, each committed and followed by a search. Engines:
  casefile  index/whoosh_index.py: ICU words + bigrams, no stored body, snippets from SQLite
            pages, count-only facets from cached columns
  whoosh    plain Whoosh used the obvious way: default analyzer and writer, stored body,
            hit.highlights(), groupedby facets
  fts5      SQLite FTS5 (unicode61) with snippet() and GROUP BY facets
  recoll    only when recollindex is installed (it is not measured otherwise)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import (
    BURMESE,
    CASES,
    CHINESE,
    THAI,
    Item,
    Vocabulary,
    make_item,
    write_corpus,
)

FACET_NAMES = ("case", "kind", "tag", "entity", "language", "year")


# --- queries ---------------------------------------------------------------------------------

class Query:
    """One query, written for each engine: text syntax plus optional kind/case/date filters."""

    def __init__(self, group: str, text: str, *, kind: str = "", case: str = "",
                 dates: tuple[str, str] | None = None) -> None:
        self.group, self.text, self.kind, self.case, self.dates = group, text, kind, case, dates

    def casefile(self) -> str:
        parts = [self.text]
        if self.kind:
            parts.append(f"kind:{self.kind}")
        if self.case:
            parts.append(f'case:"{self.case}"')
        if self.dates:
            parts.append(f"date:[{self.dates[0]} to {self.dates[1]}]")
        return " ".join(parts)

    def whoosh(self) -> str:
        parts = [self.text]
        if self.kind:
            parts.append(f"kind:{self.kind}")
        if self.case:
            parts.append(f"cases:'{self.case}'")
        if self.dates:
            low, high = (d.replace("-", "") for d in self.dates)
            parts.append(f"day:[{low}01 to {high}31]")
        return " ".join(parts)

    def fts(self) -> tuple[str, str, list[Any]]:
        """(MATCH expression, extra WHERE on items, its parameters)."""
        text = self.text.replace("~", "")
        where, params = [], []
        if self.kind:
            where.append("i.kind = ?")
            params.append(self.kind)
        if self.case:
            where.append("i.id IN (SELECT item_id FROM item_values WHERE facet='case' AND value=?)")
            params.append(self.case)
        if self.dates:
            where.append("i.day BETWEEN ? AND ?")
            low, high = (d.replace("-", "") for d in self.dates)
            params += [int(low + "01"), int(high + "31")]
        return text, " AND ".join(where), params


def make_queries(vocab: Vocabulary, seed: int, count: int = 300) -> list[Query]:
    import random

    rng = random.Random(seed + 99)
    common = vocab.words[:300]
    rare = vocab.words[3000:20000]

    def fuzz(word: str) -> str:
        i = rng.randrange(1, len(word))
        return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]

    def span() -> tuple[str, str]:
        y1 = rng.randint(2019, 2024)
        return f"{y1}-{rng.randint(1, 12):02d}", f"{rng.randint(y1, 2025)}-{rng.randint(1, 12):02d}"

    makers: list[tuple[str, int, Callable[[], Query]]] = [
        ("common word", 45, lambda: Query("common word", rng.choice(common))),
        ("rare word", 45, lambda: Query("rare word", rng.choice(rare))),
        ("two words", 30, lambda: Query("two words", f"{rng.choice(common)} {rng.choice(rare)}")),
        ("phrase", 30, lambda: Query(
            "phrase", f'"{rng.choice(common[:60])} {rng.choice(common[:60])}"')),
        ("boolean", 30, lambda: Query("boolean", rng.choice((
            f"{rng.choice(common)} OR {rng.choice(rare)}",
            f"{rng.choice(common)} NOT {rng.choice(common)}",
            f"({rng.choice(rare)} OR {rng.choice(rare)}) AND {rng.choice(common)}",
        )))),
        ("prefix", 30, lambda: Query("prefix", rng.choice(common + rare[:2000])[:4] + "*")),
        ("fuzzy", 30, lambda: Query("fuzzy", fuzz(rng.choice(rare[:3000])) + "~")),
        ("fields+dates", 40, lambda: Query(
            "fields+dates", rng.choice(common), kind=rng.choice(("news", "testimony", "")),
            case=rng.choice(CASES) if rng.random() < 0.5 else "", dates=span())),
        ("thai/chinese/burmese", 20, lambda: Query(
            "thai/chinese/burmese", rng.choice(rng.choice((THAI, CHINESE, BURMESE))))),
    ]
    queries = [make() for _, n, make in makers for _ in range(n)]
    rng.shuffle(queries)
    return queries[:count]


# --- helpers ---------------------------------------------------------------------------------

def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size + sum(
            p.stat().st_size for p in path.parent.glob(path.name + "-*"))
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _stats(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "max_ms": round(times[-1], 1), "mean_ms": round(statistics.fmean(times), 1)}


def latencies(run: Callable[[Query], Any], queries: list[Query]) -> tuple[dict[str, Any], dict[
        str, float]]:
    """(p50/p95/max/mean over all queries, p95 per group of query) in one pass."""
    by_group: dict[str, list[float]] = {}
    times = []
    for q in queries:
        started = time.perf_counter()
        run(q)
        ms = (time.perf_counter() - started) * 1000
        times.append(ms)
        by_group.setdefault(q.group, []).append(ms)
    return _stats(times), {g: _stats(t)["p95_ms"] for g, t in sorted(by_group.items())}


def items(first: int, count: int, seed: int, vocab: Vocabulary) -> Iterator[Item]:
    for item_id in range(first, first + count):
        yield make_item(item_id, seed, vocab)


# --- engines ---------------------------------------------------------------------------------

class Casefile:
    name = "casefile"

    def __init__(self, folder: Path, pages_db: Path, pages: int) -> None:
        from index.whoosh_index import WhooshIndex

        self.pages = pages
        self.index = WhooshIndex(folder / "casefile-index")
        self.folder = folder / "casefile-index"
        self.con = sqlite3.connect(pages_db, check_same_thread=False)

    def page_text(self, item_id: int, page: int) -> str:
        row = self.con.execute("SELECT text FROM pages WHERE item_id = ? AND number = ?",
                               (item_id, page)).fetchone()
        return "" if row is None else str(row[0])

    def build(self, corpus: Iterator[Item]) -> None:
        # As the app rebuilds: it tells the index how many pages are coming.
        self.index.rebuild((doc for item in corpus for doc in item.docs()), pages=self.pages)

    def search(self, q: Query) -> Any:
        from archive.errors import BadQuery

        try:
            return self.index.search(q.casefile(), limit=20, facets=True,
                                     page_text=self.page_text)
        except BadQuery:
            return None

    def add(self, new: list[Item]) -> None:
        self.index.add([doc for item in new for doc in item.docs()])

    def delete(self, ids: list[int]) -> None:
        self.index.delete(ids)

    def close(self) -> None:
        self.index.close()


class PlainWhoosh:
    """Whoosh as its tutorial shows it: stored body, default analyzer and writer."""

    name = "whoosh"

    def __init__(self, folder: Path, *, timeout: float = 0.0) -> None:
        from whoosh import fields, index, qparser

        self.timeout = timeout  # seconds a query may take before it is cut off (0: no limit)
        self.timeouts = 0
        self.folder = folder / "plain-whoosh"
        self.folder.mkdir()
        schema = fields.Schema(
            id=fields.NUMERIC(int, stored=True, unique=True, signed=False, bits=64),
            title=fields.TEXT(stored=True),
            body=fields.TEXT(stored=True),
            kind=fields.ID(stored=True, sortable=True),
            cases=fields.KEYWORD(stored=True, commas=True, sortable=True),
            tags=fields.KEYWORD(stored=True, commas=True, sortable=True),
            entities=fields.KEYWORD(stored=True, commas=True, sortable=True),
            lang=fields.KEYWORD(stored=True, sortable=True),
            year=fields.ID(stored=True, sortable=True),
            day=fields.NUMERIC(int, sortable=True),
        )
        self.ix = index.create_in(str(self.folder), schema)
        self.parser = qparser.MultifieldParser(["title", "body"], schema)
        self.parser.add_plugin(qparser.FuzzyTermPlugin())
        self.searcher: Any = None

    @staticmethod
    def _doc(item: Item) -> dict[str, Any]:
        return {"id": item.item_id, "title": item.title, "body": item.body, "kind": item.kind,
                "cases": ",".join(item.cases), "tags": ",".join(item.tags) or None,
                "entities": ",".join(item.entities) or None, "lang": item.languages,
                "year": item.date[:4], "day": int(item.date.replace("-", ""))}

    def build(self, corpus: Iterator[Item]) -> None:
        writer = self.ix.writer()
        for item in corpus:
            writer.add_document(**{k: v for k, v in self._doc(item).items() if v is not None})
        writer.commit()

    def search(self, q: Query) -> Any:
        from whoosh import sorting

        if self.searcher is None:
            self.searcher = self.ix.searcher()
        try:
            parsed = self.parser.parse(q.whoosh())
        except Exception:
            return None
        facets = {name: sorting.FieldFacet(field, allow_overlap=multi)
                  for name, field, multi in (("case", "cases", True), ("kind", "kind", False),
                                             ("tag", "tags", True), ("entity", "entities", True),
                                             ("language", "lang", True), ("year", "year", False))}
        from whoosh import collectors, searching

        collector: Any = self.searcher.collector(limit=20, groupedby=facets)
        if self.timeout:
            collector = collectors.TimeLimitCollector(collector, timelimit=self.timeout)
        try:
            self.searcher.search_with_collector(parsed, collector)
        except searching.TimeLimit:  # counted as taking the limit: flatters plain Whoosh
            self.timeouts += 1
        results = collector.results()
        out = [(hit["id"], hit.highlights("body")) for hit in results]
        groups = {name: {k: len(v) for k, v in results.groups(name).items()} for name in facets}
        return out, groups, len(results)

    def _write(self, work: Callable[[Any], None]) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None
        writer = self.ix.writer()
        work(writer)
        writer.commit()

    def add(self, new: list[Item]) -> None:
        def work(writer: Any) -> None:
            for item in new:
                writer.update_document(
                    **{k: v for k, v in self._doc(item).items() if v is not None})
        self._write(work)

    def delete(self, ids: list[int]) -> None:
        self._write(lambda writer: [writer.delete_by_term("id", i) for i in ids])

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


class Fts5:
    """SQLite FTS5 with its default tokenizer, one row per item, snippet() and GROUP BY."""

    name = "fts5"

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "fts5.db"
        self.con = sqlite3.connect(self.folder)
        self.con.executescript("""
            PRAGMA journal_mode = WAL;
            CREATE VIRTUAL TABLE fts USING fts5(title, body);
            CREATE TABLE items (id INTEGER PRIMARY KEY, kind TEXT, day INTEGER);
            CREATE TABLE item_values (item_id INTEGER, facet TEXT, value TEXT);
            CREATE INDEX item_values_item ON item_values(item_id);
        """)

    def _insert(self, item: Item) -> None:
        self.con.execute("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                         (item.item_id, item.title, item.body))
        self.con.execute("INSERT INTO items VALUES (?, ?, ?)",
                         (item.item_id, item.kind, int(item.date.replace("-", ""))))
        values = [("case", c) for c in item.cases] + [("tag", t) for t in item.tags] + [
            ("entity", e) for e in item.entities] + [
            ("language", item.languages), ("kind", item.kind), ("year", item.date[:4])]
        self.con.executemany("INSERT INTO item_values VALUES (?, ?, ?)",
                             [(item.item_id, f, v) for f, v in values])

    def build(self, corpus: Iterator[Item]) -> None:
        with self.con:
            for item in corpus:
                self._insert(item)

    def search(self, q: Query) -> Any:
        match, where, params = q.fts()
        cond = "fts MATCH ?" + (f" AND fts.rowid IN (SELECT i.id FROM items i WHERE {where})"
                                if where else "")
        try:
            rows = self.con.execute(
                f"SELECT rowid, snippet(fts, 1, '<b>', '</b>', '…', 24) FROM fts WHERE {cond}"
                " ORDER BY rank LIMIT 20", [match, *params]).fetchall()
            facets = self.con.execute(
                "SELECT facet, value, COUNT(*) FROM item_values WHERE item_id IN"
                f" (SELECT rowid FROM fts WHERE {cond}) GROUP BY facet, value",
                [match, *params]).fetchall()
        except sqlite3.OperationalError:  # a query FTS5's syntax does not accept
            return None
        return rows, facets

    def add(self, new: list[Item]) -> None:
        with self.con:
            for item in new:
                self._insert(item)

    def delete(self, ids: list[int]) -> None:
        with self.con:
            for table, col in (("fts", "rowid"), ("items", "id"), ("item_values", "item_id")):
                self.con.executemany(f"DELETE FROM {table} WHERE {col} = ?", [(i,) for i in ids])

    def close(self) -> None:
        self.con.close()


def batch(engine: Any, vocab: Vocabulary, seed: int, lines: int) -> float:
    """Seconds to batch-search ``lines`` lines (names, rare words, two-word phrases), each for
    its total and best 5 hits with snippets, as `casefile batch-search` does."""
    import random

    from search_corpus import ENTITIES

    from archive.searches import batch_query

    rng = random.Random(seed + 5)
    todo = [rng.choice((
        lambda: rng.choice(ENTITIES),
        lambda: rng.choice(vocab.words[3000:20000]),
        lambda: f"{rng.choice(vocab.words[:300])} {rng.choice(vocab.words[300:5000])}",
    ))() for _ in range(lines)]
    started = time.perf_counter()
    for line in todo:
        engine.index.search(batch_query(line), limit=5, facets=False, page_text=engine.page_text)
    return time.perf_counter() - started


# --- the run ---------------------------------------------------------------------------------

def measure(engine: Any, args: argparse.Namespace, vocab: Vocabulary,
            queries: list[Query], pages: int) -> dict[str, Any]:
    out: dict[str, Any] = {"engine": engine.name}
    if args.reuse and engine.name == "casefile" and not engine.index.needs_rebuild():
        out["build"] = "reused the index a previous run built"
        # Undo that run's incremental test: items 1-100 back, its 100 new items out.
        engine.add(list(items(1, 100, args.seed, vocab)))
        engine.delete(list(range(args.items + 1, args.items + 101)))
    else:
        started = time.perf_counter()
        engine.build(items(1, args.items, args.seed, vocab))
        seconds = time.perf_counter() - started
        out["build_s"] = round(seconds, 1)
        out["build_items_per_s"] = round(args.items / seconds, 1)
        out["build_pages_per_s"] = round(pages / seconds, 1)
    out["size_mb"] = round(folder_size(engine.folder) / 1e6, 1)
    engine.search(queries[0])  # open the searcher once, as an app does
    if engine.name == "whoosh" and args.baseline_queries:
        queries = queries[: args.baseline_queries]  # a sample of the same mix
        out["queries"] = len(queries)
    out["search"], out["by_group_p95_ms"] = latencies(engine.search, queries)
    if getattr(engine, "timeouts", 0):
        out["queries_cut_off"] = engine.timeouts
    if engine.name == "casefile" and args.batch:
        out["batch_lines"] = args.batch
        out["batch_s"] = round(batch(engine, vocab, args.seed, args.batch), 1)
    new = list(items(args.items + 1, 100, args.seed, vocab))
    started = time.perf_counter()
    engine.add(new)
    out["add_100_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    engine.search(queries[1])
    out["first_search_after_add_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    engine.delete(list(range(1, 101)))
    out["delete_100_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    engine.search(queries[2])
    out["first_search_after_delete_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--engines", default="casefile,whoosh,fts5",
                    help="comma-separated: casefile, whoosh, fts5")
    ap.add_argument("--work", type=Path, default=None, help="folder for the indexes (kept)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--reuse", action="store_true",
                    help="search Casefile's index from a previous run instead of building it"
                         " (its add/delete test items are removed first)")
    ap.add_argument("--batch", type=int, default=1000,
                    help="lines of a batch search to time on Casefile's index (0: none)")
    ap.add_argument("--baseline-queries", type=int, default=0,
                    help="run only this many of the queries on plain Whoosh (it takes seconds"
                         " per query at 100,000 items)")
    ap.add_argument("--baseline-timeout", type=float, default=0.0,
                    help="cut a plain Whoosh query off after this many seconds")
    args = ap.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    vocab = Vocabulary.make(args.seed)
    pages_db = work / "pages.db"
    started = time.perf_counter()
    if not pages_db.exists():
        write_corpus(pages_db, args.items + 100, args.seed, vocab)
    con = sqlite3.connect(pages_db)
    pages, words = con.execute(
        "SELECT COUNT(*), SUM(LENGTH(text) - LENGTH(REPLACE(text, ' ', '')) + 1) FROM pages"
        " WHERE item_id <= ?", (args.items,)).fetchone()
    con.close()
    print(f"corpus: {args.items} items, {pages} pages, ~{words / args.items:.0f} words/item"
          f" (seed {args.seed}, {time.perf_counter() - started:.0f}s to write) in {work}",
          flush=True)
    queries = make_queries(vocab, args.seed, args.queries)
    makers = {"casefile": lambda: Casefile(work, pages_db, pages),
              "whoosh": lambda: PlainWhoosh(work, timeout=args.baseline_timeout),
              "fts5": lambda: Fts5(work)}
    if shutil.which("recollindex") is None:
        print("recoll: not installed, not measured", flush=True)
    results = {"items": args.items, "pages": pages, "seed": args.seed, "engines": []}
    for name in args.engines.split(","):
        if name == "casefile" and not args.reuse:
            shutil.rmtree(work / "casefile-index", ignore_errors=True)
        if name == "whoosh":
            shutil.rmtree(work / "plain-whoosh", ignore_errors=True)
        if name == "fts5":
            for f in work.glob("fts5.db*"):
                f.unlink()
        engine = makers[name]()
        try:
            figures = measure(engine, args, vocab, queries, pages)
        finally:
            engine.close()
        print(json.dumps(figures, ensure_ascii=False), flush=True)
        results["engines"].append(figures)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    by_name = {e["engine"]: e for e in results["engines"]}
    if "casefile" in by_name and "whoosh" in by_name:
        cf, pw = by_name["casefile"], by_name["whoosh"]
        p95 = pw["search"]["p95_ms"] / cf["search"]["p95_ms"]
        build = cf["build_items_per_s"] / pw["build_items_per_s"]
        print(f"casefile vs plain whoosh: p95 {p95:.1f}x faster, build rate {build:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
