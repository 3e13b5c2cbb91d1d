"""Identify a file's type from its first bytes, never from its name."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

HEAD = 8192

# (offset, magic, mime)
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"II+\x00", "image/tiff"),  # BigTIFF
    (0, b"MM\x00+", "image/tiff"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"BM", "image/bmp"),
    (0, b"\x00\x00\x00\x0cjP  \r\n\x87\n", "image/jp2"),
    (0, b"\xff\x4f\xff\x51", "image/jp2"),
    (0, b"AT&TFORM", "image/vnd.djvu"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"PK\x05\x06", "application/zip"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"BZh", "application/x-bzip2"),
    (0, b"\xfd7zXZ\x00", "application/x-xz"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (0, b"{\\rtf", "application/rtf"),
    (0, b"!BDN", "application/vnd.ms-outlook-pst"),
    (0, b"\x00\x01\x00\x00Standard Jet DB", "application/x-msaccess"),
    (0, b"\x00\x01\x00\x00Standard ACE DB", "application/x-msaccess"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (257, b"ustar", "application/x-tar"),
)

# Human names for types, for messages such as "stored — no text extracted (ZIP archive ...)".
TYPE_NAMES: dict[str, str] = {
    "application/pdf": "PDF document",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/tiff": "TIFF image",
    "image/gif": "GIF image",
    "image/bmp": "BMP image",
    "image/webp": "WebP image",
    "image/jp2": "JPEG 2000 image",
    "image/svg+xml": "SVG image",
    "image/vnd.djvu": "DjVu document",
    "application/zip": "ZIP archive",
    "application/x-7z-compressed": "7-Zip archive",
    "application/vnd.rar": "RAR archive",
    "application/x-tar": "TAR archive",
    "application/gzip": "gzip file",
    "application/x-bzip2": "bzip2 file",
    "application/x-xz": "xz file",
    "application/x-ole-storage": "old Microsoft Office file",
    "application/rtf": "RTF document",
    "application/vnd.ms-outlook-pst": "Outlook mailbox (PST)",
    "application/x-msaccess": "Access database",
    "audio/mpeg": "MP3 audio",
    "audio/mp4": "MPEG-4 audio/video",
    "video/mp4": "MPEG-4 video",
    "audio/ogg": "Ogg audio",
    "audio/flac": "FLAC audio",
    "audio/wav": "WAV audio",
    "text/plain": "text",
    "text/html": "web page (HTML)",
    "message/rfc822": "email",
    "application/xml": "XML document",
    "application/json": "JSON data",
    "application/octet-stream": "unrecognised binary file",
    "application/x-empty": "empty file",
    "application/x-rar": "RAR archive",
    "application/msword": "Word document (.doc)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word document (.docx)"
    ),
    "application/vnd.ms-excel": "Excel spreadsheet (.xls)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "Excel spreadsheet (.xlsx)"
    ),
    "application/vnd.ms-powerpoint": "PowerPoint presentation (.ppt)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint presentation (.pptx)"
    ),
    "application/vnd.oasis.opendocument.text": "OpenDocument text (.odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet (.ods)",
    "text/rtf": "RTF document",
    "application/xhtml+xml": "web page (XHTML)",
    "application/vnd.ms-outlook": "Outlook message",
    "application/mbox": "mailbox",
    "text/calendar": "calendar file",
    "application/x-dbf": "dBase table",
    "text/vcard": "contact card",
    "text/xml": "XML data",
    "message/x-emlx": "Apple Mail message",
    "multipart/related": "saved web page (MHTML)",
    "application/x-encrypted-office": "password-protected Office document",
}


def type_name(mime: str) -> str:
    """A name for the type that a person recognises ("ZIP archive", "audio recording")."""
    if mime in TYPE_NAMES:
        return TYPE_NAMES[mime]
    major = mime.partition("/")[0]
    if major in ("audio", "video"):
        return f"{major} recording"
    return f"file of type {mime}" if mime else "file of unknown type"


OOXML = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
# Stream names (UTF-16LE) in an OLE compound file, and what they make it.
OLE_STREAMS = (
    ("__substg1.0_".encode("utf-16-le"), "application/vnd.ms-outlook"),
    ("WordDocument".encode("utf-16-le"), "application/msword"),
    ("Workbook".encode("utf-16-le"), "application/vnd.ms-excel"),
    ("Book".encode("utf-16-le"), "application/vnd.ms-excel"),
    ("PowerPoint Document".encode("utf-16-le"), "application/vnd.ms-powerpoint"),
    ("EncryptedPackage".encode("utf-16-le"), "application/x-encrypted-office"),
)
OLE_SCAN_BYTES = 16 * 1024 * 1024


def sniff(path: Path) -> str:
    """The MIME type of the file at ``path``, judged by content."""
    with path.open("rb") as f:
        head = f.read(HEAD)
    mime = sniff_bytes(head)
    if mime == "application/zip":
        return _zip_kind(path)
    if mime == "application/x-ole-storage":
        return _ole_kind(path)
    return mime


def _zip_kind(path: Path) -> str:
    """OOXML and OpenDocument files are ZIP files: tell them apart by their members."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist()[:5000])
            for member, mime in OOXML.items():
                if member in names:
                    return mime
            for member in ("mimetype", "META-INF/manifest.xml"):
                odf = _odf_type(z, member) if member in names else None
                if odf:
                    return odf
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        pass
    return "application/zip"


