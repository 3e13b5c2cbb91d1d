"""The timeline as a table: one event a row, for keyboard users and for copying into a report."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from ui.models import SortsOwnRows, SourceSortedProxy
from ui.timeline_model import EventRow

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("timeline", text)


def _disputed_text(row: EventRow) -> str:
    if not row.disputed:
        return ""
    return _tr("disputed") + (f": {row.dispute}" if row.dispute else "")


def cells(row: EventRow) -> list[str]:
    """The row's columns as text, in column order."""
    return [row.when, row.title, ", ".join(row.places), ", ".join(row.who or row.entities),
            str(row.sources or row.citations), _disputed_text(row)]


def tsv(rows: Sequence[EventRow]) -> str:
    """Rows as tab-separated text with a heading line (pastes as a table in a word processor
    or spreadsheet); tabs and line breaks inside a field become spaces."""
    lines = ["\t".join(EventTableModel.headings())]
    for row in rows:
        lines.append("\t".join(" ".join(c.split()) for c in cells(row)))
    return "\n".join(lines) + "\n"


class EventTableModel(SortsOwnRows, QAbstractTableModel):
    """Date as stated, title, place, who, number of sources, disputed."""

    COL_DATE, COL_TITLE, COL_PLACE, COL_ENTITIES, COL_SOURCES, COL_DISPUTED = range(6)
    EventIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    DisputedRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EventRow] = []
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None  # column, order

    @staticmethod
    def headings() -> list[str]:
        return [_tr("Date"), _tr("Event"), _tr("Place"), _tr("Who"), _tr("Sources"),
                _tr("Disputed")]

    def set_rows(self, rows: Sequence[EventRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        if self._sorted_by is None or not 0 <= self._sorted_by[0] < 6:
            return
        column, order = self._sorted_by
        self._rows.sort(key=lambda r: self.sort_key(r, column),
                        reverse=order == Qt.SortOrder.DescendingOrder)

    def sort_key(self, row: EventRow, col: int) -> Any:
        """What SortRole gives: the date's earliest moment, numbers, text without case."""
        if col == self.COL_DATE:
            return row.earliest
        if col == self.COL_SOURCES:
            return row.sources or row.citations
        if col == self.COL_DISPUTED:
            return int(row.disputed)
        return cells(row)[col].casefold()

    def rows(self) -> list[EventRow]:
        return list(self._rows)

    def row_at(self, row: int) -> EventRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, event_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == event_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < 6:
            return self.headings()[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            return cells(row)[col]
        if role == self.EventIdRole:
            return row.id
        if role == self.DisputedRole:
            return row.disputed
        if role == self.SortRole:
            return self.sort_key(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_TITLE and row.description:
                return row.description
            if col == self.COL_DISPUTED and row.disputed:
                return _disputed_text(row)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_DISPUTED and row.disputed:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.FontRole and col == self.COL_DISPUTED and row.disputed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_SOURCES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EventFilter(SourceSortedProxy):
    """Optionally keeps only disputed events; sorting is the model's own (EventTableModel.sort)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.disputed_only = False
        self.setSortRole(EventTableModel.SortRole)

    def set_disputed_only(self, on: bool) -> None:
        if on == self.disputed_only:
            return
        self.beginFilterChange()
        self.disputed_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.disputed_only:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return bool(index.data(EventTableModel.DisputedRole))

    def shown_rows(self) -> list[EventRow]:
        """The rows as shown (filtered, in the table's order)."""
        model = self.sourceModel()
        assert isinstance(model, EventTableModel)
        out = []
        for r in range(self.rowCount()):
            row = model.row_at(self.mapToSource(self.index(r, 0)).row())
            if row is not None:
                out.append(row)
        return out
