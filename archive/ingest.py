"""The ingest pipeline: identify, hash, store, extract in worker processes, record, index."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import custody, filetype
from archive.models import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_PARTIAL,
    STATUS_PENDING,
    STATUS_STORED,
    Extraction,
    ExtractOptions,
    IngestOutcome,
    IngestReport,
)
from archive.protocols import Extractor
from archive.storage import ObjectFile, sha256_file
from archive.workers import Limits, WorkerPool

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

# progress(done, total, current file name)
IngestProgress = Callable[[int, int, str], None]

INDEX_FLUSH_ITEMS = 25
INDEX_FLUSH_SECONDS = 3.0
INTERRUPTED = "import was interrupted before its text was read; import the file again to finish"


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the person says about a batch of files: the same for every file in it."""

    case: str
    kind: str | None = None
    source: str = ""
    collected_by: str = ""
    collected_at: str = ""
    languages: str | None = None
    notes: str = ""  # the collector's notes on the batch, kept on each new item


@dataclass(frozen=True, slots=True)
class _Source:
    """A file to register: one the user gave, or one an extractor took out of a container."""

    path: Path  # where its bytes are now
    shown: str  # how it is named in reports and provenance ("mail.eml!/attachment 1/a.pdf")
    name: str
    depth: int = 0
    parent_id: int | None = None
    kind: str | None = None
    inner_path: str = ""
    temporary: bool = False  # written by an extractor: delete once stored


@dataclass(frozen=True, slots=True)
class _Job:
    item_id: int
    source: _Source


