"""Highlighted snippets built from one page's text of record, using the analyzers' offsets."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable

from index.analysis import BigramTokenizer, word_analyzer
from index.query import HighlightTerms

log = logging.getLogger(__name__)

SNIPPET_CHARS = 200
_LEAD_CHARS = 60  # context shown before the first match
_WORDS = word_analyzer()
_BIGRAMS = BigramTokenizer()


def matched_spans(text: str, terms: HighlightTerms) -> list[tuple[int, int]]:
    """Character spans of ``text`` that match the query terms, sorted and merged."""
    spans: list[tuple[int, int]] = []
    if terms.words:
        spans.extend(
            (t.startchar, t.endchar)
            for t in _WORDS(text, chars=True, mode="index")
            if t.text in terms.words
        )
    if terms.bigrams or terms.bigram_runs:
        grams = [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in _BIGRAMS(text, positions=True, chars=True)
        ]
        spans.extend((s, e) for g, _, s, e in grams if g in terms.bigrams)
        for run in terms.bigram_runs:
            spans.extend(_run_spans(grams, run))
    return merge_spans(spans)


def _run_spans(
    grams: list[tuple[str, int, int, int]], run: tuple[str, ...]
) -> Iterable[tuple[int, int]]:
    n = len(run)
    if not n:
        return
    for i in range(len(grams) - n + 1):
        window = grams[i : i + n]
        if window[-1][1] - window[0][1] == n - 1 and all(
            g[0] == w for g, w in zip(window, run, strict=True)
        ):
            yield window[0][2], max(g[3] for g in window)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, overlapping and touching ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """Pick ~size chars of text: the stretch with the most matches, a little context first."""
    if not spans:
        return 0, min(len(text), size)
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + size)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - _LEAD_CHARS)
    # Begin at a word boundary when one is near.
    if start > 0:
        space = text.find(" ", start, best_start)
        if 0 <= space < best_start:
            start = space + 1
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 30), end)
        if space > max((e for s, e in spans if s < end), default=start):
            end = space
    return start, end


def make_snippet(text: str, spans: list[tuple[int, int]], *, size: int = SNIPPET_CHARS) -> str:
    """HTML-escaped ~size characters of ``text`` with <b>...</b> around the matched ``spans``
    (from ``matched_spans``).

    Falls back to the start of the page when nothing in it matches (e.g. a title-only hit).
    """
    if not text:
        return ""
    start, end = _window(text, spans, size)
    out: list[str] = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s]))
        out.append(f"<b>{html.escape(text[s:e])}</b>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return " ".join("".join(out).split())
