"""Casefile's segment writer writes the same postings and block statistics as Whoosh's."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

from index.schema import build_schema, to_fields
from index.writer import FastSegmentWriter
from tests.index.conftest import page_doc


def SegmentWriter(ix: Any, **options: Any) -> Any:  # stands in for Whoosh's class
    """Whoosh's own writer, with the block size ours uses (its default is 128)."""
    return WhooshSegmentWriter(ix, codec=W3Codec(blocklimit=FastSegmentWriter.BLOCK_LIMIT),
                               **options)


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
        for i in range(1, 1100)  # several posting blocks per word, items without a title
    ]
    ours = _postings(_build(tmp_path / "fast", FastSegmentWriter, items))
    whoosh = _postings(_build(tmp_path / "whoosh", SegmentWriter, items))
    assert ours == whoosh
    assert len(ours[("text", b"passport")]) > 2 * FastSegmentWriter.BLOCK_LIMIT  # 3+ blocks
    lengths = {p[3] for postings in ours.values() for p in postings}
    assert len(lengths) > 3 and max(lengths) > 0  # blocks carry their lengths, and they vary


def _segment_files(folder: Path, writer_class: Any, items: list[list[Any]],
                   **options: Any) -> dict[str, bytes]:
    """The term table and postings file of one segment written by ``writer_class``."""
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema())
    writer = writer_class(ix, compound=False, **options)
    for pages in items:
        writer.add_document(**to_fields(pages))
    writer.commit()
    return {path.suffix: path.read_bytes() for path in folder.iterdir()
            if path.suffix in (".trm", ".pst")}


def _items(count: int, seed: int) -> list[list[Any]]:
    rng = random.Random(seed)
    return [
        [page_doc(i, p, " ".join(rng.choices(WORDS, k=rng.randint(1, 300))) + f" word{i % 37}",
                  title="" if i % 7 == 0 else f"Item {i}") for p in range(1, 3)]
        for i in range(1, count)
    ]


def test_fast_writer_files_are_whooshs_byte_for_byte(tmp_path: Path) -> None:
    items = _items(260, 5)
    ours = _segment_files(tmp_path / "fast", FastSegmentWriter, items)
    whoosh = _segment_files(tmp_path / "whoosh", SegmentWriter, items)
    assert set(ours) == {".trm", ".pst"}
    assert ours == whoosh


def test_fast_writer_spilling_to_runs_writes_the_same_files(tmp_path: Path) -> None:
    """A pool too small for the items spills them to many runs, merged back in order."""
    items = _items(200, 6)
    folder = tmp_path / "small"
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema())
    writer = FastSegmentWriter(ix, compound=False, limitmb=0.05)
    for pages in items:
        writer.add_document(**to_fields(pages))
    runs = len(writer.pool.runs)
    writer.commit()
    ours = {path.suffix: path.read_bytes() for path in folder.iterdir()
            if path.suffix in (".trm", ".pst")}
    assert runs > 5
    assert ours == _segment_files(tmp_path / "whoosh", SegmentWriter, items)
    assert not list(folder.rglob("*.terms"))  # the runs are removed once they are merged


def test_fast_writer_merges_segments_as_whoosh_does(tmp_path: Path) -> None:
    """Adding to an index with small segments merges them through the same pool."""
    items = _items(120, 7)

    def build(folder: Path, writer_class: Any) -> Any:
        folder.mkdir()
        ix = FileStorage(str(folder)).create_index(build_schema())
        for start in range(0, len(items), 30):
            writer = writer_class(ix)
            for pages in items[start:start + 30]:
                writer.add_document(**to_fields(pages))
            writer.commit()
        writer = writer_class(ix)
        writer.delete_by_term("key", "5")
        writer.commit(optimize=True)
        return ix

    ours = build(tmp_path / "fast", FastSegmentWriter)
    whoosh = build(tmp_path / "whoosh", SegmentWriter)
    assert len(ours._segments()) == 1
    assert _postings(ours) == _postings(whoosh)
