"""Unicode clean-up of extracted text: NFC, odd spaces, soft hyphens and OCR spacing in Thai/CJK."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence

from ocr.zawgyi import fix_zawgyi

log = logging.getLogger(__name__)

# Spaces that look like a space to a reader but defeat phrase search.
_SPACE_LIKE = dict.fromkeys(
    map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a"),
    " ",
)
# Invisible characters that split words for search but carry no meaning for a reader.
_DROP = dict.fromkeys(map(ord, "\u00ad\ufeff\x00"), None)
# A soft hyphen between a digit and a letter separates words ("06\xadMarch\xad2020" in a court
# judgment of the corpus): it becomes a space. Inside a word it is a hyphenation point: dropped.
_SOFT_HYPHEN_SEPARATOR = re.compile(r"(?<=\d)\u00ad(?=[^\W\d_])|(?<=[^\W\d_])\u00ad(?=\d)")
_TRANSLATE = {**_SPACE_LIKE, **_DROP}

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")

# Thai SARA AM is often read by OCR as NIKHAHIT + SARA AA; they look the same, search differs.
_THAI_SARA_AM_SPLIT = re.compile("\u0e4d\u0e32")
# Leading and trailing Thai marks are never preceded by a space in real text.
_SPACE_BEFORE_THAI_MARK = re.compile(r" +(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")


def normalize_text(text: str) -> str:
    """NFC; NBSP and similar spaces become plain spaces; soft hyphens go away (or become a space
    between a number and a word); BOMs and NULs go away;
    line ends become ``\\n``; other control characters are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_HYPHEN_SEPARATOR.sub(" ", text)
    text = text.translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def is_myanmar(ch: str) -> bool:
    return "\u1000" <= ch <= "\u109f" or "\uaa60" <= ch <= "\uaa7f" or "\ua9e0" <= ch <= "\ua9ff"


def is_cjk(ch: str) -> bool:
    """Han ideographs, kana and CJK punctuation / full-width forms (written without spaces)."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\u3000" <= ch <= "\u30ff"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff00" <= ch <= "\uffef"
        or "\U00020000" <= ch <= "\U0003134f"
    )


def script_of(ch: str) -> str | None:
    """A coarse script name for counting what an OCR result is written in."""
    if is_thai(ch):
        return "thai"
    if is_myanmar(ch):
        return "myanmar"
    if is_cjk(ch):
        return "han"
    if ch.isalpha() and ch.isascii():
        return "latin"
    return None


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        script = script_of(ch)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return counts


def _no_space_between(left: str, right: str) -> bool:
    """True when two OCR words must be glued: Thai next to Thai, CJK next to CJK."""
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    return (is_thai(a) and is_thai(b)) or (is_cjk(a) and is_cjk(b))


def join_words(words: Iterable[str]) -> str:
    """Join the words of one OCR line: a space between words, except inside Thai and CJK runs
    (Tesseract puts a space after nearly every Thai or Chinese character)."""
    out = ""
    for word in words:
        if not word:
            continue
        if out and not _no_space_between(out, word):
            out += " "
        out += word
    return out


def clean_ocr_line(line: str) -> str:
    """Repairs specific to OCR output of one line (after NFC)."""
    line = _THAI_SARA_AM_SPLIT.sub("\u0e33", line)
    return _SPACE_BEFORE_THAI_MARK.sub("", line)


def lines_to_text(lines: Sequence[Sequence[str]]) -> str:
    """OCR lines (each a list of words) to page text: NFC, Thai/CJK spacing removed."""
    out = [clean_ocr_line(join_words(normalize_text(w) for w in line)) for line in lines]
    return "\n".join(line for line in out if line.strip())


def tidy_page_text(text: str) -> str:
    """Final touch for text-layer and parser text: normalised, no trailing spaces, at most one
    blank line in a row, no leading/trailing blank lines; Zawgyi-encoded Burmese lines
    converted to Unicode."""
    text = fix_zawgyi(normalize_text(text))
    text = _TRAILING_SPACE.sub("\n", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip("\n")
