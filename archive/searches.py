"""Investigator searches on top of plain search: saved searches, batch search, similar items."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive import custody
from archive.errors import BadQuery, CasefileError
from archive.models import Hit, SearchResult

if TYPE_CHECKING:
    from archive.db import Database
    from archive.models import Page
    from archive.protocols import Indexer

log = logging.getLogger(__name__)

# A batch line with any of these is a query as typed; any other line is an exact phrase.
_SYNTAX = re.compile(r'["*~():]|\b(?:AND|OR|NOT)\b')


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    name: str
    query: str
    case: str  # "" for all cases
    created: str
    last_run: str  # "" if never run
    last_total: int


@dataclass(frozen=True, slots=True)
class SavedRun:
    search: SavedSearch
    result: SearchResult
    new_items: tuple[int, ...]  # matching now, not at the previous run (all, on the first run)


@dataclass(frozen=True, slots=True)
class SavedCount:
    """A saved search and how many items it matches now that its last run did not show."""

    search: SavedSearch
    total: int  # items matching now
    new: int  # of them, not seen at the last run (all of them if it never ran)
    error: str = ""  # why it could not be counted (the query no longer parses)


@dataclass(frozen=True, slots=True)
class BatchRow:
    line: str  # as given
    query: str  # as searched
    total: int
    hits: tuple[Hit, ...]
    error: str = ""  # why the line could not be searched


@dataclass(frozen=True, slots=True)
class Similar:
    item_id: int
    score: float
    overlap: float  # share of word 3-shingles in common (0..1)
    near_duplicate: bool = False  # the index counts it a near-duplicate (as search hits show)


def batch_query(line: str) -> str:
    """What a batch line searches: as typed if it uses the syntax, else an exact phrase."""
    line = " ".join(line.split())
    if not line or _SYNTAX.search(line):
        return line
    return f'"{line}"'


def batch_lines(lines: Iterable[str]) -> list[str]:
    """The lines of a batch that are searched: not blank, not a # comment."""
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def shingles(text: str, size: int = 3) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < size:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1)}


