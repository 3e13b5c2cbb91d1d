"""The item tree: a case's items, with e-mail attachments and archive members under their parent."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView

from archive.entity_models import grade_meaning
from archive.models import Item
from ui.models import SourceSortedProxy, item_date, status_brush, status_label

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_NO_PARENT = 0  # internal id of top-level rows (item ids start at 1)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole


# Worked out once: the tree asks each row's flags as it lays itself out (issue 8).
_LEAF_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemNeverHasChildren)
_PARENT_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
# Top-level rows the tree gets at first, then more as it scrolls near the end (fetchMore):
# laying out 10,000 rows took the UI thread 100-200 ms on opening an archive, each time the
# list was filled (issue 8); a few hundred take milliseconds.
FETCH_ROWS = 400


def _tr(text: str) -> str:
    return QCoreApplication.translate("item_tree", text)


def children_label(children: list[Item]) -> str:
    """'2 attachments' for an e-mail, '3 files inside' for a ZIP or another container."""
    n = len(children)
    if children and all(c.kind == "attachment" for c in children):
        return _tr("1 attachment") if n == 1 else _tr("{n} attachments").format(n=n)
    return _tr("1 file inside") if n == 1 else _tr("{n} files inside").format(n=n)


def count_text(items: list[Item]) -> str:
    """'12 items · 2 failed' for the status bar (attachments and members count as items)."""
    n = len(items)
    text = _tr("1 item") if n == 1 else _tr("{n} items").format(n=n)
    failed = sum(1 for i in items if i.status == "failed")
    if failed:
        text += _tr(" · {n} failed").format(n=failed)
    return text


class ItemRows:
    """The items of one list as the tree shows them: which are under which, in what order,
    and each one's columns as text. Plain Python, so a long list can be made and sorted in a
    background task (10,000 items: 40 ms) and handed to ItemTreeModel.set_rows."""

    (COL_TITLE, COL_NUMBER, COL_KIND, COL_DATE, COL_LANGUAGE, COL_PAGES, COL_TAGS, COL_GRADE,
     COL_STATUS, COL_EXHIBIT) = range(10)  # the view shows the exhibit column first

    def __init__(self) -> None:
        self.listed: list[Item] = []  # in the archive's order
        self._items: dict[int, Item] = {}
        self._rows: dict[int, list[int]] = {_NO_PARENT: []}  # parent id -> child ids in order
        self._place: dict[int, tuple[int, int]] = {}  # item id -> (parent id, row)
        self._tags: dict[int, tuple[str, ...]] = {}
        self._exhibits: dict[int, str] = {}  # item id -> "E-003" in the chosen case
        self._exhibit_order: dict[int, int] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None  # column, order

    @classmethod
    def of(cls, items: list[Item], tags: dict[int, tuple[str, ...]] | None = None,
           exhibits: dict[int, str] | None = None,
           sorted_by: tuple[int, Qt.SortOrder] | None = None) -> ItemRows:
        """These items (``exhibits``: their exhibit numbers in the chosen case, none when the
        list is not one case's), sorted by ``sorted_by``; in any thread."""
        rows = cls()
        rows.listed = list(items)
        rows._items = {i.id: i for i in items}
        rows._tags = dict(tags or {})
        rows._exhibits = dict(exhibits or {})
        rows._exhibit_order = {item_id: n for n, item_id in enumerate(rows._exhibits, 1)}
        for item in items:
            parent = item.parent_id if item.parent_id in rows._items else _NO_PARENT
            rows._rows.setdefault(int(parent or _NO_PARENT), []).append(item.id)
        rows._sorted_by = sorted_by
        rows._sort_rows()
        return rows

    def take(self, other: ItemRows) -> None:
        """Hold what ``other`` holds."""
        self.listed, self._items, self._rows = other.listed, other._items, other._rows
        self._place, self._tags, self._exhibits = other._place, other._tags, other._exhibits
        self._exhibit_order, self._sorted_by = other._exhibit_order, other._sorted_by

    def _descending(self) -> bool:
        return self._sorted_by is not None and self._sorted_by[1] == Qt.SortOrder.DescendingOrder

    def _top_key(self, item_id: int) -> int | str:
        assert self._sorted_by is not None
        return self._sort_key(self._items[item_id], self._sorted_by[0])

    def _top_id(self, item_id: int) -> int:
        """The top-level item this one is, or is under."""
        place = self._place.get(item_id)
        while place is not None and place[0] != _NO_PARENT:
            item_id = place[0]
            place = self._place.get(item_id)
        return item_id

    def _sort_rows(self) -> None:
        if self._sorted_by is not None:
            descending = self._descending()
            for ids in self._rows.values():
                ids.sort(key=self._top_key, reverse=descending)
        self._place = {
            item_id: (parent, row)
            for parent, ids in self._rows.items() for row, item_id in enumerate(ids)
        }

    def _sort_key(self, item: Item, column: int) -> int | str:
        """What SortRole gives, strings compared without case."""
        if column == self.COL_PAGES:
            return item.page_count
        if column == self.COL_NUMBER:
            return item.id
        if column == self.COL_EXHIBIT:  # numbered ones in order, then the rest
            return self._exhibit_order.get(item.id, len(self._exhibit_order) + item.id)
        return (self._display(item, column) or "").casefold()

    def children_of(self, item_id: int) -> list[Item]:
        return [self._items[i] for i in self._rows.get(item_id, ())]

    def _display(self, item: Item, col: int) -> str | None:
        if col == self.COL_TITLE:
            title = item.title or item.filename
            children = self.children_of(item.id)
            return f"{title} ({children_label(children)})" if children else title
        if col == self.COL_NUMBER:
            return str(item.id)
        if col == self.COL_KIND:
            return item.kind
        if col == self.COL_LANGUAGE:
            return item.languages
        if col == self.COL_TAGS:
            return ", ".join(self._tags.get(item.id, ()))
        if col == self.COL_DATE:
            return item_date(item)
        if col == self.COL_GRADE:
            return item.grade
        if col == self.COL_PAGES:
            return str(item.page_count)
        if col == self.COL_STATUS:
            return status_label(item.status)
        if col == self.COL_EXHIBIT:
            return self._exhibits.get(item.id, "")
        return None


class ItemTreeModel(ItemRows, QAbstractItemModel):
    """Items as a tree built from their parent ids: title, number, kind, date, language, pages,
    tags, grade, status, and the exhibit number each has in the chosen case's dossier.

    Holds the items of one list; a child whose parent is not in the list is shown at the top
    level. An index's internal id is the id of its parent item (0 at the top level).

    The top level is given to views FETCH_ROWS rows at a time (canFetchMore / fetchMore: the
    tree asks for more as it scrolls near the end); ``fetch_all()`` and ``reveal()`` give
    more at once, for a filter and for an item to select. Sorting orders every item.
    """

    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    StatusRole = Qt.ItemDataRole.UserRole + 3
    ChildCountRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: Any = None) -> None:
        QAbstractItemModel.__init__(self, parent)
        ItemRows.__init__(self)
        self._shown = 0  # top-level rows given to views so far
        self._haystacks: dict[int, str] | None = None  # item id -> its columns, for a filter
        self._headers = (_tr("Title"), _tr("No."), _tr("Kind"), _tr("Date"), _tr("Language"),
                         _tr("Pages"), _tr("Tags"), _tr("Grade"), _tr("Status"),
                         _tr("Exhibit"))

    # --- contents -----------------------------------------------------------------------
    def set_items(self, items: list[Item], tags: dict[int, tuple[str, ...]] | None = None,
                  exhibits: dict[int, str] | None = None) -> None:
        """Show these items; ``exhibits``: their exhibit numbers in the chosen case (none when
        the list is not one case's)."""
        self.set_rows(ItemRows.of(items, tags, exhibits, self._sorted_by))

    @property
    def sorted_by(self) -> tuple[int, Qt.SortOrder] | None:
        """The column and order the rows are sorted by (None: the archive's order)."""
        return self._sorted_by

    def set_rows(self, rows: ItemRows) -> None:
        """Show these rows, made with ItemRows.of() (in the background, for a long list);
        sorted again if the list was sorted otherwise meanwhile."""
        if rows._sorted_by != self._sorted_by:
            rows._sorted_by = self._sorted_by
            rows._sort_rows()
        self.beginResetModel()
        self.take(rows)
        self._shown = min(FETCH_ROWS, len(self._rows[_NO_PARENT]))
        self._haystacks = None
        self.endResetModel()

    # --- giving the top level a part at a time ------------------------------------------
    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._shown < len(self._rows[_NO_PARENT])

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if not parent.isValid():
            self._show_rows(self._shown + FETCH_ROWS)

    def fetch_all(self) -> None:
        """Every top-level row, at once (a filter must see them all)."""
        self._show_rows(len(self._rows[_NO_PARENT]))

    def reveal(self, item_id: int) -> None:
        """Give views the rows down to this item's (its top-level row and those above it)."""
        row = self.top_row(item_id)
        if row is not None:
            self._show_rows(row + 1)

    def forget_rows(self, keep: int = 0) -> None:
        """Give views only the first ``keep`` top-level rows again (FETCH_ROWS at least), as
        after set_items: a cleared filter does not leave the tree laying out every item."""
        count = max(keep, FETCH_ROWS)
        if count < self._shown:
            self.beginRemoveRows(QModelIndex(), count, self._shown - 1)
            self._shown = count
            self.endRemoveRows()

    def _show_rows(self, count: int) -> None:
        count = min(count, len(self._rows[_NO_PARENT]))
        if count > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, count - 1)
            self._shown = count
            self.endInsertRows()

    def top_row(self, item_id: int) -> int | None:
        """The row of the top-level item this one is (or is under); None if not listed."""
        place = self._place.get(self._top_id(item_id))
        return place[1] if place is not None else None

    def parent_ids(self, first: int = 0, last: int | None = None) -> list[int]:
        """The items that have children in the list (those under the top-level rows
        ``first`` to ``last``)."""
        if first == 0 and last is None:
            return [i for i in self._rows if i != _NO_PARENT]
        last = len(self._rows[_NO_PARENT]) - 1 if last is None else last
        return [i for i in self._rows
                if i != _NO_PARENT and first <= (self.top_row(i) or 0) <= last]

    def row_matches(self, row: int, parent: Index, needle: str) -> bool:
        """Whether a column of this row shows ``needle`` (casefolded), as the item filter
        wants. One call a row, on each item's columns worked out once: the proxy's own
        filter asked data() for every column of every row (10 Python calls a row, more than
        half a second for 10,000 items)."""
        item_id = self._id_at(self.index(row, 0, parent))
        if item_id is None:
            return False
        if self._haystacks is None:
            self._haystacks = {}
        hay = self._haystacks.get(item_id)
        if hay is None:
            item = self._items[item_id]
            hay = "\0".join(self._display(item, c) or "" for c in range(len(self._headers)))
            hay = self._haystacks[item_id] = hay.casefold()
        return needle in hay

    # --- sorting ------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows under each parent by ``column`` (ties keep the archive's order).

        The model sorts itself, in Python, once per list: a sorting proxy calls data() twice
        per comparison, which took 2.7 s of the UI thread for 10,000 items (issue 8); see
        SourceSortedProxy."""
        self._sorted_by = (column, order)
        kept = [item.id for item in map(self._item_at, self.persistentIndexList()) if item]
        if kept and self._shown < len(self._rows[_NO_PARENT]):
            # A selected row beyond the rows given so far after sorting: give them first
            # (rows cannot be added between layoutAboutToBeChanged and layoutChanged).
            top = sorted(self._rows[_NO_PARENT], key=self._top_key, reverse=self._descending())
            where = {item_id: n for n, item_id in enumerate(top)}
            tops = (self._top_id(i) for i in kept)
            self._show_rows(max(where.get(t, 0) for t in tops) + 1)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._item_at(i) for i in before]
        self._sort_rows()
        after = [self.index_of(item.id, i.column()) if item is not None else QModelIndex()
                 for item, i in zip(ids, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def items(self) -> list[Item]:
        return list(self._items.values())

    def item(self, item_id: int) -> Item | None:
        return self._items.get(item_id)

    def exhibit_of(self, item_id: int) -> str:
        return self._exhibits.get(item_id, "")

    def tags_of(self, item_id: int) -> tuple[str, ...]:
        return self._tags.get(item_id, ())

    def all_tags(self) -> list[str]:
        """Every tag of the listed items, once each, in alphabetical order."""
        return sorted({t for tags in self._tags.values() for t in tags}, key=str.casefold)

    def index_of(self, item_id: int, column: int = 0) -> QModelIndex:
        """The index showing this item (invalid when it is not in the model)."""
        place = self._place.get(item_id)
        if place is None:
            return QModelIndex()
        top = self.top_row(item_id)
        if top is None or top >= self._shown:  # not given to views yet: see reveal()
            return QModelIndex()
        parent, row = place
        return self.createIndex(row, column, parent)

    def _item_at(self, index: Index) -> Item | None:
        item_id = self._id_at(index) if index.isValid() else None
        return self._items[item_id] if item_id is not None else None

    def _ids_under(self, parent: Index) -> list[int]:
        if not parent.isValid():
            return self._rows[_NO_PARENT][: self._shown]
        if parent.column() != 0:
            return []
        item = self._item_at(parent)
        return self._rows.get(item.id, []) if item is not None else []

    # --- QAbstractItemModel -------------------------------------------------------------
    # index(), hasChildren() and flags() are asked about every row each time the tree lays
    # itself out (through the proxy, for 10,000 items): they take the shortest way.
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not 0 <= column < len(self._headers):
            return QModelIndex()
        if not parent.isValid():
            if 0 <= row < self._shown:
                return self.createIndex(row, column, _NO_PARENT)
            return QModelIndex()
        ids = self._ids_under(parent)
        if not 0 <= row < len(ids):
            return QModelIndex()
        parent_item = self._item_at(parent)
        return self.createIndex(row, column, parent_item.id if parent_item else _NO_PARENT)

    def _id_at(self, index: Index) -> int | None:
        parent = int(index.internalId())
        ids = self._rows.get(parent)
        row = index.row()
        if ids is None or not 0 <= row < (self._shown if parent == _NO_PARENT else len(ids)):
            return None
        return ids[row]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        item_id = self._id_at(index)
        if item_id is None:
            return _NO_FLAGS
        return _PARENT_FLAGS if item_id in self._rows else _LEAF_FLAGS

    def parent(self, child: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent_id = int(child.internalId())
        if parent_id == _NO_PARENT:
            return QModelIndex()
        return self.index_of(parent_id)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return self._shown
        return len(self._ids_under(parent))

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(self._headers)

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        if not parent.isValid():
            return bool(self._rows[_NO_PARENT])  # rows to fetch count too
        if parent.column() != 0:
            return False
        item_id = self._id_at(parent)
        return item_id is not None and bool(self._rows.get(item_id))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        item = self._item_at(index)
        if item is None:
            return None
        col = index.column()
        if role == _DISPLAY:
            return self._display(item, col)
        if role == self.SortRole:
            return self._sort_key(item, col)
        if role == _TOOLTIP:
            if col == self.COL_GRADE:
                return self._grade_tooltip(item)
            if col == self.COL_NUMBER:
                return _tr("The item's number in this archive")
            if col == self.COL_EXHIBIT:
                return (_tr("The exhibit number this item has in the case's dossier and"
                            " exports (when the whole case is exported)")
                        if self._exhibits else
                        _tr("Choose a case: exhibit numbers are counted per case"))
            return self._tooltip(item)
        if role == _FOREGROUND and col == self.COL_STATUS:
            return status_brush(item.status)
        if role == _ALIGN and col in (self.COL_PAGES, self.COL_NUMBER, self.COL_EXHIBIT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ItemIdRole:
            return item.id
        if role == self.StatusRole:
            return item.status
        if role == self.ChildCountRole:
            return len(self._rows.get(item.id, ()))
        return None

    def _grade_tooltip(self, item: Item) -> str:
        if not item.grade:
            return _tr("Not graded: right-click, Grade the item's source…")
        meaning = grade_meaning(item.reliability, item.credibility)
        return _tr("From {source}: {meaning}").format(source=item.source_entity or "?",
                                                      meaning=meaning)

    def _tooltip(self, item: Item) -> str:
        lines = [item.filename]
        if item.reason:
            lines.append(f"{status_label(item.status)}: {item.reason}")
        return "\n".join(lines)


class ItemFilterProxy(SourceSortedProxy):
    """The item tree's proxy: rows filtered by a word in any column (ItemTreeModel.row_matches),
    sorting left to the model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        """Keep the rows with ``text`` in a column, whatever its case ("" keeps all)."""
        needle = text.casefold()
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        source = self.sourceModel()
        return isinstance(source, ItemTreeModel) and source.row_matches(
            source_row, source_parent, self._needle)


