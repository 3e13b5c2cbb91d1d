"""The small interfaces the archive needs from the other layers (implemented in ocr/ and index/)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from archive.models import Extraction, ExtractOptions, IndexDoc, SearchResult

# progress(done, total): called now and then during long work; total may be 0 when unknown.
Progress = Callable[[int, int], None]


class Extractor(Protocol):
    """Turns one stored file into pages of text.

    Runs inside a worker process, so an implementation must be picklable (a module-level class
    with plain-data attributes). It must not raise for a bad file: it returns an Extraction with
    status "failed" and a reason a person understands. Raising is a bug (the archive records it
    as a failure all the same).
    """

    def extract(self, path: str, mime: str, options: ExtractOptions) -> Extraction: ...


class Renderer(Protocol):
    """Draws one page of a stored file as PNG bytes for the viewer (None if it has no picture).

    Runs inside a worker process like the Extractor, so it must be picklable and must not
    raise for a damaged file.
    """

    def render(self, path: str, mime: str, page: int, max_pixels: int) -> bytes | None: ...


class Indexer(Protocol):
    """The full-text index: derived data, rebuilt from the database whenever it is in doubt."""

    def needs_rebuild(self) -> bool:
        """True when the index is missing, unreadable or of an older schema."""
        ...

    def rebuild(
        self, docs: Iterable[IndexDoc], *, progress: Progress | None = None,
        pages: int | None = None,
    ) -> None:
        """Throw away whatever is there and index these pages from scratch (``pages``: how
        many ``docs`` will yield, when ``docs`` is a generator)."""
        ...

    def add(self, docs: Iterable[IndexDoc]) -> None:
        """Index these pages, replacing any pages already indexed for the same items."""
        ...

    def delete(self, item_ids: Iterable[int]) -> None: ...

    def near_duplicates(self, item_id: int) -> list[int]:
        """Items whose text is nearly the same as this item's (reprints), most alike first."""
        ...

    def search(
        self,
        query: str,
        *,
        cases: tuple[str, ...] = (),
        kinds: tuple[str, ...] = (),
        limit: int = 20,
        page: int = 1,
        sort: str = "relevance",
        facets: bool = True,
        collapse: bool = False,
        page_text: Callable[[int, int], str],
        sort_by: str = "date",
    ) -> SearchResult:
        """One hit per item, ``limit`` per result page, best (or newest/oldest by ``sort_by``,
        one of ``SORT_DATES``) first, with
        exact totals and facet counts, each hit with its near-duplicates (``collapse``: those
        ranked lower are left out). ``page_text(item_id, page)`` gives the text of record
        for snippets. Raises BadQuery with a helpful message for a malformed query."""
        ...

    def match_spans(self, query: str, text: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` that ``query`` matches (sorted, merged)."""
        ...

    def item_ids(
        self, query: str, *, cases: tuple[str, ...] = (), kinds: tuple[str, ...] = ()
    ) -> list[int]:
        """Every item matching ``query``, unranked."""
        ...

    def similar(self, item_id: int, text: str, *, limit: int = 10) -> list[tuple[int, float]]:
        """(item id, score) of the items most like ``text`` (item ``item_id``'s), best first."""
        ...

    def syntax_help(self) -> str:
        """The query syntax explained for people (plain text)."""
        ...

    def close(self) -> None: ...
