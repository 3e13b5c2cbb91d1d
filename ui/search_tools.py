"""Around the search box: facet counts to narrow a search, the syntax help, the query history."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive.entity_models import CREDIBILITY_MEANINGS, RELIABILITY_MEANINGS
from archive.models import LANGUAGE_NAMES, FacetCount

log = logging.getLogger(__name__)

HISTORY_SIZE = 50

# Facet -> the query field that narrows a search to one of its values.
FACET_FIELDS = {"case": "case", "kind": "kind", "tag": "tag", "entity": "entity",
                "language": "lang", "year": "date", "reliability": "reliability",
                "credibility": "credibility"}


_LANGUAGE_CODES = {name: code for code, name in LANGUAGE_NAMES.items()}


def _tr(text: str) -> str:
    return QCoreApplication.translate("search", text)


def facet_label(name: str) -> str:
    return {"case": _tr("Case"), "kind": _tr("Kind"), "tag": _tr("Tag"), "entity": _tr("Entity"),
            "language": _tr("Language"), "year": _tr("Year"),
            "reliability": _tr("Source reliability"),
            "credibility": _tr("Credibility")}.get(name, name)


def facet_value_label(name: str, value: str) -> str:
    """How a facet value is shown: grades with what they mean ("B · usually reliable")."""
    if name == "reliability" and value in RELIABILITY_MEANINGS:
        return f"{value} · {_tr(RELIABILITY_MEANINGS[value])}"
    if name == "credibility" and value.isdigit() and int(value) in CREDIBILITY_MEANINGS:
        return f"{value} · {_tr(CREDIBILITY_MEANINGS[int(value)])}"
    return value


def filter_clause(facet: str, value: str) -> str:
    """The query text that keeps only items with this facet value: kind:news, case:"KK Park"."""
    field = FACET_FIELDS.get(facet, facet)
    if facet == "language":  # shown by name, searched by code: "Chinese (Simplified)"
        value = _LANGUAGE_CODES.get(value, value)
    if value.isalnum():
        return f"{field}:{value}"
    return f'{field}:"{value.replace(chr(34), " ")}"'


def add_clause(query: str, clause: str) -> str:
    """``query`` narrowed by ``clause`` (unchanged if it already has it)."""
    query = query.strip()
    if f" {clause}" in f" {query}":
        return query
    if " OR " in query and not (query.startswith("(") and query.endswith(")")):
        query = f"({query})"
    return f"{query} {clause}".strip()


class FacetModel(QStandardItemModel):
    """Facets as a two-level tree: "Kind" > "news (12)"; each value knows its query clause."""

    ClauseRole = Qt.ItemDataRole.UserRole + 1
    CountRole = Qt.ItemDataRole.UserRole + 2

    def set_facets(self, facets: tuple[tuple[str, tuple[FacetCount, ...]], ...]) -> None:
        self.clear()
        for name, counts in facets:
            parent = QStandardItem(facet_label(name))
            parent.setEditable(False)
            parent.setSelectable(False)
            for count in counts:
                child = QStandardItem(f"{facet_value_label(name, count.value)} ({count.count})")
                child.setEditable(False)
                child.setData(filter_clause(name, count.value), self.ClauseRole)
                child.setData(count.count, self.CountRole)
                if count.also:  # an entity's other names, counted under its own
                    child.setToolTip(_tr("Also written: {names}").format(
                        names=", ".join(count.also)))
                parent.appendRow(child)
            self.appendRow(parent)


class FacetPanel(QTreeView):
    """Counts of the matching items per case, kind, tag, entity, language and year; a click
    on a value narrows the search to it."""

    clause_chosen = Signal(str)  # e.g. 'kind:news'

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.facets = FacetModel(self)
        self._shown: tuple[tuple[str, tuple[FacetCount, ...]], ...] = ()
        self.setModel(self.facets)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.setToolTip(_tr("Click a value to narrow the search to it."))
        self.activated.connect(self._chosen)
        self.clicked.connect(self._chosen)

    def show_facets(self, facets: tuple[tuple[str, tuple[FacetCount, ...]], ...]) -> None:
        """Show these counts; the same counts again (the next key of a word that matches the
        same items) leave the tree as it is, folded branches and all."""
        if facets == self._shown:
            return
        self._shown = facets
        self.facets.set_facets(facets)
        self.expandAll()

    def _chosen(self, index: QModelIndex) -> None:
        clause = index.data(FacetModel.ClauseRole)
        if clause:
            self.clause_chosen.emit(str(clause))


class SyntaxHelp(QDialog):
    """The query syntax, as the archive explains it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syntaxHelp")
        self.setWindowTitle(_tr("How to search"))
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 560)


class QueryHistory:
    """The queries run in this window, newest first, offered as the search box completes."""

    def __init__(self, box: QLineEdit) -> None:
        self.model = QStringListModel()
        completer = QCompleter(self.model, box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        box.setCompleter(completer)
        self.completer = completer

    def add(self, query: str) -> None:
        queries = [q for q in self.model.stringList() if q != query]
        self.model.setStringList([query, *queries][:HISTORY_SIZE])

    def queries(self) -> list[str]:
        return list(self.model.stringList())