class ItemTree(QTreeView):
    """The item tree as the window shows it: sortable columns, one row selected at a time."""

    HIDDEN_AT_FIRST = (ItemTreeModel.COL_NUMBER, ItemTreeModel.COL_LANGUAGE)

    def __init__(self, model: ItemTreeModel) -> None:
        super().__init__()
        self.setObjectName("itemTable")
        self.source = model
        self.proxy = ItemFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.proxy.setRecursiveFilteringEnabled(True)  # an attachment that matches keeps its e-mail
        self.setModel(self.proxy)
        model.rowsInserted.connect(self._rows_given)  # after the proxy has mapped them
        self.setSortingEnabled(True)
        self.sortByColumn(ItemTreeModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setUniformRowHeights(True)
        self.setIndentation(16)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ItemTreeModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(30)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        header.setToolTip(_tr("Click to sort; right-click to choose the columns"))
        for col, width in ((ItemTreeModel.COL_NUMBER, 36), (ItemTreeModel.COL_KIND, 80),
                           (ItemTreeModel.COL_DATE, 80), (ItemTreeModel.COL_LANGUAGE, 64),
                           (ItemTreeModel.COL_PAGES, 44), (ItemTreeModel.COL_TAGS, 80),
                           (ItemTreeModel.COL_GRADE, 46), (ItemTreeModel.COL_STATUS, 64),
                           (ItemTreeModel.COL_EXHIBIT, 56)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.moveSection(header.visualIndex(ItemTreeModel.COL_EXHIBIT), 0)
        for col in self.HIDDEN_AT_FIRST:  # a small screen has room for the others
            header.hideSection(col)

    def column_menu(self) -> QMenu:
        """A check item per column (the title always shows)."""
        menu = QMenu(self)
        model, header = self.source, self.header()
        for col in range(1, model.columnCount()):
            action = menu.addAction(str(model.headerData(col, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(col))
            action.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        return menu

    def _choose_columns(self, point: QPoint) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.header().mapToGlobal(point))

    def set_items(self, items: list[Item], tags: dict[int, tuple[str, ...]] | None = None,
                  exhibits: dict[int, str] | None = None) -> None:
        """Show these items, parents opened so their attachments and members can be seen."""
        self.set_rows(ItemRows.of(items, tags, exhibits, self.source.sorted_by))

    def set_rows(self, rows: ItemRows) -> None:
        """Show these rows (made in the background), parents opened."""
        self.source.set_rows(rows)
        self._expand(self.source.parent_ids())

    def _expand(self, parent_ids: list[int]) -> None:
        """Open these items (those given to the view). Not expandAll(): it asks every row of
        10,000 whether it has children, 0.2 s of the UI thread."""
        for parent_id in parent_ids:
            index = self.proxy.mapFromSource(self.source.index_of(parent_id))
            if index.isValid():
                self.expand(index)

    def _rows_given(self, parent: QModelIndex, first: int, last: int) -> None:
        """More top-level rows (fetchMore): open those that have children."""
        if not parent.isValid():
            self._expand(self.source.parent_ids(first, last))

    def set_filter(self, text: str) -> None:
        """Keep only the rows with ``text`` in some column (title, kind, language, tags…)."""
        text = text.strip()
        if text:
            self.source.fetch_all()  # the filter looks at every item, not the rows given so far
        else:  # back to the first rows, and down to the selected one
            current = self.currentIndex().data(ItemTreeModel.ItemIdRole)
            top = self.source.top_row(int(current)) if current is not None else None
            self.source.forget_rows(top + 1 if top is not None else 0)
        self.proxy.set_needle(text)
        self._expand(self.source.parent_ids())

    def select_item(self, item_id: int) -> bool:
        """Make this item the current row without emitting selection signals; False if absent."""
        self.source.reveal(item_id)
        index = self.proxy.mapFromSource(self.source.index_of(item_id))
        selection = self.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            if not index.isValid():
                self.clearSelection()
                return False
            self.setCurrentIndex(index)
            self.scrollTo(index)
            return True
        finally:
            selection.blockSignals(blocked)
            self.viewport().update()
