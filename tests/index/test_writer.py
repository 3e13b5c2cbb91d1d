"""Casefile's segment writer writes the same postings and block statistics as Whoosh's."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from index.schema import build_schema, to_fields
from index.writer import FastSegmentWriter
from tests.index.conftest import page_doc

WORDS = ["passport", "taken", "guard", "compound", "wallet", "usdt", "หนังสือเดินทาง", "园区"]


def _build(folder: Path, writer_class: Any, items: list[list[Any]]) -> Any:
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema())
    writer = writer_class(ix)
    for pages in items:
        writer.add_document(**to_fields(pages))
    writer.commit()
    return ix


def _postings(ix: Any) -> dict[tuple[str, bytes], list[Any]]:
    """Every term's postings block by block: ids, weights, values, shortest and longest."""
    out: dict[tuple[str, bytes], list[Any]] = {}
    with ix.reader() as reader:
        for fieldname, btext in reader.all_terms():
            m = reader.postings(fieldname, btext)
            seen = []
            while m.is_active():
                seen.append((m.id(), m.weight(), m.value(), m.block_min_length(),
                             m.block_max_length()))
                m.next()
            out[(fieldname, btext)] = seen
    return out


def test_fast_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    rng = random.Random(3)
    items = [
        [page_doc(i, p, " ".join(rng.choices(WORDS, k=rng.randint(1, 400))),
                  title="" if i % 7 == 0 else f"Item {i}") for p in range(1, 3)]
        for i in range(1, 300)  # several posting blocks per word, items without a title
    ]
    ours = _postings(_build(tmp_path / "fast", FastSegmentWriter, items))
    whoosh = _postings(_build(tmp_path / "whoosh", SegmentWriter, items))
    assert ours == whoosh
    assert len(ours[("text", b"passport")]) > 256  # more than two blocks of 128
    lengths = {p[3] for postings in ours.values() for p in postings}
    assert len(lengths) > 3 and max(lengths) > 0  # blocks carry their lengths, and they vary
