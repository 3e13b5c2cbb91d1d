"""Web pages (HTML, MHTML) and SVG drawings: the article text and its metadata."""

from __future__ import annotations

import codecs
import email
import email.policy
import logging
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from lxml import etree, html

from archive.models import METHOD_PARSER, ExtractedPage, Extraction, ExtractOptions
from ocr.extractor import failed, outcome
from ocr.normalize import tidy_page_text
from ocr.text import decode

log = logging.getLogger(__name__)

MAX_HTML_BYTES = 64 * 1024 * 1024
MAX_MHTML_BYTES = 512 * 1024 * 1024
DAMAGED = "the file is damaged and cannot be opened"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# What browsers really use for the names pages give (WHATWG encoding standard).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "iso-8859-11": "cp874", "tis-620": "cp874", "windows-874": "cp874", "gb2312": "gb18030",
    "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs", "x-user-defined": "cp1252",
}
# Elements whose text a reader never sees.
_INVISIBLE = ("script", "style", "noscript", "template", "head", "iframe", "object", "embed",
              "canvas", "select", "option", "textarea", "svg", "math", "button", "dialog")
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol",
    "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "pre",
    "blockquote", "figure", "figcaption", "form", "fieldset", "legend", "address", "hr", "body",
    "caption", "tbody", "thead", "tfoot", "center", "details", "summary",
})
_MENUS = frozenset({
    "menu", "nav", "navbar", "navigation", "main-menu", "main-navigation", "primary-menu",
    "menubar", "sub-menu", "submenu", "breadcrumb", "breadcrumbs", "skip-link", "menu-item",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ADVERT = re.compile(r"(^|[\s_-])(ads?|advert\w*|sponsor\w*|banner-ad|adsbygoogle|cookie\w*)"
                     r"($|[\s_-])", re.I)


def extract_web(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    """HTML and saved pages: the article (page 1) and the page around it (page 2, if any);
    SVG: the text written in the drawing."""
    path = Path(path)
    try:
        if mime == "image/svg+xml":
            return _svg(path)
        if mime == "multipart/related":
            return _mhtml(path)
        with path.open("rb") as f:
            data = f.read(MAX_HTML_BYTES + 1)
        reason = "only the first 64 MB of the page were read" if len(data) > MAX_HTML_BYTES else ""
        return page_extraction(data[:MAX_HTML_BYTES], reason=reason)
    except MemoryError:
        return failed("the file needs more memory to read than is allowed")
    except Exception as exc:  # a page no parser foresaw: report it, never raise
        log.warning("%s: cannot read %s: %r", path.name, mime, exc, exc_info=True)
        return failed(f"{DAMAGED} ({type(exc).__name__})")


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """Text of a page: its BOM, the charset it was sent with, its <meta charset>, else a guess."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    found = _META_CHARSET.search(data[:8192])
    for name in (charset, found.group(1).decode("ascii", "replace") if found else None):
        if not name:
            continue
        name = _CHARSET_ALIASES.get(name.strip().lower(), name.strip().lower())
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec.startswith("utf-16"):  # a <meta> that says UTF-16 in ASCII bytes is wrong
            continue
        return data.decode(codec, errors="replace"), codec
    return decode(data)


def page_extraction(data: bytes, *, charset: str | None = None, reason: str = "",
                    extra: dict[str, Any] | None = None) -> Extraction:
    text, encoding = decode_html(data, charset)
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return outcome([ExtractedPage(1, "", METHOD_PARSER)], reason=reason,
                       metadata={"encoding": encoding, **(extra or {})})
    try:
        tree = html.document_fromstring(text, parser=html.HTMLParser(
            no_network=True, remove_comments=True, remove_pis=True, default_doctype=False))
    except etree.ParserError:  # nothing but comments or a doctype: an empty page, not an error
        return outcome([ExtractedPage(1, "", METHOD_PARSER)], reason=reason,
                       metadata={"encoding": encoding, **(extra or {})})
    metadata = {"encoding": encoding, **(extra or {}), **page_metadata(tree)}
    article, article_meta = _article(text)
    for key, value in article_meta.items():
        metadata.setdefault(key, value)
    if article:
        around = _not_in(visible_text(tree, skip_furniture=True), article)
        texts = [article, around] if around else [article]
        metadata["pages"] = ["article", "the page around the article"][: len(texts)]
    else:
        texts = [visible_text(tree, skip_furniture=False)]
    pages = [ExtractedPage(i, tidy_page_text(t), METHOD_PARSER) for i, t in enumerate(texts, 1)]
    return outcome(pages, reason=reason, title=str(metadata.get("title", "")), metadata=metadata)


def _article(text: str) -> tuple[str, dict[str, Any]]:
    """The main text of the page by trafilatura (menus, adverts and comments left out)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                          include_tables=True, deduplicate=False)
    except Exception:  # trafilatura's heuristics on a hostile page: fall back to the whole page
        log.info("trafilatura failed; using the whole page", exc_info=True)
        return "", {}
    if doc is None:
        return "", {}
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {"author": found.get("author"), "published": found.get("date"),
            "headline": found.get("title"), "site_name": found.get("sitename"),
            "url": found.get("url"), "licence": found.get("license")}
    return found.get("text") or "", {k: v for k, v in meta.items() if v}


def _not_in(full: str, article: str) -> str:
    """Lines of ``full`` that the article does not already hold."""
    inside = " ".join(article.split())
    kept = [line for line in full.splitlines()
            if line.strip() and " ".join(line.split()) not in inside]
    return "\n".join(kept)


def visible_text(tree: etree._Element, *, skip_furniture: bool) -> str:
    """What a reader sees: no scripts, styles or hidden parts; blocks on lines, table cells
    separated by tabs. ``skip_furniture`` also leaves out navigation and adverts."""
    out: list[str] = []
    body = tree.find("body")
    _walk(body if body is not None else tree, out, skip_furniture)
    return "".join(out)


def _skipped(element: etree._Element, skip_furniture: bool) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag or tag in _INVISIBLE:
        return True
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true" or (
        tag == "input" and get("type") == "hidden"
    ) or _HIDDEN_STYLE.search(get("style") or ""):
        return True
    if skip_furniture:
        if tag == "nav" or get("role") in ("navigation", "menu", "menubar", "search"):
            return True
        names = f"{get('class') or ''} {get('id') or ''}"
        if _ADVERT.search(names) or not _MENUS.isdisjoint(names.lower().split()):
            return True
        if tag in ("ul", "ol") and ("menu" in names.lower() or "nav" in names.lower()):
            return True  # a list named after a menu is one
    return False


def _walk(element: etree._Element, out: list[str], skip_furniture: bool) -> None:
    if element.text:
        out.append(element.text)
    for child in element:
        if not _skipped(child, skip_furniture):
            tag = child.tag
            if tag == "br":
                out.append("\n")
            elif tag in ("td", "th"):
                _walk(child, out, skip_furniture)
                out.append("\t")
            elif tag in _BLOCK:
                out.append("\n")
                _walk(child, out, skip_furniture)
                out.append("\n")
            else:
                _walk(child, out, skip_furniture)
        if child.tail:
            out.append(child.tail)


def _squash(value: str | None) -> str:
    return " ".join((value or "").split())


_META_NAMES = {
    "description": "description", "og:description": "description", "author": "author",
    "article:author": "author", "dc.creator": "author", "og:title": "og_title",
    "article:published_time": "published", "og:published_time": "published",
    "date": "published", "dc.date": "published", "pubdate": "published",
    "datepublished": "published", "article:modified_time": "modified",
    "og:site_name": "site_name", "og:url": "url", "og:locale": "language",
    "content-language": "language", "generator": "generator",
}


def page_metadata(tree: etree._Element) -> dict[str, Any]:
    """Title, author, dates, canonical URL, description, keywords and language of a page."""
    meta: dict[str, Any] = {}
    keywords: list[str] = []
    for element in tree.iter("meta"):
        name = (element.get("name") or element.get("property") or element.get("itemprop")
                or element.get("http-equiv") or "").strip().lower()
        content = _squash(element.get("content"))
        if not content:
            continue
        if name in ("keywords", "news_keywords", "article:tag"):
            keywords.extend(k.strip() for k in content.split(",") if k.strip())
        elif name in _META_NAMES:
            meta.setdefault(_META_NAMES[name], content)
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
            meta["url"] = element.get("href", "").strip()
    for element in tree.iter("time"):
        if element.get("datetime") and "published" not in meta:
            meta["published"] = element.get("datetime", "").strip()
    title = tree.find(".//title")
    meta["title"] = _squash(title.text_content()) if title is not None else ""
    if not meta["title"]:
        meta["title"] = meta.get("og_title", "")
    root = tree.getroottree().getroot()
    if root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"):
        meta["language"] = (root.get("lang") or root.get(
            "{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    if keywords:
        meta["keywords"] = list(dict.fromkeys(keywords))
    return {k: v for k, v in meta.items() if v}


def _mhtml(path: Path) -> Extraction:
    """A page saved with its images (MHTML): the HTML part, with where it was saved from."""
    size = path.stat().st_size
    if size > MAX_MHTML_BYTES:
        return failed(f"the saved page is too large to read ({size // (1024 * 1024)} MB)")
    with path.open("rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    parts = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start", header="content-type")
    html_part = next((p for p in parts if start and p.get("Content-ID") == start), None) or next(
        (p for p in parts if p.get_content_type() in ("text/html", "application/xhtml+xml")), None)
    extra: dict[str, Any] = {"resources": len(parts)}
    for key, header in (("saved_from", "Snapshot-Content-Location"), ("saved_at", "Date"),
                        ("saved_title", "Subject")):
        if message.get(header):
            extra[key] = _squash(str(message.get(header)))
    if html_part is None:
        return failed("the saved page holds no web page (no HTML part)")
    location = html_part.get("Content-Location")
    if location:
        extra.setdefault("saved_from", _squash(str(location)))
    payload = html_part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = html_part.get_content_charset() if isinstance(html_part, EmailMessage) else None
    result = page_extraction(data, charset=charset, extra=extra)
    if "url" not in result.metadata and "saved_from" in extra:
        result.metadata["url"] = extra["saved_from"]
    return result


def _svg(path: Path) -> Extraction:
    """The words written in an SVG drawing (<text>, <title>, <desc>), one element a line."""
    with path.open("rb") as f:
        data = f.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        return failed("the drawing is too large to read")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True, recover=True)
    root = etree.fromstring(data, parser=parser)
    if root is None:
        return failed(DAMAGED)
    for entity in list(root.iter(etree.Entity)):  # never expanded: left out, not shown as "&x;"
        _drop_keeping_tail(entity)
    lines: list[str] = []
    title = ""
    for element in root.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag in ("text", "flowRoot"):
            parts = [e for e in element.iter() if isinstance(e.tag, str) and (
                e.get("{http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd}role") == "line"
                or etree.QName(e).localname == "flowPara")]
            lines.extend(_squash("".join(p.itertext())) for p in parts or [element])
        elif tag in ("title", "desc"):
            text = _squash("".join(element.itertext()))
            lines.append(text)
            if tag == "title" and not title and element.getparent() is root:
                title = text
    text = tidy_page_text("\n".join(line for line in lines if line))
    return outcome([ExtractedPage(1, text, METHOD_PARSER)], title=title)


def _drop_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
