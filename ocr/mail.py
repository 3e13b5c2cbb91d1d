"""E-mail (EML, EMLX, MBOX, MSG): headers as metadata, bodies as text, attachments as children."""

from __future__ import annotations

import contextlib
import email
import logging
import mimetypes
import os
import re
import tempfile
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from archive import models
from archive.filetype import sniff_bytes
from archive.models import ExtractedChild, ExtractedPage, Extraction, ExtractOptions
from ocr.normalize import tidy_page_text
from ocr.text import decode, split_pages

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 512 * 1024 * 1024  # one message read into memory; mailboxes are streamed
HEADER_SCAN = 64 * 1024
SHOWN = (("From", "from"), ("To", "to"), ("Cc", "cc"), ("Subject", "subject"),
         ("Date", "date_shown"))
ADDRESS_HEADERS = frozenset({"to", "cc"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_ENVELOPE = re.compile(rb"From \S+.*\d\d:\d\d")


def extract_mail(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    """Text, metadata and attachments of one message; a mailbox lists its messages."""
    if mime == "application/mbox":
        return _mbox(path, options)
    if mime == "application/vnd.ms-outlook":
        return _outlook(path, options)
    if path.stat().st_size > MAX_MESSAGE_BYTES:
        return _failed(f"the message is larger than {MAX_MESSAGE_BYTES // 1024**2} MB")
    data = path.read_bytes()
    if mime == "message/x-emlx":
        data = _emlx_message(data)
    return parse_message(data, options)


def parse_message(data: bytes, options: ExtractOptions) -> Extraction:
    """An RFC 822 message: header block and body text on the pages, attachments as children."""
    msg = email.message_from_bytes(data)  # the compat32 parser never raises on bad input
    meta = headers(msg)
    if not any(meta.get(k) for k in ("from", "to", "subject", "date", "message-id")):
        return _failed("no e-mail headers were found: the file is not a readable message")
    bodies: list[str] = []
    attachments: list[tuple[str, bytes]] = []
    _walk(msg, bodies, attachments, body_wanted=True)
    return _result(meta, "\n\n".join(b for b in bodies if b.strip()), attachments, options)


def headers(msg: Message) -> dict[str, str]:
    """from, to, cc, subject, date (ISO 8601 when it parses), message-id, in-reply-to."""
    raw: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        raw.setdefault(name.lower(), []).append(value)
    meta: dict[str, str] = {}
    for key in ("from", "to", "cc", "subject", "date", "message-id", "in-reply-to"):
        values = [_header_text(v) for v in raw.get(key, [])]
        meta[key] = ", ".join(v for v in values if v) if key in ADDRESS_HEADERS else (
            values[0] if values else "")
    meta["date_shown"], meta["date"] = meta["date"], _iso_date(meta["date"])
    return meta


def _header_text(value: Any) -> str:
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes (often UTF-8, GBK)
        text = decode(text.encode("ascii", "surrogateescape"))[0]
    with contextlib.suppress(ValueError, LookupError, UnicodeError, AssertionError):
        text = str(make_header(decode_header(text)))  # =?utf-8?b?...?= encoded words
    return _CONTROL.sub("", _SPACES.sub(" ", text)).strip()


def _iso_date(value: str) -> str:
    try:
        return parsedate_to_datetime(value).isoformat() if value else ""
    except (TypeError, ValueError, IndexError, OverflowError):
        return value


def _walk(part: Message, bodies: list[str], attachments: list[tuple[str, bytes]], *,
          body_wanted: bool) -> None:
    ctype = part.get_content_type()
    if ctype in ("message/rfc822", "message/global") and part.is_multipart():
        inner = part.get_payload(0)
        if isinstance(inner, Message):
            subject = headers(inner)["subject"] or "attached message"
            attachments.append((f"{subject[:100]}.eml", _as_bytes(inner)))
        return
    if part.is_multipart():
        subs = [p for p in part.get_payload() if isinstance(p, Message)]
        best = _best_alternative(subs) if ctype == "multipart/alternative" else None
        for sub in subs:
            wanted = body_wanted and (best is None or sub is best)
            _walk(sub, bodies, attachments, body_wanted=wanted)
        return
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    filename = part.get_filename()
    if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        if body_wanted:
            text = _part_text(part, data)
            bodies.append(html_to_text(text) if ctype == "text/html" else text)
        return
    if data:
        name = _header_text(filename) if filename else ""
        ext = mimetypes.guess_extension(ctype) or ""
        attachments.append((safe_name(name, f"attachment {len(attachments) + 1}{ext}"), data))


def _best_alternative(subs: list[Message]) -> Message | None:
    """text/plain preferred, then HTML, then whatever comes last (the richest, by RFC 2046)."""
    for wanted in ("text/plain", "text/html"):
        for sub in subs:
            payload = sub.get_payload(decode=True)
            if sub.get_content_type() == wanted and isinstance(payload, bytes) and payload.strip():
                return sub
    return subs[-1] if subs else None


def _part_text(part: Message, data: bytes) -> str:
    charset = part.get_content_charset()
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)[0]


def _as_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes()
    except (ValueError, LookupError, UnicodeError, TypeError):
        return msg.as_string().encode("utf-8", "surrogateescape")


def _emlx_message(data: bytes) -> bytes:
    """Apple Mail: a line with the message's byte count, the message, then an XML plist."""
    first, _, rest = data.partition(b"\n")
    if first.strip().isdigit():
        return rest[: int(first.strip())]
    plist = data.rfind(b"<?xml")
    return data[:plist] if plist > 0 else data


class _TextOfHtml(HTMLParser):
    BLOCK = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre",
                       "hr", "section", "article", "header", "footer", "ul", "ol", "title"})
    LINE = frozenset({"div", "br", "tr", "li", "dt", "dd"})  # a new line before, none after
    HIDDEN = frozenset({"script", "style", "head", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCK or tag in self.LINE:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(_SPACES.sub(" ", data))


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: no markup, no scripts or styles, one block per line."""
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # hopelessly broken markup: keep what was read
        pass
    lines = (line.strip() for line in "".join(parser.out).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def safe_name(name: str, fallback: str) -> str:
    """A file name to show: the last path part only, no control characters, no leading dots."""
    name = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().lstrip(".")
    return name[:150].strip() or fallback


class _Children:
    """Writes attachments (or mailbox messages) to new files under the temp folder, in limits."""

    def __init__(self, options: ExtractOptions, kind: str) -> None:
        self.options, self.kind = options, kind
        self.allowed = options.depth < options.max_depth
        self.items: list[ExtractedChild] = []
        self.written, self.problem = 0, ""
        if not self.allowed:
            self.problem = (f"attachments were not taken: the message sits {options.depth} "
                            f"containers deep (the limit is {options.max_depth})")
        Path(options.temp_dir).mkdir(parents=True, exist_ok=True)

    def room(self, size: int) -> bool:
        if not self.allowed:
            return False
        if len(self.items) >= self.options.max_children:
            self.problem = f"only the first {self.options.max_children} were taken"
        elif self.written + size > self.options.max_expanded_bytes:
            self.problem = "they add up to more than the limit; the rest was not taken"
        return not self.problem

    def new_file(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.options.temp_dir, prefix=f"{self.kind}-")
        os.close(fd)
        return Path(name)

    def add(self, path: Path, name: str, inner_path: str, size: int) -> None:
        self.written += size
        self.items.append(ExtractedChild(path=str(path), name=name, inner_path=inner_path,
                                         kind=self.kind))

    def write(self, name: str, data: bytes) -> None:
        if self.room(len(data)):
            path = self.new_file()
            path.write_bytes(data)
            self.add(path, name, f"attachment {len(self.items) + 1}/{name}", len(data))


def _result(meta: dict[str, str], body: str, attachments: list[tuple[str, bytes]],
            options: ExtractOptions, reason: str = "") -> Extraction:
    children = _Children(options, "attachment")
    for name, data in attachments:
        children.write(name, data)
    block = [f"{label}: {meta[key]}" for label, key in SHOWN if meta.get(key)]
    if attachments:
        block.append("Attachments: " + ", ".join(name for name, _ in attachments))
    text = tidy_page_text("\n".join(block) + "\n\n" + body)
    pages = [ExtractedPage(number=i, text=chunk.strip("\n"), method=models.METHOD_PARSER)
             for i, chunk in enumerate(split_pages(text)[: options.max_pages], 1)]
    problem = children.problem and f"attachments: {children.problem}"
    reason = "; ".join(r for r in (reason, problem) if r)
    metadata: dict[str, Any] = {k: v for k, v in meta.items() if v and k != "date_shown"}
    metadata["attachments"] = [name for name, _ in attachments]
    return Extraction(pages=tuple(pages), status=models.STATUS_PARTIAL if reason else
                      models.STATUS_OK, reason=reason, title=meta.get("subject", ""),
                      metadata=metadata, children=tuple(children.items))


def _failed(reason: str) -> Extraction:
    return Extraction(pages=(), status=models.STATUS_FAILED, reason=reason)


# --- mailboxes --------------------------------------------------------------------------
def _mbox(path: Path, options: ExtractOptions) -> Extraction:
    """Each message of an mbox becomes a child .eml; the mailbox's page lists them."""
    if options.depth >= options.max_depth:
        return Extraction(pages=(), status=models.STATUS_STORED, reason=(
            f"stored \u2014 not opened: this mailbox sits {options.depth} containers deep "
            f"(the limit is {options.max_depth})"))
    children = _Children(options, "email")
    listing: list[str] = []
    out: Any = None
    head, in_head, at_start, blank_before = b"", False, True, True

    def finish() -> None:
        nonlocal out
        if out is None:
            return
        out.close()
        meta = headers(email.message_from_bytes(head))
        n = len(listing) + 1
        subject = meta["subject"][:100]
        name = safe_name(f"{subject}.eml" if subject else "", f"message {n}.eml")
        size = Path(out.name).stat().st_size
        children.add(Path(out.name), name, f"message {n}", size)
        listing.append(f"{n}. {meta['date_shown']} \u2014 {meta['from']} \u2014 {meta['subject']}")
        out = None

    with path.open("rb") as f:
        while line := f.readline(HEADER_SCAN):
            if at_start and line.startswith(b"From ") and (blank_before or _ENVELOPE.match(line)):
                finish()
                if not children.room(0):
                    break
                out = children.new_file().open("wb")
                head, in_head = b"", True
            elif out is not None:
                if at_start and re.match(rb">+From ", line):
                    line = line[1:]  # mboxrd quoting of a body line that began with "From "
                if in_head:
                    in_head = bool(line.strip(b"\r\n")) and at_start
                    head += line[: max(0, HEADER_SCAN - len(head))]
                out.write(line)
            blank_before = at_start and not line.strip(b"\r\n")
            at_start = line.endswith(b"\n")
        finish()
    if not listing:
        return _failed("no messages were found in the mailbox")
    text = f"Mailbox: {len(listing)} messages\n\n" + "\n".join(listing)
    pages = [ExtractedPage(number=i, text=chunk.strip("\n"), method=models.METHOD_PARSER)
             for i, chunk in enumerate(split_pages(tidy_page_text(text))[: options.max_pages], 1)]
    reason = children.problem and f"messages: {children.problem}"
    return Extraction(pages=tuple(pages), status=models.STATUS_PARTIAL if reason else
                      models.STATUS_OK, reason=reason, metadata={"messages": len(listing)},
                      children=tuple(children.items))


# --- Outlook ----------------------------------------------------------------------------
def _outlook(path: Path, options: ExtractOptions) -> Extraction:
    """An Outlook .msg through extract-msg (a text e-mail saved as .msg is read as one)."""
    with path.open("rb") as f:
        head = f.read(8192)
    if sniff_bytes(head) == "message/rfc822":
        return parse_message(path.read_bytes(), options)
    import extract_msg

    try:
        msg = extract_msg.openMsg(str(path), strict=False)
    except Exception as exc:  # extract-msg raises many kinds on a damaged or odd file
        return _failed(f"the Outlook message cannot be read ({type(exc).__name__}: {exc})")
    with contextlib.closing(msg):
        date = getattr(msg, "date", None)
        meta = {key: _header_text(getattr(msg, attr, None) or "") for key, attr in (
            ("from", "sender"), ("to", "to"), ("cc", "cc"), ("subject", "subject"),
            ("message-id", "messageId"), ("in-reply-to", "inReplyTo"))}
        meta["date"] = date.isoformat() if isinstance(date, datetime) else ""
        meta["date_shown"] = meta["date"]
        body, reason = _outlook_body(msg)
        attachments = []
        for n, att in enumerate(getattr(msg, "attachments", []), 1):
            name, data = _outlook_attachment(att, n)
            if data:
                attachments.append((name, data))
    return _result(meta, body, attachments, options, reason)


def _outlook_body(msg: Any) -> tuple[str, str]:
    try:
        body = getattr(msg, "body", None)
        if isinstance(body, str) and body.strip():
            return body, ""
        html = getattr(msg, "htmlBody", None)
        if isinstance(html, bytes):
            return html_to_text(decode(html)[0]), ""
    except Exception as exc:  # a damaged body stream: headers and attachments still count
        return "", f"the body could not be read ({exc})"
    return "", ""


def _outlook_attachment(att: Any, n: int) -> tuple[str, bytes]:
    try:
        data = att.data
        name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or ""
        if hasattr(data, "exportBytes"):  # an attached Outlook message
            subject = getattr(data, "subject", None) or "attached message"
            return safe_name(f"{subject[:100]}.msg", f"attachment {n}.msg"), data.exportBytes()
        if isinstance(data, bytes):
            return safe_name(str(name), f"attachment {n}"), data
    except Exception:  # one unreadable attachment does not stop the others
        log.warning("attachment %d of an Outlook message could not be read", n, exc_info=True)
    return "", b""
