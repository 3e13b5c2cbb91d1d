"""What an export must hide: protected people's names in any script, marked spans and regions."""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archive.visual_text import INVISIBLE, UNMAPPED
from archive.watchlist import MIN_KEY, Normalizer, default_normalizer, fold

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

REDACTED = "[redacted]"  # what replaces a marked span or term that belongs to no person

# Scripts written without spaces (Thai, Lao, Burmese, Khmer, CJK, kana, Hangul): a name in them
# is found inside a sentence, and a stray space between its letters (OCR) does not hide it.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\ua9e0-\ua9ff\uaa60-\uaa7f\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# A letter or digit of a spaced script next to a name means the name is part of a longer word
# (an underscore does not: "statement_aye_aye_thant.pdf" names her).
_BEFORE = f"(?<![^\\W_{_UNSPACED}])"
_AFTER = f"(?![^\\W_{_UNSPACED}])"
# Between the words of a name: spaces, or the hyphens, underscores and dots of file names.
_BETWEEN = r"[\s\-_.\u2010-\u2015]+"
# Between letters of an unspaced script: spaces OCR put there, line breaks, invisible characters.
_GAP = f"[\\s{INVISIBLE}]*"


@dataclass(frozen=True, slots=True)
class Protected:
    """A protected person: every form of the name to hide, and the pseudonym to show."""

    entity_id: int
    pseudonym: str
    names: tuple[str, ...]  # canonical name, aliases, the quotes of its mentions: never shown


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Characters of a page's text the user marked for redaction."""

    item_id: int
    page: int
    start: int
    end: int
    replacement: str = REDACTED


@dataclass(frozen=True, slots=True)
class Region:
    """An area of an exhibit page the user marked, in fractions of the page (0..1)."""

    item_id: int
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Cut:
    """One stretch of a text to replace, and what replaces it."""

    start: int
    end: int
    replacement: str
    entity_id: int | None = None


@dataclass(frozen=True, slots=True)
class PreviewLine:
    """One thing an export will redact, shown before exporting (never the hidden text)."""

    item_id: int
    page: int
    replacement: str  # the pseudonym or "[redacted]"
    context: str  # the page text around it, already redacted: "… met [W-001] at the gate …"
    kind: str = "text"  # "text" (and its place on the exhibit) or "region"


def _clusters(key: str) -> list[str]:
    """A base character with the marks (Unicode category M) after it."""
    out: list[str] = []
    for ch in key:
        if out and unicodedata.category(ch)[0] == "M" and out[-1] != " ":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _pattern(name: str, normalize: Normalizer) -> str | None:
    """A regular expression matching ``name`` in folded text: any run of spaces (or - _ .)
    between its words, optional spaces between letters of unspaced scripts, whole words
    elsewhere. In unspaced scripts the marks on a letter (Thai vowels and tone marks, Burmese
    vowel signs) may come back from a PDF as unmapped glyphs, or some of them not at all: a
    letter's marks match one or more of its own marks or such characters."""
    key = " ".join(normalize(name).split())
    if len(key) < MIN_KEY:
        return None
    clusters = _clusters(key)
    parts: list[str] = []
    for i, cluster in enumerate(clusters):
        if cluster == " ":
            parts.append(_BETWEEN)
            continue
        base, marks = cluster[0], cluster[1:]
        unspaced = bool(_UNSPACED_CHAR.match(base))
        if marks and unspaced:
            parts.append(re.escape(base) + f"[{re.escape(marks)}{UNMAPPED}]+")
        else:
            parts.append(re.escape(cluster))
        nxt = clusters[i + 1] if i + 1 < len(clusters) else ""
        if nxt and unspaced and _UNSPACED_CHAR.match(nxt[0]):
            parts.append(_GAP)
    body = "".join(parts)
    before = "" if _UNSPACED_CHAR.match(key[0]) else _BEFORE
    after = "" if _UNSPACED_CHAR.match(key[-1]) else _AFTER
    return f"{before}{body}{after}"


