"""Text of the XML office formats: DOCX, PPTX, XLSX (OOXML) and ODT, ODS, ODP (OpenDocument)."""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree

from archive.models import ExtractOptions
from ocr.office import ODP, ODS, Package, Result, Unreadable, iterparse, local
from ocr.office_cells import Sheet, read_ods_sheets, read_xlsx_sheets

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OOXML_SKIP = frozenset({
    "Fallback", "delText", "instrText", "rPr", "pPr", "sectPr", "footnoteReference",
    "endnoteReference", "annotationRef", "commentReference", "tblPr", "tcPr", "trPr", "tblGrid",
})


class _Walker:
    """Collects the text of WordprocessingML and DrawingML (``w:t``/``a:t`` runs) in reading
    order: paragraphs on lines, table rows as tab-separated lines, ``\\f`` at page breaks."""

    def __init__(self, *, rendered_breaks: bool = False) -> None:
        self.rendered_breaks = rendered_breaks
        self.out: list[str] = []

    def text(self, element: etree._Element) -> str:
        self.out = []
        self.walk(element, in_cell=False)
        return "".join(self.out)

    def walk(self, element: etree._Element, *, in_cell: bool) -> None:
        out = self.out
        for child in element:
            tag = local(child)
            if tag == "t":
                out.append(child.text or "")
            elif tag == "tab":
                out.append("\t")
            elif tag in ("br", "cr"):
                out.append("\f" if child.get(f"{{{W}}}type") == "page" else "\n")
            elif tag == "lastRenderedPageBreak":
                if self.rendered_breaks:
                    out.append("\f")
            elif tag == "noBreakHyphen":
                out.append("-")
            elif tag in _OOXML_SKIP or not tag:
                continue
            elif tag == "p":
                if child.find(f"{{{W}}}pPr/{{{W}}}pageBreakBefore") is not None:
                    out.append("\f")
                self.walk(child, in_cell=in_cell)
                out.append(" " if in_cell else "\n")
            elif tag == "tr":
                self.walk(child, in_cell=True)
                out.append(" " if in_cell else "\n")
            elif tag == "tc":
                self.walk(child, in_cell=True)
                out.append("\t")
            else:
                self.walk(child, in_cell=in_cell)


def read_docx(package: Package, options: ExtractOptions) -> Result:
    part = "word/document.xml"
    root = package.xml(part)
    if root is None:
        raise Unreadable("the file is damaged and cannot be opened (it has no document text)")
    rendered = root.find(f".//{{{W}}}lastRenderedPageBreak") is not None
    body = "".join(_Walker(rendered_breaks=rendered).text(b) for b in root.iter(f"{{{W}}}body"))
    extra: list[str] = []
    rels = package.rels(part)
    for kind in ("header", "footer", "footnotes", "endnotes", "comments"):
        for rel_type, target in rels.values():
            if rel_type != kind:
                continue
            tree = package.optional(target)
            if tree is None:
                continue
            if kind in ("footnotes", "endnotes"):
                notes = [n for n in tree if n.get(f"{{{W}}}type") in (None, "normal")]
                text = "\n".join(_Walker().text(n).strip() for n in notes)
            else:
                text = _Walker().text(tree)
            text = text.replace("\f", "\n").strip()
            if text and text not in extra:
                extra.append(text)
    result = Result([body.rstrip() + ("\n\n" + "\n\n".join(extra) if extra else "")])
    result.metadata["page_breaks"] = "as last laid out by the word processor" if rendered else (
        "explicit page breaks only")
    return result


def read_pptx(package: Package, options: ExtractOptions) -> Result:
    part = "ppt/presentation.xml"
    root = package.xml(part)
    if root is None:
        raise Unreadable("the file is damaged and cannot be opened (it has no slides list)")
    rels = package.rels(part)
    texts: list[str] = []
    hidden: list[int] = []
    notes_count = 0
    for number, slide_id in enumerate(root.iter("{*}sldId"), 1):
        rid = next((v for k, v in slide_id.attrib.items() if k.endswith("}id")), "")
        target = rels.get(rid, ("", ""))[1]
        slide = package.xml(target) if target else None
        if slide is None:
            texts.append("")
            continue
        if slide.get("show") in ("0", "false"):
            hidden.append(number)
        parts = [_Walker().text(slide)]
        for rel_type, related in package.rels(target).values():
            if rel_type == "diagramData":
                data = package.optional(related)
                parts.append(_Walker().text(data) if data is not None else "")
            elif rel_type == "notesSlide":
                notes = package.optional(related)
                if notes is not None:
                    _drop_placeholders(notes, ("sldImg", "sldNum", "dt", "hdr", "ftr"))
                    note_text = _Walker().text(notes).strip()
                    notes_count += bool(note_text)
                    parts.append(note_text)
        texts.append("\n\n".join(p.strip("\n") for p in parts if p.strip()))
    result = Result(texts, split=False)
    result.metadata.update(slides=len(texts), slides_with_notes=notes_count)
    if hidden:
        result.metadata["hidden_slides"] = hidden
    return result


