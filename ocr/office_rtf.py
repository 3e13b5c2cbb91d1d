"""RTF documents: the text of the body in the right code pages (Thai, Chinese, Cyrillic...)."""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path
from typing import Any

from archive.models import Extraction, ExtractOptions
from ocr.office import Result

log = logging.getLogger(__name__)

MAX_RTF_BYTES = 256 * 1024 * 1024

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
    re.DOTALL,
)
# Groups whose text is not part of the document.
_SKIP = frozenset({
    "fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "revtbl", "rsidtbl",
    "pict", "object", "objdata", "themedata", "colorschememapping", "datastore", "latentstyles",
    "xmlnstbl", "generator", "fldinst", "filetbl", "pgdsctbl", "mmathPr", "wgrffmtfilter",
    "nonshppict", "sp", "bkmkstart", "bkmkend", "blipuid", "datafield", "formfield", "info",
    "falt", "panose", "protusertbl", "defchp", "defpap", "ftnsep", "ftnsepc", "aftnsep",
})
_INFO = {"title": "title", "subject": "subject", "author": "author", "keywords": "keywords",
         "company": "company", "operator": "last_modified_by", "doccomm": "description"}
_CHARS = {
    "par": "\n", "line": "\n", "sect": "\n\n", "page": "\f", "tab": "\t", "cell": "\t",
    "row": "\n", "nestcell": "\t", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022",
    "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d",
    "emspace": " ", "enspace": " ", "qmspace": " ",
}
_SYMBOLS = {b"~": " ", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"\n": "\n",
            b"\r": "\n", b"\t": "\t"}
# \fcharset numbers to Python codecs.
_CHARSETS = {
    128: "cp932", 129: "cp949", 130: "johab", 134: "gbk", 136: "big5", 161: "cp1253",
    162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251",
    222: "cp874", 238: "cp1250", 77: "mac_roman",
}


class _State:
    __slots__ = ("dest", "font", "skip", "uc")

    def __init__(self) -> None:
        self.skip = False
        self.uc = 1
        self.font = -1
        self.dest = ""  # the \info field being read, or "fonttbl"


def _codec(name: str, fallback: str = "cp1252") -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return fallback


def parse_rtf(data: bytes) -> tuple[str, dict[str, Any]]:
    """The text of an RTF document (``\\f`` at page breaks) and its \\info fields."""
    stack: list[_State] = []
    state = _State()
    out: list[str] = []
    pending = bytearray()  # 8-bit text waiting to be decoded with the current font's code page
    skip_chars = 0
    ansi = "cp1252"
    fonts: dict[int, str] = {}
    info: dict[str, list[str]] = {}
    after_star = False

    def sink(text: str) -> None:
        if state.dest in _INFO:
            info.setdefault(state.dest, []).append(text)
        elif not state.skip:
            out.append(text)

    def flush() -> None:
        if pending:
            sink(bytes(pending).decode(fonts.get(state.font, ansi), errors="replace"))
            pending.clear()

    for match in _TOKEN.finditer(data):
        word, arg, hexbyte, symbol, brace, plain = match.groups()
        if skip_chars and (hexbyte or plain or symbol):
            if plain and len(plain) > skip_chars:
                plain = plain[skip_chars:]
                skip_chars = 0
            else:
                skip_chars -= 1
                continue
        if brace:
            flush()
            if brace == b"{":
                stack.append(state)
                child = _State()
                child.skip, child.uc, child.font, child.dest = (
                    state.skip, state.uc, state.font, state.dest)
                state = child
            elif stack:
                state = stack.pop()
            after_star = False
            continue
        if word:
            name = word.decode("ascii")
            if name in _INFO and state.dest == "info":
                flush()
                state.dest = name
            elif name == "info":
                state.skip, state.dest = True, "info"
            elif name == "fonttbl":
                state.skip, state.dest = True, "fonttbl"
            elif name in _SKIP or after_star:
                flush()
                state.skip = True
            elif name == "ansicpg" and arg:
                ansi = _codec(f"cp{int(arg)}")
            elif name == "mac":
                ansi = "mac_roman"
            elif name == "f" and arg:
                flush()
                state.font = int(arg)
            elif name == "fcharset" and arg and state.dest == "fonttbl" and state.font >= 0:
                charset = _CHARSETS.get(int(arg))
                if charset:
                    fonts[state.font] = _codec(charset)
            elif name == "uc" and arg:
                state.uc = max(0, int(arg))
            elif name == "u" and arg:
                flush()
                code = int(arg)
                sink(chr(code + 65536 if code < 0 else code) if -32768 <= code < 65536 else "")
                skip_chars = state.uc
            elif name in _CHARS:
                flush()
                sink(_CHARS[name])
            after_star = False
        elif hexbyte:
            pending.append(int(hexbyte, 16))
        elif symbol:
            if symbol == b"*":
                after_star = True
                continue
            flush()
            sink(_SYMBOLS.get(symbol, ""))
        elif plain:
            pending.extend(plain)
    flush()
    meta = {_INFO[k]: " ".join("".join(v).split()) for k, v in info.items() if "".join(v).strip()}
    return "".join(out), meta


def extract_rtf(path: Path, options: ExtractOptions) -> Extraction:
    with path.open("rb") as f:
        data = f.read(MAX_RTF_BYTES + 1)
    cut = len(data) > MAX_RTF_BYTES
    text, meta = parse_rtf(data[:MAX_RTF_BYTES])
    result = Result([text])
    if cut:
        result.reasons.append(f"only the first {MAX_RTF_BYTES // (1024 * 1024)} MB were read")
    log.debug("%s: RTF read, %d characters", path.name, len(text))
    return result.extraction(options, meta)