class Matcher:
    """Names compiled into one regular expression over folded text (longest name first)."""

    def __init__(self, names: Iterable[tuple[str, str, int | None]],
                 normalize: Normalizer = default_normalizer) -> None:
        self.normalize = normalize
        self._groups: list[tuple[str, int | None]] = []
        patterns: list[tuple[int, str]] = []
        seen: set[str] = set()
        for name, replacement, entity_id in names:
            pattern = _pattern(name, normalize)
            if pattern is None or pattern in seen:
                continue
            seen.add(pattern)
            patterns.append((len(name), f"(?P<g{len(self._groups)}>{pattern})"))
            self._groups.append((replacement, entity_id))
        patterns.sort(key=lambda p: -p[0])
        self._regex = re.compile("|".join(p for _, p in patterns)) if patterns else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def cuts(self, text: str) -> list[Cut]:
        if self._regex is None or not text:
            return []
        folded = fold(text, self.normalize)
        out: list[Cut] = []
        for m in self._regex.finditer(folded.text):
            if m.end() <= m.start() or m.lastgroup is None:
                continue
            replacement, entity_id = self._groups[int(m.lastgroup[1:])]
            start, end = folded.span(m.start(), m.end())
            out.append(Cut(start, end, replacement, entity_id))
        return out


def merge_cuts(cuts: Iterable[Cut]) -> list[Cut]:
    """Sorted, with overlapping cuts joined (the first one's replacement is kept)."""
    out: list[Cut] = []
    for c in sorted(cuts, key=lambda c: (c.start, -c.end)):
        if out and c.start < out[-1].end:
            last = out[-1]
            if c.end > last.end:
                out[-1] = Cut(last.start, c.end, last.replacement, last.entity_id)
            continue
        out.append(c)
    return out


def apply_cuts(text: str, cuts: Sequence[Cut]) -> tuple[str, Callable[[int], int]]:
    """``text`` with the (merged) cuts replaced, and a map from old offsets to new ones (an
    offset inside a cut maps to the start of its replacement, a cut's end to its end)."""
    if not cuts:
        return text, lambda offset: offset
    parts: list[str] = []
    olds: list[int] = []  # old end of each cut
    shifts: list[int] = []  # new - old after each cut
    starts: list[tuple[int, int]] = []  # (old start, new start) of each cut
    at = 0
    shift = 0
    for c in cuts:
        parts.append(text[at:c.start])
        starts.append((c.start, c.start + shift))
        parts.append(c.replacement)
        shift += len(c.replacement) - (c.end - c.start)
        olds.append(c.end)
        shifts.append(shift)
        at = c.end
    parts.append(text[at:])

    def remap(offset: int) -> int:
        i = bisect.bisect_right(olds, offset) - 1  # cuts ending at or before offset
        j = bisect.bisect_right([s for s, _ in starts], offset) - 1  # cuts starting at/before
        if j > i:  # inside cut j
            return starts[j][1]
        return offset + (shifts[i] if i >= 0 else 0)

    return "".join(parts), remap