def _drop_placeholders(root: etree._Element, kinds: tuple[str, ...]) -> None:
    for shape in list(root.iter("{*}sp")):
        placeholder = shape.find("{*}nvSpPr/{*}nvPr/{*}ph")
        if placeholder is not None and placeholder.get("type") in kinds:
            parent = shape.getparent()
            if parent is not None:
                parent.remove(shape)


def read_xlsx(package: Package, options: ExtractOptions) -> Result:
    return _sheets_result(read_xlsx_sheets(package))


def _sheets_result(sheets: list[Sheet]) -> Result:
    result = Result([s.text for s in sheets], split=False)
    result.reasons = [s.cut for s in sheets if s.cut]
    result.metadata["sheets"] = [
        {"name": s.name, "rows": s.rows, **({"hidden": True} if s.hidden else {})} for s in sheets
    ]
    return result


# OpenDocument ----------------------------------------------------------------------------------

_ODF_SKIP = frozenset({
    "note-citation", "tracked-changes", "sequence-decls", "forms", "page-thumbnail",
    "table-columns", "table-column", "variable-decls", "user-field-decls", "annotation-end",
    "bookmark-ref",
})
_DC = "{http://purl.org/dc/elements/1.1/}"  # the author and date of a comment: not its text
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _odf_walk(element: etree._Element, out: list[str], *, in_p: bool, in_cell: bool) -> None:
    """Mixed-content OpenDocument text: paragraphs on lines, ``text:s`` spaces, ``\\f`` at the
    soft page breaks the word processor saved."""
    if in_p and element.text:
        out.append(element.text)
    for child in element:
        tag = local(child)
        if tag == "s":
            out.append(" " * min(int(child.get(f"{{{_TEXT_NS}}}c", "1") or 1), 100))
        elif tag == "tab":
            out.append("\t")
        elif tag == "line-break":
            out.append("\n")
        elif tag == "soft-page-break":
            out.append("\f")
        elif tag in _ODF_SKIP or not tag or child.tag.startswith(_DC):
            pass
        elif tag in ("p", "h"):
            _odf_walk(child, out, in_p=True, in_cell=in_cell)
            out.append(" " if in_cell or in_p else "\n")
        elif tag == "table-cell":
            _odf_walk(child, out, in_p=False, in_cell=True)
            out.append("\t")
        elif tag == "table-row":
            _odf_walk(child, out, in_p=False, in_cell=in_cell)
            out.append(" " if in_cell else "\n")
        elif tag == "annotation":
            out.append(" ")
            _odf_walk(child, out, in_p=False, in_cell=True)
        else:
            _odf_walk(child, out, in_p=in_p, in_cell=in_cell)
        if in_p and child.tail:
            out.append(child.tail)


def odf_text(element: etree._Element) -> str:
    out: list[str] = []
    _odf_walk(element, out, in_p=False, in_cell=False)
    return "".join(out)


def odf_encrypted(package: Package) -> bool:
    manifest = package.xml("META-INF/manifest.xml", limit=8 * 1024 * 1024)
    return manifest is not None and any(
        local(e) == "encryption-data" for e in manifest.iter("{*}encryption-data"))


def read_odf(package: Package, mime: str, options: ExtractOptions) -> Result:
    if mime == ODS:
        stream = package.stream("content.xml")
        if stream is None:
            raise Unreadable("the file is damaged and cannot be opened (it has no content)")
        with stream:
            return _sheets_result(read_ods_sheets(stream))
    root = package.xml("content.xml")
    if root is None:
        raise Unreadable("the file is damaged and cannot be opened (it has no content)")
    if mime == ODP:
        slides = [odf_text(page) for page in root.iter("{*}page")]
        result = Result(slides, split=False)
        result.metadata["slides"] = len(slides)
        return result
    body = "".join(odf_text(b) for b in root.iter("{*}text"))
    extra: list[str] = []
    styles = package.optional("styles.xml")
    for master in styles.iter("{*}master-page") if styles is not None else ():
        for part in master:
            text = odf_text(part).replace("\f", "\n").strip()
            if text and text not in extra:
                extra.append(text)
    return Result([body.rstrip() + ("\n\n" + "\n\n".join(extra) if extra else "")])


_ODF_META = {
    "title": "title", "subject": "subject", "description": "description",
    "initial-creator": "author", "creator": "last_modified_by", "creation-date": "created",
    "date": "modified", "language": "language", "generator": "generator",
}


def odf_metadata(package: Package) -> dict[str, Any]:
    root = package.optional("meta.xml", limit=4 * 1024 * 1024)
    meta: dict[str, Any] = {}
    keywords: list[str] = []
    for element in root.iter() if root is not None else ():
        tag = local(element)
        value = " ".join((element.text or "").split())
        if tag == "keyword" and value:
            keywords.append(value)
        elif tag in _ODF_META and value:
            meta[_ODF_META[tag]] = value
        elif tag == "document-statistic":
            for key, count in element.attrib.items():
                if key.endswith("}page-count"):
                    meta["page_count"] = count
    if "author" not in meta and "last_modified_by" in meta:
        meta["author"] = meta["last_modified_by"]
    if keywords:
        meta["keywords"] = ", ".join(keywords)
    return meta


__all__ = ["iterparse", "odf_encrypted", "odf_metadata", "read_docx", "read_odf", "read_pptx",
           "read_xlsx"]
