"""Whoosh schema and the schema-version marker of the evidence index."""

from __future__ import annotations

import contextlib
import logging
import os
import re
from array import array
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer
from whoosh.columns import FixedBytesColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.qparser.common import QueryParserError

from archive.entity_models import CREDIBILITY, RELIABILITY
from archive.errors import CasefileError
from archive.labels import grade_set
from archive.models import LANGUAGE_NAMES, IndexDoc
from index.analysis import (
    FastCharacters,
    NormalizeFilter,
    bigram_analyzer,
    bigram_terms,
    encoded_bigrams,
    encoded_postings,
    normalize,
    word_analyzer,
    word_postings,
    word_terms,
)
from index.languages import text_languages
from index.neardup import SIGNATURE_BYTES, signature

log = logging.getLogger(__name__)

# Bump whenever the schema or the analysis changes: an index with another version is rebuilt.
SCHEMA_VERSION = 8
VERSION_FILE = "schema-version"

# Between the pages of an item in its indexed text (offsets of later pages count it).
PAGE_SEPARATOR = "\n\n"

# Fields searched by words without a "field:" prefix.
DEFAULT_FIELDS = ("text", "bigram", "title")

# Names people type before a colon -> schema field.
FIELD_ALIASES = {
    "cases": ["case"],
    "kind": ["type"],
    "languages": ["lang", "language"],
    "filename": ["file"],
    "tags": ["tag"],
    "entities": ["entity"],
    "captured": ["taken"],
    "ingested": ["added", "imported"],
}

# Date fields: days as YYYYMMDD numbers, searched with "date:2024" or "date:[2023-01 to 2024-06]".
DATE_FIELDS = ("date", "created", "sent", "captured", "published", "collected", "ingested")

# Facets counted for every search, in the order they are shown.
FACETS = ("case", "kind", "tag", "entity", "language", "year", "reliability", "credibility")
_FACET_SEP, _VALUE_SEP = "\x1e", "\x1f"

# OCR language codes -> extra words a person may type after "lang:".
_LANGUAGE_NAMES = {
    "eng": ("en", "english"),
    "tha": ("th", "thai"),
    "mya": ("my", "burmese", "myanmar"),
    "chi_sim": ("zh", "chi", "chinese"),
    "chi_tra": ("zh", "chi", "chinese"),
}

_CASE_SEPARATOR = "\n"


class BadValue(QueryParserError):  # type: ignore[misc]
    """A value in a query that its field cannot take; its message is for a person."""


class BadDate(BadValue):
    """A date in a query that is not a date."""


_FIRST_DAY, _LAST_DAY = 10000101, 99991231
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?$")


def day_number(text: str) -> int | None:
    """20240315 for "2024-03-15" (or an ISO date-time); None for "" or text that is no date.

    A partial date counts as its first day: "2024-03" -> 20240301.
    """
    span = date_span(text)
    return span[0] if span else None


