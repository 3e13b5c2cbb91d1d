"""Exports as the Archive offers them to the CLI and the GUI: one entry point per format, the
redaction plan and its preview, leak checks, and a custody row with the hashes of what was
written."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pymupdf as _pymupdf
from PIL import Image

from archive.bundle import Imported, Produced, export_bundle, finish, fresh_output, import_bundle
from archive.bundle import log_export as _log_export
from archive.case_data import case_data, exhibit_numbers, selected_items
from archive.dossier import ExhibitSource, write_dossier
from archive.errors import CasefileError
from archive.exhibit_files import ExhibitFile, write_exhibit
from archive.exports import csv_files, ftm_bytes, write_dat, write_opt
from archive.redact_files import IMAGE_MIMES, ImageReader, LeakFound, check_no_leaks
from archive.redaction import MarkedSpan, PreviewLine, RedactionPlan, Region, plan_for, preview
from archive.storage import atomic_write, sha256_file

if TYPE_CHECKING:
    from archive.protocols import Progress
    from archive.service import Archive

log = logging.getLogger(__name__)
pymupdf: Any = _pymupdf

FORMATS = ("dossier", "bundle", "csv", "ftm", "dat")
IMAGE_DPI = 150  # page images of a load file


def _place(archive: Archive, tmp: Path, out: Path, plan: RedactionPlan | None,
           reader: ImageReader | None) -> None:
    """Move a produced file to ``out``, after re-reading it for protected names when the
    export is redacted (a leak raises, and nothing is placed)."""
    if plan:
        check_no_leaks([tmp], plan, reader=reader, languages=archive.ocr_languages)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp.replace(out)


def _produced(out: Path, root: Path, redacted: bool, items: int) -> Produced:
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    rel = [(p.relative_to(root).as_posix() if root.is_dir() else p.name, sha256_file(p)[0])
           for p in files]
    return Produced(out, tuple(rel), redacted, items)


class ExportFeatures:
    """Mixed into Archive. ``image_reader`` (OCR for the leak check) is set by main.py."""

    image_reader: ImageReader | None = None

    def exhibit_numbers(self, case: str | int) -> dict[int, str]:
        """Item id -> the exhibit number ("E-007") it has when the whole case is exported, as
        the dossier prints it; empty for a case without items."""
        archive: Archive = self  # type: ignore[assignment]
        return exhibit_numbers([i.id for i in archive.items(case=case)])

    def redaction_plan(
        self, case: str | int, item_ids: Sequence[int] | None = None, *,
        terms: Iterable[str] = (), spans: Iterable[MarkedSpan] = (),
        regions: Iterable[Region] = (),
    ) -> RedactionPlan:
        """What a redacted export of the case (or these items) will hide: protected people,
        the marks saved for it (``redaction_marks``) and the ``terms``, ``spans`` and
        ``regions`` given here for this export only."""
        archive: Archive = self  # type: ignore[assignment]
        ids = selected_items(archive, case, item_ids)
        saved = [m.term for m in archive.redaction_marks(case) if m.kind == "term"]
        return plan_for(archive, ids, terms=[*saved, *terms], spans=spans,
                        regions=[*archive.marked_regions(ids), *regions])

    def redaction_preview(self, case: str | int, plan: RedactionPlan,
                          item_ids: Sequence[int] | None = None) -> list[PreviewLine]:
        archive: Archive = self  # type: ignore[assignment]
        return preview(archive, plan, selected_items(archive, case, item_ids))

    def export(
        self, fmt: str, case: str | int, out: Path, *, item_ids: Sequence[int] | None = None,
        plan: RedactionPlan | None = None, reader: ImageReader | None = None,
        progress: Progress | None = None, prefix: str = "CF",
    ) -> Produced:
        """Export a case (or chosen items) as ``fmt`` (see FORMATS) to ``out``. With ``plan``
        (``redaction_plan``) protected people appear only by pseudonym, exhibits are redacted,
        and the produced files are re-read for their names (LeakFound, nothing left behind).
        Every export is written to the custody log with the hashes of the files."""
        archive: Archive = self  # type: ignore[assignment]
        out = Path(out)
        reader = reader or self.image_reader
        if plan and reader is None:
            log.warning("no OCR for the leak check: pictures in the export are not re-read")
        if fmt == "bundle":
            return export_bundle(archive, case, out, item_ids=item_ids, plan=plan,
                                 reader=reader, progress=progress,
                                 dossier=partial(self._in_bundle, plan))
        if fmt not in FORMATS:
            raise CasefileError(f"Unknown export format “{fmt}”; use one of"
                                f" {', '.join(FORMATS)}.")
        data = case_data(archive, case, item_ids, plan=plan)
        if fmt == "dossier":
            produced = self._export_dossier(data, out, plan, reader, progress)
        elif fmt == "ftm":
            produced = self._export_file(out, ftm_bytes(data), plan, reader, data)
        else:
            work = fresh_output(out)
            try:
                if fmt == "csv":
                    for name, content in csv_files(data).items():
                        atomic_write(work / name, content)
                else:
                    _write_load_file(archive, data, work, out.name, plan, prefix, progress)
                if plan:
                    check_no_leaks(sorted(p for p in work.rglob("*") if p.is_file()), plan,
                                   reader=reader, languages=archive.ocr_languages)
                finish(work, out)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
            produced = _produced(out, out, plan is not None, len(data["items"]))
        _log_export(archive, fmt, data["case"]["title"], produced)
        return produced

    def _export_file(self, out: Path, content: bytes, plan: RedactionPlan | None,
                     reader: ImageReader | None, data: dict[str, Any]) -> Produced:
        archive: Archive = self  # type: ignore[assignment]
        if out.exists():
            raise CasefileError(f"{out} already exists: choose a new name for the export.")
        work = fresh_output(out.with_name(out.name + ".d"))
        try:
            tmp = work / out.name
            atomic_write(tmp, content)
            _place(archive, tmp, out, plan, reader)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return _produced(out, out, plan is not None, len(data["items"]))

    def _export_dossier(self, data: dict[str, Any], out: Path, plan: RedactionPlan | None,
                        reader: ImageReader | None, progress: Progress | None) -> Produced:
        archive: Archive = self  # type: ignore[assignment]
        if out.exists():
            raise CasefileError(f"{out} already exists: choose a new name for the export.")
        work = fresh_output(out.with_name(out.name + ".d"))
        try:
            exhibits = []
            for item in data["items"]:
                ex = write_exhibit(archive, int(item["id"]), item["exhibit"], work, plan=plan,
                                   filename=item["filename"])
                item["file"] = {"sha256": ex.sha256, "redacted": ex.redacted}
                exhibits.append(_source(item, ex.path, ex.mime, ex.sha256, ex.redacted))
            tmp = work / out.name
            html = write_dossier(data, exhibits, tmp, prepared_by=archive.actor,
                                 progress=progress)
            if plan:
                _check_generated(plan, html)
            _place(archive, tmp, out, plan, reader)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return _produced(out, out, plan is not None, len(data["items"]))

    def _in_bundle(self, plan: RedactionPlan | None, data: dict[str, Any], work: Path,
                   out: Path) -> None:
        """The dossier of a bundle, from the exhibit files already in it."""
        archive: Archive = self  # type: ignore[assignment]
        exhibits = [_source(i, work / i["file"]["path"].removeprefix("data/"),
                            i["file"]["mime"], i["file"]["sha256"], i["file"]["redacted"])
                    for i in data["items"]]
        html = write_dossier(data, exhibits, out, prepared_by=archive.actor)
        if plan:  # the bundle's leak check reads the PDF itself afterwards
            _check_generated(plan, html)

    def import_bundle(self, path: Path, *, case: str | None = None,
                      progress: Progress | None = None) -> Imported:
        archive: Archive = self  # type: ignore[assignment]
        return import_bundle(archive, Path(path), case=case, progress=progress)


def _source(item: dict[str, Any], path: Path, mime: str, sha256: str, redacted: bool
            ) -> ExhibitSource:
    return ExhibitSource(item["exhibit"], item["title"], path, mime, sha256, redacted,
                         tuple(str(p["text"]) for p in item["pages"]))


def _check_generated(plan: RedactionPlan, parts: Sequence[str]) -> None:
    """The dossier's own text, before it was laid out (Burmese comes back from a PDF in
    visual order, so the text is checked at the source too)."""
    for part in parts:
        found = plan.find_names(part)
        if found:
            raise LeakFound("The export was stopped and nothing was handed over: the dossier's"
                            f" text still names {found[0].replacement}.")


# --- the load file ----------------------------------------------------------------------------
def _page_images(ex: ExhibitFile, dest: Path, keys: list[str]) -> list[str]:
    """JPEG page images of an exhibit (PDF pages, image frames), named by Bates number;
    their paths relative to the load file's folder."""
    paths: list[str] = []
    if ex.mime == "application/pdf":
        with pymupdf.open(ex.path) as doc:
            for page, key in zip(doc, keys, strict=False):
                pix = page.get_pixmap(dpi=IMAGE_DPI)
                target = dest / "IMAGES" / f"{key}.jpg"
                target.parent.mkdir(parents=True, exist_ok=True)
                pix.save(str(target), jpg_quality=85)
                paths.append(f"IMAGES/{key}.jpg")
    elif ex.mime in IMAGE_MIMES:
        with Image.open(ex.path) as img:
            for n, key in enumerate(keys):
                try:
                    img.seek(n)
                except EOFError:
                    break
                target = dest / "IMAGES" / f"{key}.jpg"
                target.parent.mkdir(parents=True, exist_ok=True)
                img.convert("RGB").save(target, "JPEG", quality=85)
                paths.append(f"IMAGES/{key}.jpg")
    return paths


