"""Whoosh schema and the schema-version marker of the evidence index."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from archive.models import IndexDoc
from index.analysis import NormalizeFilter, bigram_analyzer, normalize, word_analyzer

log = logging.getLogger(__name__)

# Bump whenever the schema or the analysis changes: an index with another version is rebuilt.
SCHEMA_VERSION = 1
VERSION_FILE = "schema-version"

# Fields searched by words without a "field:" prefix.
DEFAULT_FIELDS = ("text", "bigram", "title")

# Names people type before a colon -> schema field.
FIELD_ALIASES = {
    "cases": ["case"],
    "kind": ["type"],
    "languages": ["lang", "language"],
    "filename": ["file"],
}

# OCR language codes -> extra words a person may type after "lang:".
_LANGUAGE_NAMES = {
    "eng": ("en", "english"),
    "tha": ("th", "thai"),
    "mya": ("my", "burmese", "myanmar"),
    "chi_sim": ("zh", "chi", "chinese"),
    "chi_tra": ("zh", "chi", "chinese"),
}

_CASE_SEPARATOR = "\n"


class LineTokenizer(Tokenizer):  # type: ignore[misc]
    """One token per line: keeps case titles (which may hold spaces and commas) whole."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        lines = value.split(_CASE_SEPARATOR) if tokenize else [value]
        offset = start_char
        for pos, line in enumerate(lines, start_pos):
            text = line.strip()
            if text:
                t.original = t.text = text
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = offset
                    t.endchar = offset + len(line)
                yield t
            offset += len(line) + 1


class LanguageNamesFilter(Filter):  # type: ignore[misc]
    """Adds plain names to OCR language codes so that "lang:thai" finds "tha"."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            code = t.text
            yield t
            if t.mode == "query":
                continue
            for name in _LANGUAGE_NAMES.get(code, ()):
                t.text = name
                yield t


def build_schema() -> Schema:
    """The schema of one Whoosh document per page."""
    words = word_analyzer()
    language_analyzer = RegexTokenizer(r"[^+,;\s]+") | NormalizeFilter() | LanguageNamesFilter()
    return Schema(
        key=ID(unique=True),
        item_id=NUMERIC(numtype=int, bits=64, stored=True, sortable=True, signed=False),
        page=NUMERIC(numtype=int, bits=32, stored=True, sortable=True, signed=False),
        title=TEXT(analyzer=words, phrase=True, field_boost=1.5, multitoken_query="phrase"),
        text=TEXT(analyzer=words, phrase=True, multitoken_query="phrase"),
        bigram=TEXT(analyzer=bigram_analyzer(), phrase=True, multitoken_query="phrase"),
        kind=_exact(sortable=True),
        cases=_exact(),
        languages=KEYWORD(analyzer=language_analyzer, scorable=False),
        status=_exact(),
        filename=TEXT(analyzer=words, phrase=True, multitoken_query="phrase"),
        collected_at=ID(sortable=True),
        ingested_at=ID(sortable=True),
    )


def _exact(*, sortable: bool = False) -> KEYWORD:
    """A field of whole values compared without regard to case or width (kind, status, cases)."""
    return KEYWORD(analyzer=LineTokenizer() | NormalizeFilter(), scorable=False, sortable=sortable)


def doc_key(item_id: int, page: int) -> str:
    return f"{item_id}:{page}"


def case_term(case: str) -> str:
    """The indexed form of a case title (what a ``cases`` filter must look up)."""
    return normalize(case.strip())


def to_fields(doc: IndexDoc) -> dict[str, Any]:
    """The Whoosh fields of one page (empty values are left out)."""
    fields: dict[str, Any] = {
        "key": doc_key(doc.item_id, doc.page),
        "item_id": doc.item_id,
        "page": doc.page,
        "text": doc.text,
    }
    optional = {
        "title": doc.title,
        "bigram": f"{doc.title}\n{doc.text}" if doc.title else doc.text,
        "kind": doc.kind,
        "cases": _CASE_SEPARATOR.join(c.replace(_CASE_SEPARATOR, " ") for c in doc.cases),
        "languages": doc.languages,
        "status": doc.status,
        "filename": doc.filename,
        "collected_at": doc.collected_at,
        "ingested_at": doc.ingested_at,
    }
    fields.update({name: value for name, value in optional.items() if value and value.strip()})
    return fields


def read_version(folder: Path) -> int | None:
    """The schema version written after the last successful build, or None."""
    try:
        return int((folder / VERSION_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def write_version(folder: Path, version: int = SCHEMA_VERSION) -> None:
    """Write the marker atomically (temp file, fsync, replace)."""
    tmp = folder / f".{VERSION_FILE}.tmp"
    with tmp.open("w", encoding="ascii") as f:
        f.write(f"{version}\n")
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(folder / VERSION_FILE)
    log.debug("index schema version %d written in %s", version, folder)


def clear_version(folder: Path) -> None:
    """Remove the marker, so that an interrupted rebuild is seen as needing one."""
    with contextlib.suppress(FileNotFoundError):
        (folder / VERSION_FILE).unlink()
