"""Qt models of entities and of suggested mentions (rows loaded in the background)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from archive.entity_models import (
    DETECTOR,
    SUGGESTED,
    WATCHLIST,
    Entity,
    Mention,
    MentionCounts,
)
from ui.entity_style import shown_name, shown_quote, type_colour, type_label
from ui.models import SortsOwnRows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from archive.service import Archive

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
ENTITY_MIME = "application/x-casefile-entity-ids"
SUGGESTION_LIMIT = 500  # suggestions listed for the whole archive at once


def _tr(text: str) -> str:
    return QCoreApplication.translate("entity_models", text)


def origin_label(origin: str) -> str:
    return {DETECTOR: _tr("detector"), WATCHLIST: _tr("watchlist")}.get(origin, _tr("by hand"))


# --- entities ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EntityRow:
    entity: Entity
    confirmed: int  # confirmed mentions
    suggested: int


def load_entity_rows(archive: Archive, type_: str | None = None) -> list[EntityRow]:
    """Runs in a background task: the entities (of one type) with their mention counts."""
    entities = archive.entities(type=type_)
    counts = archive.mention_counts()
    none = MentionCounts()
    return [EntityRow(e, counts.get(e.id, none).confirmed, counts.get(e.id, none).suggested)
            for e in entities]


# Worked out once: the list asks each row's flags as it lays itself out, and or-ing Python
# enums there was half the UI thread's time showing 4,909 entities (issue 8). A row never has
# children, so the list does not ask the proxy for them either.
_ROW_FLAGS = (Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsEnabled
              | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
              | Qt.ItemFlag.ItemNeverHasChildren)


class EntityListModel(SortsOwnRows, QAbstractTableModel):
    """Entities: name (a pseudonym with a lock when protected), type, confirmed mentions.
    Dragging one entity onto another asks to merge them (``merge_requested``)."""

    COL_NAME, COL_TYPE, COL_CONFIRMED = 0, 1, 2
    EntityIdRole = Qt.ItemDataRole.UserRole + 1
    TypeRole = Qt.ItemDataRole.UserRole + 2
    ProtectedRole = Qt.ItemDataRole.UserRole + 3
    SortRole = Qt.ItemDataRole.UserRole + 4

    merge_requested = Signal(int, int)  # the entity dropped (merged away), the one kept

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EntityRow] = []
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None  # column, order

    def set_rows(self, rows: Sequence[EntityRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        if self._sorted_by is None or not 0 <= self._sorted_by[0] < 3:
            return
        column, order = self._sorted_by
        labels = {t: type_label(t) for t in {r.entity.type for r in self._rows}}

        def key(r: EntityRow) -> str | int:
            if column == self.COL_NAME:
                return shown_name(r.entity).casefold()
            return labels[r.entity.type] if column == self.COL_TYPE else r.confirmed

        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def row_at(self, row: int) -> EntityRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: int) -> int:
        return next((r for r, x in enumerate(self._rows) if x.entity.id == entity_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        return {self.COL_NAME: _tr("Name"), self.COL_TYPE: _tr("Type"),
                self.COL_CONFIRMED: _tr("Conf.")}.get(section)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < 3:
            return None
        e, col = row.entity, index.column()
        if role == _DISPLAY:
            return (shown_name(e), type_label(e.type), row.confirmed)[col]
        if role == self.SortRole:
            return (shown_name(e).casefold(), type_label(e.type), row.confirmed)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_NAME:
            return type_colour(e.type)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_CONFIRMED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _TOOLTIP:
            return self._tooltip(row)
        if role == self.EntityIdRole:
            return e.id
        if role == self.TypeRole:
            return e.type
        if role == self.ProtectedRole:
            return e.protected
        return None

    def _tooltip(self, row: EntityRow) -> str:
        e = row.entity
        lines = [f"{shown_name(e)} — {type_label(e.type)}"]
        if e.protected:
            lines.append(_tr("Protected: shown by a pseudonym; its entity page can reveal"
                             " the name."))
        elif e.aliases:
            lines.append(_tr("Also: {names}").format(names=", ".join(e.aliases)))
        lines.append(_tr("{c} confirmed, {s} suggested mentions").format(
            c=row.confirmed, s=row.suggested))
        lines.append(_tr("Double-click: its page. Drag onto another entity to merge them."))
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    # --- drag one entity onto another: merge ------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ENTITY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({int(i.data(self.EntityIdRole)) for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(ENTITY_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return data.hasFormat(ENTITY_MIME) and parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """Nothing moves here: the window asks first, then merges through the archive."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.row_at(parent.row())
        raw = bytes(data.data(ENTITY_MIME).data()).decode()
        ids = [int(x) for x in raw.split(",") if x.isdigit()]
        if target is None or len(ids) != 1 or ids[0] == target.entity.id:
            return False
        self.merge_requested.emit(ids[0], target.entity.id)
        return False


# --- suggestions ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SuggestionRow:
    mention: Mention
    entity: Entity
    item_title: str


def load_suggestions(archive: Archive, item_id: int | None, limit: int = SUGGESTION_LIMIT
                     ) -> tuple[list[SuggestionRow], bool]:
    """Runs in a background task: the suggested mentions of an item (or of the archive, the
    first ``limit``), and whether there were more."""
    found = archive.mentions(item_id=item_id, state=SUGGESTED,
                             limit=None if item_id is not None else limit + 1)
    more = item_id is None and len(found) > limit
    found = found[:limit] if item_id is None else found
    entities = {eid: archive.entity(eid) for eid in {m.entity_id for m in found}}
    titles: dict[int, str] = {}
    for m in found:
        if m.item_id not in titles:
            item = archive.item(m.item_id)
            titles[m.item_id] = item.title or item.filename
    return [SuggestionRow(m, entities[m.entity_id], titles[m.item_id]) for m in found], more


class SuggestionModel(QAbstractTableModel):
    """Suggested mentions: the words, type, entity, who suggested it and where (item, page)."""

    COL_QUOTE, COL_TYPE, COL_ENTITY, COL_ORIGIN, COL_WHERE = range(5)
    MentionIdRole = Qt.ItemDataRole.UserRole + 1
    ItemIdRole = Qt.ItemDataRole.UserRole + 2
    PageRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SuggestionRow] = []
        self.titles = True  # "Where" names the item (not needed when listing one item)

    def set_rows(self, rows: Sequence[SuggestionRow], *, titles: bool = True) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.titles = titles
        self.endResetModel()

    def row_at(self, row: int) -> SuggestionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _DISPLAY:
            return None
        names = (_tr("Words"), _tr("Type"), _tr("Entity"), _tr("By"), _tr("Where"))
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < 5:
            return None
        m, e = row.mention, row.entity
        if role == _DISPLAY:
            where = (_tr("{title} · p. {page}").format(title=row.item_title, page=m.page)
                     if self.titles else _tr("page {page}").format(page=m.page))
            return (shown_quote(m.quote, e), type_label(e.type), shown_name(e),
                    origin_label(m.origin), where)[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == self.COL_TYPE:
            return type_colour(e.type)
        if role == _TOOLTIP:
            return _tr("“{quote}” — suggested as {name} ({type}) by the {origin}, in {title},"
                       " page {page}. Double-click to read it there.").format(
                quote=shown_quote(m.quote, e), name=shown_name(e), type=type_label(e.type),
                origin=origin_label(m.origin), title=row.item_title, page=m.page)
        if role == self.MentionIdRole:
            return m.id
        if role == self.ItemIdRole:
            return m.item_id
        if role == self.PageRole:
            return m.page
        return None
