"""Office documents (DOCX, ODT, RTF, PPTX, XLSX, ODS, DOC, XLS, PPT): text, pages, metadata."""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from archive.models import METHOD_PARSER, ExtractedPage, Extraction, ExtractOptions
from ocr.extractor import failed, outcome
from ocr.normalize import tidy_page_text
from ocr.text import split_pages

log = logging.getLogger(__name__)

PAGE_CHARS = 10_000  # text without page breaks is cut into pages of about this size
MAX_XML_BYTES = 64 * 1024 * 1024  # a document part parsed whole (document.xml, content.xml)
MAX_SHEET_BYTES = 1024 * 1024 * 1024  # a worksheet part, read as a stream
MAX_SHEET_ROWS = 100_000  # rows kept from one sheet
MAX_SHEET_CHARS = 5_000_000  # characters kept from one sheet
MAX_COLUMNS = 1_000  # cells kept from one row
MAX_SHARED_STRINGS = 2_000_000

PROTECTED = "the document is password-protected"
DAMAGED = "the file is damaged and cannot be opened"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
RTF = ("application/rtf", "text/rtf")
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"
ENCRYPTED = "application/x-encrypted-office"


class Unreadable(Exception):
    """A known problem with the file; the message is for a person."""


def extract_office(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    """Text, one page per page break / slide / sheet, and the document's own metadata."""
    path = Path(path)
    try:
        return _dispatch(path, mime, options)
    except Unreadable as exc:
        return failed(str(exc))
    except MemoryError:
        return failed("the file needs more memory to read than is allowed")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, etree.LxmlError, EOFError, RecursionError):
        log.info("%s: damaged %s", path.name, mime, exc_info=True)
        return failed(DAMAGED)
    except NotImplementedError:  # a compression method zipfile does not know
        return failed(f"{DAMAGED} (it uses a packing method that is not supported)")
    except Exception as exc:  # a damaged file that a parser did not foresee: still no raise
        log.warning("%s: cannot read %s: %r", path.name, mime, exc, exc_info=True)
        return failed(f"{DAMAGED} ({type(exc).__name__})")


def _dispatch(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    if mime == ENCRYPTED:
        return failed(PROTECTED)
    if mime in RTF:
        from ocr.office_rtf import extract_rtf

        return extract_rtf(path, options)
    if mime in (DOC, XLS, PPT):
        from ocr.office_legacy import extract_legacy

        return extract_legacy(path, mime, options)
    with zipfile.ZipFile(path) as package:
        if mime in (ODT, ODS, ODP):
            return _odf(Package(package), mime, options)
        return ooxml(Package(package), mime, options)


def ooxml(package: Package, mime: str, options: ExtractOptions) -> Extraction:
    """An OOXML package already opened (also used for what LibreOffice converted)."""
    from ocr.office_xml import read_docx, read_pptx, read_xlsx

    readers: dict[str, Callable[[Package, ExtractOptions], Result]] = {
        DOCX: read_docx,
        PPTX: read_pptx,
        XLSX: read_xlsx,
    }
    reader = readers.get(mime)
    if reader is None:
        raise Unreadable(DAMAGED)
    result = reader(package, options)
    meta = ooxml_metadata(package)
    if package.damaged:
        meta["damaged_parts"] = package.damaged
    return result.extraction(options, meta)


def _odf(package: Package, mime: str, options: ExtractOptions) -> Extraction:
    from ocr.office_xml import odf_encrypted, odf_metadata, read_odf

    if odf_encrypted(package):
        raise Unreadable(PROTECTED)
    result = read_odf(package, mime, options)
    meta = odf_metadata(package)
    if package.damaged:
        meta["damaged_parts"] = package.damaged
    return result.extraction(options, meta)


class Package:
    """A ZIP package whose XML parts are read with size limits and a parser that never loads
    external entities, DTDs or anything from the network."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {info.filename: info for info in zf.infolist()}
        self.damaged: list[str] = []  # secondary parts (metadata, headers) that could not be read

    def optional(self, name: str, *, limit: int = MAX_XML_BYTES) -> etree._Element | None:
        """A part the text does not depend on: None (and noted) when it is damaged."""
        try:
            return self.xml(name, limit=limit)
        except (Unreadable, etree.LxmlError, zipfile.BadZipFile, OSError, EOFError,
                zlib.error) as exc:
            log.info("damaged part %s: %r", name, exc)
            self.damaged.append(name)
            return None

    def has(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str, *, limit: int = MAX_XML_BYTES) -> etree._Element | None:
        """The parsed part, or None when the package has no such part."""
        info = self._member(name, limit)
        if info is None:
            return None
        data = self.zf.read(info)
        if not data.strip():
            return None
        return etree.fromstring(data, parser=safe_parser())

    def stream(self, name: str, *, limit: int = MAX_SHEET_BYTES) -> IO[bytes] | None:
        info = self._member(name, limit)
        return None if info is None else self.zf.open(info)

    def _member(self, name: str, limit: int) -> zipfile.ZipInfo | None:
        """The part's entry, None when missing; a part that unpacks past ``limit`` is refused."""
        info = self.names.get(name)
        if info is not None and info.file_size > limit:
            raise Unreadable(f"the document is too large to read (part {name} unpacks to "
                             f"{info.file_size // (1024 * 1024)} MB)")
        return info

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type suffix, target part name) of an OOXML part."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root:
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], full)
        return out


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def iterparse(stream: IO[bytes], tag: str) -> Iterator[etree._Element]:
    """Elements named ``tag`` (any namespace) from a large part, freed once handed out."""
    for _, element in etree.iterparse(stream, events=("end",), tag=f"{{*}}{tag}",
                                      resolve_entities=False, no_network=True, load_dtd=False,
                                      huge_tree=True, remove_comments=True):
        yield element
        element.clear(keep_tail=False)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]


