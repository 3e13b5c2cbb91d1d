"""The page picture: a page image with the OCR'd words' boxes over it, search hits and entity
mentions marked, zoom."""

from __future__ import annotations

import html
import logging
import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from archive.entity_models import Mention
from archive.models import PageWords, Word
from ui.entity_style import type_colour, type_label

log = logging.getLogger(__name__)

LOW_CONFIDENCE = 60.0  # words Tesseract was less sure of than this are drawn in another colour
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 8.0

BOX = QColor(26, 115, 232)  # blue: a word read with confidence
DOUBTFUL = QColor(217, 48, 37)  # red: a word read with low confidence
HIT = QColor(255, 196, 0)  # amber: a word the search matched
QUOTE = QColor(30, 142, 62)  # green: the words an event cites


def _fold(text: str) -> str:
    """A word as compared with search terms: NFKC, case-folded, without surrounding punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "PS":
        end -= 1
    return text[start:end]


def matching_words(words: Sequence[str], terms: Sequence[str]) -> set[int]:
    """Which of a page's OCR'd words the search matched (``terms`` as the snippet marked them).

    A Latin term must match a whole word. Scripts written without spaces (Thai, Burmese,
    Chinese) are cut into words differently by Tesseract (often one character each) and by the
    index, so there the term is looked for in the words run together, and every word it
    touches is marked.
    """
    folded = [_fold(w) for w in words]
    wanted = {t for t in (_fold(html.unescape(term)) for term in terms) if t}
    found = {i for i, w in enumerate(folded) if w and w in wanted}
    joined, owner = "", []
    for i, w in enumerate(folded):
        joined += w
        owner.extend([i] * len(w))
    for term in (t for t in wanted if not t.isascii()):
        start = joined.find(term)
        while start >= 0:
            found.update(owner[start:start + len(term)])
            start = joined.find(term, start + 1)
    return found


class PageView(QGraphicsView):
    """Shows one page image; word boxes scaled from the OCR image size to the picture's size."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QBrush(QColor("#5f6368")))
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pixmap: QPixmap | None = None
        self.boxes: list[QGraphicsRectItem] = []
        self.hits: list[QGraphicsRectItem] = []
        self.quotes: list[QGraphicsRectItem] = []  # the cited words, one mark per line
        self.mentions: list[QGraphicsRectItem] = []  # entity mentions, framed in type colour
        self.fit_width = True
        self.zoom = 1.0
        self._boxes_visible = True

    # --- contents -----------------------------------------------------------------------
    def clear_page(self, message: str = "") -> None:
        self.scene().clear()
        self.pixmap = None
        self.boxes, self.hits, self.quotes, self.mentions = [], [], [], []
        if message:
            note = QGraphicsSimpleTextItem(message)
            note.setBrush(QBrush(QColor("white")))
            self.scene().addItem(note)
        self.scene().setSceneRect(self.scene().itemsBoundingRect())
        self.resetTransform()

    def set_page(self, png: bytes, words: PageWords | None, terms: Sequence[str] = (),
                 hit_words: Sequence[Word] = (), quote_words: Sequence[Word] = (),
                 mentions: Sequence[tuple[Mention, Sequence[Word]]] = ()) -> bool:
        """Show a page image and its words, marking those that match ``terms`` and the
        ``hit_words`` themselves, the ``quote_words`` a citation quotes, and the words of each
        entity mention underlined in its type's colour; False if the image could not be
        decoded."""
        pixmap = QPixmap()
        if not pixmap.loadFromData(png):
            self.clear_page()
            return False
        self.clear_page()
        self.pixmap = pixmap
        self.scene().addPixmap(pixmap)
        self.scene().setSceneRect(QRectF(pixmap.rect()))
        if words is not None and words.width > 0 and words.height > 0:
            self._add_words(words, terms, hit_words)
            self._add_quote(words, quote_words)
            self._add_mentions(words, mentions)
        self.set_boxes_visible(self._boxes_visible)
        self._apply_zoom()
        return True

    def _add_words(self, words: PageWords, terms: Sequence[str],
                   hit_words: Sequence[Word] = ()) -> None:
        assert self.pixmap is not None
        sx = self.pixmap.width() / words.width
        sy = self.pixmap.height() / words.height
        hits = matching_words([w.text for w in words.words], terms) if terms else set()
        if hit_words:
            wanted = set(hit_words)
            hits |= {i for i, w in enumerate(words.words) if w in wanted}
        marks: list[tuple[int, QRectF, str]] = []  # last word index, area, text of each match
        for i, word in enumerate(words.words):
            if not word.text.strip() or word.width <= 0 or word.height <= 0:
                continue
            rect = QRectF(word.left * sx, word.top * sy, word.width * sx, word.height * sy)
            self.boxes.append(self._box(rect, word))
            if i not in hits:
                continue
            if marks and marks[-1][0] == i - 1 and _same_line(marks[-1][1], rect):
                _, area, text = marks[-1]  # one mark over a word Tesseract read letter by letter
                marks[-1] = (i, area.united(rect), text + word.text)
            else:
                marks.append((i, rect, word.text))
        self.hits = [self._hit(area, text) for _, area, text in marks]

    def _add_quote(self, words: PageWords, quote_words: Sequence[Word]) -> None:
        """One green mark over each line of the cited words."""
        assert self.pixmap is not None
        if not quote_words:
            return
        sx = self.pixmap.width() / words.width
        sy = self.pixmap.height() / words.height
        wanted = set(quote_words)
        lines: list[tuple[QRectF, str]] = []
        for word in words.words:
            if word not in wanted or word.width <= 0 or word.height <= 0:
                continue
            rect = QRectF(word.left * sx, word.top * sy, word.width * sx, word.height * sy)
            if lines and _same_line(lines[-1][0], rect, gap=4.0):
                area, text = lines[-1]
                lines[-1] = (area.united(rect), f"{text} {word.text}")
            else:
                lines.append((rect, word.text))
        for rect, text in lines:
            pad = max(2.0, rect.height() * 0.18)
            item = self.scene().addRect(rect.adjusted(-pad, -pad, pad, pad),
                                        _pen(QUOTE, 255, 2.4), _fill(QUOTE, 60))
            item.setToolTip(self.tr("Cited: “{words}”").format(words=text))
            item.setData(0, "quote")
            item.setZValue(3)
            self.quotes.append(item)

    def _add_mentions(self, words: PageWords,
                      mentions: Sequence[tuple[Mention, Sequence[Word]]]) -> None:
        """A frame in the entity type's colour around the words of each mention."""
        assert self.pixmap is not None
        sx = self.pixmap.width() / words.width
        sy = self.pixmap.height() / words.height
        for mention, covered in mentions:
            area: QRectF | None = None
            for word in covered:
                if word.width <= 0 or word.height <= 0:
                    continue
                rect = QRectF(word.left * sx, word.top * sy, word.width * sx, word.height * sy)
                area = rect if area is None else area.united(rect)
            if area is None:
                continue
            colour = type_colour(mention.entity_type)
            pad = max(2.0, area.height() * 0.15)
            item = self.scene().addRect(area.adjusted(-pad, -pad, pad, pad),
                                        _pen(colour, 255, 2.0), _fill(colour, 35))
            item.setToolTip(self.tr("{type}: {name}").format(
                type=type_label(mention.entity_type), name=mention.entity_name or mention.quote))
            item.setData(0, "mention")
            item.setZValue(2.5)
            self.mentions.append(item)

    def _box(self, rect: QRectF, word: Word) -> QGraphicsRectItem:
        doubtful = 0 <= word.confidence < LOW_CONFIDENCE
        colour = QColor(DOUBTFUL if doubtful else BOX)
        item = self.scene().addRect(rect, _pen(colour, 200), _fill(colour, 40))
        item.setToolTip(self.tr("“{word}” — confidence {c:.0f}").format(
            word=word.text, c=word.confidence))
        item.setData(0, "doubtful" if doubtful else "word")
        item.setZValue(1)
        return item

    def _hit(self, rect: QRectF, text: str) -> QGraphicsRectItem:
        pad = max(1.0, rect.height() * 0.12)
        item = self.scene().addRect(rect.adjusted(-pad, -pad, pad, pad), _pen(HIT.darker(130), 255),
                                    _fill(HIT, 110))
        item.setToolTip(self.tr("Search match: “{word}”").format(word=text))
        item.setZValue(2)
        return item

    # --- what is drawn ------------------------------------------------------------------
    @property
    def boxes_visible(self) -> bool:
        return self._boxes_visible

    def set_boxes_visible(self, visible: bool) -> None:
        """Show or hide the word boxes (search matches stay marked)."""
        self._boxes_visible = visible
        for box in self.boxes:
            box.setVisible(visible)

    def visible_boxes(self) -> int:
        return sum(1 for b in self.boxes if b.isVisible())

    def centre_on_hits(self) -> None:
        """Bring the cited words (else the first search match) into view."""
        if self.quotes:
            self.ensureVisible(self.quotes[0], 40, 80)
        elif self.hits:
            self.ensureVisible(self.hits[0], 40, 80)

    # --- zoom ---------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._apply_zoom()

    def fit_to_width(self) -> None:
        self.fit_width = True
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self.pixmap is None or self.pixmap.width() == 0:
            return
        if self.fit_width:
            # Leave room for the vertical scroll bar so that fitting does not flip it on and off.
            room = self.viewport().width() - 2
            bar = self.verticalScrollBar()
            if not bar.isVisible():
                room -= self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
            self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, room / self.pixmap.width()))
        self.resetTransform()
        self.scale(self.zoom, self.zoom)
        self.zoom_changed.emit(self.zoom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_width:
            self._apply_zoom()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)


def _same_line(a: QRectF, b: QRectF, gap: float = 1.0) -> bool:
    """Whether ``b`` follows ``a`` on its line (within ``gap`` times the line's height)."""
    overlap = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    return overlap > 0.5 * min(a.height(), b.height()) and b.left() - a.right() < gap * a.height()


def _pen(colour: QColor, alpha: int, width: float = 1.2) -> QPen:
    c = QColor(colour)
    c.setAlpha(alpha)
    pen = QPen(c)
    pen.setCosmetic(True)  # the same width on screen at any zoom
    pen.setWidthF(width)
    return pen


def _fill(colour: QColor, alpha: int) -> QBrush:
    c = QColor(colour)
    c.setAlpha(alpha)
    return QBrush(c)
