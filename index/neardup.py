"""Near-duplicate items: MinHash signatures of the text, banded for lookup in the index.

News is reprinted with small changes across outlets, and partners send the same testimony
twice as PDF and as Word. Each item's normalised text (case, width and Traditional/Simplified
folded, punctuation and spacing ignored) is cut into overlapping 7-character shingles; 32
MinHash values estimate how many shingles two items share (their Jaccard similarity). The
signature is stored in a column, and 8 bands of 4 values are indexed as terms, so the items
that may be near-duplicates of one are found with 8 term look-ups and confirmed from the
signatures (an item shares at least one band with another of similarity 0.75 with 98% chance).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from typing import Any

import numpy as np

from index.analysis import normalize
from index.docsets import term_ids

SHINGLE = 7  # characters per shingle
HASHES, BANDS = 32, 8
ROWS = HASHES // BANDS
SIMILAR = 0.75  # estimated Jaccard similarity from which two items are near-duplicates
MIN_CHARS = 200  # shorter texts (a chat line, a caption) are not compared
MAX_CHARS = 60_000  # the start of a long text decides
COLLAPSE_DEPTH = 3  # collapsing looks this many times deeper into the ranking than it shows

_NOT_WORD = re.compile(r"[\W_]+")
_rng = np.random.default_rng(20261129)
_MULTIPLY = _rng.integers(1, 2**63, size=HASHES, dtype=np.uint64) | np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=HASHES, dtype=np.uint64)
_BASE = np.uint64(1_000_003)


def signature(text: str) -> bytes | None:
    """32 MinHash values (uint32, packed) of ``text``; None when it is too short to judge."""
    plain = _NOT_WORD.sub(" ", normalize(text[: MAX_CHARS * 2])).strip()[:MAX_CHARS]
    if len(plain) < MIN_CHARS:
        return None
    codes = np.frombuffer(plain.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    shingles = np.zeros(count, dtype=np.uint64)
    for j in range(SHINGLE):  # a polynomial hash of each shingle, wrapping at 2**64
        shingles = shingles * _BASE + codes[j : j + count]
    shingles = np.unique(shingles)
    mins = np.empty(HASHES, dtype=np.uint32)
    for i in range(HASHES):
        mins[i] = ((shingles * _MULTIPLY[i] + _ADD[i]) >> np.uint64(32)).min()
    return mins.tobytes()


def band_terms(sig: bytes) -> list[str]:
    """The index terms of a signature: one per band of ``ROWS`` values."""
    size = ROWS * 4
    return [f"{band}{_digest(sig[band * size : (band + 1) * size])}" for band in range(BANDS)]


def _digest(values: bytes) -> str:
    return hashlib.blake2b(values, digest_size=8).hexdigest()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts of two signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    mine, theirs = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(mine == theirs)) / len(mine)


def near_duplicates(searcher: Any, docnums: list[int]) -> dict[int, tuple[int, ...]]:
    """docnum -> item ids of its near-duplicates (best match first), for each of ``docnums``."""
    ids = searcher.reader().column_reader("item_id")
    signatures = _Signatures(searcher)
    return {d: tuple(ids[n] for n in _near(signatures, d)) for d in docnums}


def collapse_near_duplicates(
    searcher: Any, ranked: list[tuple[int, float]], count: int
) -> tuple[list[tuple[int, float]], dict[int, tuple[int, ...]]]:
    """The first ``count`` of ``ranked`` (docnum, score) that are not near-duplicates of one
    before them, and the near-duplicates (item ids) of each of those."""
    ids = searcher.reader().column_reader("item_id")
    signatures = _Signatures(searcher)
    kept: list[tuple[int, float]] = []
    dups: dict[int, tuple[int, ...]] = {}
    hidden: set[int] = set()
    for docnum, score in ranked:
        if docnum in hidden:
            continue
        near = _near(signatures, docnum)
        hidden.update(near)
        kept.append((docnum, score))
        dups[docnum] = tuple(ids[n] for n in near)
        if len(kept) >= count:
            break
    return kept, dups


def _near(signatures: _Signatures, docnum: int) -> list[int]:
    """Live documents whose signature is similar to ``docnum``'s, most similar first."""
    sig = signatures(docnum)
    if not sig:
        return []
    candidates = signatures.sharing_a_band(band_terms(sig), docnum) - {docnum}
    scored = [(similarity(sig, signatures(d)), d) for d in candidates]
    return [d for score, d in sorted(scored, key=lambda e: (-e[0], e[1])) if score >= SIMILAR]


class _Signatures:
    """Signature of a document of the whole index. (Whoosh's multi-segment column reader
    misplaces documents when some segment has no signature at all: only short texts.)"""

    def __init__(self, searcher: Any) -> None:
        self._parts = [(offset, sub.reader()) for sub, offset in searcher.leaf_searchers()]
        self._offsets = [offset for offset, _ in self._parts]
        self._columns: dict[int, Any] = {}

    def sharing_a_band(self, terms: list[str], docnum: int) -> set[int]:
        """Live documents (whole-index numbers) with any of the band terms of ``docnum``:
        posting sets read directly (a Whoosh query per hit cost milliseconds, 20 of them per
        search). Most bands are the document's own alone; their postings are not read."""
        found: set[int] = set()
        own = bisect_right(self._offsets, docnum) - 1
        for i, (offset, reader) in enumerate(self._parts):
            docs: set[int] = set()
            alone = 1 if i == own else 0  # its own segment holds the document itself
            for term in terms:
                if reader.doc_frequency("dupbands", term) > alone:
                    docs |= term_ids(reader, "dupbands", term)
            found.update(offset + d for d in docs if not reader.is_deleted(d))
        return found

    def __call__(self, docnum: int) -> bytes:
        i = bisect_right(self._offsets, docnum) - 1
        offset, reader = self._parts[i]
        if i not in self._columns:
            has = reader.has_column("minhash")
            self._columns[i] = reader.column_reader("minhash") if has else None
        column = self._columns[i]
        return bytes(column[docnum - offset]) if column is not None else b""
