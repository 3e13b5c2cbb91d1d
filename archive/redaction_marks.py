"""Redaction marks the user saves for exports: extra text to hide everywhere in a case, and
areas of exhibit pages to black out; each added or removed mark is in the custody log."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive import custody
from archive.errors import CasefileError
from archive.redaction import Region

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

TERM, REGION = "term", "region"


@dataclass(frozen=True, slots=True)
class RedactionMark:
    """A saved mark. A term is hidden in every redacted export of its case; an area of an
    exhibit page in every redacted export of that exhibit, whatever the case."""

    id: int
    case_id: int
    kind: str  # TERM or REGION
    term: str = ""
    item_id: int | None = None
    page: int = 0
    box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1: fractions of page
    created: str = ""

    @property
    def region(self) -> Region | None:
        if self.kind != REGION or self.item_id is None or self.box is None:
            return None
        return Region(self.item_id, self.page, *self.box)

    def describe(self) -> str:
        """For a person: what the mark hides."""
        if self.kind == TERM:
            return f"the text “{self.term}”, everywhere"
        x0, y0, x1, y1 = self.box or (0.0, 0.0, 0.0, 0.0)
        return (f"item {self.item_id}, page {self.page}: area {x0:.0%}-{x1:.0%} across,"
                f" {y0:.0%}-{y1:.0%} down")


_COLUMNS = "id, case_id, kind, term, item_id, page, x0, y0, x1, y1, created"


def _mark(r: sqlite3.Row) -> RedactionMark:
    box = None if r[6] is None else (float(r[6]), float(r[7]), float(r[8]), float(r[9]))
    return RedactionMark(int(r[0]), int(r[1]), str(r[2]), str(r[3]),
                         None if r[4] is None else int(r[4]), int(r[5] or 0), box, str(r[10]))


class MarkFeatures:
    """Mixed into Archive."""

    def redaction_marks(self, case: str | int) -> list[RedactionMark]:
        """The marks saved for a case, terms first, in the order they were added."""
        archive: Archive = self  # type: ignore[assignment]
        case_id = archive.case_id(case)
        return [_mark(r) for r in archive.db.execute(
            f"SELECT {_COLUMNS} FROM redaction_marks WHERE case_id = ?"
            " ORDER BY kind = 'region', id", (case_id,))]

    def marked_regions(self, item_ids: Sequence[int]) -> list[Region]:
        """The areas saved on these exhibits, whichever case they were marked in."""
        archive: Archive = self  # type: ignore[assignment]
        ids = sorted(set(item_ids))
        out: list[Region] = []
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            out += [m.region for m in (_mark(r) for r in archive.db.execute(
                f"SELECT {_COLUMNS} FROM redaction_marks WHERE kind = 'region' AND item_id IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY id", tuple(chunk))) if m.region]
        return out

    def add_redaction_term(self, case: str | int, term: str) -> RedactionMark:
        """Save a word or phrase to hide in every redacted export of the case."""
        text = " ".join(term.split())
        if len(text) < 2:
            raise CasefileError("Give the text to redact (at least two characters).")
        return self._add_mark(case, TERM, text, None, 0, None)

    def add_redaction_region(self, case: str | int, item_id: int, page: int,
                             box: tuple[float, float, float, float]) -> RedactionMark:
        """Save an area of an exhibit page (fractions of the page, 0-1) to black out."""
        archive: Archive = self  # type: ignore[assignment]
        x0, y0, x1, y1 = box
        if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
            raise CasefileError("The area must lie on the page and not be empty.")
        item = archive.item(item_id)
        if item.id not in {i.id for i in archive.items(case=case)}:
            raise CasefileError(f"Item {item_id} is not in the case “{archive.case(case).title}”.")
        if not 1 <= page <= max(item.page_count, 1):
            raise CasefileError(f"Item {item_id} has no page {page}.")
        return self._add_mark(case, REGION, "", item_id, page, box)

    def _add_mark(self, case: str | int, kind: str, term: str, item_id: int | None, page: int,
                  box: tuple[float, float, float, float] | None) -> RedactionMark:
        archive: Archive = self  # type: ignore[assignment]
        case_id = archive.case_id(case)
        x0, y0, x1, y1 = box or (None, None, None, None)
        with archive.db.transaction() as con:
            cur = con.execute(
                "INSERT INTO redaction_marks(case_id, kind, term, item_id, page, x0, y0, x1, y1,"
                " created) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (case_id, kind, term, item_id, page, x0, y0, x1, y1, custody.now_iso()))
            mark_id = int(cur.lastrowid or 0)
            row = con.execute(f"SELECT {_COLUMNS} FROM redaction_marks WHERE id = ?",
                              (mark_id,)).fetchone()
            mark = _mark(row)
            custody.append(con, actor=archive.actor, action="redaction-mark-add",
                           item_id=item_id, detail=_detail(mark))
        log.info("redaction mark %d added (%s)", mark.id, kind)
        return mark

    def remove_redaction_mark(self, mark_id: int) -> RedactionMark:
        """Remove a saved mark: the next export no longer hides what it marked."""
        archive: Archive = self  # type: ignore[assignment]
        with archive.db.transaction() as con:
            row = con.execute(f"SELECT {_COLUMNS} FROM redaction_marks WHERE id = ?",
                              (mark_id,)).fetchone()
            if row is None:
                raise CasefileError(f"There is no redaction mark {mark_id}.")
            mark = _mark(row)
            con.execute("DELETE FROM redaction_marks WHERE id = ?", (mark_id,))
            custody.append(con, actor=archive.actor, action="redaction-mark-remove",
                           item_id=mark.item_id, detail=_detail(mark))
        log.info("redaction mark %d removed", mark_id)
        return mark


def _detail(mark: RedactionMark) -> dict[str, object]:
    detail: dict[str, object] = {"mark": mark.id, "case_id": mark.case_id, "kind": mark.kind}
    if mark.kind == TERM:
        detail["term"] = mark.term  # the archive's own log; redacted exports redact it too
    else:
        detail |= {"page": mark.page, "box": list(mark.box or ())}
    return detail