def date_span(text: str) -> tuple[int, int] | None:
    """First and last day (YYYYMMDD numbers) that a full or partial date stands for."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            first = last = date(year, int(month), int(day))
        elif month is not None:
            first = date(year, int(month), 1)
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return _num(first), _num(last)


def _num(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


class DayField(NUMERIC):  # type: ignore[misc]
    """A date as a YYYYMMDD number; queries take years, months, days and ranges of them."""

    def __init__(self) -> None:
        super().__init__(numtype=int, bits=32, sortable=True)  # unsigned ranges are buggy

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> wq.Query:
        if qstring == "*":
            return wq.Every(fieldname, boost=boost)
        first, last = _span_or_raise(fieldname, qstring)
        return wq.NumericRange(fieldname, first, last, boost=boost)

    def parse_range(
        self, fieldname: str, start: str | None, end: str | None, startexcl: bool,
        endexcl: bool, boost: float = 1.0,
    ) -> wq.Query:
        # Open ends get real bounds.
        low = _span_or_raise(fieldname, start)[0] if start and start.strip() else _FIRST_DAY
        high = _span_or_raise(fieldname, end)[1] if end and end.strip() else _LAST_DAY
        if low > high:
            raise BadDate(f"In {fieldname}:[{start} to {end}] the first date is after the last.")
        return wq.NumericRange(fieldname, low, high, boost=boost)


def _span_or_raise(fieldname: str, text: str) -> tuple[int, int]:
    span = date_span(text.strip().strip("'\""))
    if span is None:
        raise BadDate(
            f"“{text.strip()}” after {fieldname}: is not a date. Write a year (2024), a month "
            f"(2024-03) or a day (2024-03-15), or a range: {fieldname}:[2023-01 to 2024-06]."
        )
    return span


class GradeField(KEYWORD):  # type: ignore[misc]
    """One grade per item (reliability A-F, credibility 1-6); a query names one or several:
    ``reliability:A``, ``reliability:AB``, ``reliability:A-C``, ``credibility:1-2``."""

    def __init__(self, grades: str, what: str) -> None:
        super().__init__(lowercase=True, scorable=False)
        self.grades = grades
        self.what = what

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> wq.Query:
        if qstring == "*":
            return wq.Every(fieldname, boost=boost)
        try:
            grades = grade_set(qstring.strip("'\""), self.grades, self.what)
        except CasefileError as exc:
            raise BadValue(f"After {fieldname}: {exc}") from exc
        terms = [wq.Term(fieldname, g.lower(), boost=boost) for g in grades]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    def parse_range(
        self, fieldname: str, start: str | None, end: str | None, startexcl: bool,
        endexcl: bool, boost: float = 1.0,
    ) -> wq.Query:
        low = (start or self.grades[0]).strip()
        high = (end or self.grades[-1]).strip()
        return self.parse_query(fieldname, f"{low}-{high}", boost)


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
    """The schema of one Whoosh document per item (its pages joined, page starts in a column).

    ``text`` and ``bigram`` keep each term's character positions, so that the pages and the
    spans a query matched come from the postings of the shown hits, not from re-reading text.
    """
    words = word_analyzer()
    language_analyzer = RegexTokenizer(r"[^+,;\s]+") | NormalizeFilter() | LanguageNamesFilter()
    text = TEXT(analyzer=words, phrase=True, chars=True, multitoken_query="phrase")
    text.format = FastCharacters(word_terms, grouped=word_postings,
                                 encoded=encoded_postings)
    bigram = TEXT(analyzer=bigram_analyzer(), phrase=True, chars=True, multitoken_query="phrase")
    bigram.format = FastCharacters(bigram_terms, encoded=encoded_bigrams)
    return Schema(
        key=ID(unique=True),
        item_id=NUMERIC(numtype=int, bits=64, stored=True, sortable=True, signed=False),
        title=TEXT(analyzer=words, phrase=True, field_boost=1.5, multitoken_query="phrase"),
        text=text,
        bigram=bigram,
        kind=_exact(sortable=True),
        cases=_exact(),
        languages=KEYWORD(analyzer=language_analyzer, scorable=False),
        status=_exact(),
        tags=_exact(),
        entities=_exact(),
        source=TEXT(analyzer=words, phrase=True, multitoken_query="phrase"),
        filename=TEXT(analyzer=words, phrase=True, multitoken_query="phrase"),
        date=DayField(),
        created=DayField(),
        sent=DayField(),
        published=DayField(),
        captured=DayField(),
        collected=DayField(),
        ingested=DayField(),
        facets=COLUMN(VarBytesColumn()),
        pagemap=COLUMN(VarBytesColumn()),
        reliability=GradeField(RELIABILITY, "reliability grade (A reliable .. F cannot judge)"),
        credibility=GradeField("".join(map(str, CREDIBILITY)),
                               "credibility grade (1 confirmed .. 6 cannot judge)"),
        # Near-duplicate signatures (index/neardup.py), fixed-size so a segment's are one read.
        minhash=COLUMN(FixedBytesColumn(SIGNATURE_BYTES)),
    )


def _exact(*, sortable: bool = False) -> KEYWORD:
    """A field of whole values compared without regard to case or width (kind, status, cases)."""
    return KEYWORD(analyzer=LineTokenizer() | NormalizeFilter(), scorable=False, sortable=sortable)


def case_term(case: str) -> str:
    """The indexed form of a case title (what a ``cases`` filter must look up)."""
    return normalize(case.strip())


def _lines(values: tuple[str, ...]) -> str:
    return _CASE_SEPARATOR.join(v.replace(_CASE_SEPARATOR, " ").strip() for v in values)


def item_date(doc: IndexDoc) -> str:
    """The date an item is sorted and faceted by: what it bears, else when it was collected."""
    return doc.date or doc.captured or doc.collected_at or doc.ingested_at


def to_fields(pages: list[IndexDoc]) -> dict[str, Any]:
    """The Whoosh fields of one item, given its pages (in order; metadata from the first)."""
    doc = pages[0]
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts += [page.page, offset]
        offset += len(page.text) + len(PAGE_SEPARATOR)
    body = PAGE_SEPARATOR.join(page.text for page in pages)
    starts += [-1, len(body)]  # the end of the last page
    languages = text_languages(body)
    fields: dict[str, Any] = {
        "key": str(doc.item_id),
        "item_id": doc.item_id,
        "text": body,
        "facets": facet_column(doc, languages).encode("utf-8"),
        "pagemap": array("q", starts).tobytes(),
    }
    sig = signature(body)
    if sig is not None:
        fields["minhash"] = sig
    optional = {
        "title": doc.title,
        # The title goes after the text so that the text's character offsets stay as they are.
        "bigram": f"{body}{PAGE_SEPARATOR}{doc.title}" if doc.title else body,
        "kind": doc.kind,
        "cases": _lines(doc.cases),
        "tags": _lines(doc.tags),
        "entities": _lines(doc.entities),
        "languages": " ".join(languages),
        "status": doc.status,
        "source": doc.source,
        "filename": doc.filename,
        "reliability": doc.reliability,
        "credibility": doc.credibility,
    }
    fields.update({name: value for name, value in optional.items() if value and value.strip()})
    dates = {
        "date": item_date(doc),
        "created": doc.created,
        "sent": doc.sent,
        "published": doc.published,
        "captured": doc.captured,
        "collected": doc.collected_at,
        "ingested": doc.ingested_at,
    }
    for name, value in dates.items():
        day = day_number(value) if value else None
        if day is not None:
            fields[name] = day
    return fields


def read_pagemap(raw: bytes) -> tuple[list[int], list[int]]:
    """(page numbers, where each page starts in the joined text) from the pagemap column; the
    last entry is (-1, where the last page ends)."""
    values = array("q")
    values.frombytes(raw or b"")
    return list(values[0::2]), list(values[1::2])


def facet_column(doc: IndexDoc, languages: tuple[str, ...] = ()) -> str:
    """The facet values of an item (``languages``: codes of its text's languages), packed in
    one column value (read back per segment)."""
    day = day_number(item_date(doc))
    values = (
        doc.cases,
        (doc.kind,) if doc.kind else (),
        doc.tags,
        doc.entities,
        tuple(LANGUAGE_NAMES.get(code, code) for code in languages),
        (str(day // 10000),) if day else (),
        (doc.reliability,) if doc.reliability else (),
        (doc.credibility,) if doc.credibility else (),
    )
    return _FACET_SEP.join(
        _VALUE_SEP.join(v.replace(_VALUE_SEP, " ").replace(_FACET_SEP, " ") for v in group)
        for group in values
    )


def parse_facet_column(raw: bytes) -> tuple[tuple[str, str], ...]:
    """(facet, value) pairs from a packed facet column value."""
    text = raw.decode("utf-8") if raw else ""
    if not text:
        return ()
    return tuple(
        (facet, value)
        for facet, group in zip(FACETS, text.split(_FACET_SEP), strict=False)
        for value in group.split(_VALUE_SEP)
        if value
    )


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
