"""Qt item models over archive values: the case list and the search results (and row helpers)."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from archive.models import STATUS_FAILED, STATUS_PARTIAL, STATUS_PENDING, Case, Hit, Item

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("models", text)


def status_label(status: str) -> str:
    """The status as shown to people."""
    labels = {
        "ok": _tr("ok"), "partial": _tr("partly read"), "failed": _tr("failed"),
        "stored": _tr("stored, no text"), "pending": _tr("not read yet"),
    }
    return labels.get(status, status)


class CaseListModel(QAbstractListModel):
    """"All items" followed by the cases, each with its item count."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 1  # int, or None for "All items"
    CaseTitleRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []

    def set_cases(self, cases: list[Case]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self.endResetModel()

    def cases(self) -> list[Case]:
        return list(self._cases)

    def row_of(self, case_id: int | None) -> int:
        """The row showing this case (0, "All items", when it is not there)."""
        for row, case in enumerate(self._cases, 1):
            if case.id == case_id:
                return row
        return 0

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._cases) + 1

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() <= len(self._cases):
            return None
        case = self._cases[index.row() - 1] if index.row() else None
        if role == _DISPLAY:
            if case is None:
                return _tr("All items")
            return f"{case.title} ({case.item_count})"
        if role == _TOOLTIP:
            if case is None:
                return _tr("Every item in the archive")
            return case.summary or case.title
        if role == self.CaseIdRole:
            return None if case is None else case.id
        if role == self.CaseTitleRole:
            return None if case is None else case.title
        return None


def item_date(item: Item) -> str:
    """The date people care about: when it was collected, else when it came into the archive."""
    return (item.collected_at or item.ingested_at)[:10]


def status_brush(status: str) -> QBrush | None:
    if status == STATUS_FAILED:
        return QBrush(QColor("#b3261e"))
    if status in (STATUS_PARTIAL, STATUS_PENDING):
        return QBrush(QColor("#8a5a00"))
    return None


class SourceSortedProxy(QSortFilterProxyModel):
    """Filters the rows; sorting is left to the source model's own ``sort``.

    QSortFilterProxyModel sorts by calling the Python model's data() twice per comparison:
    for 10,000 items or entities that froze the window for seconds (issue 8). A model that
    sorts its rows once with a key does it in milliseconds."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


class SortsOwnRows:
    """``sort`` for a table model over a Python list ``self._rows`` that orders it with a key
    in ``_sort_rows()`` (ties keep their order) and gives a row by number (``row_at``):
    persistent indexes (the selection) follow their rows. Put before the Qt model class."""

    _rows: list[Any]
    _sorted_by: tuple[int, Qt.SortOrder] | None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model: Any = self
        self._sorted_by = (column, order)
        model.layoutAboutToBeChanged.emit()
        before = model.persistentIndexList()
        rows = [model.row_at(i.row()) for i in before]
        self._sort_rows()
        place = {id(r): n for n, r in enumerate(self._rows)}
        after = [model.index(place[id(r)], i.column()) if r is not None else QModelIndex()
                 for r, i in zip(rows, before, strict=True)]
        model.changePersistentIndexList(before, after)
        model.layoutChanged.emit()

    def _sort_rows(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One search hit with what the list shows about its item."""

    hit: Hit
    title: str
    kind: str
    grade: str = ""  # the item's grade ("B2"), or ""


class SearchResultModel(QAbstractListModel):
    """Search hits: title, page and the HTML snippet (drawn by SnippetDelegate)."""

    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    PageRole = Qt.ItemDataRole.UserRole + 2
    SnippetRole = Qt.ItemDataRole.UserRole + 3  # HTML, <b> around matched words
    HeadingRole = Qt.ItemDataRole.UserRole + 4  # plain "Title · page 3"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ResultRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == self.HeadingRole:
            return self._heading(row)
        if role in (_DISPLAY, _TOOLTIP):
            return f"{self._heading(row)}\n{_plain(row.hit.snippet)}"
        if role == self.ItemIdRole:
            return row.hit.item_id
        if role == self.PageRole:
            return row.hit.page
        if role == self.SnippetRole:
            return row.hit.snippet
        return None

    def _heading(self, row: ResultRow) -> str:
        heading = row.title
        if row.hit.page:
            heading = _tr("{title} · page {page}").format(title=row.title, page=row.hit.page)
        if row.grade:
            heading += _tr(" · graded {grade}").format(grade=row.grade)
        near = len(row.hit.near_duplicates)
        if near:
            heading += (_tr(" · 1 near-duplicate") if near == 1 else
                        _tr(" · {n} near-duplicates").format(n=near))
        return heading


def _plain(html_snippet: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_snippet)).split())
