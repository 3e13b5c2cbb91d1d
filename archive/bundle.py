"""Verifiable bundles: a case exported as a BagIt bag (RFC 8493) — originals or redacted
derivatives, case.json, manifests — checked before it is handed over."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bagit

from archive import custody
from archive.case_data import SCHEMA, SCHEMA_VERSION, case_data
from archive.errors import CasefileError
from archive.exhibit_files import write_exhibit
from archive.redact_files import ImageReader, check_no_leaks
from archive.redaction import RedactionPlan
from archive.storage import atomic_write

if TYPE_CHECKING:
    from archive.protocols import Progress
    from archive.service import Archive

log = logging.getLogger(__name__)

CASE_FILE = "case.json"
DOSSIER_FILE = "dossier.pdf"
DossierWriter = Callable[[dict[str, Any], Path, Path], None]  # (case data, bag data dir, out)


@dataclass(frozen=True, slots=True)
class Produced:
    """What an export wrote: the path, and each file (relative) with its SHA-256."""

    path: Path
    files: tuple[tuple[str, str], ...]
    redacted: bool
    items: int

    def detail(self, fmt: str, case: str) -> dict[str, Any]:
        """The custody log's record of it."""
        return {"format": fmt, "case": case, "path": str(self.path), "redacted": self.redacted,
                "items": self.items, "files": dict(self.files)}


def fresh_output(out: Path) -> Path:
    """A temporary folder beside ``out`` (same disk: moved into place at the end)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CasefileError(f"{out} already exists: choose a new name for the export.")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    return work


def finish(work: Path, out: Path) -> None:
    if out.is_dir():
        out.rmdir()  # empty, checked by fresh_output
    work.replace(out)


def log_export(archive: Archive, fmt: str, case: str, produced: Produced) -> None:
    with archive.db.transaction() as con:
        custody.append(con, actor=archive.actor, action="export",
                       detail=produced.detail(fmt, case))


LINEAGE_NOTE = ("Only a redacted copy of this exhibit is in the bundle. This SHA-256 identifies the"
                " original in the archive it came from; a hash does not reveal the content.")


def as_shipped(item: dict[str, Any]) -> None:
    """Make a case.json item describe the file the bag holds: a redacted copy's own hash, size
    and type, marked redacted; the original's hash kept only as a lineage reference."""
    info = item["file"]
    item["redacted"] = bool(info["redacted"])
    if not info["redacted"]:
        return
    item["redacted_from"] = {"sha256": item["sha256"], "size": item["size"],
                             "mime": item["mime"], "note": LINEAGE_NOTE}
    item["sha256"], item["size"], item["mime"] = info["sha256"], info["size"], info["mime"]


def original_sha256(item: dict[str, Any]) -> str | None:
    """The hash of the original a bundle's redacted exhibit was made from (None for an
    original). Bundles of schema 1 kept it as the item's own hash."""
    if not item["file"]["redacted"]:
        return None
    lineage = item.get("redacted_from") or {}
    return str(lineage.get("sha256") or item["sha256"])


def export_bundle(
    archive: Archive, case: str | int, out: Path, *, item_ids: Sequence[int] | None = None,
    plan: RedactionPlan | None = None, reader: ImageReader | None = None,
    progress: Progress | None = None, dossier: DossierWriter | None = None,
) -> Produced:
    """Write the case (or chosen items) as a BagIt bag at ``out``. With a plan, exhibits that
    name a protected person are only there redacted, and every produced file is re-read for
    their names before the bag is put in place (LeakFound otherwise, and nothing is left)."""
    data = case_data(archive, case, item_ids, plan=plan)
    work = fresh_output(out)
    try:
        total = len(data["items"]) + 2
        for n, item in enumerate(data["items"], 1):
            ex = write_exhibit(archive, int(item["id"]), item["exhibit"], work, plan=plan,
                               filename=item["filename"])
            item["file"] = {"path": "data/" + ex.path.relative_to(work).as_posix(),
                            "sha256": ex.sha256, "size": ex.size, "mime": ex.mime,
                            "redacted": ex.redacted, "boxes": ex.boxes}
            if progress:
                progress(n, total)
        if dossier is not None:  # its register names the original's hash and the copy's
            dossier(data, work, work / DOSSIER_FILE)
        for item in data["items"]:
            as_shipped(item)
        atomic_write(work / CASE_FILE, json.dumps(data, ensure_ascii=False, indent=1)
                     .encode("utf-8"))
        bagit.make_bag(str(work), {
            "Source-Organization": "Casefile",
            "External-Description": f"Casefile case “{data['case']['title']}”"
                                    + (" (redacted)" if plan is not None else ""),
            "External-Identifier": f"{SCHEMA}/{SCHEMA_VERSION}",
            "Bag-Count": "1 of 1",
        }, checksums=["sha256"])
        bag = bagit.Bag(str(work))
        bag.validate()
        if progress:
            progress(total - 1, total)
        if plan:
            check_no_leaks(sorted(p for p in work.rglob("*") if p.is_file()), plan,
                           reader=reader, languages=archive.ocr_languages)
        files = tuple(sorted((rel, digest["sha256"]) for rel, digest in bag.entries.items()))
        finish(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    produced = Produced(out, files, plan is not None, len(data["items"]))
    log_export(archive, "bundle", data["case"]["title"], produced)
    if progress:
        progress(total, total)
    return produced


# --- import ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Imported:
    case: str
    items: int  # new items
    linked: int  # items the archive already had (same SHA-256)
    entities: int
    mentions: int
    events: int
    citations: int


def read_bundle(path: Path) -> tuple[bagit.Bag, dict[str, Any]]:
    """Open and fully validate a bag; its case.json. Known errors for a person otherwise."""
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
    except bagit.BagValidationError as e:
        details = "; ".join(str(d) for d in (e.details or [])[:3]) or str(e)
        raise CasefileError(f"{path} is not an intact bundle (its files do not match its"
                            f" manifest): {details}. Nothing was imported.") from e
    except bagit.BagError as e:
        raise CasefileError(f"{path} is not a bundle: {e}. Nothing was imported.") from e
    try:
        data = json.loads((Path(bag.path) / "data" / CASE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CasefileError(f"{path} has no readable {CASE_FILE}: it was not made by"
                            " Casefile.") from e
    if data.get("schema") != SCHEMA or int(data.get("schema_version", 0)) > SCHEMA_VERSION:
        raise CasefileError(f"{path} was made by a newer or different program (schema"
                            f" {data.get('schema')} {data.get('schema_version')}).")
    return bag, data


def import_bundle(archive: Archive, path: Path, *, case: str | None = None,
                  progress: Progress | None = None) -> Imported:
    """Load a bundle into this archive: same files and hashes, text, entities, mentions,
    tags, events and citations; each item's import (and the source's custody rows for it)
    is written to the custody log. A bag that fails validation is refused."""
    from archive.bundle_import import Importer

    bag, data = read_bundle(path)
    manifest = Path(bag.path) / "manifest-sha256.txt"
    source = {"bundle": str(path), "payload_oxum": bag.info.get("Payload-Oxum", ""),
              "manifest_sha256": hashlib.sha256(manifest.read_bytes()).hexdigest(),
              "exported_at": data.get("exported_at", ""),
              "exported_by": data.get("exported_by", ""), "redacted": data.get("redacted")}
    done: Imported = Importer(archive, Path(bag.path), data, source, progress).run(case)
    return done
