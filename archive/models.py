"""Frozen values that cross the layers: cases, items, pages, extraction results and search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Item statuses as stored in the database and shown to users.
STATUS_PENDING = "pending"  # stored, text not extracted yet (or interrupted)
STATUS_OK = "ok"  # text extracted
STATUS_PARTIAL = "partial"  # some pages read, some failed
STATUS_FAILED = "failed"  # the original is kept, but no text could be read
STATUS_STORED = "stored"  # kept without text: the type is not supported yet
STATUSES = (STATUS_PENDING, STATUS_OK, STATUS_PARTIAL, STATUS_FAILED, STATUS_STORED)

KINDS = (
    "testimony",
    "news",
    "screenshot",
    "document",
    "email",
    "attachment",
    "archive member",
    "web capture",
)

# How a page's text was obtained.
METHOD_TEXT_LAYER = "text layer"
METHOD_OCR = "ocr"
METHOD_PARSER = "parser"


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    title: str
    summary: str
    status: str
    created: str  # ISO 8601 UTC
    item_count: int = 0


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    sha256: str
    size: int
    mime: str
    filename: str
    kind: str
    title: str
    source: str
    collected_by: str
    collected_at: str  # ISO date as the user gave it, or ""
    ingested_at: str  # ISO 8601 UTC
    languages: str  # OCR/extraction languages, e.g. "eng+tha"
    status: str
    reason: str  # why it failed / was stored without text; "" when ok
    page_count: int
    parent_id: int | None = None
    notes: str = ""
    cases: tuple[str, ...] = ()
    source_entity: str = ""  # the graded source's name (its pseudonym when protected), or ""
    reliability: str = ""  # the source's reliability for this item, Admiralty A-F, or ""
    credibility: int | None = None  # the item's credibility, 1-6

    @property
    def grade(self) -> str:
        """Reliability and credibility as analysts write them ("B2"), or "" when ungraded."""
        return f"{self.reliability}{self.credibility or ''}"


@dataclass(frozen=True, slots=True)
class Word:
    """One OCR'd word and its box on the page image, in pixels of the rendered page."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    number: int  # 1-based
    text: str
    method: str  # METHOD_*
    confidence: float | None = None  # mean OCR word confidence 0-100, None if not OCR
    width: int = 0  # size of the image the word boxes refer to (0 if none)
    height: int = 0
    words: tuple[Word, ...] = ()
    error: str = ""  # a page that could not be read says why here (text is then "")