def expand_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Files under ``paths`` (folders recursively, sorted). Yields (path, problem-or-None).

    Symbolic links inside folders are not followed (they may point anywhere, or loop); a path
    that does not exist or cannot be read is reported, not raised.
    """
    for p in paths:
        if not p.exists() and not p.is_symlink():
            yield p, "there is no such file or folder"
        elif p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if f.is_symlink():
                        yield f, "it is a symbolic link (links inside folders are not followed)"
                    elif f.is_file():
                        yield f, None
                    else:
                        yield f, "it is not a regular file (device, socket or pipe)"
        elif p.is_file():
            yield p, None
        else:
            yield p, "it is not a regular file"


_MAIL_TYPES = frozenset({
    "message/rfc822", "message/x-emlx", "application/mbox", "application/vnd.ms-outlook",
})


def default_kind(mime: str) -> str:
    """What an item is, when the person importing it did not say."""
    if mime.startswith("image/") and mime != "image/svg+xml":
        return "screenshot"
    if mime in _MAIL_TYPES:
        return "email"
    if mime in ("text/html", "multipart/related"):
        return "web capture"
    return "document"


def _extract(
    extractor: Extractor, obj: ObjectFile, mime: str, options: ExtractOptions
) -> Extraction:
    """Runs in a worker process (which decrypts the original itself in an encrypted archive:
    the key crosses the pipe, plaintext never goes to a disk)."""
    with obj.materialise(own_temp=True) as path:
        return extractor.extract(str(path), mime, options)


class Ingest:
    """One batch of files going into one archive."""

    def __init__(
        self,
        archive: Archive,
        prov: Provenance,
        *,
        progress: IngestProgress | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        limits: Limits | None = None,
        retry_failed: bool = False,
    ) -> None:
        self.archive = archive
        self.prov = prov
        self.retry_failed = retry_failed  # read again the files an earlier import failed on
        self.progress = progress or (lambda done, total, name: None)
        self.cancel = cancel or threading.Event()
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.limits = limits or Limits()
        self.outcomes: list[IngestOutcome] = []
        self._scheduled: dict[int, _Source] = {}  # item id -> what is being extracted
        self._children: deque[_Source] = deque()
        # A container or e-mail keeps status "pending" until every child it yielded is done,
        # so that an import killed half-way reads it (and its children) again next time.
        self._waiting: dict[int, list[Any]] = {}  # item id -> [children left, status, reason, src]
        self._in_flight = 0
        self._unindexed: list[int] = []
        self._last_flush = time.monotonic()
        self._done = 0
        self._total = 0

    # --- the batch ----------------------------------------------------------------------
    def run(self, paths: Iterable[Path]) -> IngestReport:
        files = list(expand_paths(paths))
        self._total = len(files)
        self._case_id = self.archive.case_id(self.prov.case, create=True)
        temp_dir = self.archive.storage.new_temp_dir()
        self._options = ExtractOptions(
            ocr_languages=self.prov.languages or self.archive.ocr_languages,
            temp_dir=str(temp_dir),
        )
        try:
            with WorkerPool(self.workers, limits=self.limits) as pool:
                results = pool.run(self._jobs(files), cancelled=self.cancel.is_set)
                for job, result, error in results:
                    self._in_flight -= 1
                    self._record(job, result, error)
            self._flush_index(force=True)
        finally:
            shutil.rmtree(temp_dir, ignore_errors=True)
        cancelled = self.cancel.is_set()
        if cancelled:
            finished = {o.item_id for o in self.outcomes}
            for item_id, src in sorted(self._scheduled.items()):
                if item_id not in finished:
                    self.outcomes.append(IngestOutcome(
                        src.shown, item_id, STATUS_PENDING, INTERRUPTED, src.parent_id))
        return IngestReport(tuple(self.outcomes), cancelled=cancelled)

    def _tick(self, name: str) -> None:
        self._done += 1
        self.progress(self._done, self._total, name)

    def _jobs(self, files: list[tuple[Path, str | None]]) -> Iterator[Any]:
        """Register files (and the children extractions find) and yield extraction jobs.

        Yields None for "nothing to start now" while jobs that may still add children run.
        """
        pending = iter(files)
        extractor = self.archive.extractor
        while not self.cancel.is_set():
            if self._children:
                src = self._children.popleft()
            else:
                nxt = next(pending, None)
                if nxt is None:
                    if self._in_flight:
                        yield None
                        continue
                    return
                path, problem = nxt
                if problem:
                    self._skip(str(path), path.name, problem)
                    continue
                src = _Source(path=path, shown=str(path), name=path.name)
            registered = self._register_safely(src)
            if registered is None:
                self._child_done(src)
                continue
            item_id, sha, mime, needs_text = registered
            if not needs_text:
                self._tick(src.name)
                self._child_done(src)
                continue
            self._scheduled[item_id] = src
            self._in_flight += 1
            obj = self.archive.storage.open_object(sha)
            options = dataclasses.replace(self._options, depth=src.depth)
            yield _Job(item_id, src), _extract, (extractor, obj, mime, options)

    def _skip(self, shown: str, name: str, reason: str, parent_id: int | None = None) -> None:
        self.outcomes.append(IngestOutcome(shown, None, "skipped", reason, parent_id))
        self._tick(name)

    def _register_safely(self, src: _Source) -> tuple[int, str, str, bool] | None:
        try:
            return self._register(src)
        except OSError as e:
            self._skip(src.shown, src.name, f"it could not be read ({e.strerror or e})",
                       src.parent_id)
        except ValueError as e:  # changed while being stored
            self._skip(src.shown, src.name, str(e), src.parent_id)
        finally:
            if src.temporary:
                with contextlib.suppress(OSError):
                    src.path.unlink()
        return None

    def _register(self, src: _Source) -> tuple[int, str, str, bool]:
        """Hash and store one file; record the item (or link the existing one). Returns
        (item id, SHA-256, mime, whether its text still has to be extracted)."""
        path = src.path
        sha, size = sha256_file(path)
        mime = filetype.sniff(path)
        self.archive.storage.store_object(path, sha)  # no-op when already there
        prov = self.prov
        now = custody.now_iso()
        original = src.shown if src.temporary else str(path.resolve())
        kind = src.kind or prov.kind or default_kind(mime)
        with self.archive.db.transaction() as con:
            row = con.execute("SELECT id, status FROM items WHERE sha256 = ?", (sha,)).fetchone()
            if row is None:
                cur = con.execute(
                    "INSERT INTO items(sha256, size, mime, filename, kind, title, source,"
                    " collected_by, collected_at, ingested_at, languages, status, reason,"
                    " parent_id, metadata, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        sha, size, mime, src.name, kind, src.name, prov.source,
                        prov.collected_by, prov.collected_at, now,
                        prov.languages or self.archive.ocr_languages, STATUS_PENDING,
                        INTERRUPTED, src.parent_id,
                        json.dumps({"path_in_parent": src.inner_path} if src.inner_path else {}),
                        prov.notes,
                    ),
                )
                item_id = int(cur.lastrowid or 0)
                action, status = "ingest", STATUS_PENDING
            else:
                item_id, status = int(row[0]), str(row[1])
                action = "duplicate"
            con.execute(
                "INSERT INTO provenance(item_id, case_id, original_path, filename, source,"
                " collected_by, collected_at, added_at) VALUES (?,?,?,?,?,?,?,?)",
                (item_id, self._case_id, original, src.name, prov.source, prov.collected_by,
                 prov.collected_at, now),
            )
            linked = con.execute(
                "INSERT OR IGNORE INTO case_items(case_id, item_id, added_at) VALUES (?,?,?)",
                (self._case_id, item_id, now),
            ).rowcount
            detail: dict[str, Any] = {
                "sha256": sha, "size": size, "mime": mime, "filename": src.name,
                "original_path": original, "case": prov.case, "source": prov.source,
                "collected_by": prov.collected_by, "collected_at": prov.collected_at,
            }
            if prov.notes:
                detail["notes"] = prov.notes
            if src.parent_id is not None:
                detail["parent_item"] = src.parent_id
            custody.append(con, actor=self.archive.actor, action=action, item_id=item_id,
                           detail=detail)
            if linked and action == "duplicate":
                con.execute("UPDATE items SET indexed = 0 WHERE id = ?", (item_id,))
        again = self.retry_failed and status == STATUS_FAILED
        needs_text = (status == STATUS_PENDING or again) and item_id not in self._scheduled
        if action == "duplicate" and not needs_text:
            self.outcomes.append(IngestOutcome(
                src.shown, item_id, "duplicate", f"same content as item {item_id}", src.parent_id))
            if linked:
                self._unindexed.append(item_id)
        return item_id, sha, mime, needs_text

    # --- results ------------------------------------------------------------------------
    def _record(self, job: _Job, result: Extraction | None, error: str | None) -> None:
        if error is not None or result is None:
            result = Extraction(pages=(), status=STATUS_FAILED, reason=error or "no result")
        status = result.status
        if status not in (STATUS_OK, STATUS_PARTIAL, STATUS_FAILED, STATUS_STORED):
            status = STATUS_FAILED
        reason = result.reason
        if result.metadata.get("low_confidence") and not reason:
            reason = (f"OCR was unsure of this text (confidence"
                      f" {result.metadata.get('ocr_confidence', '?')} of 100):"
                      " check it against the picture")
        src = job.source
        children = self._accept_children(job.item_id, src, result)
        held = (STATUS_PENDING, INTERRUPTED) if children else (status, reason)
        with self.archive.db.transaction() as con:
            con.execute("DELETE FROM pages WHERE item_id = ?", (job.item_id,))
            con.executemany(
                "INSERT INTO pages(item_id, number, text, method, confidence, width, height,"
                " error) VALUES (?,?,?,?,?,?,?,?)",
                [
                    (job.item_id, p.number, p.text, p.method, p.confidence, p.width, p.height,
                     p.error)
                    for p in result.pages
                ],
            )
            metadata = dict(result.metadata)
            if src.inner_path:
                metadata["path_in_parent"] = src.inner_path
            con.execute(
                "UPDATE items SET status = ?, reason = ?, page_count = ?, title = ?,"
                " languages = CASE WHEN ? != '' THEN ? ELSE languages END, metadata = ?,"
                " indexed = 0 WHERE id = ?",
                (
                    *held, len(result.pages), result.title.strip() or src.name,
                    result.languages, result.languages, json.dumps(metadata, default=str),
                    job.item_id,
                ),
            )
            custody.append(
                con, actor=self.archive.actor, action="extract", item_id=job.item_id,
                detail={
                    "status": status, "reason": reason, "pages": len(result.pages),
                    "methods": sorted({p.method for p in result.pages}),
                    "languages": result.languages, "children": len(result.children),
                },
            )
        self._write_word_boxes(job.item_id, result)
        self.outcomes.append(IngestOutcome(src.shown, job.item_id, status, reason, src.parent_id))
        self._unindexed.append(job.item_id)
        if children:
            self._waiting[job.item_id] = [len(children), status, reason, src]
            self._children.extend(children)
            self._total += len(children)
        self._tick(src.name)
        if not children:
            self._child_done(src)
        self._flush_index()

    def _child_done(self, src: _Source) -> None:
        """``src`` is finished; a parent whose children are all finished gets its own status."""
        waiting = self._waiting.get(src.parent_id) if src.parent_id is not None else None
        if waiting is None:
            return
        waiting[0] -= 1
        if waiting[0] > 0:
            return
        del self._waiting[src.parent_id]  # type: ignore[arg-type]
        _, status, reason, parent_src = waiting
        with self.archive.db.transaction() as con:
            con.execute("UPDATE items SET status = ?, reason = ?, indexed = 0 WHERE id = ?",
                        (status, reason, src.parent_id))
            custody.append(con, actor=self.archive.actor, action="extract-finished",
                           item_id=src.parent_id, detail={"status": status, "reason": reason})
        self._unindexed.append(src.parent_id)  # type: ignore[arg-type]
        self._child_done(parent_src)

    def _accept_children(self, item_id: int, parent: _Source, result: Extraction) -> list[_Source]:
        """The children an extraction wrote into this batch's temp folder, to register next."""
        accepted: list[_Source] = []
        temp_root = Path(self._options.temp_dir).resolve()
        for child in result.children:
            path = Path(child.path)
            # Only files the extractor wrote into this batch's own temp folder are taken.
            if temp_root not in path.resolve().parents or path.is_symlink() or not path.is_file():
                log.warning("ignoring child %r of item %d outside the temp folder", child.path,
                            item_id)
                continue
            accepted.append(_Source(
                path=path, shown=f"{parent.shown}!/{child.inner_path}", name=child.name,
                depth=parent.depth + 1, parent_id=item_id, kind=child.kind,
                inner_path=child.inner_path, temporary=True,
            ))
        return accepted

    def _write_word_boxes(self, item_id: int, result: Extraction) -> None:
        for p in result.pages:
            if p.words:
                data = {"width": p.width, "height": p.height, "words": [asdict(w) for w in p.words]}
                self.archive.storage.write_derived(
                    item_id, f"page-{p.number:05d}.words.json",
                    json.dumps(data, ensure_ascii=False).encode("utf-8"),
                )

    def _flush_index(self, *, force: bool = False) -> None:
        due = len(self._unindexed) >= INDEX_FLUSH_ITEMS or (
            time.monotonic() - self._last_flush > INDEX_FLUSH_SECONDS
        )
        if not self._unindexed or not (force or due):
            return
        ids, self._unindexed = self._unindexed, []
        self.archive.index_items(ids)
        # Suggested mentions (phones, wallets, watchlist names): after commit and index, in
        # short transactions of their own; a detector bug is logged and the import goes on.
        self.archive.detect_quietly(ids)
        self._last_flush = time.monotonic()
