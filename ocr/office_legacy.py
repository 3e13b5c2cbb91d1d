"""Old binary Office files (DOC, XLS, PPT): LibreOffice when installed, else small readers."""

from __future__ import annotations

import codecs
import logging
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from archive.models import STATUS_FAILED, STATUS_STORED, Extraction, ExtractOptions
from ocr.office import (
    DAMAGED,
    DOC,
    DOCX,
    PPT,
    PPTX,
    PROTECTED,
    XLS,
    Package,
    Result,
    Unreadable,
    ooxml,
)

log = logging.getLogger(__name__)

CONVERT_TIMEOUT = 180.0  # seconds LibreOffice may take to convert one file
MAX_STREAM_BYTES = 256 * 1024 * 1024
_TARGET = {DOC: ("docx", DOCX), XLS: ("xlsx", ""), PPT: ("pptx", PPTX)}
_KIND = {DOC: "old Word documents (.doc)", PPT: "old PowerPoint presentations (.ppt)"}


def extract_legacy(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    meta = ole_metadata(path)
    if mime == XLS:  # xlrd reads every .xls well, and knows when one is encrypted
        from ocr.office_cells import read_xls_sheets
        from ocr.office_xml import _sheets_result

        sheets, extra = read_xls_sheets(path)
        return _sheets_result(sheets).extraction(options, {**extra, **meta})
    if is_encrypted(path, mime):
        return Extraction(pages=(), status=STATUS_FAILED, reason=PROTECTED, metadata=meta)
    soffice = libreoffice()
    if soffice:
        converted = convert(soffice, path, _TARGET[mime][0], options)
        try:
            with zipfile.ZipFile(converted) as z:
                result = ooxml(Package(z), _TARGET[mime][1], options)
        finally:
            shutil.rmtree(converted.parent.parent, ignore_errors=True)
        return _with(result, meta, "LibreOffice")
    if mime == PPT:
        return _with(Result(ppt_slides(path), split=False).extraction(options, {}), meta,
                     "the built-in PowerPoint reader")
    catdoc = shutil.which("catdoc")
    if catdoc:
        return _with(Result([run_catdoc(catdoc, path, options)]).extraction(options, {}), meta,
                     "catdoc")
    return Extraction(
        pages=(), status=STATUS_STORED, metadata=meta,
        reason=(f"stored \u2014 no text extracted: reading {_KIND[mime]} needs LibreOffice or "
                "catdoc on this computer (apt-get install catdoc)"),
    )


def _with(result: Extraction, meta: dict[str, Any], reader: str) -> Extraction:
    metadata = {**result.metadata, **meta, "converted_by": reader}
    return Extraction(pages=result.pages, status=result.status, reason=result.reason,
                      title=str(meta.get("title") or result.title), metadata=metadata)


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(soffice: str, path: Path, target: str, options: ExtractOptions) -> Path:
    """Convert with LibreOffice into a fresh folder under the temp dir, with a private profile
    (several workers may convert at once) and a time limit. Returns the converted file."""
    base = Path(options.temp_dir)
    base.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="soffice-", dir=base))
    source = work / "in" / f"document.{_TARGET_SUFFIX.get(target, 'bin')}"
    source.parent.mkdir()
    shutil.copyfile(path, source)
    out = work / "out"
    command = [
        soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--convert-to", target, "--outdir", str(out), str(source),
    ]
    # Its own temporary files go into the same folder (in memory for an encrypted archive).
    env = {**os.environ, "HOME": str(work), "TMPDIR": str(work), "SAL_USE_VCLPLUGIN": "svp"}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        shutil.rmtree(work, ignore_errors=True)
        raise Unreadable(f"LibreOffice took more than {CONVERT_TIMEOUT:.0f} seconds to open the "
                         "file and was stopped") from None
    result = out / f"document.{target}"
    if not result.is_file():
        log.info("%s: LibreOffice failed: %s", path.name, output.decode("utf-8", "replace"))
        shutil.rmtree(work, ignore_errors=True)
        raise Unreadable(f"{DAMAGED} (LibreOffice could not read it)")
    return result


_TARGET_SUFFIX = {"docx": "doc", "xlsx": "xls", "pptx": "ppt"}


