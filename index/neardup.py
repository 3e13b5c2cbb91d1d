"""Near-duplicate items: MinHash signatures of the text, banded for lookup in the index.

News is reprinted with small changes across outlets, and partners send the same testimony
twice as PDF and as Word. Each item's normalised text (case, width and Traditional/Simplified
folded, punctuation and spacing ignored) is cut into overlapping 7-character shingles; 32
MinHash values estimate how many shingles two items share (their Jaccard similarity). The
signature is stored in a column; its 8 bands of 4 values are hashed into keys kept sorted in
memory per segment, so the items that may be near-duplicates of one are found with 8 binary
searches and confirmed from the signatures (an item shares at least one band with another of
similarity 0.75 with 98% chance).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

# numpy.ma: np.unique imports it on its first use, 40-60 ms in the search thread at the first
# search while the window waited (issue 8); imported here, it is done at start-up.
import numpy as np
import numpy.ma

from index.analysis import normalize
from index.segments import SegmentCache

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
    # (Repeated shingles change no minimum: no need to make them unique first.)
    mins = np.empty(HASHES, dtype=np.uint32)
    for i in range(HASHES):
        mins[i] = ((shingles * _MULTIPLY[i] + _ADD[i]) >> np.uint64(32)).min()
    return mins.tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts of two signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    mine, theirs = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(mine == theirs)) / len(mine)


SIGNATURE_BYTES = HASHES * 4  # the column holds this many bytes per document; zeros: none
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0x27D4EB2F165667C5], dtype=np.uint64)


def _band_keys(sigs: np.ndarray) -> np.ndarray:
    """(documents, BANDS) 64-bit keys: one per band of ``ROWS`` values, the band's number
    mixed in (two documents share a key when they agree on a whole band)."""
    rows = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        keys: np.ndarray = (rows * _MIX[:ROWS]).sum(axis=2, dtype=np.uint64)
        keys ^= np.arange(BANDS, dtype=np.uint64) * np.uint64(0xFF51AFD7ED558CCD)
    return keys


class _SegmentBands:
    """One segment's signatures in memory and its band keys sorted for look-up. A segment
    never changes (deletions are checked separately), so this is built once per segment from
    one read of its signature column: 128 bytes a document."""

    def __init__(self, reader: Any) -> None:
        count = reader.doc_count_all()
        sigs = np.zeros((count, HASHES), dtype=np.uint32)
        if reader.has_column("minhash"):
            column = reader.column_reader("minhash", translate=False)
            if hasattr(column, "_dbfile"):  # a fixed-size column: all of it in one read
                stored = min(column._count, count)
                raw = column._dbfile.get(column._basepos, stored * SIGNATURE_BYTES)
                flat = np.frombuffer(raw, dtype=np.uint32)
            else:  # (an empty one)
                flat = np.frombuffer(b"".join(bytes(v) for v in column), dtype=np.uint32)
            if len(flat):
                rows = flat.reshape(-1, HASHES)[:count]
                sigs[: len(rows)] = rows
        self.sigs = sigs
        self.item_ids = _item_ids(reader, count)
        signed = np.flatnonzero(sigs.any(axis=1))
        keys = _band_keys(sigs[signed]).ravel()
        docs = np.repeat(signed.astype(np.uint32), BANDS)
        order = np.argsort(keys, kind="stable")
        self.keys, self.docs = keys[order], docs[order]

    def sharing(self, keys: np.ndarray) -> np.ndarray:
        """Documents of this segment with any of these band keys."""
        lo = np.searchsorted(self.keys, keys, side="left")
        hi = np.searchsorted(self.keys, keys, side="right")
        if not (hi > lo).any():
            return np.empty(0, dtype=np.uint32)
        return np.unique(np.concatenate([self.docs[a:b] for a, b in zip(lo, hi, strict=True)]))


# ``_SegmentBands`` of the segments searched lately (about 13 MB per 100,000 items).
_BANDS: SegmentCache[_SegmentBands] = SegmentCache(64)


def near_duplicates(searcher: Any, docnums: list[int]) -> dict[int, tuple[int, ...]]:
    """docnum -> item ids of its near-duplicates (best match first), for each of ``docnums``."""
    signatures = _Signatures(searcher)
    return {d: tuple(_near(signatures, d)[1]) for d in docnums}


def collapse_near_duplicates(
    searcher: Any, ranked: list[tuple[int, float]], count: int
) -> tuple[list[tuple[int, float]], dict[int, tuple[int, ...]]]:
    """The first ``count`` of ``ranked`` (docnum, score) that are not near-duplicates of one
    before them, and the near-duplicates (item ids) of each of those."""
    signatures = _Signatures(searcher)
    kept: list[tuple[int, float]] = []
    dups: dict[int, tuple[int, ...]] = {}
    hidden: set[int] = set()
    for docnum, score in ranked:
        if docnum in hidden:
            continue
        near, item_ids = _near(signatures, docnum)
        hidden.update(near)
        kept.append((docnum, score))
        dups[docnum] = tuple(item_ids)
        if len(kept) >= count:
            break
    return kept, dups


def _near(signatures: _Signatures, docnum: int) -> tuple[list[int], list[int]]:
    """(document numbers, item ids) of the live documents whose signature is similar to
    ``docnum``'s, most similar first (a reprinted article can have hundreds)."""
    sig = signatures(docnum)
    if not sig.any():
        return [], []
    keys = _band_keys(sig[None, :])[0]
    wholes, item_ids, scores = [], [], []
    for offset, reader, bands in signatures.parts():
        found = bands.sharing(keys)
        if not len(found):
            continue
        same = np.count_nonzero(bands.sigs[found] == sig, axis=1) / HASHES
        keep = same >= SIMILAR
        found, same = found[keep], same[keep]
        whole = found.astype(np.int64) + offset
        keep = whole != docnum
        if reader.has_deletions():
            keep &= ~np.fromiter((reader.is_deleted(d) for d in found.tolist()), dtype=bool,
                                 count=len(found))
        wholes.append(whole[keep])
        item_ids.append(bands.item_ids[found[keep]])
        scores.append(same[keep])
    if not wholes:
        return [], []
    whole, score = np.concatenate(wholes), np.concatenate(scores)
    order = np.lexsort((whole, -score))  # most similar first, then in index order
    return whole[order].tolist(), np.concatenate(item_ids)[order].tolist()


