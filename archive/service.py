"""The Archive service: the one API the CLI and the GUI use to work with an evidence archive."""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from archive import custody, vault
from archive.dates import dates_of, normalise_date
from archive.db import Database
from archive.detection import DetectionFeatures
from archive.entities import EntityFeatures
from archive.entity_facet import with_entities_grouped
from archive.errors import CasefileError, CaseNotFound, ItemNotFound
from archive.events import EventFeatures
from archive.export_service import ExportFeatures
from archive.hits import words_in_spans
from archive.ingest import Ingest, IngestProgress, Provenance
from archive.labels import LabelFeatures, grade_filter
from archive.mentions import MentionFeatures
from archive.models import (
    KINDS,
    SORT_RELEVANCE,
    STATUSES,
    Case,
    IndexDoc,
    IngestReport,
    Item,
    Page,
    PageWords,
    SearchResult,
    VerifyReport,
    Word,
)
from archive.protocols import Extractor, Indexer, Progress, Renderer
from archive.redaction_marks import MarkFeatures
from archive.searches import SearchFeatures
from archive.storage import ObjectFile, Storage, open_storage
from archive.suggest import SuggestFeatures, item_dates_from
from archive.undo import UndoFeatures
from archive.watchlist import Normalizer, default_normalizer
from archive.workers import Limits, WorkerPool

log = logging.getLogger(__name__)

VIEW_PIXELS = 6_000_000  # the page picture the viewer shows

IndexerFactory = Callable[[Path], Indexer]

_ITEM_COLUMNS = (
    "id, sha256, size, mime, filename, kind, title, source, collected_by, collected_at,"
    " ingested_at, languages, status, reason, page_count, parent_id, notes, reliability,"
    " credibility, (SELECT CASE WHEN e.protected AND e.pseudonym IS NOT NULL THEN e.pseudonym"
    " ELSE e.name END FROM entities e WHERE e.id = items.source_entity_id)"
)
_BASE_COLUMNS = 17