def run_catdoc(catdoc: str, path: Path, options: ExtractOptions) -> str:
    """The text of a .doc through catdoc (UTF-8, paragraphs unwrapped, ``\\f`` at page breaks)."""
    try:
        done = subprocess.run([catdoc, "-d", "utf-8", "-w", str(path)], capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=CONVERT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise Unreadable("reading the document took too long and was stopped") from None
    if done.returncode != 0 and not done.stdout.strip():
        message = done.stderr.decode("utf-8", "replace").strip()
        if "encrypt" in message.lower():
            raise Unreadable(PROTECTED)
        raise Unreadable(f"{DAMAGED} ({message or 'catdoc failed'})")
    return _FIELD_CODE.sub(" ", done.stdout.decode("utf-8", "replace"))


# catdoc prints the instructions of link fields ("HYPERLINK "http://..." \h") before their text.
_FIELD_CODE = re.compile(
    r'\s*\b(?:HYPERLINK|PAGEREF|REF)\s+(?:\\l\s+)?"?[^"\s]*"?(?:\s*\\[a-z])*\s*'
)


def _ole(path: Path) -> Any:
    import olefile

    try:
        return olefile.OleFileIO(str(path))
    except (OSError, ValueError, struct.error) as exc:
        raise Unreadable(DAMAGED) from exc


def is_encrypted(path: Path, mime: str) -> bool:
    """A .doc whose FIB says fEncrypted; a .ppt with encrypted summary or crypt session."""
    with _ole(path) as ole:
        if ole.exists("EncryptedSummary") or ole.exists("encryption"):
            return True
        if mime == DOC and ole.exists("WordDocument"):
            fib = ole.openstream("WordDocument").read(12)
            return len(fib) >= 12 and bool(struct.unpack_from("<H", fib, 10)[0] & 0x0100)
        if mime == PPT and ole.exists("PowerPoint Document"):
            data = ole.openstream("PowerPoint Document").read(MAX_STREAM_BYTES)
            return any(r[0] == 0x2F14 for r in _records(data, 0, len(data)))
    return False


def ole_metadata(path: Path) -> dict[str, Any]:
    """Title, author and dates from the SummaryInformation stream of an OLE file."""
    try:
        with _ole(path) as ole:
            info = ole.get_metadata()
    except Exception:  # metadata is a bonus: a damaged property set must not stop the text
        log.debug("%s: no OLE metadata", path.name, exc_info=True)
        return {}
    fields = {"title": info.title, "subject": info.subject, "author": info.author,
              "keywords": info.keywords, "description": info.comments,
              "last_modified_by": info.last_saved_by, "generator": info.creating_application,
              "company": info.company, "created": info.create_time,
              "modified": info.last_saved_time}
    meta: dict[str, Any] = {}
    codepage = _OLE_CODEPAGES.get(info.codepage or 1252, f"cp{info.codepage}")
    try:
        codecs.lookup(codepage)
    except LookupError:
        codepage = "cp1252"
    for key, value in fields.items():
        if isinstance(value, bytes):
            value = value.decode(codepage, "replace")
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        if isinstance(value, str) and value.strip("\x00 \t\r\n"):
            meta[key] = " ".join(value.strip("\x00").split())
    return meta


_OLE_CODEPAGES = {1200: "utf-16-le", 10000: "mac_roman", 10007: "mac_cyrillic", 65001: "utf-8"}


def _records(data: bytes, start: int, end: int, depth: int = 0) -> list[tuple[int, int, int, int]]:
    """(type, instance, offset, length) of every record of a PowerPoint record tree."""
    found: list[tuple[int, int, int, int]] = []
    offset = start
    while offset + 8 <= end and depth < 32:
        version, kind, length = struct.unpack_from("<HHI", data, offset)
        body_end = min(end, offset + 8 + length)
        found.append((kind, version >> 4, offset + 8, body_end - offset - 8))
        if version & 0xF == 0xF:
            found.extend(_records(data, offset + 8, body_end, depth + 1))
        offset = body_end
    return found


def ppt_slides(path: Path) -> list[str]:
    """Slide texts of a .ppt without LibreOffice: the outline (placeholder) text PowerPoint keeps
    for each slide, then the text of the slide's own shapes, in slide order."""
    with _ole(path) as ole:
        if not ole.exists("PowerPoint Document"):
            raise Unreadable(DAMAGED)
        data = ole.openstream("PowerPoint Document").read(MAX_STREAM_BYTES)
    outline: list[list[str]] = []
    shapes: list[list[str]] = []
    current: list[str] | None = None
    in_outline = False
    for kind, instance, offset, length in _records(data, 0, len(data)):
        if kind == 0x03E8:  # a DocumentContainer: a later one (a fast save) replaces the outline
            outline, current, in_outline = [], None, False
        elif kind == 0x0FF0:  # SlideListWithText: instance 0 lists slides, 1 masters, 2 notes
            in_outline, current = instance == 0, None
        elif kind == 0x03F3 and in_outline:  # SlidePersistAtom: the next slide of the outline
            current = []
            outline.append(current)
        elif kind == 0x03EE:  # Slide container
            in_outline, current = False, []
            shapes.append(current)
        elif kind in (0x03F8, 0x03F0, 0x0FC9, 0x07F0):  # masters, notes, handout, lists
            in_outline, current = False, None
        elif kind in (0x0FA0, 0x0FA8) and current is not None:
            raw = data[offset : offset + length]
            text = raw.decode("utf-16-le" if kind == 0x0FA0 else "cp1252", "replace")
            if text.strip() not in ("", "*"):
                current.append(text.replace("\r", "\n").replace("\x0b", "\n"))
    count = max(len(outline), len(shapes))
    slides = []
    for i in range(count):
        texts = (outline[i] if i < len(outline) else []) + (shapes[i] if i < len(shapes) else [])
        slides.append("\n".join(dict.fromkeys(texts)))
    return slides or [""]
