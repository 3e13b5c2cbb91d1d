"""Exports for other tools: CSV tables, FollowTheMoney JSON lines (Aleph-like tools) and an
e-discovery load file (Concordance DAT + Opticon OPT) for law firms' review platforms."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from archive.storage import atomic_write

log = logging.getLogger(__name__)

# --- CSV --------------------------------------------------------------------------------------
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A spreadsheet cell: text that a spreadsheet would run as a formula is quoted with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Thai and Chinese


def _entity_dates(data: dict[str, Any]) -> dict[int, list[str]]:
    dates = {int(i["id"]): str(i.get("date") or "") for i in data["items"]}
    seen: dict[int, list[str]] = defaultdict(list)
    for m in data["mentions"]:
        if m["state"] == "confirmed" and dates.get(int(m["item_id"])):
            seen[int(m["entity_id"])].append(dates[int(m["item_id"])])
    return seen


def _exhibits(data: dict[str, Any]) -> dict[int, str]:
    return {int(i["id"]): str(i["exhibit"]) for i in data["items"]}


def csv_files(data: dict[str, Any]) -> dict[str, bytes]:
    """register.csv (the evidence register), entities.csv and events.csv of a case."""
    custody_count: dict[int, int] = defaultdict(int)
    for r in data["custody"]:
        custody_count[int(r["item_id"])] += 1
    register = _csv(
        ([i["exhibit"], i["id"], i["title"], i["kind"], i["mime"], i["filename"], i["source"],
          i["collected_by"], i["collected_at"], i["ingested_at"], i["date"], i["sha256"],
          i["size"], i["page_count"], i["status"], "; ".join(i["tags"]),
          custody_count[int(i["id"])], i.get("file", {}).get("path", ""),
          i.get("file", {}).get("sha256", "")] for i in data["items"]),
        ["exhibit", "item", "title", "kind", "type", "file name", "source", "collected by",
         "collected at", "ingested at", "date", "sha256", "bytes", "pages", "status", "tags",
         "custody entries", "exported file", "exported file sha256"])
    counts: dict[int, int] = defaultdict(int)
    for m in data["mentions"]:
        if m["state"] == "confirmed":
            counts[int(m["entity_id"])] += 1
    seen = _entity_dates(data)
    entities = _csv(
        ([e["id"], e["type"], e["name"], "; ".join(e["aliases"]),
          "yes" if e["protected"] else "", counts[int(e["id"])],
          min(seen[int(e["id"])], default=""), max(seen[int(e["id"])], default="")]
         for e in data["entities"]),
        ["entity", "type", "name", "aliases", "protected", "confirmed mentions", "first seen",
         "last seen"])
    names = {int(e["id"]): e["name"] for e in data["entities"]}
    exhibits = _exhibits(data)
    events = _csv(
        ([ev["id"], ev["start"]["label"], ev["end"]["label"] if ev["end"] else "",
          ev["start"]["precision"], ev["title"], ev["description"], ev["place"],
          "; ".join(f"{names.get(int(p['entity_id']), p['entity_id'])} ({p['role']})"
                    for p in ev["entities"]),
          " | ".join(_citation_text(c, exhibits) for c in ev["citations"]),
          "disputed" if ev["disputed"] else ""] for ev in data["events"]),
        ["event", "start", "end", "precision", "title", "description", "place", "entities",
         "citations", "disputed"])
    return {"register.csv": register, "entities.csv": entities, "events.csv": events}


def _citation_text(c: dict[str, Any], exhibits: dict[int, str]) -> str:
    stated = f" (says {c['stated']['label']})" if c.get("stated") else ""
    quote = f" “{c['quote']}”" if c.get("quote") else ""
    mark = " [disputed]" if c.get("disputed") else ""
    return f"{exhibits.get(int(c['item_id']), c['item_id'])} p.{c['page']}{quote}{stated}{mark}"


# --- FollowTheMoney ---------------------------------------------------------------------------
FTM_SCHEMAS = {
    "person": "Person", "organisation": "Organization", "compound": "Organization",
    "source": "Organization", "location": "Address", "wallet": "CryptoWallet",
    "account": "BankAccount",
}
_CONTEXT = {"phone": "contextPhone", "email": "contextEmail"}


def _ftm_id(kind: str, value: object) -> str:
    return f"casefile-{kind}-{value}"


def _ftm_entity(e: dict[str, Any]) -> dict[str, Any] | None:
    schema = FTM_SCHEMAS.get(e["type"])
    if schema is None:
        return None
    names = [e["name"], *e["aliases"]]
    props: dict[str, list[str]] = {}
    if schema == "Address":
        props = {"full": [e["name"]]}
    elif schema == "CryptoWallet":
        props = {"publicKey": [e["name"]], "alias": e["aliases"]}
    elif schema == "BankAccount":
        props = {"accountNumber": [e["name"]], "alias": e["aliases"]}
    else:
        props = {"name": [e["name"]], "alias": names[1:]}
    if e["type"] == "compound":
        props["description"] = ["scam compound"]
    if e["notes"]:
        props["notes"] = [e["notes"]]
    return {"id": _ftm_id("entity", e["id"]), "schema": schema,
            "properties": {k: v for k, v in props.items() if v}}


def ftm_lines(data: dict[str, Any]) -> list[dict[str, Any]]:
    """FollowTheMoney entities: documents, people, organisations, addresses, wallets, bank
    accounts, events and mentions. Phone numbers and e-mail addresses are properties (of the
    mentions found in the same document), as FtM has no schema of their own for them."""
    out: list[dict[str, Any]] = []
    for i in data["items"]:
        props = {"title": [i["title"]], "fileName": [i["filename"]], "mimeType": [i["mime"]],
                 "date": [i["date"]] if i["date"] else [], "publisher": [i["source"]],
                 "notes": [f"Exhibit {i['exhibit']}, SHA-256 {i['sha256']}"]}
        out.append({"id": _ftm_id("item", i["sha256"][:32]), "schema": "Document",
                    "properties": {k: v for k, v in props.items() if v and v != [""]}})
    entities = {int(e["id"]): e for e in data["entities"]}
    mapped = {eid: ent for eid, e in entities.items() if (ent := _ftm_entity(e))}
    out += mapped.values()
    docs = {int(i["id"]): _ftm_id("item", i["sha256"][:32]) for i in data["items"]}
    context: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in data["mentions"]:
        e = entities.get(int(m["entity_id"]))
        if e is not None and e["type"] in _CONTEXT and m["state"] == "confirmed":
            context[int(m["item_id"])][_CONTEXT[e["type"]]].add(e["name"])
    for m in data["mentions"]:
        eid = int(m["entity_id"])
        if eid not in mapped or m["state"] != "confirmed":
            continue
        props = {"document": [docs[int(m["item_id"])]], "resolved": [mapped[eid]["id"]],
                 "name": [m["quote"]], "detectedSchema": [mapped[eid]["schema"]]}
        props |= {k: sorted(v) for k, v in context[int(m["item_id"])].items()}
        out.append({"id": _ftm_id("mention", m["id"]), "schema": "Mention",
                    "properties": props})
    for ev in data["events"]:
        involved = [mapped[int(p["entity_id"])]["id"] for p in ev["entities"]
                    if int(p["entity_id"]) in mapped]
        props = {"name": [ev["title"]], "description": [ev["description"]],
                 "startDate": [ev["start"]["earliest"]] if ev["start"] else [],
                 "endDate": [(ev["end"] or ev["start"])["latest"]],
                 "date": [ev["start"]["text"] or ev["start"]["label"]],
                 "location": [ev["place"]], "involved": involved,
                 "proof": sorted({docs[int(c["item_id"])] for c in ev["citations"]}),
                 "important": ["true"] if ev["disputed"] else []}
        place = ev.get("place_id")
        if place is not None and int(place) in mapped \
                and mapped[int(place)]["schema"] == "Address":
            props["addressEntity"] = [mapped[int(place)]["id"]]
        out.append({"id": _ftm_id("event", ev["id"]), "schema": "Event",
                    "properties": {k: v for k, v in props.items() if v and v != [""]}})
    return out


def ftm_bytes(data: dict[str, Any]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n"
                   for e in ftm_lines(data)).encode("utf-8")


# --- Concordance DAT + Opticon OPT ------------------------------------------------------------
DAT_FIELD, DAT_QUOTE, DAT_NEWLINE = "\x14", "\xfe", "\xae"  # ¶ þ ®: the standard delimiters
DAT_FIELDS = ("BEGDOC", "ENDDOC", "BEGATTACH", "ENDATTACH", "PARENTDOC", "EXHIBIT", "TITLE",
              "FILENAME", "DOCTYPE", "MIMETYPE", "DOCDATE", "SOURCE", "CUSTODIAN",
              "DATECOLLECTED", "SHA256", "EXPORTSHA256", "REDACTED", "PAGECOUNT", "TAGS",
              "NATIVEPATH", "TEXTPATH")


def dat_value(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace(DAT_QUOTE, "").replace(DAT_FIELD, " ")
    return text.replace("\r\n", DAT_NEWLINE).replace("\n", DAT_NEWLINE).replace("\r", DAT_NEWLINE)


def dat_line(values: Sequence[object]) -> str:
    return DAT_FIELD.join(DAT_QUOTE + dat_value(v) + DAT_QUOTE for v in values) + "\r\n"


def write_dat(out: Path, rows: Sequence[dict[str, Any]]) -> None:
    text = dat_line(DAT_FIELDS) + "".join(dat_line([r.get(f, "") for f in DAT_FIELDS])
                                           for r in rows)
    atomic_write(out, text.encode("utf-8-sig"))


def write_opt(out: Path, pages: Sequence[tuple[str, str, bool, int]], volume: str) -> None:
    """Opticon lines: image key, volume, path (Windows separators), document break, folder
    break, box break, pages in the document (on its first page)."""
    lines = [f"{key},{volume},{path.replace('/', chr(92))},{'Y' if first else ''},,,"
             f"{count if first else ''}\r\n" for key, path, first, count in pages]
    atomic_write(out, "".join(lines).encode("utf-8"))