class Archive(
    SearchFeatures, EntityFeatures, MentionFeatures, DetectionFeatures, LabelFeatures,
    EventFeatures, SuggestFeatures, ExportFeatures, MarkFeatures, UndoFeatures,
):
    """One archive folder: SQLite + objects + derived files + index. Thread-safe for use from
    worker threads (each thread gets its own SQLite connection; index writes are serialised)."""

    def __init__(
        self, storage: Storage, db: Database, *, extractor: Extractor,
        indexer_factory: IndexerFactory, renderer: Renderer | None = None,
        normalizer: Normalizer | None = None,
    ) -> None:
        self.storage = storage
        # How names and texts are compared (watchlist, entity lookup): the index's own
        # normalisation when main.py passes it, so a name matches as it would be searched.
        self.normalizer = normalizer or default_normalizer
        self.db = db
        db.actor = lambda: self.actor
        self.extractor = extractor
        self.renderer = renderer
        self._render_pool: WorkerPool | None = None
        self._render_lock = threading.Lock()
        self._indexer_factory = indexer_factory
        self._indexer: Indexer | None = None
        self._index_lock = threading.RLock()
        self._index_checked = False

    # --- opening ------------------------------------------------------------------------
    @classmethod
    def open(
        cls, root: Path, *, extractor: Extractor, indexer_factory: IndexerFactory,
        renderer: Renderer | None = None, create: bool = True, default_languages: str = "eng",
        normalizer: Normalizer | None = None, passphrase: str | None = None,
        encrypted: bool = False,
    ) -> Archive:
        """Open (or create) the archive at ``root``. An encrypted archive needs ``passphrase``
        (PassphraseNeeded without one, WrongPassphrase if it does not fit); ``encrypted``
        makes a new archive an encrypted one (see ``archive.vault``)."""
        root = Path(root).expanduser()
        storage = open_storage(root, create=create, passphrase=passphrase, encrypted=encrypted)
        try:
            db = Database(storage.db_path, key=storage.db_key)
            db.migrate()
        except BaseException:
            storage.close()
            raise
        storage.create()  # folders a crash or a hand may have removed
        storage.clean_temp()
        archive = cls(storage, db, extractor=extractor, indexer_factory=indexer_factory,
                      renderer=renderer, normalizer=normalizer)
        if archive.setting("ocr_languages") is None:
            archive.set_setting("ocr_languages", default_languages)
        return archive

    @property
    def encrypted(self) -> bool:
        return self.storage.encrypted

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the data key of an encrypted archive under ``new`` (WrongPassphrase, nothing
        changed, if ``old`` is wrong); logged in the custody log, without either passphrase."""
        if not self.encrypted:
            raise CasefileError("This archive is not encrypted, so it has no passphrase.")
        vault.change_passphrase(self.path, old, new)
        with self.db.transaction() as con:
            custody.append(con, actor=self.actor, action="passphrase-change", detail={})

    @property
    def path(self) -> Path:
        return self.storage.root

    def close(self) -> None:
        with self._render_lock:
            if self._render_pool is not None:
                self._render_pool.close()
                self._render_pool = None
        with self._index_lock:
            if self._indexer is not None:
                self._indexer.close()
                self._indexer = None
        self.db.close()
        self.storage.close()  # an encrypted archive forgets its keys and in-memory index

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- settings -----------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        row = self.db.execute(
            "SELECT value FROM meta WHERE key = ?", ("setting:" + key,)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction() as con:
            con.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                ("setting:" + key, value),
            )
            custody.append(con, actor=self.actor, action="setting",
                           detail={"key": key, "value": value})

    @property
    def ocr_languages(self) -> str:
        return self.setting("ocr_languages") or "eng"

    @property
    def actor(self) -> str:
        name = self.setting("investigator")
        if name:
            return name
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    # --- cases --------------------------------------------------------------------------
    def cases(self) -> list[Case]:
        rows = self.db.execute(
            "SELECT c.id, c.title, c.summary, c.status, c.created,"
            " (SELECT COUNT(*) FROM case_items ci WHERE ci.case_id = c.id)"
            " FROM cases c ORDER BY c.title COLLATE NOCASE"
        ).fetchall()
        return [Case(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def add_case(self, title: str, summary: str = "") -> Case:
        title = title.strip()
        if not title:
            raise CasefileError("A case needs a title.")
        existing = self.db.execute("SELECT id FROM cases WHERE title = ?", (title,)).fetchone()
        if existing:
            raise CasefileError(f"There is already a case called “{title}”.")
        self.case_id(title, create=True, summary=summary)
        return self.case(title)

    def case(self, title_or_id: str | int) -> Case:
        cid = self.case_id(title_or_id)
        return next(c for c in self.cases() if c.id == cid)

    def case_id(self, title_or_id: str | int, *, create: bool = False, summary: str = "") -> int:
        key = str(title_or_id).strip()
        row = self.db.execute("SELECT id FROM cases WHERE title = ?", (key,)).fetchone()
        if row is None and key.isdigit():
            row = self.db.execute("SELECT id FROM cases WHERE id = ?", (int(key),)).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            raise CaseNotFound(f"There is no case “{key}”. `case list` shows the cases.")
        if not key:
            raise CasefileError("A case needs a title.")
        with self.db.transaction() as con:
            row = con.execute("SELECT id FROM cases WHERE title = ?", (key,)).fetchone()
            if row is not None:
                return int(row[0])
            cur = con.execute(
                "INSERT INTO cases(title, summary, created) VALUES (?,?,?)",
                (key, summary, custody.now_iso()),
            )
            cid = int(cur.lastrowid or 0)
            custody.append(con, actor=self.actor, action="case-create",
                           detail={"case_id": cid, "title": key})
        return cid

    # --- items --------------------------------------------------------------------------
    def _item_from_row(self, r: Sequence[object]) -> Item:
        cases = tuple(
            str(c[0]) for c in self.db.execute(
                "SELECT c.title FROM cases c JOIN case_items ci ON ci.case_id = c.id"
                " WHERE ci.item_id = ? ORDER BY c.title", (r[0],),
            )
        )
        grading: Sequence[Any] = r[_BASE_COLUMNS:]
        return Item(
            *r[:_BASE_COLUMNS], cases=cases,  # type: ignore[arg-type, misc]
            reliability=str(grading[0] or ""),
            credibility=None if grading[1] is None else int(grading[1]),
            source_entity=str(grading[2] or ""),
        )

    def items(
        self, *, case: str | int | None = None, status: str | None = None,
        reliability: str | None = None, credibility: str | None = None,
    ) -> list[Item]:
        """Items, all or filtered: by case, status, and by grading ("A-B", "1-2")."""
        sql = f"SELECT {_ITEM_COLUMNS} FROM items"
        where, params = grade_filter(reliability, credibility)
        if case is not None:
            where.append("id IN (SELECT item_id FROM case_items WHERE case_id = ?)")
            params.append(self.case_id(case))
        if status is not None:
            if status not in STATUSES:
                raise CasefileError(f"Unknown status “{status}”; use one of {', '.join(STATUSES)}.")
            where.append("status = ?")
            params.append(status)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        return [self._item_from_row(r) for r in self.db.execute(sql, tuple(params)).fetchall()]

    def item(self, item_id: int) -> Item:
        r = self.db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        if r is None:
            raise ItemNotFound(f"There is no item {item_id}.")
        return self._item_from_row(r)

    def item_metadata(self, item_id: int) -> dict[str, object]:
        r = self.db.execute("SELECT metadata FROM items WHERE id = ?", (item_id,)).fetchone()
        if r is None:
            raise ItemNotFound(f"There is no item {item_id}.")
        with contextlib.suppress(ValueError):
            value = json.loads(r[0])
            if isinstance(value, dict):
                return value
        return {}

    def pages(self, item_id: int) -> list[Page]:
        return [
            Page(item_id, r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "SELECT number, text, method, confidence FROM pages WHERE item_id = ?"
                " ORDER BY number", (item_id,),
            )
        ]

    def page_text(self, item_id: int, page: int) -> str:
        r = self.db.execute(
            "SELECT text FROM pages WHERE item_id = ? AND number = ?", (item_id, page)
        ).fetchone()
        return "" if r is None else str(r[0])

    def provenance(self, item_id: int) -> list[dict[str, object]]:
        rows = self.db.execute(
            "SELECT p.original_path, p.filename, p.source, p.collected_by, p.collected_at,"
            " p.added_at, c.title FROM provenance p LEFT JOIN cases c ON c.id = p.case_id"
            " WHERE p.item_id = ? ORDER BY p.id", (item_id,),
        ).fetchall()
        keys = ("original_path", "filename", "source", "collected_by", "collected_at",
                "added_at", "case")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def children(self, item_id: int) -> list[Item]:
        """Attachments of an e-mail, members of an archive: the items found inside this one."""
        rows = self.db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE parent_id = ? ORDER BY id", (item_id,)
        ).fetchall()
        return [self._item_from_row(r) for r in rows]

    def word_boxes(self, item_id: int, page: int) -> PageWords | None:
        """The OCR'd words of a page and their boxes, or None if the page was not OCR'd."""
        data = self.storage.read_derived(item_id, f"page-{page:05d}.words.json")
        if data is None:
            return None
        try:
            raw = json.loads(data)
            words = tuple(Word(**w) for w in raw["words"])
            return PageWords(int(raw["width"]), int(raw["height"]), words)
        except (ValueError, KeyError, TypeError):
            log.warning("damaged word boxes for item %d page %d", item_id, page)
            return None

    def page_image(self, item_id: int, page: int, *, max_pixels: int = VIEW_PIXELS) -> bytes | None:
        """PNG of a page of a PDF or image item (drawn in a worker process, then cached; a
        smaller size, such as a thumbnail's, is cached under its own name)."""
        name = f"page-{page:05d}.view.png"
        if max_pixels != VIEW_PIXELS:
            name = f"page-{page:05d}.{max_pixels}px.png"
        cached = self.storage.read_derived(item_id, name)
        if cached is not None:
            return cached
        item = self.item(item_id)
        if self.renderer is None or not (
            item.mime == "application/pdf" or item.mime.startswith("image/")
        ):
            return None
        obj = self.storage.open_object(item.sha256)
        with self._render_lock:
            if self._render_pool is None:
                self._render_pool = WorkerPool(1, limits=Limits(seconds=60))
            job = (page, _render, (self.renderer, obj, item.mime, page, max_pixels))
            _, png, error = next(self._render_pool.run(iter([job])))
        if error or not png:
            return None
        self.storage.write_derived(item_id, name, png)
        return bytes(png)

    def custody_log(self, item_id: int | None = None) -> list[dict[str, object]]:
        sql = "SELECT id, at, actor, action, item_id, detail FROM custody"
        params: tuple[object, ...] = ()
        if item_id is not None:
            sql += " WHERE item_id = ?"
            params = (item_id,)
        rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        return [
            {"id": r[0], "at": r[1], "actor": r[2], "action": r[3], "item_id": r[4],
             "detail": json.loads(r[5])}
            for r in rows
        ]

    # --- other programs at work on the same archive ------------------------------------
    def data_version(self) -> int:
        """A number that changes when another connection or program commits to the database
        (SQLite's data_version of this thread's connection): cheap enough to poll."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def change_signature(self) -> tuple[int, ...]:
        """What the item lists and case counts show, in a few numbers: when it changes, they
        are out of date."""
        row = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM items), (SELECT COALESCE(MAX(id), 0) FROM items),"
            " (SELECT COUNT(*) FROM items WHERE status = 'pending'),"
            " (SELECT COUNT(*) FROM case_items), (SELECT COUNT(*) FROM cases),"
            " (SELECT COALESCE(MAX(id), 0) FROM custody WHERE action IN"
            " ('extract', 'extract-finished', 'grade', 'case-create'))"
        ).fetchone()
        return tuple(int(v) for v in row)

    # --- ingest -------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[Path | str],
        *,
        case: str,
        kind: str | None = None,
        source: str = "",
        collected_by: str = "",
        collected_at: str = "",
        languages: str | None = None,
        notes: str = "",
        progress: IngestProgress | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        limits: Limits | None = None,
        retry_failed: bool = False,
    ) -> IngestReport:
        """Store, read and index files and folders (recursively). Never raises for a bad file:
        each file's outcome is in the report. Safe to run again on the same files; with
        ``retry_failed`` the files an earlier import failed to read are read again."""
        if kind is not None and kind not in KINDS:
            raise CasefileError(f"Unknown kind “{kind}”; use one of: {', '.join(KINDS)}.")
        prov = Provenance(
            case=case.strip(), kind=kind, source=source.strip(),
            collected_by=collected_by.strip(), collected_at=normalise_date(collected_at),
            languages=languages, notes=notes.strip(),
        )
        run = Ingest(self, prov, progress=progress, cancel=cancel, workers=workers, limits=limits,
                     retry_failed=retry_failed)
        return run.run([Path(p) for p in paths])

    # --- index --------------------------------------------------------------------------
    def _index(self) -> Indexer:
        with self._index_lock:
            if self._indexer is None:
                self._indexer = self._indexer_factory(self.storage.index_dir)
            return self._indexer

    def _docs(self, item_ids: Iterable[int] | None = None) -> Iterable[IndexDoc]:
        if item_ids is None:
            ids = [int(r[0]) for r in self.db.execute("SELECT id FROM items ORDER BY id")]
        else:
            ids = list(item_ids)
        for item_id in ids:
            try:
                item = self.item(item_id)
            except ItemNotFound:
                continue
            pages = self.pages(item_id) or [Page(item_id, 0, "", "", None)]
            metadata = self.item_metadata(item_id)
            bears, captured = dates_of(metadata)
            known = item_dates_from(item, metadata)
            tags, entities = self.tags(item_id), self._entity_names(item_id)
            for p in pages:
                yield IndexDoc(
                    item_id=item.id, page=p.number, text=p.text, title=item.title,
                    kind=item.kind, cases=item.cases, languages=item.languages,
                    status=item.status, filename=item.filename,
                    collected_at=item.collected_at, ingested_at=item.ingested_at,
                    source=item.source, tags=tags, entities=entities, date=bears,
                    captured=captured, reliability=item.reliability,
                    credibility=str(item.credibility or ""), created=known.created,
                    sent=known.sent, published=known.published,
                )

    def index_items(self, item_ids: Sequence[int]) -> None:
        """(Re)index these items now and mark them indexed."""
        if not item_ids:
            return
        with self._index_lock:
            self.ensure_index()
            self._index().add(list(self._docs(item_ids)))
            self._mark_indexed(item_ids)

    def _mark_indexed(self, item_ids: Sequence[int] | None) -> None:
        with self.db.transaction() as con:
            if item_ids is None:
                con.execute("UPDATE items SET indexed = 1 WHERE indexed = 0")
            else:
                con.executemany("UPDATE items SET indexed = 1 WHERE id = ?",
                                [(i,) for i in item_ids])

    def ensure_index(self, *, progress: Progress | None = None) -> None:
        """Rebuild a missing, corrupt or outdated index; index items a crash left unindexed."""
        with self._index_lock:
            if not self._index_checked:
                if self._index().needs_rebuild():
                    if self.storage.encrypted:  # its index lives in memory: built at unlock
                        log.info("building the search index in memory")
                    else:
                        log.warning("the search index is missing or damaged: rebuilding it")
                    self.reindex(progress=progress)
                self._index_checked = True
            pending = [int(r[0]) for r in self.db.execute(
                "SELECT id FROM items WHERE indexed = 0 AND status != 'pending'")]
            if pending:
                self._index().add(list(self._docs(pending)))
                self._mark_indexed(pending)

    def reindex(self, *, progress: Progress | None = None) -> int:
        """Rebuild the index from the database. Returns the number of items indexed."""
        with self._index_lock:
            total = int(self.db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
            pages = int(self.db.execute(  # items without pages are indexed as one empty page
                "SELECT (SELECT COUNT(*) FROM pages) + (SELECT COUNT(*) FROM items"
                " WHERE NOT EXISTS (SELECT 1 FROM pages WHERE item_id = items.id))"
            ).fetchone()[0])
            self._index().rebuild(self._docs(), progress=progress, pages=pages)
            self._mark_indexed(None)
            self._index_checked = True
            return total

    def search(
        self, query: str, *, case: str | None = None, kind: str | None = None, limit: int = 20,
        page: int = 1, sort: str = SORT_RELEVANCE, facets: bool = True, collapse: bool = False,
        sort_by: str = "date",
    ) -> SearchResult:
        """Items matching ``query`` (see ``index.help.SYNTAX``), one result page of them, with
        snippets, facet counts, near-duplicates (``collapse``: reprints of a better hit are
        left out) and a "did you mean" when few match. BadQuery for a query that cannot be
        understood, with a message that says why."""
        cases = (self.case(case).title,) if case else ()
        kinds = (kind,) if kind else ()
        with self._index_lock:
            self.ensure_index()
            indexer = self._index()
        result = indexer.search(query, cases=cases, kinds=kinds, limit=limit, page=page,
                                sort=sort, facets=facets, collapse=collapse,
                                page_text=self.page_text, sort_by=sort_by)
        return with_entities_grouped(result, self.db, self.key) if facets else result

    def search_help(self) -> str:
        """The search syntax explained for people (plain text, for a help window or the CLI)."""
        return self._index().syntax_help()

    def hit_words(self, query: str, item_id: int, page: int) -> list[Word]:
        """The OCR'd words of a page that ``query`` matches, with their boxes on the page image
        (empty for a page that was not OCR'd)."""
        words = self.word_boxes(item_id, page)
        if words is None or not words.words:
            return []
        text = self.page_text(item_id, page)
        spans = self._index().match_spans(query, text)
        return words_in_spans(text, words.words, spans)

    # --- tags ---------------------------------------------------------------------------
    def tags(self, item_id: int) -> tuple[str, ...]:
        return tuple(str(r[0]) for r in self.db.execute(
            "SELECT tag FROM tags WHERE item_id = ? ORDER BY tag", (item_id,)))

    def item_tags(self) -> dict[int, tuple[str, ...]]:
        """Every tagged item's tags, in one read (for lists that show a tags column)."""
        out: dict[int, list[str]] = {}
        for item_id, tag in self.db.execute("SELECT item_id, tag FROM tags ORDER BY item_id, tag"):
            out.setdefault(int(item_id), []).append(str(tag))
        return {k: tuple(v) for k, v in out.items()}

    def tag_item(self, item_id: int, tag: str) -> None:
        """Label an item (logged, and searchable with tag: at once)."""
        tag = " ".join(tag.split())
        if not tag:
            raise CasefileError("A tag needs some text.")
        self.item(item_id)
        with self.db.transaction() as con:
            con.execute("INSERT OR IGNORE INTO tags(item_id, tag, added_at) VALUES (?, ?, ?)",
                        (item_id, tag, custody.now_iso()))
            custody.append(con, actor=self.actor, action="tag", item_id=item_id,
                           detail={"tag": tag})
        self.index_items([item_id])

    def untag_item(self, item_id: int, tag: str) -> None:
        with self.db.transaction() as con:
            con.execute("DELETE FROM tags WHERE item_id = ? AND tag = ?", (item_id, tag.strip()))
            custody.append(con, actor=self.actor, action="untag", item_id=item_id,
                           detail={"tag": tag.strip()})
        self.index_items([item_id])

    # --- verify -------------------------------------------------------------------------
    def verify(self, *, progress: Progress | None = None) -> VerifyReport:
        """Re-hash every original, walk the custody chain, check the database. Logged; see
        ``archive.verify.report_markdown`` for the report a person reads."""
        from archive.verify import verify_archive

        return verify_archive(self, progress=progress)


def _render(
    renderer: Renderer, obj: ObjectFile, mime: str, page: int, max_pixels: int
) -> bytes | None:
    """Runs in a worker process (decrypting in memory for an encrypted archive)."""
    with obj.materialise(own_temp=True) as path:
        return renderer.render(str(path), mime, page, max_pixels)
