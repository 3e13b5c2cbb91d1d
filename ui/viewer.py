"""The item viewer: details, the page picture with its OCR boxes, and the text read from it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive.entity_models import CONFIRMED, SUGGESTED, Entity, Mention
from archive.hits import words_in_spans
from archive.models import Item, Page, PageWords, Word
from ui.details import details_html, item_mentions
from ui.layout import heading_colour, muted_colour, tool_button
from ui.page_view import PageView
from ui.text_pane import Selection, TextPane
from ui.thumbs import ThumbStrip

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

# run(key, fn, on_done, on_error): background work where only the newest result per key counts.
RunFn = Callable[[str, Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]],
                 Any]

# What a page picture is drawn from: image, word boxes, search hits, quoted words, mentions.
Drawn = tuple[bytes | None, PageWords | None, list[Word], list[Word],
              list[tuple[Mention, list[Word]]]]

_BOLD = re.compile(r"<b>(.*?)</b>", re.IGNORECASE | re.DOTALL)


def terms_from_snippet(snippet: str) -> list[str]:
    """The words a search matched, as the snippet marked them (still HTML-escaped)."""
    seen: list[str] = []
    for term in _BOLD.findall(snippet or ""):
        term = term.strip()
        if term and term.lower() not in (t.lower() for t in seen):
            seen.append(term)
    return seen


def has_picture(item: Item) -> bool:
    """Whether the archive can draw this item's pages (PDFs and images)."""
    return item.mime == "application/pdf" or item.mime.startswith("image/")


# The details box takes what its text needs, but no more than this share of the viewer.
DETAILS_SHARE = 0.42
DETAILS_MIN = 80


