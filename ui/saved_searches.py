"""Saved searches in the window: the list with new-hit counts, saving, running, renaming."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from archive.searches import SavedCount
from archive.service import Archive
from ui.search_tools import add_clause, filter_clause
from ui.tasks import RunFn

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("saved", text)


def saved_query(query: str, case: str) -> str:
    """What the search box shows for a saved search: its query, narrowed to its case."""
    return add_clause(query, filter_clause("case", case)) if case else query


def new_label(count: SavedCount) -> str:
    """'3 new', 'nothing new', or why it could not be counted."""
    if count.error:
        return _tr("cannot run")
    if count.new == 1:
        return _tr("1 new")
    if count.new:
        return _tr("{n} new").format(n=count.new)
    return _tr("nothing new")


class SavedSearchModel(QAbstractListModel):
    """Saved searches by name, two lines each: the name, then "3 new · case" (the count first,
    so a narrow column cuts the case, not the count); bold while something is new."""

    SavedIdRole = Qt.ItemDataRole.UserRole + 1
    NameRole = Qt.ItemDataRole.UserRole + 2
    QueryRole = Qt.ItemDataRole.UserRole + 3  # as the search box shows it (with its case)
    NewCountRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SavedCount] = []

    def set_counts(self, counts: list[SavedCount]) -> None:
        self.beginResetModel()
        self._rows = list(counts)
        self.endResetModel()

    def counts(self) -> list[SavedCount]:
        return list(self._rows)

    def row_of(self, name: str) -> int:
        key = name.casefold()
        return next((r for r, c in enumerate(self._rows) if c.search.name.casefold() == key), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        count = self._rows[index.row()]
        saved = count.search
        if role == _DISPLAY:
            where = f" · {saved.case}" if saved.case else ""
            return f"{saved.name}\n{new_label(count)}{where}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(count)
        if role == Qt.ItemDataRole.FontRole and count.new and not count.error:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and count.error:
            return QBrush(QColor("#b3261e"))
        if role == self.SavedIdRole:
            return saved.id
        if role == self.NameRole:
            return saved.name
        if role == self.QueryRole:
            return saved_query(saved.query, saved.case)
        if role == self.NewCountRole:
            return count.new
        return None

    def _tooltip(self, count: SavedCount) -> str:
        saved = count.search
        lines = [_tr("Query: {q}").format(q=saved.query)]
        lines.append(_tr("Case: {c}").format(c=saved.case) if saved.case
                     else _tr("All cases"))
        if count.error:
            lines.append(count.error)
        else:
            lines.append(_tr("{total} items match, {new} new since the last run").format(
                total=count.total, new=count.new))
        if saved.last_run:
            lines.append(_tr("Last run {when}").format(when=saved.last_run[:16].replace("T", " ")))
        lines.append(_tr("Double-click or Enter runs it; right-click to rename or delete."))
        return "\n".join(lines)


class SaveSearchDialog(QDialog):
    """Asks a name for the current query, and whether to keep it to the selected case."""

    def __init__(self, query: str, case: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveSearchDialog")
        self.setWindowTitle(self.tr("Save search"))
        self.name = QLineEdit(query)
        self.name.selectAll()
        query_label = QLabel(query)
        query_label.setWordWrap(True)
        query_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_case = QCheckBox(
            self.tr("Only items of the case “{case}”").format(case=case) if case
            else self.tr("Only items of one case (select a case first)"))
        self.only_case.setEnabled(bool(case))
        form = QFormLayout(self)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Query:"), query_label)
        form.addRow("", self.only_case)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def search_name(self) -> str:
        return self.name.text().strip()


class SavedSearchPanel(QWidget):
    """The saved searches of the archive with their new-hit counts (counted in the background).
    Running one puts its query in the search box (``query_chosen``) and marks its hits seen."""

    query_chosen = Signal(str)
    counts_loaded = Signal()

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self.model = SavedSearchModel(self)
        self.list = QListView()
        self.list.setObjectName("savedSearches")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)  # two lines per search: keep them apart
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.activated.connect(self._activated)
        self.empty_hint = QLabel(self.tr(
            "No saved searches yet. Search, then <b>Save search…</b> (Ctrl+S) to keep the"
            " query and see here how many new items match it."))
        self.empty_hint.setObjectName("savedEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setContentsMargins(6, 4, 6, 4)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.list, 1)
        self.list.setVisible(False)

    # --- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Count the new hits of every saved search again (in the background)."""
        self._run("saved", self.archive.saved_counts, self._counts_done)

    def _counts_done(self, counts: list[SavedCount]) -> None:
        current = self.list.currentIndex().data(SavedSearchModel.NameRole)
        self.model.set_counts(counts)
        self.empty_hint.setVisible(not counts)
        self.list.setVisible(bool(counts))
        if current:
            row = self.model.row_of(str(current))
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row, 0))
        self.counts_loaded.emit()

    # --- actions ------------------------------------------------------------------------
    def save_dialog(self, query: str, case: str | None) -> None:
        dialog = SaveSearchDialog(query, case, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.search_name():
            self.save(dialog.search_name(), query,
                      case=case if dialog.only_case.isChecked() else None)

    def save(self, name: str, query: str, *, case: str | None = None) -> None:
        """Save the query being looked at: what it matches now counts as seen."""
        archive = self.archive
        self._run("save search", lambda: archive.save_search(name, query, case=case, seen=True),
                  lambda _saved: self.refresh())

    def run_saved(self, name: str) -> None:
        """Show the saved search's hits in the window and count them as seen."""
        row = self.model.row_of(name)
        if row < 0:
            return
        self.query_chosen.emit(str(self.model.index(row, 0).data(SavedSearchModel.QueryRole)))
        archive = self.archive
        self._run("mark seen", lambda: archive.mark_saved_seen(name), lambda _s: self.refresh())

    def rename(self, name: str, new_name: str) -> None:
        archive = self.archive
        self._run("rename search", lambda: archive.rename_saved(name, new_name),
                  lambda _s: self.refresh())

    def delete(self, name: str) -> None:
        archive = self.archive
        self._run("delete search", lambda: archive.delete_saved(name), lambda _r: self.refresh())

    def rename_dialog(self, name: str) -> None:
        new_name, ok = QInputDialog.getText(
            self, self.tr("Rename saved search"), self.tr("New name:"), text=name)
        if ok and new_name.strip() and new_name.strip() != name:
            self.rename(name, new_name)

    def delete_dialog(self, name: str) -> None:
        answer = QMessageBox.question(
            self, self.tr("Delete saved search"),
            self.tr("Delete the saved search “{name}”? The evidence it finds is not touched.")
            .format(name=name))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(name)

    def _activated(self, index: QModelIndex) -> None:
        name = index.data(SavedSearchModel.NameRole)
        if name:
            self.run_saved(str(name))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        name = index.data(SavedSearchModel.NameRole) if index.isValid() else None
        if not name:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Run"), lambda: self.run_saved(str(name)))
        menu.addAction(self.tr("Rename…"), lambda: self.rename_dialog(str(name)))
        menu.addAction(self.tr("Delete…"), lambda: self.delete_dialog(str(name)))
        menu.exec(self.list.viewport().mapToGlobal(pos))