def _item_ids(reader: Any, count: int) -> np.ndarray:
    """Each document's item id in the segment ``reader`` reads, by docnum, in one read."""
    column = reader.column_reader("item_id", translate=False)
    if getattr(column, "_typecode", "") == "Q" and hasattr(column, "_dbfile"):
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored * 8)
        ids = np.zeros(count, dtype=np.int64)
        ids[:stored] = np.frombuffer(raw, dtype=">u8")
        return ids
    return np.fromiter((column[d] for d in range(count)), dtype=np.int64, count=count)


class _Signatures:
    """Signatures of the documents of the whole index, by whole-index document number.
    (Whoosh's multi-segment column reader misplaces documents when some segment has no
    signature at all: only short texts.)"""

    def __init__(self, searcher: Any) -> None:
        self._parts = [(offset, sub.reader()) for sub, offset in searcher.leaf_searchers()]
        self._offsets = [offset for offset, _ in self._parts]
        self._bands: dict[int, _SegmentBands] = {}

    def _of(self, i: int) -> _SegmentBands:
        if i not in self._bands:
            reader = self._parts[i][1]
            self._bands[i] = _BANDS.get(reader, "bands", lambda: _SegmentBands(reader))
        return self._bands[i]

    def parts(self) -> Iterator[tuple[int, Any, _SegmentBands]]:
        for i, (offset, reader) in enumerate(self._parts):
            yield offset, reader, self._of(i)

    def __call__(self, docnum: int) -> np.ndarray:
        """The signature (zeros when the text was too short to judge)."""
        i = bisect_right(self._offsets, docnum) - 1
        sig: np.ndarray = self._of(i).sigs[docnum - self._parts[i][0]]
        return sig