class ItemViewer(QWidget):
    """One item: a details table above; below, the page picture beside the text of the pages."""

    page_loaded = Signal(int)  # the page number now shown (picture drawn, or text-only item)
    mentions_loaded = Signal(int)  # item id: its mentions were drawn again
    tag_selection = Signal(int, object)  # item id, Selection: "Tag as entity…" was asked
    tag_refused = Signal(str)  # why the selection cannot be tagged
    cite_selection = Signal(int, object)  # item id, Selection: "Cite as event…" was asked
    remove_mention = Signal(object)  # Mention: "Remove mention of …" was chosen on the text

    def __init__(self, archive: Archive | None = None, run: RunFn | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self.item: Item | None = None
        self.page = 0
        self.page_count = 0
        self.terms: list[str] = []
        self.query = ""  # the search whose hits are marked on page pictures
        self.quote: Selection | None = None  # the words a citation quotes, marked green
        self.words: PageWords | None = None
        self.picture = False
        self.mentions: list[Mention] = []  # the item's mentions, also marked on page pictures
        self.heading = QLabel(self.tr("No item selected"))
        self.heading.setObjectName("viewerHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)

        self.meta = QTextBrowser()
        self.meta.setObjectName("itemMetadata")
        self.meta.setOpenLinks(False)
        self.text = TextPane()
        self.text.tag_requested.connect(self._tag_requested)
        self.text.cite_requested.connect(self._cite_requested)
        self.text.remove_requested.connect(self.remove_mention)
        self.addAction(self.text.tag_action)  # Ctrl+T anywhere in the viewer
        self.addAction(self.text.cite_action)
        self.text.setPlaceholderText(self.tr("Select an item or a search result to read it."))
        self.page_view = PageView()
        self.page_bar = self._build_page_bar()

        self.thumbs = ThumbStrip()
        self.thumbs.page_chosen.connect(self.go_to_page)
        self.thumbs.hide()
        self.reading = QSplitter(Qt.Orientation.Horizontal)
        self.reading.addWidget(self.thumbs)
        self.reading.addWidget(self.page_view)
        self.reading.addWidget(self.text)
        self.reading.setSizes([92, 320, 280])
        self.reading.setStretchFactor(0, 0)
        self.reading.setChildrenCollapsible(False)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.setSpacing(2)
        lower_layout.addWidget(self.page_bar)
        lower_layout.addWidget(self.reading, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.meta)
        split.addWidget(lower)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 530])
        split.setChildrenCollapsible(False)
        self.split = split
        self.details_sized_by_hand = False  # once the person drags the divider, it stays
        split.splitterMoved.connect(lambda *_: setattr(self, "details_sized_by_hand", True))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        self._show_picture(False)

    def fit_details(self) -> None:
        """The details box as tall as what it says (the file's own section included), up to
        DETAILS_SHARE of the viewer; beyond that it scrolls, and the pages keep the rest."""
        total = sum(self.split.sizes())
        if self.details_sized_by_hand or total <= 0:
            return
        doc = self.meta.document()
        doc.setTextWidth(self.meta.viewport().width())
        wanted = int(doc.size().height()) + 2 * self.meta.frameWidth() + 2
        height = max(DETAILS_MIN, min(wanted, int(total * DETAILS_SHARE)))
        self.split.setSizes([height, total - height])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.item is not None:
            self.fit_details()

    def _build_page_bar(self) -> QWidget:
        self.prev_button = tool_button("◀", self.tr("Previous page"), self.previous_page,
                                   "previousPage")
        self.next_button = tool_button("▶", self.tr("Next page"), self.next_page,
                                   "nextPage")
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_out_button = tool_button("\u2212", self.tr("Zoom out (Ctrl+wheel)"),
                                       self.page_view.zoom_out, "zoomOut")
        self.fit_button = tool_button(self.tr("Fit width"), self.tr("Fit the page to the width"),
                                  self.page_view.fit_to_width, "fitWidth")
        self.zoom_in_button = tool_button("+", self.tr("Zoom in (Ctrl+wheel)"),
                                      self.page_view.zoom_in, "zoomIn")
        self.boxes_check = QCheckBox(self.tr("Show OCR boxes"))
        self.boxes_check.setObjectName("showOcrBoxes")
        self.boxes_check.setChecked(True)
        self.boxes_check.toggled.connect(self.page_view.set_boxes_visible)
        self.picture_controls = [self.zoom_out_button, self.fit_button, self.zoom_in_button,
                                 self.boxes_check]
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for w in (self.prev_button, self.page_label, self.next_button):
            row.addWidget(w)
        row.addSpacing(10)
        for w in self.picture_controls:
            row.addWidget(w)
        row.addStretch(1)
        return bar

    # --- what it shows ------------------------------------------------------------------
    def clear(self, message: str = "") -> None:
        self.item = None
        self.page = self.page_count = 0
        self.heading.setText(message or self.tr("No item selected"))
        self.meta.clear()
        self.text.clear_pages()
        self.page_view.clear_page()
        self.thumbs.clear()
        self.thumbs.hide()
        self._show_picture(False)
        self.page_bar.setVisible(False)

    def show_loading(self) -> None:
        self.heading.setText(self.tr("Loading…"))

    def show_item(
        self, item: Item, pages: Sequence[Page], *, page: int | None = None,
        terms: Sequence[str] = (), metadata: Mapping[str, Any] | None = None,
        provenance: Sequence[Mapping[str, Any]] = (), query: str = "",
        mentions: Sequence[Mention] = (), entities: Mapping[int, Entity] | None = None,
        quote: Selection | None = None,
    ) -> None:
        """Show an item: details, text and (for PDFs and images) the picture of ``page``;
        ``terms`` (HTML-escaped, from a search snippet) are marked in the text and on the page,
        and so are the OCR'd words ``query`` matches on each page shown; ``mentions`` of
        entities are drawn on the text in their type's colour; the words a citation
        ``quote``s are marked green in the text and on the page picture, and shown."""
        self.item = item
        self.terms = list(terms)
        self.query = query
        self.quote = quote
        self.mentions = list(mentions)
        if quote is not None:
            page = quote.page
        self.heading.setText(item.title or item.filename)
        palette = self.meta.palette()
        self.meta.setHtml(details_html(item, metadata or {}, provenance,
                                       heading=heading_colour(palette).name(),
                                       label=muted_colour(palette).name()))
        self.fit_details()
        self.text.show_pages(item, pages, terms, mentions, entities, quote=quote)
        picture = has_picture(item) and self.archive is not None and self._run is not None
        self.page_count = max(item.page_count, len(pages), 1 if picture else 0)
        self._show_picture(picture)
        self.page_bar.setVisible(picture or self.page_count > 1)
        self.page = 0
        self.page_view.clear_page()
        self.thumbs.setVisible(picture and self.page_count > 1)
        if picture and self.page_count > 1:
            assert self.archive is not None and self._run is not None
            self.thumbs.show_pages(self.archive, self._run, item.id, self.page_count)
        else:
            self.thumbs.clear()
        self.go_to_page(min(max(page or 1, 1), max(self.page_count, 1)))

    def _show_picture(self, visible: bool) -> None:
        self.picture = visible
        self.page_view.setVisible(visible)
        for w in self.picture_controls:
            w.setVisible(visible)

    # --- pages --------------------------------------------------------------------------
    def next_page(self) -> None:
        self.go_to_page(self.page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.page - 1)

    def go_to_page(self, number: int) -> None:
        """Show page ``number``: its picture (drawn in the background) and its text."""
        if self.item is None or not 1 <= number <= max(self.page_count, 1):
            return
        self.page = number
        self.page_label.setText(self.tr("Page {n} of {m}").format(n=number, m=self.page_count))
        self.prev_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < self.page_count)
        self.thumbs.select_page(number)
        self.scroll_to_page(number)
        # Layout may not be final until the widget has been shown at its real size.
        QTimer.singleShot(0, lambda p=number, i=self.item.id: self._rescroll(i, p))
        if not self.picture:
            self.page_loaded.emit(number)
            return
        self._load_picture(self.item.id, number)

    def _load_picture(self, item_id: int, number: int) -> None:
        assert self.archive is not None and self._run is not None
        archive = self.archive
        self.boxes_check.setEnabled(False)
        self.page_view.clear_page(self.tr("Drawing page {n}…").format(n=number))

        query = self.query
        quote = self.quote if self.quote is not None and self.quote.page == number else None
        mentions = [m for m in self.mentions if m.page == number]

        def load() -> Drawn:
            hits = archive.hit_words(query, item_id, number) if query else []
            words = archive.word_boxes(item_id, number)
            text = archive.page_text(item_id, number)
            quoted = quote_words(text, words, quote)
            return (archive.page_image(item_id, number), words, hits, quoted,
                    mention_words(text, words, mentions))

        def done(result: Drawn) -> None:
            if self.item is None or self.item.id != item_id or self.page != number:
                return
            png, words, hit_words, quoted, named = result
            self.words = words
            if png is None or not self.page_view.set_page(png, words, self.terms, hit_words,
                                                          quoted, named):
                self.page_view.clear_page(self.tr("No picture of this page could be drawn."))
            self._describe_boxes(words)
            self.page_view.centre_on_hits()
            self.page_loaded.emit(number)

        def failed(error: BaseException) -> None:
            log.warning("could not draw item %s page %s: %s", item_id, number, error)
            if self.item is not None and self.item.id == item_id and self.page == number:
                self.page_view.clear_page(self.tr("No picture of this page could be drawn."))
                self.page_loaded.emit(number)

        self._run("page", load, done, failed)

    def _describe_boxes(self, words: PageWords | None) -> None:
        has_words = words is not None and bool(words.words)
        self.boxes_check.setEnabled(has_words)
        if has_words:
            self.boxes_check.setToolTip(self.tr(
                "Outline each word OCR read: blue when sure, red when unsure."))
        else:
            self.boxes_check.setToolTip(self.tr(
                "This page was not read by OCR (its text came from the file itself)."))

    def scroll_to_page(self, number: int) -> None:
        """Show the page's text; the cited words, when they are on it."""
        if self.quote is not None and self.quote.page == number and self.text.scroll_to_quote():
            return
        self.text.scroll_to_page(number)

    def _rescroll(self, item_id: int, number: int) -> None:
        if self.item is not None and self.item.id == item_id and self.page == number:
            self.scroll_to_page(number)

    # --- entities -----------------------------------------------------------------------
    def refresh_mentions(self) -> None:
        """Load the item's mentions again and redraw them (after a change to entities)."""
        if self.item is None or self.archive is None or self._run is None:
            return
        archive, item_id = self.archive, self.item.id

        def done(found: tuple[list[Mention], dict[int, Entity]]) -> None:
            if self.item is not None and self.item.id == item_id:
                self.mentions = list(found[0])
                self.text.set_mentions(*found)
                if self.picture and self.page:
                    self._load_picture(item_id, self.page)  # the new mention on the picture
                self.mentions_loaded.emit(item_id)

        self._run("mentions", lambda: item_mentions(archive, item_id), done,
                  lambda e: log.warning("could not load mentions of %s: %s", item_id, e))

    def _tag_requested(self) -> None:
        if self.item is None:
            return
        selection = self.text.selection()
        if selection is None:
            self.tag_refused.emit(self.tr(
                "Select some words of one page in the text first, then tag them (Ctrl+T)."))
            return
        self.tag_selection.emit(self.item.id, selection)

    def _cite_requested(self) -> None:
        if self.item is None:
            return
        selection = self.text.selection()
        if selection is None:
            self.tag_refused.emit(self.tr(
                "Select the words of one page that tell what happened, then choose"
                " “Cite as event…” (Ctrl+Shift+T)."))
            return
        self.cite_selection.emit(self.item.id, selection)


def mention_words(text: str, words: PageWords | None, mentions: Sequence[Mention]
                  ) -> list[tuple[Mention, list[Word]]]:
    """Each suggested or confirmed mention of a page with the OCR'd words it covers."""
    if words is None or not words.words or not text:
        return []
    out = []
    for m in mentions:
        if m.state not in (SUGGESTED, CONFIRMED) or not 0 <= m.start < m.end <= len(text):
            continue
        covered = words_in_spans(text, words.words, [(m.start, m.end)])
        if covered:
            out.append((m, covered))
    return out


def quote_words(text: str, words: PageWords | None, quote: Selection | None) -> list[Word]:
    """The OCR'd words of a page that a citation's quote covers (none without word boxes)."""
    if quote is None or words is None or not words.words or not text:
        return []
    start, end = quote.start, quote.end
    moved = not (0 <= start < end <= len(text)) or (
        quote.quote and " ".join(text[start:end].split()) != " ".join(quote.quote.split()))
    if moved and quote.quote:
        start = text.find(quote.quote)
        end = start + len(quote.quote)
    if start < 0 or end <= start:
        return []
    return words_in_spans(text, words.words, [(start, end)])

