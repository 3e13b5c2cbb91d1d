"""The ingest pipeline: identify, hash, store the original, extract in worker processes, record, index."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
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
from archive.storage import sha256_file
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


@dataclass(frozen=True, slots=True)
class _Job:
    item_id: int
    path: str  # the original's path in the original folder (shown in messages)
    name: str


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


def default_kind(mime: str) -> str:
    return "screenshot" if mime.startswith("image/") else "document"


def _extract(extractor: Extractor, path: str, mime: str, options: ExtractOptions) -> Extraction:
    """Runs in a worker process."""
    return extractor.extract(path, mime, options)


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
    ) -> None:
        self.archive = archive
        self.prov = prov
        self.progress = progress or (lambda done, total, name: None)
        self.cancel = cancel or threading.Event()
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.limits = limits or Limits()
        self.outcomes: list[IngestOutcome] = []
        self._scheduled: set[int] = set()
        self._sha: dict[int, str] = {}
        self._paths: dict[int, str] = {}
        self._unindexed: list[int] = []
        self._last_flush = time.monotonic()
        self._done = 0
        self._total = 0

    # --- the batch ----------------------------------------------------------------------
    def run(self, paths: Iterable[Path]) -> IngestReport:
        files = list(expand_paths(paths))
        self._total = len(files)
        case_id = self.archive.case_id(self.prov.case, create=True)
        options = ExtractOptions(
            ocr_languages=self.prov.languages or self.archive.ocr_languages,
            temp_dir=str(self.archive.storage.new_temp_dir()),
        )
        jobs = self._register_all(files, case_id, options)
        with WorkerPool(self.workers, limits=self.limits) as pool:
            for job, result, error in pool.run(jobs, cancelled=self.cancel.is_set):
                self._record(job, result, error)
        self._flush_index(force=True)
        cancelled = self.cancel.is_set()
        if cancelled:
            for job_id in sorted(self._scheduled - {o.item_id for o in self.outcomes}):
                self.outcomes.append(
                    IngestOutcome(self._path_of(job_id), job_id, STATUS_PENDING, INTERRUPTED)
                )
        return IngestReport(tuple(self.outcomes), cancelled=cancelled)

    def _path_of(self, item_id: int) -> str:
        return self._paths.get(item_id, "")

    def _tick(self, name: str) -> None:
        self._done += 1
        self.progress(self._done, self._total, name)

    def _register_all(
        self, files: list[tuple[Path, str | None]], case_id: int, options: ExtractOptions
    ) -> Iterator[tuple[_Job, Callable[..., Any], tuple[Any, ...]]]:
        extractor = self.archive.extractor
        for path, problem in files:
            if self.cancel.is_set():
                return
            if problem:
                self.outcomes.append(IngestOutcome(str(path), None, "skipped", problem))
                self._tick(path.name)
                continue
            try:
                item_id, mime, needs_text = self._register(path, case_id)
            except OSError as e:
                reason = f"it could not be read ({e.strerror or e})"
                self.outcomes.append(IngestOutcome(str(path), None, "skipped", reason))
                self._tick(path.name)
                continue
            except ValueError as e:  # changed while being stored
                self.outcomes.append(IngestOutcome(str(path), None, "skipped", str(e)))
                self._tick(path.name)
                continue
            if not needs_text:
                self._tick(path.name)
                continue
            self._scheduled.add(item_id)
            self._paths[item_id] = str(path)
            obj = str(self.archive.storage.object_file_for_reading(self._sha[item_id]))
            yield _Job(item_id, str(path), path.name), _extract, (extractor, obj, mime, options)

    def _register(self, path: Path, case_id: int) -> tuple[int, str, bool]:
        """Hash and store one file; record the item (or link the existing one). Returns
        (item id, mime, whether its text still has to be extracted)."""
        sha, size = sha256_file(path)
        mime = filetype.sniff(path)
        storage = self.archive.storage
        storage.store_object(path, sha)  # no-op when already there
        prov = self.prov
        now = custody.now_iso()
        actor = self.archive.actor
        with self.archive.db.transaction() as con:
            row = con.execute(
                "SELECT id, status FROM items WHERE sha256 = ?", (sha,)
            ).fetchone()
            if row is None:
                cur = con.execute(
                    "INSERT INTO items(sha256, size, mime, filename, kind, title, source,"
                    " collected_by, collected_at, ingested_at, languages, status, reason)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        sha, size, mime, path.name, prov.kind or default_kind(mime), path.name,
                        prov.source, prov.collected_by, prov.collected_at, now,
                        prov.languages or self.archive.ocr_languages, STATUS_PENDING, INTERRUPTED,
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
                (
                    item_id, case_id, str(path.resolve()), path.name, prov.source,
                    prov.collected_by, prov.collected_at, now,
                ),
            )
            linked = con.execute(
                "INSERT OR IGNORE INTO case_items(case_id, item_id, added_at) VALUES (?,?,?)",
                (case_id, item_id, now),
            ).rowcount
            custody.append(
                con, actor=actor, action=action, item_id=item_id,
                detail={
                    "sha256": sha, "size": size, "mime": mime, "filename": path.name,
                    "original_path": str(path.resolve()), "case": prov.case,
                    "source": prov.source, "collected_by": prov.collected_by,
                    "collected_at": prov.collected_at,
                },
            )
            if linked and action == "duplicate":
                con.execute("UPDATE items SET indexed = 0 WHERE id = ?", (item_id,))
        self._sha[item_id] = sha
        needs_text = status == STATUS_PENDING and item_id not in self._scheduled
        if action == "duplicate" and not needs_text:
            self.outcomes.append(
                IngestOutcome(str(path), item_id, "duplicate", f"same content as item {item_id}")
            )
            if linked:
                self._unindexed.append(item_id)
        return item_id, mime, needs_text

    # --- results ------------------------------------------------------------------------
    def _record(self, job: _Job, result: Extraction | None, error: str | None) -> None:
        if error is not None or result is None:
            result = Extraction(pages=(), status=STATUS_FAILED, reason=error or "no result")
        status = result.status
        if status not in (STATUS_OK, STATUS_PARTIAL, STATUS_FAILED, STATUS_STORED):
            status = STATUS_FAILED
        reason = result.reason
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
            title = result.title.strip() or job.name
            con.execute(
                "UPDATE items SET status = ?, reason = ?, page_count = ?, title = ?,"
                " languages = CASE WHEN ? != '' THEN ? ELSE languages END, metadata = ?,"
                " indexed = 0 WHERE id = ?",
                (
                    status, reason, len(result.pages), title, result.languages,
                    result.languages, json.dumps(result.metadata, default=str), job.item_id,
                ),
            )
            custody.append(
                con, actor=self.archive.actor, action="extract", item_id=job.item_id,
                detail={
                    "status": status, "reason": reason, "pages": len(result.pages),
                    "methods": sorted({p.method for p in result.pages}),
                    "languages": result.languages,
                },
            )
        self._write_word_boxes(job.item_id, result)
        self.outcomes.append(IngestOutcome(job.path, job.item_id, status, reason))
        self._unindexed.append(job.item_id)
        self._tick(job.name)
        self._flush_index()

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
        self._last_flush = time.monotonic()
