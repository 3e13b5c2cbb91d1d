"""An item's details as compact HTML: file facts, what the file says of itself, provenance."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from archive.entity_models import REJECTED, Entity, Mention
from archive.models import STATUS_OK, Item, Page
from ui.models import status_label

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-].*)?$")
# Keys that only repeat what the file facts already say, or that nobody reads.
_SKIP = {"format", "width", "height", "frames", "page_count", "mode", "encrypted", "trapped"}


@dataclass(frozen=True, slots=True)
class ItemDetails:
    """What the viewer shows of an item, loaded together in the background."""

    item: Item
    pages: list[Page]
    metadata: dict[str, Any]
    provenance: list[dict[str, Any]]
    mentions: list[Mention] = field(default_factory=list)  # not the rejected
    entities: dict[int, Entity] = field(default_factory=dict)  # of those mentions


def load_details(archive: Archive, item_id: int) -> ItemDetails:
    """Runs in a background task: the item, its pages, its metadata, where it came from and
    the entities mentioned in it."""
    mentions, entities = item_mentions(archive, item_id)
    return ItemDetails(archive.item(item_id), archive.pages(item_id),
                       dict(archive.item_metadata(item_id)), list(archive.provenance(item_id)),
                       mentions, entities)


def item_mentions(archive: Archive, item_id: int) -> tuple[list[Mention], dict[int, Entity]]:
    """Runs in a background task: an item's mentions (not the rejected) and their entities."""
    mentions = [m for m in archive.mentions(item_id=item_id) if m.state != REJECTED]
    entities = {eid: archive.entity(eid) for eid in sorted({m.entity_id for m in mentions})}
    return mentions, entities


def _tr(text: str) -> str:
    return QCoreApplication.translate("details", text)


def _first(meta: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value if v not in (None, ""))
    if isinstance(value, str):
        return nice_date(value)
    return str(value)


def nice_date(value: str) -> str:
    """A PDF date ("D:20200306162051+08'00'") or an ISO time made readable; anything else as is."""
    m = _PDF_DATE.match(value.strip())
    if m:
        y, mo, d, h, mi, s, tz = m.groups()
        out = "-".join(p for p in (y, mo, d) if p)
        if h:
            out += f" {h}:{mi or '00'}" + (f":{s}" if s else "")
        if tz and tz != "Z":
            out += " " + tz.replace("'", ":").rstrip(":")
        return out
    if re.match(r"^\d{4}[-:]\d{2}[-:]\d{2}[T ]\d{2}:\d{2}", value):  # ISO or EXIF "2020:03:19 …"
        zone = re.sub(r"^\.\d+", "", value[19:]).strip()
        zone = "UTC" if zone == "Z" else zone
        return value[:10].replace(":", "-") + " " + value[11:19] + (f" {zone}" if zone else "")
    return value


def gps_text(meta: Mapping[str, Any]) -> str:
    """GPS position as "lat, lon" (6 decimals), from whichever keys the extractor used."""
    gps = meta.get("gps")
    lat = lon = None
    if isinstance(gps, Mapping):
        lat, lon = _first(gps, "lat", "latitude"), _first(gps, "lon", "lng", "longitude")
    elif isinstance(gps, list | tuple) and len(gps) == 2:
        lat, lon = gps
    if lat is None:
        lat = _first(meta, "gps_lat", "latitude", "lat", "gps_latitude")
        lon = _first(meta, "gps_lon", "longitude", "lon", "lng", "gps_longitude")
    try:
        return f"{float(lat):.6f}, {float(lon):.6f}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def camera_text(meta: Mapping[str, Any]) -> str:
    camera = _first(meta, "camera")
    if camera:
        return _text(camera)
    make, model = _first(meta, "make", "camera_make"), _first(meta, "model", "camera_model")
    if make and model and str(model).lower().startswith(str(make).lower()):
        return str(model)
    return " ".join(str(p) for p in (make, model) if p)


def _snake(key: str) -> str:
    """'DateTimeOriginal' -> 'date_time_original'; 'GPSLatitude' -> 'gps_latitude'."""
    key = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", key)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key).replace(" ", "_").lower()