@dataclass(frozen=True, slots=True)
class ExtractedChild:
    """A file found inside another (an e-mail attachment, an archive member).

    The extractor writes its bytes to a new file under ``ExtractOptions.temp_dir`` and names it
    here; the archive stores it as an item of its own (with the parent's id) and reads it through
    the same pipeline.
    """

    path: str  # the temporary file holding the child's bytes
    name: str  # its file name, as shown to people
    inner_path: str  # where it sat inside the parent ("docs/a.pdf", "attachment 2")
    kind: str  # "attachment" or "archive member"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an Extractor got out of one file."""

    pages: tuple[ExtractedPage, ...]
    status: str  # STATUS_OK / STATUS_PARTIAL / STATUS_FAILED / STATUS_STORED
    reason: str = ""  # for a person: why failed / partial / stored
    title: str = ""  # from document metadata, if any
    languages: str = ""  # what OCR used, e.g. "eng+tha"
    metadata: dict[str, Any] = field(default_factory=dict)
    children: tuple[ExtractedChild, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Settings an Extractor receives with each file (plain data: it crosses process borders)."""

    ocr_languages: str  # "eng+tha+mya+chi_sim+chi_tra"
    temp_dir: str  # where temporary files may be written (inside the archive)
    ocr_timeout: float = 120.0  # seconds per page
    max_pages: int = 5000
    depth: int = 0  # how deep inside containers this file sits (0: the user gave it)
    max_depth: int = 5  # containers nested deeper than this are not opened
    max_children: int = 10_000  # members/attachments taken from one container
    max_expanded_bytes: int = 4 * 1024**3  # bytes written out of one container, in all
    max_ratio: int = 200  # a member expanding more than this many times its packed size: a bomb


@dataclass(frozen=True, slots=True)
class Page:
    item_id: int
    number: int
    text: str
    method: str
    confidence: float | None


@dataclass(frozen=True, slots=True)
class PageWords:
    """OCR'd words of one page, with the size of the image their boxes refer to."""

    width: int
    height: int
    words: tuple[Word, ...]


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """One page as the indexer sees it (the index keeps no body text of record)."""

    item_id: int
    page: int
    text: str
    title: str
    kind: str
    cases: tuple[str, ...]
    languages: str
    status: str
    filename: str
    collected_at: str
    ingested_at: str
    source: str = ""
    tags: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    date: str = ""  # the date the evidence bears (sent, written, published), ISO, or ""
    captured: str = ""  # when a photo or screenshot was taken (EXIF), ISO, or ""
    reliability: str = ""  # the graded source's reliability, Admiralty A-F, or ""
    credibility: str = ""  # the item's credibility, "1"-"6", or ""
    created: str = ""  # when the document says it was written (office/PDF metadata)
    sent: str = ""  # an e-mail's Date
    published: str = ""  # when a news article or web page was published


@dataclass(frozen=True, slots=True)
class Hit:
    item_id: int
    page: int  # best page for this item
    score: float
    snippet: str  # HTML-escaped text with <b>...</b> around matched words
    pages: tuple[int, ...] = ()  # every page of the item that matched, when known
    spans: tuple[tuple[int, int], ...] = ()  # matched character spans in the best page's text
    date: str = ""  # the item's date (what it bears, else when collected), YYYY-MM-DD or ""
    near_duplicates: tuple[int, ...] = ()  # items whose text is nearly the same (reprints)


# The languages an item's text is told to be in (index facet "language", ``lang:`` codes).
LANGUAGE_NAMES = {"eng": "English", "tha": "Thai", "mya": "Burmese",
                  "chi_sim": "Chinese (Simplified)", "chi_tra": "Chinese (Traditional)"}

SORT_RELEVANCE, SORT_NEWEST, SORT_OLDEST = "relevance", "newest", "oldest"
SORTS = (SORT_RELEVANCE, SORT_NEWEST, SORT_OLDEST)
# The dates results can be sorted by ("date": the date the item bears, else when collected).
SORT_DATES = ("date", "created", "sent", "captured", "published", "collected", "ingested")


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int  # matching items with this value
    also: tuple[str, ...] = ()  # other names counted under this one (an entity's aliases)


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int  # matching items (may be an estimate on very large results)
    hits: tuple[Hit, ...]
    page: int = 1  # which page of results (1-based) the hits are
    per_page: int = 20
    facets: tuple[tuple[str, tuple[FacetCount, ...]], ...] = ()  # (facet, counts, most first)
    suggestion: str = ""  # "did you mean": a query with more hits, when this one has few
    sort: str = SORT_RELEVANCE
    facets_estimated: bool = False  # counted on a sample of a very large result

    @property
    def pages(self) -> int:
        """How many pages of results there are."""
        return max(1, -(-self.total // max(self.per_page, 1)))

    def facet(self, name: str) -> dict[str, int]:
        """value -> count for one facet ("case", "kind", "tag", "entity", "language", "year")."""
        for facet, counts in self.facets:
            if facet == name:
                return {c.value: c.count for c in counts}
        return {}


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    path: str  # the file's path; for a member or attachment "container!/inner/path"
    item_id: int | None
    status: str  # STATUS_*, "duplicate" or "skipped"
    reason: str = ""
    parent_id: int | None = None  # set for members of archives and attachments of e-mails


@dataclass(frozen=True, slots=True)
class IngestReport:
    outcomes: tuple[IngestOutcome, ...]
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass(frozen=True, slots=True)
class VerifyProblem:
    what: str  # "object", "custody", "database"
    detail: str  # a sentence for a person


@dataclass(frozen=True, slots=True)
class VerifyReport:
    objects_checked: int
    custody_rows_checked: int
    problems: tuple[VerifyProblem, ...]
    bytes_checked: int = 0
    chain_head: str = ""  # "row:hash" of the custody row that logged this verification
    verified_at: str = ""
    actor: str = ""
    archive: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems
