"""What a person types, turned forgivingly into a Whoosh query; the terms to highlight."""

from __future__ import annotations

import heapq
import logging
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    PrefixPlugin,
    SingleQuotePlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.common import QueryParserError

from archive.errors import BadQuery
from index.analysis import normalize, word_analyzer
from index.docsets import lists_for_expansions
from index.phrase import fast_phrases
from index.schema import DEFAULT_FIELDS, FIELD_ALIASES, BadValue, case_term
from index.segments import SegmentCache

log = logging.getLogger(__name__)

# Characters that only mean something to the query syntax; plain-words mode drops them.
_SYNTAX_CHARS = re.compile(r"[\"()\[\]{}^~*:]")
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b")
_LEADING_OP = re.compile(r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+")
_TRAILING_OP = re.compile(r"(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$")

# Fields whose terms are highlighted in snippets.
HIGHLIGHT_FIELDS = ("text", "bigram", "title")


PREFIX_CAP = 100  # a prefix stands for at most this many words, the most frequent ones
_PREFIX_SCAN = 20_000  # how many words with the prefix are looked at to pick them


# The words a prefix or fuzzy word stood for, per segment. One search expands each such word
# three times (to find the matches, to rank them, to highlight them) and Whoosh's fuzzy
# expansion walks the segment's whole word list in Python each time.
_EXPANSIONS: SegmentCache[tuple[bytes, ...]] = SegmentCache(512)


class CappedPrefix(wq.Prefix):  # type: ignore[misc]
    """``word*`` expanded to its ``PREFIX_CAP`` most frequent words (``a*`` stays fast)."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        key = ("prefix", self.fieldname, self.text)
        return list(_EXPANSIONS.get(ixreader, key, lambda: tuple(self._expand(ixreader))))

    def _expand(self, ixreader: Any) -> list[bytes]:
        terms = list(islice(ixreader.expand_prefix(self.fieldname, self.text), _PREFIX_SCAN))
        if len(terms) <= PREFIX_CAP:
            return terms
        return heapq.nlargest(
            PREFIX_CAP, terms, key=lambda t: ixreader.doc_frequency(self.fieldname, t)
        )


class CachedFuzzy(wq.FuzzyTerm):  # type: ignore[misc]
    """``word~``, its expansion kept per segment (see ``_Expansions``)."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        key = ("fuzzy", self.fieldname, self.text, self.maxdist, self.prefixlength)
        return list(_EXPANSIONS.get(ixreader, key, lambda: tuple(self._expand(ixreader))))

    def _expand(self, ixreader: Any) -> list[bytes]:
        return list(super()._btexts(ixreader))


class _PrefixPlugin(PrefixPlugin):  # type: ignore[misc]
    class PrefixNode(PrefixPlugin.PrefixNode):  # type: ignore[misc]
        qclass = CappedPrefix

    nodetype = PrefixNode


class _FuzzyPlugin(FuzzyTermPlugin):  # type: ignore[misc]
    """``word~``; tolerates fields (the bigram field) where a Latin word yields no term at all."""

    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):  # type: ignore[misc]
        qclass = CachedFuzzy
        tokenize = True  # analyse (stem) the word like any other: "recuited~" ~ "recruit"

        def query(self, parser: Any) -> Any:
            q = syntax.TextNode.query(self, parser)
            if isinstance(q, wq.FuzzyTerm):
                q.maxdist = self.maxdist
                q.prefixlength = self.prefixlength
            return q


def _parser(schema: Any, *, syntax_on: bool) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, group=AndGroup)
    # 'single quotes' would turn "don't" into syntax; ? wildcards would turn pasted URLs into
    # patterns. Prefix* stays.
    parser.remove_plugin_class(SingleQuotePlugin)
    parser.remove_plugin_class(WildcardPlugin)
    if syntax_on:
        parser.add_plugin(_PrefixPlugin())
        parser.add_plugin(_FuzzyPlugin())
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def plain_words(text: str) -> str:
    """The query with every bit of syntax removed: what a person meant if the syntax was noise."""
    text = _SYNTAX_CHARS.sub(" ", text)
    return _OPERATORS.sub(lambda m: m.group(0).lower(), text)


class QueryBuilder:
    """Parses queries for one schema. Never raises for typing mistakes, only for empty queries."""

    def __init__(self, schema: Any) -> None:
        self._schema = schema
        self._full = _parser(schema, syntax_on=True)
        self._plain = _parser(schema, syntax_on=False)

    def parse(self, text: str) -> wq.Query:
        """A query for ``text``; falls back to plain words when the syntax makes no sense."""
        stripped = text.strip()
        if stripped == "*":
            return wq.Every()
        cleaned = _TRAILING_OP.sub("", _LEADING_OP.sub("", stripped))
        q = self._try(self._full, cleaned)
        if q is None:
            q = self._try(self._plain, plain_words(stripped))
            if q is not None:
                log.debug("query %r parsed as plain words: %r", text, q)
        if q is None:
            raise BadQuery(
                "There is nothing to search for in this query. Type one or more words, "
                'a "quoted phrase", or a word followed by * to find words that start with it.'
            )
        return lists_for_expansions(fast_phrases(q))

    def _try(self, parser: MultifieldParser, text: str) -> wq.Query | None:
        if not text.strip():
            return None
        try:
            parsed = parser.parse(text)
            bad_value = _bad_value(parsed)
            if bad_value is not None:
                raise BadQuery(str(bad_value))
            q = parsed.normalize()
        except (QueryParserError, AttributeError, TypeError, ValueError, IndexError) as exc:
            # Whoosh's parser trips over some odd inputs instead of reporting them.
            log.debug("query parser failed on %r: %s", text, exc)
            return None
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)) or _has_error(q):
            return None
        return q

    def filter_query(self, *, cases: tuple[str, ...], kinds: tuple[str, ...]) -> wq.Query | None:
        """Restricts results to items of any of these cases and any of these kinds."""
        parts: list[wq.Query] = []
        if cases:
            parts.append(wq.Or([wq.Term("cases", case_term(c)) for c in cases]))
        if kinds:
            parts.append(wq.Or([wq.Term("kind", case_term(k)) for k in kinds]))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


def _bad_value(q: wq.Query) -> BadValue | None:
    """The first date or grade a person got wrong in the query (a message beats a guess)."""
    error = getattr(q, "error", None)
    if isinstance(error, BadValue):
        return error
    for child in q.children():
        found = _bad_value(child)
        if found is not None:
            return found
    return None


def _has_error(q: wq.Query) -> bool:
    if getattr(q, "error", None):
        return True
    return any(_has_error(child) for child in q.children())


@dataclass
class HighlightTerms:
    """What a query matched, per field: single terms, and bigram runs that must be contiguous."""

    words: set[str] = field(default_factory=set)  # text/title terms (prefix/fuzzy expanded)
    bigrams: set[str] = field(default_factory=set)
    bigram_runs: list[tuple[str, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.bigrams or self.bigram_runs)


def highlight_terms(q: wq.Query, reader: Any) -> HighlightTerms:
    """The positive terms of ``q`` (nothing under NOT), with prefix/fuzzy terms expanded."""
    found = HighlightTerms()
    _collect(q, reader, found)
    return found


def leaf_readers(reader: Any) -> list[Any]:
    """The segment readers of a reader (Whoosh's own fuzzy expansion is fast only on these)."""
    if reader.is_atomic():
        return [reader]
    return [r for r, _ in reader.leaf_readers()]


def _collect(q: wq.Query, reader: Any, found: HighlightTerms) -> None:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect(q.a, reader, found)
        return
    if isinstance(q, wq.Phrase):
        if q.fieldname == "bigram":
            found.bigram_runs.append(tuple(q.words))
        elif q.fieldname in HIGHLIGHT_FIELDS:
            found.words.update(q.words)
        return
    if q.is_leaf():
        fieldname = getattr(q, "fieldname", None)
        if fieldname not in HIGHLIGHT_FIELDS:
            return
        target = found.bigrams if fieldname == "bigram" else found.words
        if isinstance(q, wq.Term):
            target.add(q.text)
            return
        try:
            terms = {t for leaf in leaf_readers(reader)
                     for t in q.existing_terms(leaf, expand=True)}
        except Exception as exc:  # a highlight is a nicety: never fail a search over it
            log.debug("cannot expand %r for highlighting: %s", q, exc)
            return
        for name, value in terms:
            if name == fieldname:
                target.add(value.decode("utf-8") if isinstance(value, bytes) else value)
        return
    for child in q.children():
        _collect(child, reader, found)


_LATIN_WORD = re.compile(r"(?<![\w:.@-])([^\W\d_]{4,})(?![\w:*~@-])")
_WORDS = word_analyzer()


def suggest(text: str, reader: Any) -> str:
    """"Did you mean": ``text`` with each word that is in no document replaced by the indexed
    word closest to it and most frequent ("recuitment" -> "recruitment"); "" if none."""
    changed = False

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        if word in ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"):
            return word
        tokens = [t.text for t in _WORDS(word, mode="query")]
        if len(tokens) != 1 or reader.doc_frequency("text", tokens[0]):
            return word
        best = _closest(reader, tokens[0], maxdist=1 if len(word) < 7 else 2)
        if best is None:
            return word
        changed = True
        return best

    out = _LATIN_WORD.sub(fix, text)
    return out if changed and normalize(out) != normalize(text) else ""


def _closest(reader: Any, term: str, *, maxdist: int) -> str | None:
    best: tuple[int, str] | None = None
    for dist in range(1, maxdist + 1):
        candidates = {c for leaf in leaf_readers(reader)
                      for c in leaf.terms_within("text", term, dist, prefix=1)}
        for candidate in sorted(candidates):
            freq = reader.doc_frequency("text", candidate)
            if freq and (best is None or freq > best[0]):
                best = (freq, candidate)
        if best is not None:
            return best[1]
    return None