def flatten(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Keys in snake case, with one level of nesting ({"exif": {"Model": …}}) lifted up."""
    flat: dict[str, Any] = {}
    for key, value in meta.items():
        if isinstance(value, Mapping) and _snake(key) != "gps":
            for inner, v in value.items():
                flat.setdefault(_snake(str(inner)), v)
        else:
            flat[_snake(key) if key not in ("creationDate", "modDate") else key] = value
    return flat


def metadata_rows(raw: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, plain text) rows for what a file says about itself, the common fields first."""
    meta = flatten(raw)
    known: list[tuple[str, tuple[str, ...]]] = [
        (_tr("From"), ("from", "sender")),
        (_tr("To"), ("to",)),
        (_tr("Cc"), ("cc",)),
        (_tr("Subject"), ("subject",)),
        (_tr("Title"), ("title",)),
        (_tr("Author"), ("author", "byline")),
        (_tr("Date"), ("date", "published", "published_at", "date_published")),
        (_tr("Web address"), ("url", "source_url", "canonical_url")),
        (_tr("Taken"), ("captured", "captured_at", "capture_time", "taken_at", "date_time_original",
                        "datetime_original", "exif_datetime", "date_taken", "date_time",
                        "datetime")),
        (_tr("Created"), ("creationDate", "created", "creation_date")),
        (_tr("Modified"), ("modDate", "modified", "modification_date")),
        (_tr("Made with"), ("producer", "creator", "software")),
        (_tr("Inside"), ("path_in_parent",)),
    ]
    rows: list[tuple[str, str]] = []
    used: set[str] = set(_SKIP)
    camera_done = False
    for label, keys in known:
        used.update(keys)
        value = _first(meta, *keys)
        if value is not None:
            rows.append((label, _text(value)))
            if keys[0] == "captured":  # camera and place right after the time it was taken
                rows.extend(_camera_rows(meta))
                camera_done = True
    if not camera_done:
        rows.extend(_camera_rows(meta))
    used.update({"camera", "make", "model", "camera_make", "camera_model", "gps", "gps_lat",
                 "gps_lon", "latitude", "longitude", "lat", "lon", "lng", "gps_latitude",
                 "gps_longitude"})
    for key in sorted(k for k in meta if k not in used):
        value = meta[key]
        if value in (None, "", [], {}) or isinstance(value, Mapping):
            continue
        rows.append((key.replace("_", " ").capitalize(), _text(value)))
    return rows


def _camera_rows(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    camera = camera_text(meta)
    if camera:
        rows.append((_tr("Camera"), camera))
    where = gps_text(meta)
    if where:
        rows.append((_tr("GPS"), where))
    return rows


def provenance_lines(provenance: Sequence[Mapping[str, Any]]) -> list[str]:
    """A line per copy received: where it came from, who collected it, when, for which case."""
    lines = []
    for p in provenance:
        where = str(p.get("original_path") or p.get("filename") or "")
        parts = [where] if where else []
        if p.get("source"):
            parts.append(_tr("source: {s}").format(s=p["source"]))
        who, when = p.get("collected_by"), p.get("collected_at")
        if who and when:
            parts.append(_tr("collected by {who} on {when}").format(who=who, when=when))
        elif who:
            parts.append(_tr("collected by {who}").format(who=who))
        elif when:
            parts.append(_tr("collected on {when}").format(when=when))
        if p.get("added_at"):
            parts.append(_tr("added {when}").format(when=nice_date(str(p["added_at"]))[:16]))
        if p.get("case"):
            parts.append(_tr("case “{case}”").format(case=p["case"]))
        lines.append(" · ".join(parts))
    return lines


def details_html(item: Item, meta: Mapping[str, Any],
                 provenance: Sequence[Mapping[str, Any]], *, heading: str = "#1f3a5f",
                 label: str = "#555") -> str:
    """The whole details pane: a two-column table in three short sections. ``heading`` and
    ``label``: the colours of section headings and of the labels, from the window's palette
    (the defaults suit a light one)."""
    status = html.escape(status_label(item.status))
    if item.status != STATUS_OK:
        status = f'<span style="color:#b3261e; font-weight:bold">{status}</span>'
    if item.reason:
        status += f" — {html.escape(item.reason)}"
    pages = _tr("1 page") if item.page_count == 1 else _tr("{n} pages").format(n=item.page_count)
    size = _tr("{n} bytes").format(n=f"{item.size:,}")
    imported = item.ingested_at.replace("T", " ")[:16]
    if item.languages:
        imported += " · " + _tr("read as {languages}").format(languages=item.languages)
    # Short enough that the file's own section shows on a small screen: the file name only
    # when the heading above shows a title instead, the status only when something is wrong.
    facts = [
        (_tr("File"), html.escape(item.filename) if item.title not in ("", item.filename)
         else ""),
        (_tr("Status"), status if item.status != STATUS_OK or item.reason else ""),
        (_tr("Type"), html.escape(f"{item.mime} · {item.kind} · {size} · {pages}")),
        (_tr("Cases"), html.escape(", ".join(item.cases))),
        (_tr("Source"), html.escape(item.source)),
        (_tr("Collected"), html.escape(_collected(item))),
        (_tr("Imported"), html.escape(imported)),
        (_tr("SHA-256"), f'<span style="font-family:monospace; font-size:small">'
                         f"{item.sha256}</span>"),
    ]
    parts = [_table(facts, label)]
    own = [(k, html.escape(v)) for k, v in metadata_rows(meta)]
    if own:
        parts.append(_heading(_tr("From the file"), heading) + _table(own, label))
    lines = provenance_lines(provenance)
    if lines:
        title = _tr("Where it came from") if len(lines) == 1 else _tr(
            "Where it came from ({n} copies)").format(n=len(lines))
        parts.append(_heading(title, heading) + "".join(
            f'<div style="margin-left:2px">• {html.escape(line)}</div>' for line in lines))
    return "".join(parts)


def _collected(item: Item) -> str:
    if item.collected_by and item.collected_at:
        return _tr("by {who} on {when}").format(who=item.collected_by, when=item.collected_at)
    if item.collected_by:
        return _tr("by {who}").format(who=item.collected_by)
    return item.collected_at


def _heading(text: str, colour: str) -> str:
    return (f'<div style="margin-top:6px; color:{colour}; font-weight:bold">'
            f"{html.escape(text)}</div>")


def _table(rows: Sequence[tuple[str, str]], label: str) -> str:
    cells = "".join(
        f'<tr><td style="color:{label}; padding-right:10px; white-space:nowrap">'
        f"{html.escape(k)}</td><td>{v}</td></tr>"
        for k, v in rows if v
    )
    return f'<table cellspacing="0" cellpadding="1">{cells}</table>'