@dataclass
class RedactionPlan:
    """Everything an export hides. Empty (``bool(plan)`` is False) when nothing needs hiding."""

    protected: tuple[Protected, ...] = ()
    terms: tuple[str, ...] = ()  # extra words the user wants gone everywhere
    spans: tuple[MarkedSpan, ...] = ()
    regions: tuple[Region, ...] = ()
    normalize: Normalizer = default_normalizer
    # (item, page) -> mention spans of protected people there: (start, end, entity id)
    mention_spans: dict[tuple[int, int], list[tuple[int, int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = self._names()
        self.matcher = Matcher(names, self.normalize)
        self._pseudonyms = {p.entity_id: p.pseudonym for p in self.protected}

    def _names(self) -> list[tuple[str, str, int | None]]:
        names: list[tuple[str, str, int | None]] = [
            (n, p.pseudonym, p.entity_id) for p in self.protected for n in p.names]
        return names + [(t, REDACTED, None) for t in self.terms]

    def __bool__(self) -> bool:
        return bool(self.matcher) or bool(self.spans) or bool(self.regions)

    def pseudonym(self, entity_id: int) -> str | None:
        return self._pseudonyms.get(entity_id)

    def cuts(self, text: str, item_id: int | None = None, page: int | None = None) -> list[Cut]:
        """Where ``text`` (page ``page`` of item ``item_id`` as stored, when given) must change:
        names found anywhere, plus the spans of mentions and marks on that page."""
        found = self.matcher.cuts(text)
        if item_id is not None and page is not None:
            for start, end, entity_id in self.mention_spans.get((item_id, page), ()):
                if 0 <= start < end <= len(text):
                    found.append(Cut(start, end, self._pseudonyms[entity_id], entity_id))
            found += [Cut(s.start, s.end, s.replacement) for s in self.spans
                      if (s.item_id, s.page) == (item_id, page) and 0 <= s.start < s.end
                      <= len(text)]
        return merge_cuts(found)

    def redact_text(self, text: str, item_id: int | None = None, page: int | None = None
                    ) -> str:
        return apply_cuts(text, self.cuts(text, item_id, page))[0]

    def page_matcher(self, item_id: int, page: int, text: str) -> Matcher:
        """A matcher for the exhibit page itself (a PDF's own text layer, whose characters are
        not at the stored text's offsets): the names, plus the stored text of the marked spans
        and mentions of that page, looked for as words."""
        extra = [(text[c.start:c.end], c.replacement, c.entity_id)
                 for c in self.cuts(text, item_id, page)]
        return Matcher([*self._names(), *extra], self.normalize) if extra else self.matcher

    def regions_of(self, item_id: int, page: int) -> list[Region]:
        return [r for r in self.regions if (r.item_id, r.page) == (item_id, page)]

    def find_names(self, text: str) -> list[Cut]:
        """Protected names (and terms) still in ``text``: what a leak check looks for."""
        return self.matcher.cuts(text)


def plan_for(
    archive: Archive, item_ids: Iterable[int], *, terms: Iterable[str] = (),
    spans: Iterable[MarkedSpan] = (), regions: Iterable[Region] = (),
) -> RedactionPlan:
    """The plan for exporting these items: every protected person of the archive (a name may
    be in an item nobody tagged it in), by name, alias and the wording of each mention."""
    ids = sorted(set(item_ids))
    protected: list[Protected] = []
    for e in archive.entities():
        if not e.protected:
            continue
        quotes = [str(r[0]) for r in archive.db.execute(
            "SELECT DISTINCT quote FROM mentions WHERE entity_id = ? AND state != 'rejected'",
            (e.id,))]
        names = tuple(dict.fromkeys([e.name, *e.aliases, *quotes]))
        protected.append(Protected(e.id, e.pseudonym or f"#{e.id}", names))
    mention_spans: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    if protected and ids:
        wanted = {p.entity_id for p in protected}
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            for r in archive.db.execute(
                "SELECT item_id, page, span_start, span_end, entity_id FROM mentions WHERE"
                f" state != 'rejected' AND item_id IN ({','.join('?' * len(chunk))})",
                tuple(chunk)):
                if int(r[4]) in wanted:
                    mention_spans.setdefault((int(r[0]), int(r[1])), []).append(
                        (int(r[2]), int(r[3]), int(r[4])))
    return RedactionPlan(
        tuple(protected), tuple(t for t in terms if t.strip()), tuple(spans), tuple(regions),
        archive.normalizer, mention_spans)


def preview(archive: Archive, plan: RedactionPlan, item_ids: Iterable[int], *,
            width: int = 40) -> list[PreviewLine]:
    """What the export will redact, item by item and page by page, shown redacted."""
    out: list[PreviewLine] = []
    for item_id in sorted(set(item_ids)):
        for page in archive.pages(item_id):
            cuts = plan.cuts(page.text, item_id, page.number)
            if not cuts:
                continue
            redacted, remap = apply_cuts(page.text, cuts)
            for c in cuts:
                start = remap(c.start)
                end = start + len(c.replacement)
                shown = c.replacement if c.replacement.startswith("[") else \
                    f"[{c.replacement}]"
                context = (redacted[max(0, start - width):start] + shown
                           + redacted[end:end + width])
                out.append(PreviewLine(item_id, page.number, c.replacement,
                                       " ".join(context.split())))
        out += [PreviewLine(r.item_id, r.page, REDACTED,
                            f"area {r.x0:.0%}-{r.x1:.0%} across, {r.y0:.0%}-{r.y1:.0%} down",
                            "region")
                for r in plan.regions if r.item_id == item_id]
    return out
