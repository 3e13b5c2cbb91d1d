"""The evidence index on Whoosh: one document per item, its pages joined and mapped."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass, replace
from io import BytesIO
from itertools import groupby, islice
from pathlib import Path
from typing import Any

import whoosh.filedb.compound
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import FileIndex, exists_in

from archive.errors import ArchiveLocked, BadQuery, CasefileError
from archive.models import (
    SORT_DATES,
    SORT_NEWEST,
    SORT_RELEVANCE,
    SORTS,
    Hit,
    IndexDoc,
    SearchResult,
)
from archive.protocols import Progress
from index.facets import FacetCache, Matches, all_matches, by_column, by_date, count_facets
from index.help import SYNTAX
from index.neardup import COLLAPSE_DEPTH, collapse_near_duplicates, near_duplicates
from index.parallel import build_segments
from index.pinpoint import Span, item_spans, split_by_page
from index.query import QueryBuilder, highlight_terms, suggest
from index.ranking import top_scored
from index.schema import (
    SCHEMA_VERSION,
    build_schema,
    clear_version,
    read_pagemap,
    read_version,
    to_fields,
    write_version,
)
from index.snippets import make_snippet, matched_spans
from index.writer import FastSegmentWriter

log = logging.getLogger(__name__)


class LazyBufferFile(BufferFile):  # type: ignore[misc]
    """Whoosh's file over part of a memory-mapped segment, without copying a large part.

    Whoosh's BufferFile copies its whole part into a BytesIO when it is made, though most
    reads take slices of the buffer: opening a searcher on the 10,000-item archive copied
    ~100 MB of postings in one C call that held the GIL for 70-120 ms, and the window
    (whose every slot needs the GIL) froze that long at the first search (issue 8). A small
    part still gets its BytesIO (fast reads), on the first read that needs one; a large
    part is read in place through a ViewFile."""

    COPY_UP_TO = 1 << 20  # bytes: a copy this size takes well under a millisecond

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self._stream: Any = None
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    @property
    def file(self) -> Any:
        if self._stream is None:
            big = len(self._buf) > self.COPY_UP_TO
            self._stream = ViewFile(self._buf) if big else BytesIO(self._buf)
        return self._stream

    @file.setter
    def file(self, value: Any) -> None:
        self._stream = value

    def close(self) -> None:
        if self.is_closed:
            raise ValueError("This file is already closed")
        if self.onclose:
            self.onclose(self)
        if self._stream is not None:
            self._stream.close()
        self.is_closed = True


class ViewFile:
    """A read-only file over a buffer (a memoryview of a memory map), read in place: each
    read copies only what it returns."""

    def __init__(self, buf: Any) -> None:
        self._buf = memoryview(buf).cast("B")
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        start, total = self._pos, len(self._buf)
        end = total if size is None or size < 0 else min(total, start + size)
        self._pos = max(start, end)
        return bytes(self._buf[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        start, total = self._pos, len(self._buf)
        limit = total if size is None or size < 0 else min(total, start + size)
        end = start
        while end < limit:
            chunk = bytes(self._buf[end : min(limit, end + 4096)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return bytes(self._buf[start:end])

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


# Compound segments (the index's files in one memory-mapped file) open their parts with it.
whoosh.filedb.compound.BufferFile = LazyBufferFile

INDEX_NAME = "MAIN"
LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"
_PROGRESS_EVERY = 50
PARALLEL_PAGES = 2_000  # rebuilds of fewer pages run in this process (spawning costs ~1 s)
MAX_PROCESSES = 4
_SIMILAR_CHARS = 20_000  # how much of an item's text picks the words "more like this" looks for
# What reading a truncated or overwritten segment file raises inside Whoosh.
_DAMAGE = (EOFError, OSError, pickle.UnpicklingError, struct.error, zlib.error)


class WhooshIndex:
    """The full-text index in folder ``path`` (implements ``archive.protocols.Indexer``).

    Thread-safe: one writer at a time inside the process (a lock) and between processes
    (Whoosh's file lock, waited for with backoff up to ``lock_timeout`` seconds). Searches share
    one open searcher that is refreshed after commits.
    """

    def __init__(
        self, path: Path, *, lock_timeout: float = 30.0, limitmb: int = 128,
        text_fixer: Callable[[str], str] | None = None, processes: int | None = None,
    ) -> None:
        """``text_fixer`` is applied to queries, titles and sources before analysis (the app
        gives it the Zawgyi-to-Unicode converter). ``processes``: writer processes for a
        rebuild (default: one per core for big rebuilds)."""
        self._procs = processes
        self._path = Path(path)
        self._text_fixer = text_fixer
        self._facets = FacetCache()
        self._lock_timeout = lock_timeout
        self._limitmb = limitmb
        self._schema = build_schema()
        self._queries = QueryBuilder(self._schema)
        self._write_lock = threading.Lock()
        self._read_lock = threading.RLock()
        self._ix: FileIndex | None = None
        self._searcher: Any = None

    # -- state of the index -------------------------------------------------------------------

    def needs_rebuild(self) -> bool:
        """True when the index is missing, unreadable or of another schema version."""
        if not self._path.is_dir() or not any(self._path.iterdir()):
            log.info("index at %s is missing", self._path)
            return True
        version = read_version(self._path)
        if version != SCHEMA_VERSION:
            log.info("index at %s has schema %s, expected %s", self._path, version, SCHEMA_VERSION)
            return True
        try:
            self._probe()
        except Exception as exc:  # any failure to read means: rebuild (the index is derived)
            log.warning("index at %s is unreadable (%s: %s)", self._path, type(exc).__name__, exc)
            return True
        return False

    def _probe(self) -> None:
        """Open the index and read a little of everything: raises if something is broken."""
        ix = self._open()
        with ix.searcher() as searcher:
            reader = searcher.reader()
            count = reader.doc_count_all()
            if count:
                reader.stored_fields(count - 1)
                list(reader.column_reader("item_id")[i] for i in (0, count - 1))
            for fieldname in ("text", "bigram"):
                for term in islice(reader.lexicon(fieldname), 3):
                    list(islice(reader.postings(fieldname, term).all_ids(), 10))

    def _open(self) -> FileIndex:
        storage = FileStorage(str(self._path))
        if not exists_in(str(self._path), indexname=INDEX_NAME):
            raise FileNotFoundError(f"no index in {self._path}")
        return FileIndex(storage, schema=self._schema, indexname=INDEX_NAME)

    def _index_for_writing(self) -> FileIndex:
        """The open index; an empty one if there is none or it is unreadable (no version marker,
        so needs_rebuild() stays True until a rebuild)."""
        if self._ix is not None:
            return self._ix
        try:
            self._ix = self._open()
        except Exception as exc:
            log.warning("creating an empty index at %s (%s)", self._path, exc)
            self._path.mkdir(parents=True, exist_ok=True)
            clear_version(self._path)
            storage = FileStorage(str(self._path))
            with self._whoosh_lock(storage):
                self._ix = storage.create_index(self._schema, indexname=INDEX_NAME)
        return self._ix

    # -- writing ------------------------------------------------------------------------------

    @contextmanager
    def _whoosh_lock(self, storage: FileStorage) -> Iterator[None]:
        """Whoosh's file lock, waited for with backoff; ArchiveLocked if it stays taken."""
        lock = storage.lock(LOCK_NAME)
        deadline = time.monotonic() + self._lock_timeout
        delay = 0.05
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise ArchiveLocked(
                    "The search index is being updated by another Casefile window or command. "
                    "Try again when it has finished."
                )
            log.debug("index locked, retrying in %.2fs", delay)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        try:
            yield
        finally:
            lock.release()

    def _write(self, ix: FileIndex, work: Callable[[Any], None]) -> None:
        """Run ``work(writer)`` and commit; cancel and re-raise on any error."""
        with self._whoosh_lock(ix.storage):
            writer = FastSegmentWriter(ix, _lk=False, limitmb=self._limitmb)
            try:
                work(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        self._drop_searcher()

    def rebuild(
        self, docs: Iterable[IndexDoc], *, progress: Progress | None = None,
        pages: int | None = None,
    ) -> None:
        """Throw away whatever is there and index these pages from scratch (``pages``: how
        many ``docs`` will yield, when ``docs`` is a generator)."""
        total = len(docs) if isinstance(docs, Sized) else (pages or 0)
        started = time.perf_counter()
        with self._write_lock:
            self._drop_searcher()
            self._ix = None
            self._path.mkdir(parents=True, exist_ok=True)
            clear_version(self._path)
            storage = FileStorage(str(self._path))
            self._facets.clear()
            with self._whoosh_lock(storage):
                self._clear_folder()
                ix = storage.create_index(self._schema, indexname=INDEX_NAME)
                procs = self._processes(total)
                if procs > 1:
                    done = self._build_in_processes(storage, docs, procs, progress, total)
                else:
                    done = self._build_here(ix, docs, progress, total)
            write_version(self._path)
            self._ix = ix
        if progress:
            progress(done, total or done)
        log.info("rebuilt index: %d pages in %.1fs", done, time.perf_counter() - started)

    def _processes(self, pages: int) -> int:
        """Writer processes for a rebuild of ``pages`` pages: one per core (up to
        ``MAX_PROCESSES``) when there is enough to do to pay for starting them."""
        if self._procs is not None:
            return self._procs
        return min(os.cpu_count() or 1, MAX_PROCESSES) if pages >= PARALLEL_PAGES else 1

    def _build_here(
        self, ix: FileIndex, docs: Iterable[IndexDoc], progress: Progress | None, total: int
    ) -> int:
        writer = FastSegmentWriter(ix, _lk=False, limitmb=self._limitmb)
        done = 0
        try:
            for pages in _by_item(docs):
                writer.add_document(**self._fields(pages))
                before, done = done, done + len(pages)
                if progress and done // _PROGRESS_EVERY > before // _PROGRESS_EVERY:
                    progress(done, total)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return done

    def _build_in_processes(
        self, storage: FileStorage, docs: Iterable[IndexDoc], procs: int,
        progress: Progress | None, total: int,
    ) -> int:
        done = 0

        def items() -> Iterator[list[IndexDoc]]:
            nonlocal done
            for pages in _by_item(docs):
                yield self._pages(pages)
                before, done = done, done + len(pages)
                if progress and done // _PROGRESS_EVERY > before // _PROGRESS_EVERY:
                    progress(done, total)

        build_segments(storage, INDEX_NAME, self._schema, items(), procs=procs,
                       limitmb=self._limitmb)
        return done

    def _clear_folder(self) -> None:
        for entry in self._path.iterdir():
            if entry.name == LOCK_NAME:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    def add(self, docs: Iterable[IndexDoc]) -> None:
        """Index these pages, replacing any pages already indexed for the same items."""
        pages = list(docs)
        if not pages:
            return
        by_item: dict[int, list[IndexDoc]] = {}
        for doc in pages:
            by_item.setdefault(doc.item_id, []).append(doc)
        item_ids = sorted(by_item)

        def work(writer: Any) -> None:
            for item_id in item_ids:
                writer.delete_by_term("item_id", item_id)
            for item_pages in by_item.values():
                writer.add_document(**self._fields(item_pages))

        with self._write_lock:
            self._write(self._index_for_writing(), work)
        log.debug("indexed %d pages of %d items", len(pages), len(item_ids))

    def delete(self, item_ids: Iterable[int]) -> None:
        ids = sorted(set(item_ids))
        if not ids:
            return

        def work(writer: Any) -> None:
            for item_id in ids:
                writer.delete_by_term("item_id", item_id)

        with self._write_lock:
            self._write(self._index_for_writing(), work)
        log.debug("removed %d items from the index", len(ids))

    # -- searching ----------------------------------------------------------------------------

    def _drop_searcher(self) -> None:
        with self._read_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def _current_searcher(self) -> Any:
        """The shared searcher, reopened if another writer committed; None if there is no index."""
        if self._searcher is not None:
            try:
                if not self._searcher.up_to_date():
                    self._searcher = self._searcher.refresh()
                    self._facets.forget_except(_segment_ids(self._searcher))
                return self._searcher
            except Exception as exc:
                log.debug("reopening the searcher (%s)", exc)
                self._drop_searcher()
        if self._ix is None and not self._has_toc():
            log.warning("no index at %s yet", self._path)
            return None
        try:
            self._searcher = (self._ix or self._open()).searcher()
        except Exception as exc:  # a TOC is there but the index cannot be opened
            raise self._damaged(exc) from exc
        self._facets.forget_except(_segment_ids(self._searcher))
        return self._searcher

    def _has_toc(self) -> bool:
        return self._path.is_dir() and any(self._path.glob(f"_{INDEX_NAME}_*.toc"))

    def _damaged(self, exc: BaseException) -> CasefileError:
        log.error("index at %s is damaged: %s: %s", self._path, type(exc).__name__, exc)
        self._drop_searcher()
        return CasefileError(
            "The search index is damaged and must be rebuilt. The evidence itself is safe: "
            "the index is made again from the archive."
        )

    def search(
        self,
        query: str,
        *,
        cases: tuple[str, ...] = (),
        kinds: tuple[str, ...] = (),
        limit: int = 20,
        page: int = 1,
        sort: str = SORT_RELEVANCE,
        facets: bool = True,
        collapse: bool = False,
        page_text: Callable[[int, int], str],
        sort_by: str = "date",
    ) -> SearchResult:
        """Items best (or newest/oldest) first, ``limit`` per result page, each with its
        matching pages, a snippet of the best one and its near-duplicates (``collapse``: the
        near-duplicates of a hit ranked higher are left out); exact total and facet counts."""
        if sort not in SORTS:
            raise BadQuery(f"Results can be sorted by {', '.join(SORTS)}, not “{sort}”.")
        if sort_by not in SORT_DATES:
            raise BadQuery(f"Results can be sorted by these dates: {', '.join(SORT_DATES)};"
                           f" not by “{sort_by}”.")
        query = self._fix_text(query)
        q = self._queries.parse(query)
        flt = self._queries.filter_query(cases=cases, kinds=kinds)
        limit, page = max(limit, 0), max(page, 1)
        started = time.perf_counter()
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None or searcher.doc_count() == 0:
                return SearchResult(query=query, total=0, hits=(), page=page, per_page=limit,
                                    sort=sort)
            try:
                # Filters must not change the scores: they count as a constant 0.
                full = wq.And([q, wq.ConstantScoreQuery(flt, 0.0)]) if flt else q
                matches, shown, dups = self._ranked(
                    searcher, full, sort, (page - 1) * limit, limit, collapse=collapse,
                    sort_by=sort_by)
                found = self._found(searcher, q, shown)
                counts, estimated = count_facets(matches, self._facets) if facets else ((), False)
                suggestion = suggest(query, searcher.reader()) if matches.total < 3 else ""
            except _DAMAGE as exc:
                raise self._damaged(exc) from exc
        hits = tuple(self._hit(hit, found, page_text, dups.get(hit.docnum, ()))
                     for hit in shown)
        log.debug("query %r: %d items, %d shown, %.1f ms", query, matches.total, len(hits),
                  (time.perf_counter() - started) * 1000)
        return SearchResult(
            query=query, total=matches.total, hits=hits, page=page, per_page=limit,
            facets=counts, suggestion=suggestion, sort=sort, facets_estimated=estimated,
        )

    def _ranked(
        self, searcher: Any, q: wq.Query, sort: str, skip: int, limit: int, *,
        collapse: bool = False, sort_by: str = "date",
    ) -> tuple[Matches, list[_Shown], dict[int, tuple[int, ...]]]:
        """Every match (as sets of documents, unscored), the items ``skip`` .. ``skip +
        limit`` of them (by relevance, or by date from the date column) and the item ids of
        their near-duplicates."""
        matches = all_matches(searcher, q, self._facets)
        wanted = (skip + limit) * (COLLAPSE_DEPTH if collapse else 1)
        if not matches.total or limit == 0:
            ranked: list[tuple[int, float]] = []
        elif sort == SORT_RELEVANCE:
            ranked = top_scored(searcher, q, matches, wanted)
        elif sort_by != "date":  # another of the item's dates: read from its own column
            column = searcher.reader().column_reader(sort_by)
            ranked = [(d, float(day)) for d, day in
                      by_column(matches, column, wanted, newest=sort == SORT_NEWEST)]
        else:
            ranked = [(d, float(day)) for d, day in
                      by_date(matches, wanted, newest=sort == SORT_NEWEST)]
        if collapse:
            ranked, dups = collapse_near_duplicates(searcher, ranked, skip + limit)
        else:
            dups = near_duplicates(searcher, [d for d, _ in ranked[skip : skip + limit]])
        reader = searcher.reader()
        item_ids = reader.column_reader("item_id")
        days = reader.column_reader(sort_by if sort != SORT_RELEVANCE else "date")
        pagemaps = reader.column_reader("pagemap")
        shown = [
            _Shown(docnum, item_ids[docnum], score, _iso_day(days[docnum]),
                   *read_pagemap(pagemaps[docnum]))
            for docnum, score in ranked[skip : skip + limit]
        ]
        return matches, shown, dups

    @staticmethod
    def _found(searcher: Any, q: wq.Query, shown: list[_Shown]) -> dict[int, list[Span]]:
        if not shown:
            return {}
        terms = highlight_terms(q, searcher.reader())
        return item_spans(searcher.reader(), [s.docnum for s in shown], terms)

    def _hit(
        self, shown: _Shown, found: dict[int, list[Span]], page_text: Callable[[int, int], str],
        near: tuple[int, ...],
    ) -> Hit:
        """The hit of one item: the page with most matches, its snippet and spans."""
        by_page = split_by_page(found.get(shown.docnum, []), shown.numbers, shown.starts)
        if by_page:
            best = max(by_page, key=lambda n: (len(by_page[n]), -n))
        else:  # matched by its title or metadata only
            best = next((n for n in shown.numbers if n >= 0), 0)
        text = self._text(page_text, shown.item_id, best)
        spans = [(s, min(e, len(text))) for s, e in by_page.get(best, []) if s < len(text)]
        return Hit(item_id=shown.item_id, page=best, score=shown.score,
                   snippet=make_snippet(text, spans), pages=tuple(sorted(by_page) or [best]),
                   spans=tuple(spans), date=shown.day, near_duplicates=near)

    @staticmethod
    def _text(page_text: Callable[[int, int], str], item_id: int, page: int) -> str:
        try:
            return page_text(item_id, page)
        except CasefileError as exc:  # the index is ahead of/behind the database
            log.warning("no text for item %s page %s: %s", item_id, page, exc)
            return ""

    def match_spans(self, query: str, text: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` that ``query`` matches (for marking hits on a page)."""
        q = self._queries.parse(self._fix_text(query))
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            terms = highlight_terms(q, searcher.reader())
        return matched_spans(text, terms)

    def item_ids(
        self, query: str, *, cases: tuple[str, ...] = (), kinds: tuple[str, ...] = ()
    ) -> list[int]:
        """Every item matching ``query`` (unranked): for saved searches' "new since"."""
        q = self._queries.parse(self._fix_text(query))
        flt = self._queries.filter_query(cases=cases, kinds=kinds)
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            try:
                ids = searcher.reader().column_reader("item_id")
                return sorted(ids[d] for d in searcher.docs_for_query(
                    wq.And([q, flt]) if flt else q))
            except _DAMAGE as exc:
                raise self._damaged(exc) from exc

    def similar(self, item_id: int, text: str, *, limit: int = 10) -> list[tuple[int, float]]:
        """(item id, score) of the items whose words are most like ``text`` (the text of item
        ``item_id``, which is left out), best first."""
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None or not text.strip():
                return []
            try:
                terms = searcher.key_terms_from_text("text", text[:_SIMILAR_CHARS], numterms=25)
                if not terms:
                    return []
                q = wq.Or([wq.Term("text", term, boost=weight) for term, weight in terms])
                results = searcher.search(q, limit=limit + 1)
                ids = searcher.reader().column_reader("item_id")
                found = [(ids[d], score) for d, score in results.items()]
            except _DAMAGE as exc:
                raise self._damaged(exc) from exc
        return [(i, score) for i, score in found if i != item_id][:limit]

    def near_duplicates(self, item_id: int) -> list[int]:
        """Items whose text is nearly the same as item ``item_id``'s, most alike first."""
        with self._read_lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            try:
                docnums = list(searcher.docs_for_query(wq.Term("key", str(item_id))))
                if not docnums:
                    return []
                return list(near_duplicates(searcher, docnums[:1])[docnums[0]])
            except _DAMAGE as exc:
                raise self._damaged(exc) from exc

    def syntax_help(self) -> str:
        return SYNTAX

    def _fields(self, pages: list[IndexDoc]) -> dict[str, Any]:
        return to_fields(self._pages(pages))

    def _pages(self, pages: list[IndexDoc]) -> list[IndexDoc]:
        """An item's pages in order, with the title and source as the archive fixes them."""
        pages = sorted(pages, key=lambda d: d.page)
        if self._text_fixer:
            first = pages[0]
            pages[0] = replace(first, title=self._text_fixer(first.title),
                               source=self._text_fixer(first.source))
        return pages

    def _fix_text(self, text: str) -> str:
        return self._text_fixer(text) if self._text_fixer else text

    def close(self) -> None:
        with self._write_lock:
            self._drop_searcher()
            self._ix = None


@dataclass(frozen=True, slots=True)
class _Shown:
    """A hit to show, as the index knows it."""

    docnum: int
    item_id: int
    score: float
    day: str
    numbers: list[int]  # page numbers, then -1
    starts: list[int]  # where each page starts in the joined text, then where the last ends


def _by_item(docs: Iterable[IndexDoc]) -> Iterator[list[IndexDoc]]:
    """Consecutive pages of the same item, grouped."""
    for _, pages in groupby(docs, key=lambda d: d.item_id):
        yield list(pages)


def _iso_day(day: int) -> str:
    """"2024-03-15" for 20240315; "" for no date."""
    if not 0 < day <= 99991231:  # none (a document without the date has the column's max)
        return ""
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def _segment_ids(searcher: Any) -> set[str]:
    """The ids of the segments a searcher reads (none for an empty index)."""
    ids = set()
    for sub, _ in searcher.leaf_searchers():
        segment = getattr(sub.reader(), "segment", None)
        seg = segment() if segment is not None else None  # an empty index has none
        if seg is not None:
            ids.add(seg.segment_id())
    return ids
