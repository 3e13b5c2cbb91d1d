"""Plain-text files in any encoding: detect the encoding, normalise, split into pages."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from pathlib import Path

import charset_normalizer

from archive.models import METHOD_PARSER, ExtractedPage
from ocr.normalize import tidy_page_text

log = logging.getLogger(__name__)

PAGE_CHARS = 10_000  # a long text is cut into pages of about this many characters
MAX_TEXT_BYTES = 64 * 1024 * 1024  # more than this is read only in part
# charset-normalizer guesses well on long texts but not on a line or two: a short text is
# checked against the encodings our material is likely to use (Thai, Chinese, Western, Cyrillic).
SHORT_TEXT = 2048
CANDIDATES = (
    "cp1252",
    "cp874",
    "gb18030",
    "big5",
    "cp1251",
    "cp1250",
    "mac_roman",
    "shift_jis",
    "euc_kr",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Thai vowel marks sit on a consonant; tone marks on a consonant or a vowel mark.
_THAI_VOWEL_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47")
_THAI_MARKS = _THAI_VOWEL_MARKS | frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_THAI_RARE = frozenset("\u0e03\u0e05\u0e4f\u0e5a\u0e5b")  # obsolete letters, ornaments


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    guess = (str(best), best.encoding) if best is not None else None
    if guess is None or len(data) <= SHORT_TEXT:
        guess = _best_candidate(data, guess)
    if guess is None:
        return data.decode("utf-8", errors="replace"), "utf-8 (with damaged characters)"
    return guess


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark has a zero byte in every other position."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _best_candidate(data: bytes, guess: tuple[str, str] | None) -> tuple[str, str] | None:
    scored: list[tuple[float, int, str, str]] = []
    if guess is not None:
        scored.append((plausibility(guess[0]), len(CANDIDATES), *guess))
    for rank, encoding in enumerate(CANDIDATES):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text), rank, text, encoding))
    if not scored:
        return None
    best = max(scored, key=lambda s: (s[0], -s[1]))
    return best[2], best[3]


def plausibility(text: str) -> float:
    """0-1: how much ``text`` looks like real writing (one script, no control characters,
    European text mostly ASCII, Thai marks on consonants)."""
    letters = [ch for ch in text if ch.isalpha() or unicodedata.category(ch) == "Mn"]
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs", "So"))
    bad -= sum(1 for ch in text if ch in "\n\r\t")
    if not letters:
        return 1.0 - bad / max(1, len(text))
    scripts: dict[str, int] = {}
    for ch in letters:
        if not ch.isascii():
            name = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
            scripts[name] = scripts.get(name, 0) + 1
    non_ascii = sum(scripts.values())
    mixed = non_ascii - max(scripts.values(), default=0)
    score = 1.0 - (bad + mixed) / len(letters)
    if (
        scripts
        and max(scripts, key=lambda k: scripts[k]) == "LATIN"
        and non_ascii > 0.4 * len(letters)
    ):
        score -= 0.5  # Western text is mostly ASCII; this is another encoding read as Latin-1
    return score - _misplaced(text) / len(letters)


def _misplaced(text: str) -> int:
    """Characters where they cannot be: Thai marks without a consonant, symbols or capitals
    inside a word, non-Latin letters glued to ASCII letters (``Gr\ufe89\ufed1ter``)."""
    count = 0
    for prev, ch, after in zip(" " + text, text, text[1:] + " ", strict=False):
        if not ch.isascii() and prev.isalpha() and after.isalpha():
            category = unicodedata.category(ch)
            # "NeumŸnster" (Mac Roman read as cp1252), "Gr\u00b8\ufb02ter" (the reverse)
            latin = _is_latin(prev) and _is_latin(after)
            if (latin and category[0] in "SP") or (ch.isupper() and after.islower()):
                count += 1
                continue
        consonant = "\u0e01" <= prev <= "\u0e2e"
        if (
            ch in _THAI_RARE
            or (ch in _THAI_VOWEL_MARKS and not consonant)
            or (ch in _THAI_MARKS and not (consonant or prev in _THAI_VOWEL_MARKS))
        ) or (
            prev.isascii()
            and prev.isalpha()
            and ch.isalpha()
            and not ch.isascii()
            and not unicodedata.name(ch, "").startswith("LATIN")
        ):
            count += 1
    return count


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def split_pages(text: str, size: int = PAGE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of about ``size`` characters, at line ends where possible."""
    pages: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", size // 2, size)
        if cut < 0:
            cut = text.rfind(" ", size // 2, size)
        cut = size if cut < 0 else cut + 1
        pages.append(text[:cut])
        text = text[cut:]
    if text or not pages:
        pages.append(text)
    return pages


def extract_text(path: Path, *, max_pages: int) -> tuple[list[ExtractedPage], dict[str, str], str]:
    """Pages of a text file, metadata (the encoding) and a reason if only part was read."""
    size = path.stat().st_size
    with path.open("rb") as f:
        data = f.read(MAX_TEXT_BYTES)
    text, encoding = decode(data)
    log.debug("%s: %d bytes read as %s", path.name, len(data), encoding)
    chunks = split_pages(tidy_page_text(text))
    reason = ""
    if size > MAX_TEXT_BYTES:
        reason = f"only the first {MAX_TEXT_BYTES // (1024 * 1024)} MB of the text were read"
    if len(chunks) > max_pages:
        chunks = chunks[:max_pages]
        reason = f"only the first {max_pages} pages of the text were read"
    pages = [
        ExtractedPage(number=i, text=chunk.strip("\n"), method=METHOD_PARSER)
        for i, chunk in enumerate(chunks, 1)
    ]
    return pages, {"encoding": encoding}, reason