def _write_load_file(archive: Archive, data: dict[str, Any], work: Path, name: str,
                     plan: RedactionPlan | None, prefix: str, progress: Progress | None) -> None:
    """Concordance DAT (one row per exhibit, Bates numbers per page) and Opticon OPT (one line
    per page image), with NATIVES/, TEXT/ and IMAGES/ beside them."""
    rows: list[dict[str, Any]] = []
    opt: list[tuple[str, str, bool, int]] = []
    bates = 1
    begdoc: dict[int, str] = {}
    for n, item in enumerate(data["items"], 1):
        pages = max(1, int(item["page_count"] or len(item["pages"]) or 1))
        keys = [f"{prefix}{bates + k:07d}" for k in range(pages)]
        bates += pages
        begdoc[int(item["id"])] = keys[0]
        ex = write_exhibit(archive, int(item["id"]), item["exhibit"], work / "NATIVES",
                           plan=plan, filename=item["filename"])
        native = work / "NATIVES" / f"{keys[0]}{ex.path.suffix}"
        ex.path.replace(native)
        ex = ExhibitFile(ex.item_id, ex.exhibit, native, ex.sha256, ex.size, ex.mime,
                         ex.redacted, ex.boxes)
        text = "\f".join(str(p["text"]) for p in item["pages"])
        atomic_write(work / "TEXT" / f"{keys[0]}.txt", text.encode("utf-8"))
        images = _page_images(ex, work, keys)
        opt += [(k, p, i == 0, len(images)) for i, (k, p) in enumerate(zip(keys, images,
                                                                              strict=False))]
        rows.append({
            "BEGDOC": keys[0], "ENDDOC": keys[-1], "EXHIBIT": item["exhibit"],
            "TITLE": item["title"], "FILENAME": item["filename"], "DOCTYPE": item["kind"],
            "MIMETYPE": item["mime"], "DOCDATE": item["date"], "SOURCE": item["source"],
            "CUSTODIAN": item["collected_by"], "DATECOLLECTED": item["collected_at"],
            "SHA256": item["sha256"], "EXPORTSHA256": ex.sha256,
            "REDACTED": "Y" if ex.redacted else "N", "PAGECOUNT": pages,
            "TAGS": "; ".join(item["tags"]),
            "NATIVEPATH": "NATIVES\\" + native.name, "TEXTPATH": f"TEXT\\{keys[0]}.txt",
            "_id": int(item["id"]), "_parent": item.get("parent_id"),
        })
        if progress:
            progress(n, len(data["items"]))
    for sub in (d for d in ("originals", "redacted") if (work / "NATIVES" / d).is_dir()):
        (work / "NATIVES" / sub).rmdir()
    families: dict[int, list[dict[str, Any]]] = {}
    for r in rows:  # a family: an e-mail (or archive) and its attachments (or members)
        top = r["_parent"] if r["_parent"] in begdoc else r["_id"]
        families.setdefault(int(top), []).append(r)
        r["PARENTDOC"] = begdoc.get(int(r["_parent"]), "") if r["_parent"] else ""
    for members in families.values():
        if len(members) > 1:
            for r in members:
                r["BEGATTACH"], r["ENDATTACH"] = members[0]["BEGDOC"], members[-1]["ENDDOC"]
    write_dat(work / f"{name}.dat", rows)
    write_opt(work / f"{name}.opt", opt, "VOL001")
    atomic_write(work / "README.txt", json.dumps({
        "case": data["case"]["title"], "exported_at": data["exported_at"],
        "redacted": data["redacted"], "delimiters": "Concordance: field \\x14, quote \\xfe,"
        " newline in a field \\xae; UTF-8 with BOM", "images": "Opticon OPT, JPEG pages",
    }, ensure_ascii=False, indent=1).encode("utf-8"))
