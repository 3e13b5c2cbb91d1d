"""The readable part of a dossier as HTML for PyMuPDF's Story: cover, summary, timeline,
entities, evidence register and excerpts, each run of Thai, Burmese or Chinese in its font."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

# Fonts by script: the family names the CSS below declares (see archive.dossier.FONTS).
_SCRIPTS = (
    ("thai", ((0x0E00, 0x0E7F),)),
    ("mya", ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))),
    ("cjk", ((0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3100, 0x31FF), (0x3400, 0x4DBF),
             (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
             (0x20000, 0x2FA1F))),
)

CSS = """
body {font-family: sans; font-size: 9.5pt; line-height: 1.3;}
.thai {font-family: thai;} .mya {font-family: mya;} .cjk {font-family: cjk;}
h1 {font-size: 17pt; margin: 0 0 8pt 0;}
h2 {font-size: 13pt; margin: 14pt 0 6pt 0; border-bottom: 1px solid #888;}
h3 {font-size: 10.5pt; margin: 8pt 0 3pt 0;}
p {margin: 0 0 4pt 0;}
table {border-collapse: collapse; width: 100%;}
th {text-align: left; font-weight: bold; background-color: #e8e8e8;}
td, th {border: 0.5px solid #aaa; padding: 2pt 3pt; vertical-align: top; font-size: 8.5pt;}
.hash {font-family: mono; font-size: 6.5pt;}
.small {font-size: 8pt; color: #444;}
.disputed {color: #b00000; font-weight: bold;}
.quote {margin: 2pt 0 6pt 12pt; font-style: italic;}
.cover {text-align: center;}
.cover h1 {font-size: 24pt; margin-top: 120pt;}
.cover p {font-size: 12pt;}
.toc td {border: none; font-size: 10pt;}
"""


def _script(ch: str) -> str | None:
    code = ord(ch)
    for name, ranges in _SCRIPTS:
        if any(lo <= code <= hi for lo, hi in ranges):
            return name
    return None


def text(value: object) -> str:
    """Escaped HTML of a plain text, each run of Thai, Burmese or CJK characters in its font;
    everything else (spaces and punctuation too: the script fonts lack many) in Noto Sans."""
    s = "" if value is None else str(value)
    out: list[str] = []
    current: str | None = None
    buf: list[str] = []

    def flush() -> None:
        if buf:
            chunk = html.escape("".join(buf))
            out.append(f'<span class="{current}">{chunk}</span>' if current else chunk)
            buf.clear()

    for ch in s:
        script = _script(ch)  # None: Latin letters, spaces, digits, punctuation (in sans)
        if script != current:
            flush()
            current = script
        buf.append(ch)
    flush()
    return "".join(out).replace("\n", "<br/>")


def cover(data: dict[str, Any], prepared_by: str, date: str) -> str:
    c = data["case"]
    note = ("<p class='small'>Protected people (victims and witnesses) appear only by their"
            " pseudonym; exhibits that named them are redacted copies.</p>"
            if data["redacted"] else "")
    return (f"<div class='cover'><h1>Case dossier</h1><p><b>{text(c['title'])}</b></p>"
            f"<p>Prepared by {text(prepared_by)}</p><p>{text(date)}</p>"
            f"<p>{len(data['items'])} exhibits · {len(data['events'])} events ·"
            f" {len(data['entities'])} entities</p>{note}"
            "<p class='small'>Made with Casefile. Every exhibit's SHA-256 is in the evidence"
            " register; the exhibits follow the register, each page headed by its exhibit"
            " number.</p></div>")


def toc(entries: list[tuple[int, str, int]]) -> str:
    rows = "".join(
        f"<tr><td>{'&#160;' * 4 * (level - 1)}{text(title)}</td>"
        f"<td style='text-align:right'>{page}</td></tr>" for level, title, page in entries)
    return f"<h2 id='toc'>Contents</h2><table class='toc'>{rows}</table>"


def summary(data: dict[str, Any]) -> str:
    c = data["case"]
    tags = f"<p class='small'>Tags: {text(', '.join(c['tags']))}</p>" if c["tags"] else ""
    body = text(c["summary"]) or "<i>No summary was written for this case.</i>"
    return f"<h2 id='summary'>Case summary</h2><p>{body}</p>{tags}"


def _citation(c: dict[str, Any], exhibits: dict[int, str]) -> str:
    where = f"Exhibit {exhibits.get(int(c['item_id']), c['item_id'])}, page {c['page']}"
    if c.get("start") is not None:
        where += f", characters {c['start']} to {c['end']}"
    says = f" — states {text(c['stated']['label'])}" if c.get("stated") else ""
    mark = " <span class='disputed'>[disputed]</span>" if c.get("disputed") else ""
    quote = f"<div class='quote'>“{text(c['quote'])}”</div>" if c.get("quote") else ""
    return f"<p class='small'>{where}{says}{mark}</p>{quote}"


def timeline(data: dict[str, Any], exhibits: dict[int, str]) -> str:
    if not data["events"]:
        return "<h2 id='timeline'>Timeline</h2><p><i>No events were recorded.</i></p>"
    names = {int(e["id"]): e["name"] for e in data["entities"]}
    parts = ["<h2 id='timeline'>Timeline</h2>"]
    for ev in data["events"]:
        when = ev["start"]["label"]
        if ev["end"]:
            when += f" to {ev['end']['label']}"
        flag = " <span class='disputed'>DISPUTED: the sources disagree on the date</span>" \
            if ev["disputed"] else ""
        people = "; ".join(f"{names.get(int(p['entity_id']), '?')} ({p['role']})"
                           for p in ev["entities"])
        parts.append(
            f"<h3>{text(when)} — {text(ev['title'])}</h3>"
            f"<p class='small'>Precision: {ev['start']['precision']}"
            + (f" · Place: {text(ev['place'])}" if ev["place"] else "")
            + (f" · {text(people)}" if people else "") + f"{flag}</p>"
            + (f"<p>{text(ev['description'])}</p>" if ev["description"] else "")
            + "".join(_citation(c, exhibits) for c in ev["citations"]))
    return "".join(parts)


def entities(data: dict[str, Any]) -> str:
    dates = {int(i["id"]): i["date"] for i in data["items"]}
    counts: dict[int, int] = defaultdict(int)
    seen: dict[int, list[str]] = defaultdict(list)
    for m in data["mentions"]:
        if m["state"] == "confirmed":
            counts[int(m["entity_id"])] += 1
            if dates.get(int(m["item_id"])):
                seen[int(m["entity_id"])].append(dates[int(m["item_id"])])
    in_events = {int(p["entity_id"]) for ev in data["events"] for p in ev["entities"]}
    in_events |= {int(ev["place_id"]) for ev in data["events"] if ev["place_id"] is not None}
    rows = "".join(
        f"<tr><td>{text(e['name'])}{' (protected)' if e['protected'] else ''}</td>"
        f"<td>{e['type']}</td>"
        f"<td>{counts[int(e['id'])]}</td><td>{min(seen[int(e['id'])], default='')}</td>"
        f"<td>{max(seen[int(e['id'])], default='')}</td></tr>"
        for e in sorted(data["entities"], key=lambda e: (e["type"], e["name"].casefold()))
        if counts[int(e["id"])] or int(e["id"]) in in_events)
    if not rows:
        return ("<h2 id='entities'>Entities</h2><p>No person, place, number or account has a"
                " confirmed mention in these exhibits or a role in the timeline (suggestions"
                " nobody confirmed are left out).</p>")
    return ("<h2 id='entities'>Entities</h2><p class='small'>Confirmed mentions in the"
            " exhibits, and the dates of the first and last exhibit naming each (machine"
            " suggestions nobody confirmed are left out).</p>"
            "<table><tr><th>Name</th><th>Type</th>"
            f"<th>Mentions</th><th>First seen</th><th>Last seen</th></tr>{rows}</table>")


def _collected(item: dict[str, Any]) -> str:
    """Who collected an exhibit and when, as far as the archive knows."""
    who, when = text(item["collected_by"]), text(item["collected_at"])
    known = f"by {who}" if who else ""
    if when:
        known = f"{known} on {when}".strip()
    return known or "not recorded"


def register(data: dict[str, Any]) -> str:
    custody: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in data["custody"]:
        custody[int(r["item_id"])].append(r)
    parts = ["<h2 id='register'>Evidence register</h2>"]
    for i in data["items"]:
        entries = custody[int(i["id"])]
        log = "; ".join(f"{r['at'][:16].replace('T', ' ')} {r['action']} ({text(r['actor'])})"
                        for r in entries[:12])
        more = f"; and {len(entries) - 12} more" if len(entries) > 12 else ""
        file = i.get("file") or {}
        copy = (f"<br/>Redacted copy appended, SHA-256 <span class='hash'>{file['sha256']}"
                "</span>") if file.get("redacted") else ""
        parts.append(
            f"<h3>{i['exhibit']} — {text(i['title'])}</h3><table>"
            f"<tr><td>Kind</td><td>{text(i['kind'])} ({text(i['mime'])}), {i['page_count']}"
            f" page{'' if i['page_count'] == 1 else 's'}</td></tr>"
            f"<tr><td>Source</td><td>{text(i['source']) or 'not recorded'}</td></tr>"
            f"<tr><td>Collected</td><td>{_collected(i)}; in the archive since"
            f" {i['ingested_at'][:10]}"
            f"</td></tr><tr><td>SHA-256</td><td><span class='hash'>{i['sha256']}</span>{copy}"
            f"</td></tr><tr><td>Custody ({len(entries)})</td><td class='small'>{log}{more}"
            "</td></tr></table>")
    return "".join(parts)


def excerpts(data: dict[str, Any], exhibits: dict[int, str]) -> str:
    quoted = [(ev, c) for ev in data["events"] for c in ev["citations"] if c.get("quote")]
    parts = ["<h2 id='excerpts'>Quoted excerpts</h2>"]
    if not quoted:
        parts.append("<p><i>No excerpts were cited.</i></p>")
    for ev, c in sorted(quoted, key=lambda x: (exhibits.get(int(x[1]["item_id"]), ""),
                                               x[1]["page"], x[1].get("start") or 0)):
        parts.append(f"<p class='small'>For: {text(ev['title'])}</p>" + _citation(c, exhibits))
    return "".join(parts)
