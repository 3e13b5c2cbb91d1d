"""The segment writer Casefile indexes with: Whoosh's, with each field's lengths read once.

When Whoosh writes a segment's postings it looks up the document's length in the field for
every posting (for the block's shortest and longest document), through three calls that read
one byte each: a tenth of the time it takes to index an item. Here each field's lengths are
read into a list the first time the field comes up, and looked up from it.
"""

from __future__ import annotations

import logging
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

log = logging.getLogger(__name__)


class FieldLengths:
    """``doc_field_length`` answered from each field's whole length column, as Whoosh would."""

    def __init__(self, perdoc: Any) -> None:
        self._perdoc = perdoc
        self._tables: dict[str, list[int | None] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        if fieldname not in self._tables:
            self._tables[fieldname] = self._read(fieldname)
        table = self._tables[fieldname]
        if table is None:
            return default
        return table[docnum]

    def _read(self, fieldname: str) -> list[int | None] | None:
        column = self._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return None
        count = self._perdoc.doc_count_all()
        raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
        lengths = [byte_to_length(b) if b else None for b in raw[:count]]
        # Documents past the stored ones read as the column's default (zero bytes).
        lengths += [None] * (count - len(lengths))
        log.debug("read %d lengths of field %s", count, fieldname)
        return lengths


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer, flushing its postings with ``FieldLengths``."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        lengths = FieldLengths(perdoc) if perdoc is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, postings)
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()
