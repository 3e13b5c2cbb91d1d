"""A small evidence library on a real Whoosh index: pages of record and their index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from archive.errors import ItemNotFound
from archive.models import IndexDoc, SearchResult
from index.whoosh_index import WhooshIndex


def page_doc(item_id: int, page: int, text: str, **meta: Any) -> IndexDoc:
    """One page as the archive would hand it to the indexer."""
    values: dict[str, Any] = {
        "title": f"Item {item_id}",
        "kind": "testimony",
        "cases": ("KK Park",),
        "languages": "eng",
        "status": "ok",
        "filename": f"item-{item_id}.pdf",
        "collected_at": "2024-03-01",
        "ingested_at": "2024-04-01T10:00:00Z",
    }
    values.update(meta)
    return IndexDoc(item_id=item_id, page=page, text=text, **values)


@dataclass
class Library:
    """The pages of record (what SQLite would hold) and the index that searches them."""

    path: Path
    index: WhooshIndex
    texts: dict[tuple[int, int], str] = field(default_factory=dict)

    def item(self, item_id: int, *pages: str, **meta: Any) -> list[IndexDoc]:
        """Record an item's pages and return them as IndexDocs (not yet indexed)."""
        for key in [k for k in self.texts if k[0] == item_id]:
            del self.texts[key]
        docs = [page_doc(item_id, n, text, **meta) for n, text in enumerate(pages, 1)]
        self.texts.update({(d.item_id, d.page): d.text for d in docs})
        return docs

    def all_docs(self) -> list[IndexDoc]:
        return [page_doc(i, p, t) for (i, p), t in sorted(self.texts.items())]

    def page_text(self, item_id: int, page: int) -> str:
        try:
            return self.texts[(item_id, page)]
        except KeyError:
            raise ItemNotFound(f"No item {item_id} page {page}") from None

    def search(self, query: str, **kwargs: Any) -> SearchResult:
        return self.index.search(query, page_text=self.page_text, **kwargs)

    def found(self, query: str, **kwargs: Any) -> list[int]:
        """Item ids found for ``query``, best first."""
        return [hit.item_id for hit in self.search(query, **kwargs).hits]


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    path = tmp_path / "index"
    lib = Library(path=path, index=WhooshIndex(path, lock_timeout=0.5))
    try:
        yield lib
    finally:
        lib.index.close()