def local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_SPACE_BEFORE_TAB = re.compile(r" +\t")


class Result:
    """Page texts (a ``\\f`` inside one starts a new page) and what was cut, before paging."""

    def __init__(self, texts: list[str] | None = None, *, split: bool = True) -> None:
        self.texts: list[str] = texts or []
        self.split = split  # cut long texts into pages of PAGE_CHARS (not for slides or sheets)
        self.reasons: list[str] = []
        self.metadata: dict[str, Any] = {}

    def extraction(self, options: ExtractOptions, meta: dict[str, Any]) -> Extraction:
        chunks: list[str] = []
        for text in self.texts:
            for part in text.split("\f") if self.split else [text.replace("\f", "\n")]:
                tidy = _SPACE_BEFORE_TAB.sub("\t", tidy_page_text(part))
                if self.split:
                    chunks.extend(c for c in split_pages(tidy, PAGE_CHARS) if c.strip())
                else:
                    chunks.append(tidy)
        if not chunks:
            chunks = [""]
        reasons = list(self.reasons)
        if len(chunks) > options.max_pages:
            chunks = chunks[: options.max_pages]
            reasons.append(f"only the first {options.max_pages} pages were read")
        pages = [ExtractedPage(number=i, text=c.strip("\n"), method=METHOD_PARSER)
                 for i, c in enumerate(chunks, 1)]
        metadata = {**{k: v for k, v in meta.items() if v not in ("", None, [], {})},
                    **self.metadata}
        return outcome(pages, reason="; ".join(reasons), title=str(metadata.get("title", "")),
                       metadata=metadata)


_CORE = {
    "title": "title", "subject": "subject", "creator": "author", "keywords": "keywords",
    "description": "description", "lastModifiedBy": "last_modified_by", "created": "created",
    "modified": "modified", "language": "language", "category": "category",
    "revision": "revision", "lastPrinted": "last_printed",
}
_APP = {"Application": "generator", "Company": "company", "Manager": "manager",
        "Pages": "page_count", "Slides": "slide_count"}


def ooxml_metadata(package: Package) -> dict[str, Any]:
    """Title, author, dates... from docProps/core.xml and docProps/app.xml."""
    meta: dict[str, Any] = {}
    for part, names in (("docProps/core.xml", _CORE), ("docProps/app.xml", _APP)):
        root = package.optional(part, limit=4 * 1024 * 1024)
        for element in root if root is not None else ():
            key = names.get(local(element))
            value = " ".join((element.text or "").split())
            if key and value:
                meta[key] = value
    return meta
