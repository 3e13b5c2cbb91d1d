"""The segment writer Casefile indexes with: Whoosh's file format, written term by term.

Whoosh's own writer handles every posting on its own, several times: a tuple in its pool
(with a size estimate), a pickle into a sorted run and back out of it, a heap merge, a call
that looks the document's field length up through three one-byte reads, and a call that
adds it to the block being filled. For an index with positions and character offsets for
every word that was almost half the time it took to index an item.

This writer keeps each field's postings grouped by term as documents come in (a document
adds one posting to each of its terms), spills them to disk a term at a time when the pool
is full, and writes each term's posting blocks in one go: the same blocks, statistics and
term table as Whoosh's ``W3PostingsWriter`` writes (a test compares the files byte for
byte), so Whoosh's readers, searchers and merges work on them unchanged.
"""

from __future__ import annotations

import contextlib
import heapq
import logging
import marshal
import zlib
from array import array
from collections.abc import Iterator
from itertools import pairwise
from operator import itemgetter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.system import pack_int, pack_ushort
from whoosh.util import random_name
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

log = logging.getLogger(__name__)

# Bytes of memory a pooled posting takes besides its value (a 3-tuple 64, an int 28, a
# float 24, a bytes object 33, a list slot 8), and a pooled term besides its text (a dict
# entry, its bytes key and its list).
_POSTING_SIZE = 157
_TERM_SIZE = 190
_FREQUENCY = itemgetter(1)

Postings = list[tuple[int, float, bytes | None]]


class FieldLengths:
    """Each field's document lengths, read from its whole length column once, decoded as
    Whoosh's per-document reader decodes them."""

    def __init__(self, perdoc: Any) -> None:
        self._perdoc = perdoc
        self._tables: dict[str, list[int | None] | None] = {}

    def table(self, fieldname: str) -> list[int | None] | None:
        """Every document's length in ``fieldname`` (None: zero), or None without a column."""
        if fieldname not in self._tables:
            self._tables[fieldname] = self._read(fieldname)
        return self._tables[fieldname]

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


