"""The file an export hands over for each exhibit: the original, or — when it names a protected
person or holds marked areas — only a redacted derivative (PDF, picture or text)."""

from __future__ import annotations

import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.redact_files import (
    IMAGE_MIMES,
    embedded_text,
    has_location,
    redact_image,
    redact_pdf,
)
from archive.redaction import RedactionPlan
from archive.storage import atomic_write, sha256_file

if TYPE_CHECKING:
    from archive.models import Item
    from archive.service import Archive

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class ExhibitFile:
    item_id: int
    exhibit: str  # "E-001"
    path: Path  # where it was written
    sha256: str
    size: int
    mime: str
    redacted: bool  # a derivative, not the original
    boxes: int = 0  # redaction boxes drawn


def safe_name(name: str, limit: int = 80) -> str:
    """A file name that is safe on every system (no folders, no control characters)."""
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[:limit] or "file"
    return f"{stem}.{ext[:10]}" if ext else stem


def needs_redaction(archive: Archive, item_id: int, mime: str, plan: RedactionPlan) -> bool:
    """Whether a redacted export must carry a derivative of the item instead of its original:
    it names someone protected, the user marked part of it, or it is a picture that says
    where it was taken (GPS)."""
    with archive.storage.open_object(archive.item(item_id).sha256).materialise() as original:
        return _needs_redaction(archive, original, item_id, mime, plan)


def _needs_redaction(
    archive: Archive, original: Path, item_id: int, mime: str, plan: RedactionPlan
) -> bool:
    if mime in IMAGE_MIMES and has_location(original):
        return True
    if not plan:
        return False
    if any(r.item_id == item_id for r in plan.regions):
        return True
    for page in archive.pages(item_id):
        if plan.cuts(page.text, item_id, page.number):
            return True
    return bool(plan.find_names(embedded_text(original, mime)))


def write_exhibit(
    archive: Archive, item_id: int, exhibit: str, dest_dir: Path, *,
    plan: RedactionPlan | None, filename: str,
) -> ExhibitFile:
    """Write exhibit ``item_id`` into ``dest_dir`` (``originals/`` or ``redacted/`` below it)
    as ``E-001_<name>``; with a plan, a redacted derivative when the original names anyone
    protected. ``filename`` is the (already redacted) name to show."""
    item = archive.item(item_id)
    with archive.storage.open_object(item.sha256).materialise() as original:
        return _write_exhibit(archive, item, original, exhibit, dest_dir, plan=plan,
                              filename=filename)


def _write_exhibit(
    archive: Archive, item: Item, original: Path, exhibit: str, dest_dir: Path, *,
    plan: RedactionPlan | None, filename: str,
) -> ExhibitFile:
    item_id = item.id
    stem = f"{exhibit}_{safe_name(filename)}"
    if plan is None or not _needs_redaction(archive, original, item_id, item.mime, plan):
        dest = dest_dir / "originals" / stem
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, dest)
        digest, size = sha256_file(dest)
        if digest != item.sha256:
            from archive.errors import CasefileError

            raise CasefileError(f"The original of item {item_id} does not match its SHA-256 any"
                                " more: run `verify` before exporting.")
        return ExhibitFile(item_id, exhibit, dest, digest, size, item.mime, False)

    def page_text(n: int) -> str:
        return archive.page_text(item_id, n)

    def page_words(n: int) -> Any:
        return archive.word_boxes(item_id, n)

    base = dest_dir / "redacted" / Path(stem).stem
    boxes = 0
    if item.mime == "application/pdf":
        dest, mime = base.with_name(base.name + ".redacted.pdf"), item.mime
        done = redact_pdf(original, dest, plan, item_id=item_id, page_text=page_text,
                          page_words=page_words)
        boxes = done.total
    elif item.mime in IMAGE_MIMES:
        data, fmt, done = redact_image(original, plan, item_id=item_id, page_text=page_text,
                                       page_words=page_words)
        dest, mime = base.with_name(f"{base.name}.redacted.{fmt}"), f"image/{fmt}"
        atomic_write(dest, data)
        boxes = done.total
    else:  # no way to redact the original bytes: its text, redacted, stands in for it
        pages = archive.pages(item_id)
        text = "\n\f\n".join(plan.redact_text(p.text, item_id, p.number) for p in pages)
        dest, mime = base.with_name(base.name + ".redacted.txt"), "text/plain"
        atomic_write(dest, text.encode("utf-8"))
    digest, size = sha256_file(dest)
    return ExhibitFile(item_id, exhibit, dest, digest, size, mime, True, boxes)
