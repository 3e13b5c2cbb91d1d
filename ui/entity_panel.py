"""The entities panel: every entity with its confirmed mentions, filtered by type; rename,
merge (menu or drag and drop) and delete, each confirmed first."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive.entity_models import Entity
from archive.service import Archive
from ui.entity_models import EntityListModel, EntityRow, load_entity_rows
from ui.entity_style import shown_name, type_choices, type_label
from ui.models import SourceSortedProxy
from ui.tasks import RunFn

log = logging.getLogger(__name__)



class EntitiesPanel(QWidget):
    """Entities of the archive; double-click opens an entity's page (``open_entity``)."""

    changed = Signal()  # an entity was renamed, merged or deleted
    loaded = Signal()
    open_entity = Signal(int)
    message = Signal(str)

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self.model = EntityListModel(self)
        self.model.merge_requested.connect(self.merge_dialog)
        self.proxy = SourceSortedProxy(self)  # the model sorts itself: fast for 10,000
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(EntityListModel.COL_NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTreeView()
        self.view.setObjectName("entityList")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(EntityListModel.COL_CONFIRMED, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(EntityListModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EntityListModel.COL_TYPE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(EntityListModel.COL_TYPE, 70)
        # Wide enough for five digits, not ResizeToContents: that measured every row each
        # time the list was filled (half a second of the UI thread for 10,000 entities).
        header.setSectionResizeMode(EntityListModel.COL_CONFIRMED,
                                    QHeaderView.ResizeMode.Interactive)
        header.resizeSection(EntityListModel.COL_CONFIRMED, max(
            header.sectionSizeHint(EntityListModel.COL_CONFIRMED),
            self.view.fontMetrics().horizontalAdvance("00000") + 12))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)

        self.type_filter = QComboBox()
        self.type_filter.setObjectName("entityTypeFilter")
        self.type_filter.addItem(self.tr("All types"), None)
        for value, label in type_choices():
            self.type_filter.addItem(label, value)
        self.type_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.name_filter = QLineEdit()
        self.name_filter.setObjectName("entityNameFilter")
        self.name_filter.setPlaceholderText(self.tr("Filter names"))
        self.name_filter.setClearButtonEnabled(True)
        self.name_filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("entitiesEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty_hint.setContentsMargins(6, 4, 6, 4)

        filters = QHBoxLayout()
        filters.setContentsMargins(2, 2, 2, 2)
        filters.setSpacing(2)
        filters.addWidget(self.type_filter, 1)
        filters.addWidget(self.name_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(filters)
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.view, 1)
        self.view.setVisible(False)

    # --- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        archive, type_ = self.archive, self.type_filter.currentData()
        self._run("entities", lambda: load_entity_rows(archive, type_), self._rows_done)

    def _rows_done(self, rows: list[EntityRow]) -> None:
        self.model.set_rows(rows)
        if self.type_filter.currentData() is None:
            self.empty_hint.setText(self.tr(
                "No entities yet. Select words in an item's text and press <b>Ctrl+T</b>"
                " (<b>Tag as entity…</b>) to tag a person, place, phone number or wallet;"
                " detectors suggest numbers, e-mails and wallets when evidence comes in."))
        else:
            self.empty_hint.setText(self.tr("No entities of this type.").format())
        self.empty_hint.setVisible(not rows)
        self.view.setVisible(bool(rows))
        self.loaded.emit()

    def entity_at(self, proxy_row: int) -> Entity | None:
        source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0))
        row = self.model.row_at(source.row())
        return row.entity if row is not None else None

    def selected(self) -> list[Entity]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [e for e in (self.entity_at(r) for r in rows) if e is not None]

    def _entity(self, entity_id: int) -> Entity | None:
        row = self.model.row_at(self.model.row_of(entity_id))
        return row.entity if row is not None else None

    def _confirmed(self, entity_id: int) -> int:
        row = self.model.row_at(self.model.row_of(entity_id))
        return row.confirmed if row is not None else 0

    # --- actions ------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        entity = self.entity_at(index.row())
        if entity is not None:
            self.open_entity.emit(entity.id)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        chosen = self.selected()
        clicked = self.entity_at(index.row())
        if clicked is None:
            return
        if clicked.id not in {e.id for e in chosen}:
            chosen = [clicked]
        menu = QMenu(self)
        menu.addAction(self.tr("Open its page"), lambda: self.open_entity.emit(clicked.id))
        if len(chosen) == 2:
            a, b = chosen
            menu.addAction(self.tr("Merge “{a}” into “{b}”…").format(
                a=shown_name(a), b=shown_name(b)), lambda: self.merge_dialog(a.id, b.id))
            menu.addAction(self.tr("Merge “{b}” into “{a}”…").format(
                a=shown_name(a), b=shown_name(b)), lambda: self.merge_dialog(b.id, a.id))
        else:
            menu.addAction(self.tr("Merge into…"), lambda: self.merge_into_dialog(clicked.id))
        menu.addAction(self.tr("Rename…"), lambda: self.rename_dialog(clicked.id))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete_dialog(clicked.id))
        self.menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def merge_into_dialog(self, entity_id: int) -> None:
        """Choose which entity ``entity_id`` is folded into."""
        other = self._entity(entity_id)
        if other is None:
            return
        targets = [r.entity for r in (self.model.row_at(i) for i in range(self.model.rowCount()))
                   if r is not None and r.entity.id != entity_id]
        labels = [f"{shown_name(e)} ({type_label(e.type)})" for e in targets]
        label, ok = QInputDialog.getItem(
            self, self.tr("Merge into…"),
            self.tr("Fold “{name}” into which entity?").format(name=shown_name(other)),
            labels, 0, False)
        if ok and label in labels:
            self.merge_dialog(entity_id, targets[labels.index(label)].id)

    def merge_question(self, other: Entity, keep: Entity) -> str:
        return self.tr(
            "Merge “{other}” into “{keep}”?\n\nIts {n} mentions ({c} confirmed), its name and"
            " aliases, notes and sources move to “{keep}”; “{other}” is then deleted. Nothing"
            " else is lost, and the custody log records the merge.").format(
            other=shown_name(other), keep=shown_name(keep), n=other.mentions,
            c=self._confirmed(other.id))

    def merge_dialog(self, other_id: int, keep_id: int) -> None:
        other, keep = self._entity(other_id), self._entity(keep_id)
        if other is None or keep is None or other.id == keep.id:
            return
        answer = QMessageBox.question(self, self.tr("Merge entities"),
                                      self.merge_question(other, keep))
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(keep.id, other.id)

    def merge(self, keep_id: int, other_id: int) -> None:
        archive = self.archive

        def done(kept: Entity) -> None:
            self.message.emit(self.tr("Merged into {name}.").format(name=shown_name(kept)))
            self.changed.emit()

        self._run("merge", lambda: archive.merge_entities(keep_id, other_id), done)

    def rename_dialog(self, entity_id: int) -> None:
        entity = self._entity(entity_id)
        if entity is None:
            return
        new_name, ok = QInputDialog.getText(
            self, self.tr("Rename entity"),
            self.tr("New name of {name} (the old one stays as an alias):").format(
                name=shown_name(entity)),
            text="" if entity.protected else entity.name)
        if ok and new_name.strip() and new_name.strip() != entity.name:
            self.rename(entity_id, new_name.strip())

    def rename(self, entity_id: int, new_name: str) -> None:
        archive = self.archive
        self._run("rename entity", lambda: archive.rename_entity(entity_id, new_name),
                  lambda _e: self.changed.emit())

    def delete_dialog(self, entity_id: int) -> None:
        """Count its mentions (rejected ones too) in the background, then ask."""
        entity = self._entity(entity_id)
        if entity is None:
            return
        archive = self.archive
        self._run("count mentions",
                  lambda: sum(c.total for c in archive.mention_counts([entity_id]).values()),
                  lambda n: self._ask_delete(entity, n))

    def _ask_delete(self, entity: Entity, mentions: int) -> None:
        answer = QMessageBox.question(
            self, self.tr("Delete entity"),
            self.tr("Delete “{name}” ({type}) and its {n} mentions? The evidence is not"
                    " touched; the custody log records the deletion.").format(
                name=shown_name(entity), type=type_label(entity.type), n=mentions))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(entity.id)

    def delete(self, entity_id: int) -> None:
        archive = self.archive

        def done(gone: int) -> None:
            self.message.emit(self.tr("Entity deleted with {n} mentions.").format(n=gone))
            self.changed.emit()

        self._run("delete entity", lambda: archive.delete_entity(entity_id), done)