class TermPool:
    """Postings grouped by field and term, spilled to sorted runs when ``limit`` is reached.

    Documents arrive in docnum order (new ones, then any merged from other segments), so a
    term's postings in one run, and run after run, are already in docnum order.
    """

    def __init__(self, tempstore: Any, limitmb: float) -> None:
        self.tempstore = tempstore
        self.limit = int(limitmb * 1024 * 1024)
        self.size = 0
        self.fields: dict[str, dict[bytes, Postings]] = {}
        self.runs: list[str] = []
        self.fieldnames: set[str] = set()  # as Whoosh's pool, for code that reads it

    def terms_of(self, fieldname: str) -> dict[bytes, Postings]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's pool interface, used when other segments are merged into this one."""
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < 0:  # Whoosh's spelling-word hack: never written as postings
            return
        terms = self.terms_of(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = []
            self.size += _TERM_SIZE + len(tbytes)
        postings.append((docnum, weight, vbytes))
        self.size += _POSTING_SIZE + (len(vbytes) if vbytes else 0)
        if self.size > self.limit:
            self.save()

    def full(self) -> bool:
        return self.size > self.limit

    def save(self) -> None:
        """Write what is pooled to a new run, term by term in order, and empty the pool."""
        if not self.fields:
            return
        name = f"{random_name()}.terms"
        with self.tempstore.create_file(name).raw_file() as f:
            for fieldname in sorted(self.fields):
                terms = self.fields[fieldname]
                for tbytes in sorted(terms):
                    marshal.dump((fieldname, tbytes, terms[tbytes]), f)
        self.runs.append(name)
        log.debug("pooled postings (%d bytes) written to run %d", self.size, len(self.runs))
        self.fields = {}
        self.size = 0

    def terms(self) -> Iterator[tuple[str, bytes, Postings]]:
        """Every (field, term, postings) in order, each term's postings in docnum order."""
        if not self.runs:
            for fieldname in sorted(self.fields):
                terms = self.fields[fieldname]
                for tbytes in sorted(terms):
                    yield fieldname, tbytes, terms[tbytes]
            return
        self.save()
        runs = [self._read_run(name, number) for number, name in enumerate(self.runs)]
        last: tuple[str, bytes] | None = None
        postings: Postings = []
        for fieldname, tbytes, _number, more in heapq.merge(*runs):
            if (fieldname, tbytes) != last:
                if last is not None:
                    yield last[0], last[1], postings
                last, postings = (fieldname, tbytes), more
            else:
                postings.extend(more)
        if last is not None:
            yield last[0], last[1], postings

    def _read_run(self, name: str, number: int) -> Iterator[tuple[str, bytes, int, Postings]]:
        # The run number sorts a term's pieces in the order they were written.
        with self.tempstore.open_file(name).raw_file() as f:
            while True:
                try:
                    fieldname, tbytes, postings = marshal.load(f)
                except EOFError:
                    return
                yield fieldname, tbytes, number, postings

    def cleanup(self) -> None:
        for name in self.runs:
            with contextlib.suppress(OSError):
                self.tempstore.delete_file(name)
        self.runs = []
        self.fields = {}


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer with a pool grouped by term and postings written per term.

    Postings go in blocks of up to ``BLOCK_LIMIT`` documents, not Whoosh's 128: reading a
    common word (a phrase of common words, a set of matches) costs Python work per block,
    and at 100,000 items bigger blocks took the search bench's p95 from 231-290 ms to
    203-242 ms (a rare word's lookups read a bigger block: its p95 stays ~15-24 ms). A
    codec passed in keeps its own block size; readers take any."""

    BLOCK_LIMIT = 512

    def __init__(self, ix: Any, *args: Any, limitmb: float = 128, **kwargs: Any) -> None:
        if "codec" not in kwargs:
            kwargs["codec"] = W3Codec(blocklimit=self.BLOCK_LIMIT)
        super().__init__(ix, *args, limitmb=1, **kwargs)
        self.pool = TermPool(self._tempstorage, limitmb)

    def add_document(self, **fields: Any) -> None:
        """As Whoosh's ``add_document``, with each term's posting appended to its group."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        size = 0
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    scorable = field.scorable
                    terms = pool.terms_of(fieldname)
                    fast = getattr(field.format, "index_items", None)
                    items = fast(value) if fast is not None and isinstance(value, str) \
                        else list(field.index(value))
                    if fieldboost != 1:
                        items = [(t, f, w * fieldboost, v) for t, f, w, v in items]
                    if scorable:
                        length = sum(map(_FREQUENCY, items))
                    before = len(terms)
                    get = terms.get
                    values = 0
                    for tbytes, _freq, weight, vbytes in items:
                        postings = get(tbytes)
                        if postings is None:
                            terms[tbytes] = [(docnum, weight, vbytes)]
                        else:
                            postings.append((docnum, weight, vbytes))
                        values += len(vbytes) if vbytes else 0
                    # As TermPool.add counts: the values' own bytes, not a guess at them.
                    size += ((len(terms) - before) * _TERM_SIZE
                             + len(items) * _POSTING_SIZE + values)
                if field.separate_spelling() or field.vector:
                    raise NotImplementedError(
                        f"field {fieldname}: spelling and vector fields are not written here"
                    )
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None,
                                       length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        pool.size += size
        if pool.full():
            pool.save()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(perdoc) if perdoc is not None else None
        write_terms(self.fieldwriter, self.schema, lengths, self.pool.terms(),
                    self.codec._blocklimit, self.codec._compression)
        self.fieldwriter.close()
        if perdoc is not None:
            perdoc.close()


def write_terms(fieldwriter: Any, schema: Any, lengths: FieldLengths | None,
                terms: Iterator[tuple[str, bytes, Postings]], blocklimit: int,
                compression: int) -> None:
    """Write each term's postings as ``W3PostingsWriter`` would, and its row in the term
    table, through Whoosh's ``W3FieldWriter`` (fields in order, terms in order)."""
    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    lastfield = None
    fieldid = b""
    table: list[int | None] | None = None
    fixedsize: int | None = None
    for fieldname, tbytes, postings in terms:
        if fieldname != lastfield:
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            fieldwriter.finish_field()
            fieldid = pack_ushort(fieldwriter._fieldid)
            fixedsize = fieldobj.format.fixed_value_size()
            table = lengths.table(fieldname) if lengths is not None else None
            lastfield = fieldname
        terminfo = W3TermInfo()
        start = postfile.tell()
        postfile.write(_term_postings(terminfo, postings, table, fixedsize, blocklimit,
                                      compression))
        terminfo.set_extent(start, postfile.tell() - start)
        tindex.add(fieldid + tbytes, terminfo.to_bytes())


def _term_postings(terminfo: Any, postings: Postings, table: list[int | None] | None,
                   fixedsize: int | None, blocklimit: int, compression: int) -> bytes:
    """One term's posting blocks, byte for byte as Whoosh writes them; ``terminfo`` gets the
    statistics Whoosh's ``W3TermInfo.add_block`` would have gathered."""
    out = [WHOOSH3_HEADER_MAGIC]
    count = len(postings)
    for start in range(0, count, blocklimit):
        ids, weights, values = zip(*postings[start:start + blocklimit], strict=True)
        # Field lengths: zero and missing lengths count for neither end (as in Whoosh).
        if table is None:
            minlength, maxlength = None, 0
        else:
            known = [n for n in (table[d] for d in ids) if n]
            minlength, maxlength = (min(known), max(known)) if known else (None, 0)
        top = max(weights)
        maxweight = top if top > 0 else 0
        floats = array("f", weights)
        # Terminfo statistics, as W3TermInfo.add_block.
        terminfo._weight += sum(floats)
        terminfo._df += len(ids)
        if terminfo._minlength is None:
            terminfo._minlength = minlength
        elif minlength is not None:
            terminfo._minlength = min(terminfo._minlength, minlength)
        terminfo._maxlength = max(terminfo._maxlength, maxlength)
        terminfo._maxweight = max(terminfo._maxweight, maxweight)
        if terminfo._minid is None:
            terminfo._minid = ids[0]
        terminfo._maxid = ids[-1]
        # The block, as W3PostingsWriter._write_block.
        deltas = (ids[0], *[b - a for a, b in pairwise(ids)])
        first = floats[0]
        if first == 1.0 and floats.count(first) == len(floats):
            mini_weights: Any = None
        elif floats.count(first) == len(floats):
            mini_weights = first
        else:
            mini_weights = tuple(floats)
        kept = [v for v in values if v]
        if fixedsize is None or fixedsize < 0:
            mini_values: Any = tuple(kept)
        elif fixedsize == 0:
            mini_values = None
        else:
            mini_values = b"".join(kept)
        data = dumps((deltas, mini_weights, mini_values), 2)
        if compression:
            data = zlib.compress(data, compression)
        info = dumps((len(ids), ids[-1], maxweight, compression, length_to_byte(minlength),
                      length_to_byte(maxlength)), 2)
        blocklength = len(info) + len(data)
        last = start + blocklimit >= count
        out.append(pack_int(-blocklength if last else blocklength))
        out.append(info)
        out.append(data)
    return b"".join(out)