def overlap(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class SearchFeatures:
    """Mixed into Archive: needs its database, index, cases and plain search."""

    db: Database
    _index_lock: threading.RLock

    if TYPE_CHECKING:  # provided by Archive

        @property
        def actor(self) -> str: ...

        def search(self, query: str, *, case: str | None = None, kind: str | None = None,
                   limit: int = 20, page: int = 1, sort: str = "relevance",
                   facets: bool = True) -> SearchResult: ...

        def _index(self) -> Indexer: ...

        def ensure_index(self, *, progress: Callable[[int, int], None] | None = None
                         ) -> None: ...

        def case_id(self, title_or_id: str | int, *, create: bool = False,
                    summary: str = "") -> int: ...

        def pages(self, item_id: int) -> list[Page]: ...

    # --- saved searches -------------------------------------------------------------------
    def save_search(self, name: str, query: str, *, case: str | None = None,
                    seen: bool = False) -> SavedSearch:
        """Keep a query under a name (per case if given) to run again later. With ``seen``,
        the items it matches now count as seen (the person saving it is looking at them), so
        only later ones are new."""
        name = " ".join(name.split())
        if not name:
            raise CasefileError("A saved search needs a name.")
        if not query.strip():
            raise BadQuery("A saved search needs a query.")
        self.search(query, case=case, limit=0, facets=False)  # a bad query fails now, not later
        case_id = self.case_id(case) if case else None
        with self.db.transaction() as con:
            if con.execute("SELECT 1 FROM saved_searches WHERE name = ?", (name,)).fetchone():
                raise CasefileError(f"There is already a saved search called “{name}”.")
            con.execute(
                "INSERT INTO saved_searches(name, query, case_id, created) VALUES (?, ?, ?, ?)",
                (name, query.strip(), case_id, custody.now_iso()),
            )
            custody.append(con, actor=self.actor, action="saved-search",
                           detail={"name": name, "query": query.strip(), "case": case or ""})
        saved = self.saved_search(name)
        if seen:
            self._record_seen(saved, self._matching_now(saved))
            saved = self.saved_search(name)
        return saved

    def saved_searches(self, *, case: str | None = None) -> list[SavedSearch]:
        sql = ("SELECT s.id, s.name, s.query, COALESCE(c.title, ''), s.created, s.last_run,"
               " s.seen FROM saved_searches s LEFT JOIN cases c ON c.id = s.case_id")
        params: tuple[object, ...] = ()
        if case:
            sql += " WHERE s.case_id = ?"
            params = (self.case_id(case),)
        rows = self.db.execute(sql + " ORDER BY s.name COLLATE NOCASE", params).fetchall()
        return [SavedSearch(r[0], r[1], r[2], r[3], r[4], r[5], len(json.loads(r[6])))
                for r in rows]

    def saved_search(self, name: str) -> SavedSearch:
        for s in self.saved_searches():
            if s.name.casefold() == name.strip().casefold() or str(s.id) == name.strip():
                return s
        raise CasefileError(f"There is no saved search “{name}”. `saved list` shows them.")

    def run_saved(self, name: str, *, limit: int = 20, page: int = 1) -> SavedRun:
        """Run a saved search; says which matching items are new since its last run."""
        saved = self.saved_search(name)
        case = saved.case or None
        result = self.search(saved.query, case=case, limit=limit, page=page)
        now = self._matching_now(saved)
        before = self._seen(saved)
        new = tuple(i for i in now if i not in before) if saved.last_run else tuple(now)
        self._record_seen(saved, now)
        return SavedRun(self.saved_search(saved.name), result, new)

    def saved_counts(self, *, case: str | None = None) -> list[SavedCount]:
        """Each saved search with the number of items new since its last run, without running
        it (nothing is marked seen). A query that no longer parses says why."""
        out = []
        for saved in self.saved_searches(case=case):
            try:
                now = self._matching_now(saved)
            except BadQuery as exc:
                out.append(SavedCount(saved, 0, 0, str(exc)))
                continue
            before = self._seen(saved) if saved.last_run else set()
            out.append(SavedCount(saved, len(now), sum(i not in before for i in now)))
        return out

    def mark_saved_seen(self, name: str) -> SavedSearch:
        """Count what a saved search matches now as seen: a person ran it and is looking."""
        saved = self.saved_search(name)
        self._record_seen(saved, self._matching_now(saved))
        return self.saved_search(saved.name)

    def rename_saved(self, name: str, new_name: str) -> SavedSearch:
        saved = self.saved_search(name)
        new_name = " ".join(new_name.split())
        if not new_name:
            raise CasefileError("A saved search needs a name.")
        with self.db.transaction() as con:
            clash = con.execute("SELECT id FROM saved_searches WHERE name = ? AND id != ?",
                                (new_name, saved.id)).fetchone()
            if clash:
                raise CasefileError(f"There is already a saved search called “{new_name}”.")
            con.execute("UPDATE saved_searches SET name = ? WHERE id = ?", (new_name, saved.id))
            custody.append(con, actor=self.actor, action="saved-search-rename",
                           detail={"name": saved.name, "new_name": new_name})
        return self.saved_search(new_name)

    def _matching_now(self, saved: SavedSearch) -> list[int]:
        with self._index_lock:
            self.ensure_index()
            indexer = self._index()
        cases = (saved.case,) if saved.case else ()
        return indexer.item_ids(saved.query, cases=cases)

    def _seen(self, saved: SavedSearch) -> set[int]:
        row = self.db.execute("SELECT seen FROM saved_searches WHERE id = ?",
                              (saved.id,)).fetchone()
        return set(json.loads(row[0])) if row else set()

    def _record_seen(self, saved: SavedSearch, now: Sequence[int]) -> None:
        with self.db.transaction() as con:
            con.execute("UPDATE saved_searches SET last_run = ?, seen = ? WHERE id = ?",
                        (custody.now_iso(), json.dumps(list(now)), saved.id))

    def delete_saved(self, name: str) -> None:
        saved = self.saved_search(name)
        with self.db.transaction() as con:
            con.execute("DELETE FROM saved_searches WHERE id = ?", (saved.id,))
            custody.append(con, actor=self.actor, action="saved-search-delete",
                           detail={"name": saved.name})

    # --- batch search ---------------------------------------------------------------------
    def batch_search(
        self, lines: Iterable[str], *, case: str | None = None, limit: int = 5,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> list[BatchRow]:
        """Search each line (a name, number, wallet, or a query): its hit count and best hits.
        A line that cannot be searched says why; the others go on. When ``cancel`` is set,
        stops before the next line and returns the lines searched so far."""
        todo = batch_lines(lines)
        rows = []
        for n, line in enumerate(todo, 1):
            if cancel is not None and cancel.is_set():
                break
            query = batch_query(line)
            try:
                result = self.search(query, case=case, limit=limit, facets=False)
                rows.append(BatchRow(line, query, result.total, result.hits))
            except BadQuery as exc:
                rows.append(BatchRow(line, query, 0, (), str(exc)))
            if progress:
                progress(n, len(todo))
        return rows

    # --- similar items --------------------------------------------------------------------
    def similar(self, item_id: int, *, limit: int = 10) -> list[Similar]:
        """Items most like this one by their words, best first; near-duplicates (reprints,
        light edits) have a high overlap of word sequences."""
        text = "\n".join(p.text for p in self.pages(item_id))
        self.ensure_index()
        found = self._index().similar(item_id, text, limit=limit)
        near = set(self._index().near_duplicates(item_id))
        mine = shingles(text)
        out = []
        for other, score in found:
            other_text = "\n".join(p.text for p in self.pages(other))
            out.append(Similar(other, score, round(overlap(mine, shingles(other_text)), 3),
                               other in near))
        return out

    def near_duplicates(self, item_id: int) -> list[int]:
        """Items that are near-duplicates of this one (reprinted or lightly edited), most
        alike first: the same the search results list on a hit."""
        self.ensure_index()
        return self._index().near_duplicates(item_id)


def batch_csv(rows: Sequence[BatchRow], titles: Callable[[int], str]) -> str:
    """CSV of a batch search: one row per hit (or one row for a line without hits)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["line", "query", "total", "item_id", "title", "page", "pages", "snippet",
                "error"])
    for row in rows:
        if not row.hits:
            w.writerow([row.line, row.query, row.total, "", "", "", "", "", row.error])
        for hit in row.hits:
            w.writerow([row.line, row.query, row.total, hit.item_id, titles(hit.item_id),
                        hit.page, " ".join(map(str, hit.pages)), _plain(hit.snippet), ""])
    return out.getvalue()


def write_batch_csv(path: Path, rows: Sequence[BatchRow], titles: Callable[[int], str]) -> None:
    """Write ``batch_csv`` to a file (UTF-8, the CSV's own line ends), whole or not at all."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            f.write(batch_csv(rows, titles))
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _plain(snippet: str) -> str:
    import html

    return " ".join(html.unescape(re.sub(r"</?b>", "", snippet)).split())
