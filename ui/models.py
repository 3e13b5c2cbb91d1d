"""Qt item models over archive values: the case list, the item table and the search results."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from archive.models import STATUS_FAILED, STATUS_PARTIAL, STATUS_PENDING, Case, Hit, Item

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole


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


class ItemTableModel(QAbstractTableModel):
    """The items of one case (or of the archive): title, kind, date, pages, status."""

    COL_TITLE, COL_KIND, COL_DATE, COL_PAGES, COL_STATUS = range(5)
    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    StatusRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._headers = (_tr("Title"), _tr("Kind"), _tr("Date"), _tr("Pages"), _tr("Status"))

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> Item | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int:
        return next((r for r, it in enumerate(self._items) if it.id == item_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        col = index.column()
        if role == _DISPLAY:
            return self._display(item, col)
        if role == self.SortRole:
            return item.page_count if col == self.COL_PAGES else self._display(item, col)
        if role == _TOOLTIP:
            return self._tooltip(item)
        if role == _FOREGROUND and col == self.COL_STATUS:
            return _status_brush(item.status)
        if role == _ALIGN and col == self.COL_PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ItemIdRole:
            return item.id
        if role == self.StatusRole:
            return item.status
        return None

    def _display(self, item: Item, col: int) -> str | None:
        if col == self.COL_TITLE:
            return item.title or item.filename
        if col == self.COL_KIND:
            return item.kind
        if col == self.COL_DATE:
            return item_date(item)
        if col == self.COL_PAGES:
            return str(item.page_count)
        if col == self.COL_STATUS:
            return status_label(item.status)
        return None

    def _tooltip(self, item: Item) -> str:
        lines = [item.filename]
        if item.reason:
            lines.append(f"{status_label(item.status)}: {item.reason}")
        return "\n".join(lines)


def item_date(item: Item) -> str:
    """The date people care about: when it was collected, else when it came into the archive."""
    return (item.collected_at or item.ingested_at)[:10]


def _status_brush(status: str) -> QBrush | None:
    if status == STATUS_FAILED:
        return QBrush(QColor("#b3261e"))
    if status in (STATUS_PARTIAL, STATUS_PENDING):
        return QBrush(QColor("#8a5a00"))
    return None


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One search hit with what the list shows about its item."""

    hit: Hit
    title: str
    kind: str


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
        if row.hit.page:
            return _tr("{title} · page {page}").format(title=row.title, page=row.hit.page)
        return row.title


def _plain(html_snippet: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_snippet)).split())