def _odf_type(z: zipfile.ZipFile, member: str) -> str | None:
    """The OpenDocument type named by the ``mimetype`` member, or by the manifest's root entry
    (some writers leave a damaged ``mimetype`` member behind)."""
    import re

    info = z.getinfo(member)
    if info.file_size > 1_000_000:
        return None
    try:
        text = z.read(member).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    m = re.search(r"application/vnd\.oasis\.opendocument\.[a-z-]+", text)
    if member == "mimetype" or m is None:
        return m.group(0) if m and text.strip() == m.group(0) else None
    root = re.search(r'full-path="/"[^>]*media-type="([^"]+)"|media-type="([^"]+)"[^>]*'
                     r'full-path="/"', text)
    found = root and (root.group(1) or root.group(2))
    return found if found and found.startswith("application/vnd.oasis.opendocument.") else None


def _ole_kind(path: Path) -> str:
    """Old Office files and Outlook messages share one container format: look at stream names."""
    with path.open("rb") as f:
        data = f.read(OLE_SCAN_BYTES)
    for needle, mime in OLE_STREAMS:
        if needle in data:
            return mime
    return "application/x-ole-storage"


def sniff_bytes(head: bytes) -> str:
    if not head:
        return "application/x-empty"
    for offset, magic, mime in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    if _looks_like_dbf(head):
        return "application/x-dbf"
    # A PDF may have junk before its header (allowed within the first 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    return _sniff_text(head)


_DBF_VERSIONS = frozenset({0x02, 0x03, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xF5})


def _looks_like_dbf(head: bytes) -> bool:
    """dBase: a version byte, a YYMMDD date of last update, then sizes that fit together."""
    if len(head) < 64 or head[0] not in _DBF_VERSIONS:
        return False
    month, day = head[2], head[3]
    header_len = int.from_bytes(head[8:10], "little")
    record_len = int.from_bytes(head[10:12], "little")
    return (
        1 <= month <= 12 and 1 <= day <= 31 and header_len >= 65 and record_len >= 2
        and (header_len - 1) % 32 in (0, 8) and head[32] not in (0, 0x0D)
    )


def _sniff_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text/plain"
    if b"\x00" in head:
        return "application/octet-stream"
    text = head.decode("latin-1")
    lowered = text.lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith("<?xml") or lowered.startswith("<svg"):
        return "image/svg+xml" if "<svg" in lowered[:2048] else "application/xml"
    # Control characters other than whitespace and ESC/form feed mean binary.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > len(head) // 100 + 1:
        return "application/octet-stream"
    if lowered.startswith("begin:vcard"):
        return "text/vcard"
    if lowered.startswith("begin:vcalendar"):
        return "text/calendar"
    mail = _mail_kind(lowered)
    if mail:
        return mail
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:1024]:
        return "text/html"
    return "text/plain"


def _mail_kind(lowered: str) -> str | None:
    lowered = lowered.replace("\r\n", "\n")
    if lowered.startswith("from ") and _looks_like_email(lowered.partition("\n")[2]):
        return "application/mbox"
    first, _, rest = lowered.partition("\n")
    if first.strip().isdigit() and _looks_like_email(rest):
        return "message/x-emlx"  # Apple Mail: a byte count line, then the message
    if _looks_like_email(lowered):
        if "multipart/related" in lowered[:4096] and "text/html" in lowered:
            return "multipart/related"  # MHTML: a web page saved with its images
        return "message/rfc822"
    return None


MAIL_HEADERS = frozenset({
    "from", "to", "subject", "date", "message-id", "received", "delivered-to", "return-path",
    "mime-version", "reply-to", "x-mailer", "cc",
})


def _looks_like_email(lowered: str) -> bool:
    block = lowered.split("\n\n", 1)[0]
    headers = {
        line.split(":", 1)[0] for line in block.split("\n")
        if ":" in line and not line.startswith((" ", "\t"))
    }
    return len(headers & MAIL_HEADERS) >= 2
