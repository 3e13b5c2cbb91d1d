"""Rebuilding the index with one writer process per core, each writing its own segment.

Analysis is the cost of a rebuild and Whoosh is pure Python, so a rebuild uses every core:
the parent reads the items and hands batches of pages to spawned worker processes; each
analyses its batches into a segment of its own, and the parent lists all of them in one new
table of contents (the segments are not merged: searches run over them one by one). Unlike
Whoosh's own ``MpWriter`` (which prints a worker's exception and commits the other workers'
segments), a worker that fails or dies fails the whole rebuild with its reason, and nothing
is committed.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from archive.errors import CasefileError
from archive.models import IndexDoc

log = logging.getLogger(__name__)

BATCH = 40  # items per message to a worker
_POLL = 0.5  # seconds between checks that the workers are still alive


class IndexBuildFailed(CasefileError):
    """A worker process could not index its part of the archive."""


def _worker(path: str, indexname: str, limitmb: int, jobs: Any, results: Any) -> None:
    """Index the batches on ``jobs`` into one new segment; report it (or why not)."""
    try:
        from index.schema import build_schema, to_fields
        from index.writer import FastSegmentWriter

        ix = FileStorage(path).open_index(indexname, schema=build_schema())
        # The workers share the writer's temporary folder: none of them may remove it (no
        # _finish(), no cancel()); the parent does once they have all stopped.
        writer = FastSegmentWriter(ix, _lk=False, limitmb=limitmb)
        while (batch := jobs.get()) is not None:
            for pages in batch:
                writer.add_document(**to_fields(pages))
        if writer.docnum == 0:
            results.put(("empty", None))
            return
        segment = writer._finalize_segment()
        results.put(("ok", segment))
    except BaseException as exc:  # reported to the parent, which fails the rebuild
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def build_segments(
    storage: FileStorage, indexname: str, schema: Any, items: Iterable[list[IndexDoc]], *,
    procs: int, limitmb: int, on_item: Callable[[], None] | None = None,
) -> int:
    """Index ``items`` (each item's pages, in order) into the empty index ``indexname`` with
    ``procs`` worker processes and commit them as its segments; the number of documents.
    The workers turn pages into fields (``to_fields``): that is a sixth of the work.

    The caller holds the index's write lock. ``on_item`` is called after each item is handed
    over (progress; it may raise to cancel, which stops the workers and commits nothing).
    """
    ctx = mp.get_context("spawn")  # never fork a process that may be running Qt threads
    jobs: Any = ctx.Queue(procs * 2)
    results: Any = ctx.Queue()
    workers = [
        ctx.Process(target=_worker, args=(str(Path(storage.folder)), indexname, limitmb, jobs,
                                          results), daemon=True, name=f"index-writer-{i}")
        for i in range(procs)
    ]
    for w in workers:
        w.start()
    try:
        count = 0
        batch: list[list[IndexDoc]] = []
        for pages in items:
            batch.append(pages)
            count += 1
            if on_item:
                on_item()
            if len(batch) >= BATCH:
                _put(jobs, batch, workers, results)
                batch = []
        if batch:
            _put(jobs, batch, workers, results)
        for _ in workers:
            _put(jobs, None, workers, results)
        segments = _collect(results, workers)
        generation = storage.open_index(indexname).latest_generation() + 1
        TOC(schema, segments, generation).write(storage, indexname)
        clean_files(storage, indexname, generation, segments)
        log.info("indexed %d items in %d segments with %d processes", count, len(segments),
                 procs)
        return count
    finally:
        for w in workers:
            if w.is_alive():
                w.kill()
            w.join(5)
        shutil.rmtree(Path(storage.folder) / f"{indexname}.tmp", ignore_errors=True)
        jobs.cancel_join_thread()
        results.cancel_join_thread()


def _put(jobs: Any, batch: list[list[IndexDoc]] | None, workers: list[Any], results: Any) -> None:
    """Hand a batch over, waiting while the workers are busy; fail if one of them died."""
    while True:
        try:
            jobs.put(batch, timeout=_POLL)
            return
        except queue.Full:
            _check(workers, results)


def _check(workers: list[Any], results: Any) -> None:
    try:
        status, detail = results.get_nowait()
    except queue.Empty:
        status, detail = "", None
    if status == "error":
        raise IndexBuildFailed(f"Building the search index failed: {detail}")
    if status:  # a worker finished early: only after the end of the items
        raise IndexBuildFailed("Building the search index failed: a worker stopped early.")
    dead = [w for w in workers if not w.is_alive()]
    if dead:
        code = dead[0].exitcode
        why = " (killed: probably out of memory)" if code == -9 else f" (exit code {code})"
        raise IndexBuildFailed(
            f"Building the search index failed: a worker process stopped{why}."
        )


def _collect(results: Any, workers: list[Any]) -> list[Any]:
    """The segments the workers wrote, once every one of them has reported."""
    segments = []
    for _ in workers:
        while True:
            try:
                status, detail = results.get(timeout=_POLL)
                break
            except queue.Empty:
                if all(not w.is_alive() for w in workers):
                    try:  # a last report may have arrived as the worker exited
                        status, detail = results.get(timeout=_POLL)
                        break
                    except queue.Empty:
                        raise IndexBuildFailed(
                            "Building the search index failed: a worker process stopped "
                            "without reporting."
                        ) from None
        if status == "error":
            raise IndexBuildFailed(f"Building the search index failed: {detail}")
        if status == "ok":
            segments.append(detail)
    return segments
