"""The search results list: one row per item hit, with its title, page and highlighted snippet."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.models import ResultRow, SearchResultModel

if TYPE_CHECKING:
    from archive.models import SearchResult
    from archive.service import Archive

log = logging.getLogger(__name__)

_PAD = 6
RESULT_BATCH = 10  # result rows laid out per turn of the event loop (about a screenful)


def _tr(text: str) -> str:
    return QCoreApplication.translate("search", text)


SORTS = (("relevance", "Best match first"), ("newest", "Newest first"),
         ("oldest", "Oldest first"))


def search_rows(
    archive: Archive, query: str, limit: int, *, sort: str = "relevance", collapse: bool = False
) -> tuple[SearchResult, list[ResultRow]]:
    """Runs in a background task: the result (total, facets, suggestion) and its rows."""
    result = archive.search(query, limit=limit, sort=sort, collapse=collapse)
    rows = []
    for hit in result.hits:
        item = archive.item(hit.item_id)
        rows.append(ResultRow(hit, item.title or item.filename, item.kind, item.grade))
    return result, rows


def search_summary(query: str, total: int, shown: int, *, collapsed: bool = False) -> str:
    """'3 items match “court”' (and how many of them are shown)."""
    if not total:
        return _tr("Nothing matches “{q}”.").format(q=query)
    text = (_tr("1 item matches “{q}”") if total == 1 else
            _tr("{n} items match “{q}”")).format(n=total, q=query)
    if collapsed and total > shown:
        text += _tr(" ({k} shown, near-duplicates hidden)").format(k=shown)
    elif total > shown:
        text += _tr(" (the best {k} shown)").format(k=shown)
    return text


class SnippetDelegate(QStyledItemDelegate):
    """Draws a result as a bold heading line and the HTML snippet (matched words in bold).

    A row's laid-out text is kept (per text, width and font) until the results change: the
    list asks each row's size several times per layout, and building the rich text for every
    ask was most of the UI thread's work for a search (8,600 documents for 160 result lists)."""

    CACHE_SIZE = 400

    def __init__(self, parent: QAbstractItemView | None = None) -> None:
        super().__init__(parent)
        self._docs: dict[tuple[str, str, int, str], QTextDocument] = {}

    def forget(self) -> None:
        """The results changed: drop the laid-out rows."""
        self._docs.clear()

    def _document(self, font: QFont, index: QModelIndex, width: int) -> QTextDocument:
        heading = str(index.data(SearchResultModel.HeadingRole) or "")
        snippet = str(index.data(SearchResultModel.SnippetRole) or "")
        width = max(width, 50)
        key = (heading, snippet, width, font.key())
        doc = self._docs.get(key)
        if doc is not None:
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(_PAD)
        escaped = heading.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        snippet_html = (
            f'<div style="margin-top:2px">{snippet}</div>' if snippet.strip() else ""
        )
        doc.setHtml(f'<div style="font-weight:600">{escaped}</div>{snippet_html}')
        doc.setTextWidth(width)
        if len(self._docs) >= self.CACHE_SIZE:
            self._docs.clear()
        self._docs[key] = doc
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(opt.font, QModelIndex(index), opt.rect.width())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        # A thin line between results.
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        # Qt passes odd rects here (the previous hint, or none): wrap to the viewport instead.
        # Only the font matters for the size: no initStyleOption (it asks the model every role).
        view = option.widget
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 0
        width = width if width > 50 else 300
        doc = self._document(option.font, QModelIndex(index), width)
        return QSize(width, int(doc.size().height()) + 1)


class SearchResultsView(QWidget):
    """A heading ("3 items match “court”") above the list of hits."""

    result_activated = Signal(int, int, str)  # item id, page, snippet
    sort_changed = Signal(str)  # "relevance", "newest", "oldest"
    collapse_changed = Signal(bool)  # near-duplicates hidden or shown
    suggestion_chosen = Signal(str)  # the "did you mean" query

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SearchResultModel(self)
        self.summary = QLabel(self.tr("Type words in the search box: results show as you type."))
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("searchSuggestion")
        self.suggestion.setVisible(False)
        self.suggestion.linkActivated.connect(self.suggestion_chosen.emit)
        self.sort = QComboBox()
        self.sort.setObjectName("searchSort")
        for key, label in SORTS:
            self.sort.addItem(self.tr(label), key)
        self.sort.currentIndexChanged.connect(
            lambda _i: self.sort_changed.emit(self.sort_key()))
        self.collapse = QCheckBox(self.tr("Hide near-duplicates"))
        self.collapse.setObjectName("collapseDuplicates")
        self.collapse.setToolTip(self.tr(
            "Show one item for each group of nearly identical texts (reprinted articles, the "
            "same testimony as PDF and Word); the others are listed on it."))
        self.collapse.toggled.connect(self.collapse_changed.emit)
        self.list = QListView()
        self.list.setObjectName("searchResults")
        self.list.setModel(self.model)
        self.delegate = SnippetDelegate(self.list)
        self.model.modelAboutToBeReset.connect(self.delegate.forget)
        self.list.setItemDelegate(self.delegate)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # The first rows are laid out and drawn first, the rest in later turns of the event
        # loop (a new search cancels them): each row's size is a rich-text layout.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(RESULT_BATCH)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

        heading = QHBoxLayout()
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.collapse)
        heading.addWidget(self.sort)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.list, 1)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)

    def sort_key(self) -> str:
        return str(self.sort.currentData() or "relevance")

    def set_suggestion(self, query: str) -> None:
        """Offer "Did you mean …?" as a link (hidden when there is nothing to offer)."""
        escaped = query.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        self.suggestion.setText(
            self.tr('Did you mean <a href="{q}">{q}</a>?').format(q=escaped) if query else "")
        self.suggestion.setVisible(bool(query))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.list.setCurrentIndex(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None:
            self.result_activated.emit(row.hit.item_id, row.hit.page, row.hit.snippet)

