"""The text pane of the viewer: pages' text with search marks and entity mentions, and the
exact way back from a selection to (page, character span) for tagging.

The document is built with QTextCursor rather than from HTML, so that where each page's text
starts is known exactly; ``doc_offsets`` maps every character of a page (Python code points)
to its document position (UTF-16 units; CR LF is one paragraph break in Qt).
"""

from __future__ import annotations

import html
import logging
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeySequence,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from archive.entity_models import CONFIRMED, SUGGESTED, Entity, Mention
from archive.models import Item, Page
from ui.entity_style import shown_name, state_label, type_colour, type_label, type_tint
from ui.layout import heading_colour, muted_colour

log = logging.getLogger(__name__)

MARK = QColor("#ffe08a")  # a word the search matched
QUOTE = QColor("#c8ecd0")  # the words an event cites
QUOTE_LINE = QColor("#1e8e3e")
ON_TINT = QColor("#111111")  # text on those light tints, readable in the dark theme too
QUOTE_PROPERTY = QTextCharFormat.Property.UserProperty + 1  # True on cited characters
PAGE_PREFIX = "page-"


def page_anchor(number: int) -> str:
    return f"{PAGE_PREFIX}{number}"


def doc_offsets(text: str) -> list[int]:
    """offsets[i]: where character i of ``text`` sits in a QTextDocument the text was inserted
    into (relative to its start); offsets[len(text)] is the end."""
    out: list[int] = []
    pos, i, n = 0, 0, len(text)
    while i < n:
        out.append(pos)
        if text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
            out.append(pos)  # Qt turns CR LF into one paragraph break
            i += 2
            pos += 1
            continue
        pos += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    out.append(pos)
    return out


@dataclass(frozen=True, slots=True)
class ShownPage:
    number: int
    text: str
    start: int  # document position of the page text's first character
    offsets: tuple[int, ...]

    @property
    def end(self) -> int:
        return self.start + self.offsets[-1]

    def position(self, char: int) -> int:
        return self.start + self.offsets[char]

    def char_at(self, position: int) -> int:
        """The index of the character that starts at (or first after) a document position;
        len(text) at the end. A span's end maps the same way, being exclusive."""
        return min(len(self.text), bisect_left(self.offsets, position - self.start))


@dataclass(frozen=True, slots=True)
class Selection:
    """Text selected in one page: its number, the span in the page text and the words."""

    page: int
    start: int
    end: int
    quote: str


class TextPane(QTextBrowser):
    """The pages of one item, one after the other, with their headings."""

    tag_requested = Signal()
    cite_requested = Signal()
    remove_requested = Signal(object)  # the Mention to remove ("Remove mention" was chosen)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemText")
        self.setOpenLinks(False)
        self.pages: list[ShownPage] = []
        self.mentions: list[Mention] = []
        self.entities: dict[int, Entity] = {}  # the entities of the mentions, by id
        self._shown: tuple[Item, list[Page], list[str]] | None = None
        self._own_doc: QTextDocument | None = None
        self._spans: list[tuple[int, int, Mention]] = []  # document range of each mention shown
        self.quote: Selection | None = None  # the cited words to mark, if any
        self.quote_range: tuple[int, int] | None = None  # where they are in the document
        self.tag_action = QAction(self.tr("Tag as entity…"), self)
        self.tag_action.setObjectName("tagAsEntity")
        self.tag_action.setShortcut(QKeySequence("Ctrl+T"))
        self.tag_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tag_action.setToolTip(self.tr("Tag the selected words as a person, place, number…"
                                           " (Ctrl+T)"))
        self.tag_action.triggered.connect(lambda _checked=False: self.tag_requested.emit())
        self.addAction(self.tag_action)
        self.cite_action = QAction(self.tr("Cite as event…"), self)
        self.cite_action.setObjectName("citeAsEvent")
        self.cite_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.cite_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cite_action.setToolTip(self.tr(
            "Put the selected words on the case's timeline: a new event, or a source of one"
            " (Ctrl+Shift+T)"))
        self.cite_action.triggered.connect(lambda _checked=False: self.cite_requested.emit())
        self.addAction(self.cite_action)

    # --- contents -----------------------------------------------------------------------
    def clear_pages(self) -> None:
        self.pages, self._spans, self._shown = [], [], None
        self.quote = self.quote_range = None
        self.clear()

    def show_message(self, message: str, colour: str = "#555") -> None:
        self.pages, self._spans = [], []
        self.setHtml(f'<p style="color:{colour}">{html.escape(message)}</p>')

    def show_pages(self, item: Item, pages: Sequence[Page], terms: Sequence[str] = (),
                   mentions: Sequence[Mention] = (),
                   entities: Mapping[int, Entity] | None = None,
                   quote: Selection | None = None) -> None:
        """The text of ``pages``; ``terms`` (HTML-escaped, from a search snippet) marked, the
        mentions that are not rejected drawn in their type's colour, and the ``quote`` an
        event cites marked green."""
        self.quote = quote
        self.quote_range = None
        self.mentions = list(mentions)
        self.entities = dict(entities or {})
        self._shown = (item, list(pages), list(terms))
        if not pages:
            if item.reason:
                self.show_message(self.tr("No text could be read:") + " " + item.reason,
                                  "#b3261e")
            else:
                self.show_message(self.tr("This item has no text."))
            return
        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        cursor = QTextCursor(doc)
        shown: list[ShownPage] = []
        heading_block = QTextBlockFormat()
        heading_block.setTopMargin(12)
        heading_block.setBottomMargin(4)
        for n, page in enumerate(pages):
            if n:
                cursor.insertBlock(heading_block)
            else:
                cursor.setBlockFormat(heading_block)
            self._heading(cursor, page)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            text = page.text if page.text.strip() else ""
            start = cursor.position()
            if text:
                cursor.insertText(text, QTextCharFormat())
            else:
                empty = QTextCharFormat()
                empty.setForeground(QColor("#888"))
                cursor.insertText(self.tr("(empty page)"), empty)
            shown.append(ShownPage(page.number, text, start, tuple(doc_offsets(text))))
        self.pages = shown
        marker = _marker(terms)
        if marker is not None:
            self._mark_terms(doc, marker)
        self._spans = self._mark_mentions(doc, self.mentions)
        self.quote_range = self._mark_quote(doc)
        old = self._own_doc
        self.setDocument(doc)
        self._own_doc = doc
        if old is not None:
            old.deleteLater()

    def set_mentions(self, mentions: Sequence[Mention],
                     entities: Mapping[int, Entity] | None = None) -> None:
        """Draw other mentions over the same text (after tagging, confirming, rejecting):
        the text stays, and so do the reader's place and selection."""
        if self._shown is None or not self.pages:
            return
        self.mentions = list(mentions)
        self.entities = dict(entities or {})
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for page in self.pages:
            if page.text:
                cursor.setPosition(page.start)
                cursor.setPosition(page.end, QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(QTextCharFormat())
        marker = _marker(self._shown[2])
        if marker is not None:
            self._mark_terms(doc, marker)
        self._spans = self._mark_mentions(doc, self.mentions)
        self.quote_range = self._mark_quote(doc)
        cursor.endEditBlock()

    def _heading(self, cursor: QTextCursor, page: Page) -> None:
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        size = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        heading.setFontPointSize(size * 1.15)
        heading.setForeground(heading_colour(self.palette()))
        heading.setAnchor(True)
        heading.setAnchorNames([page_anchor(page.number)])
        cursor.insertText(self.tr("Page {n}").format(n=page.number), heading)
        how = page.method
        if page.confidence is not None:
            how += self.tr(", confidence {c:.0f}").format(c=page.confidence)
        small = QTextCharFormat()
        small.setForeground(muted_colour(self.palette()))
        small.setFontPointSize(size * 0.85)
        cursor.insertText(f" ({how})", small)

    def _mark_terms(self, doc: QTextDocument, marker: re.Pattern[str]) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(MARK)
        fmt.setForeground(ON_TINT)
        cursor = QTextCursor(doc)
        for page in self.pages:
            for m in marker.finditer(page.text):
                cursor.setPosition(page.position(m.start()))
                cursor.setPosition(page.position(m.end()), QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)

    def _mark_mentions(self, doc: QTextDocument, mentions: Sequence[Mention]
                       ) -> list[tuple[int, int, Mention]]:
        by_number = {p.number: p for p in self.pages}
        cursor = QTextCursor(doc)
        spans = []
        # Suggestions first, so a confirmed mention of the same words is drawn over them.
        for m in sorted(mentions, key=lambda m: m.state == CONFIRMED):
            page = by_number.get(m.page)
            if m.state not in (SUGGESTED, CONFIRMED) or page is None:
                continue
            if not 0 <= m.start < m.end <= len(page.text):
                log.warning("mention %d is outside page %d of item %d", m.id, m.page, m.item_id)
                continue
            start, end = page.position(m.start), page.position(m.end)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(mention_format(m))
            spans.append((start, end, m))
        return spans

    def _mark_quote(self, doc: QTextDocument) -> tuple[int, int] | None:
        """Mark the cited words: by their span, or (when the span no longer fits the page
        text) where the quote's words are found on the page."""
        q = self.quote
        page = next((p for p in self.pages if q is not None and p.number == q.page), None)
        if q is None or page is None or not page.text:
            return None
        start, end = q.start, q.end
        if not (0 <= start < end <= len(page.text)) or (
                q.quote and " ".join(page.text[start:end].split()) != " ".join(q.quote.split())):
            found = page.text.find(q.quote) if q.quote else -1
            if found < 0:
                log.info("the cited words are not on page %d any more", q.page)
                return None
            start, end = found, found + len(q.quote)
        fmt = QTextCharFormat()
        fmt.setBackground(QUOTE)
        fmt.setForeground(ON_TINT)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QUOTE_LINE)
        fmt.setProperty(QUOTE_PROPERTY, True)
        a, b = page.position(start), page.position(end)
        cursor = QTextCursor(doc)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
        return a, b

    def quoted_text(self) -> str:
        """The text marked as cited ("" when none)."""
        if self.quote_range is None:
            return ""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.quote_range[0])
        cursor.setPosition(self.quote_range[1], QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def scroll_to_quote(self) -> bool:
        """Bring the cited words into view (the text cursor put before them)."""
        if self.quote_range is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.quote_range[1])
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self.quote_range[0])
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    # --- what is where ------------------------------------------------------------------
    def page_at(self, position: int) -> ShownPage | None:
        return next((p for p in self.pages if p.start <= position <= p.end), None)

    def selection(self) -> Selection | None:
        """The selected words as a span of one page's text (spaces around them left out);
        None when nothing, or more than one page, is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        page = self.page_at(a)
        if page is None or not page.text or b > page.end:
            return None
        start, end = page.char_at(a), page.char_at(b)
        text = page.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        return Selection(page.number, start, end, text[start:end])

    def select_span(self, page_number: int, start: int, end: int) -> None:
        """Select characters [start, end) of a page's text (as a person would with the mouse)."""
        page = next(p for p in self.pages if p.number == page_number)
        cursor = QTextCursor(self.document())
        cursor.setPosition(page.position(start))
        cursor.setPosition(page.position(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def mentions_at(self, position: int) -> list[Mention]:
        return [m for start, end, m in self._spans if start <= position <= end]

    def shown_mentions(self) -> list[Mention]:
        """The mentions drawn on the text now."""
        return [m for _s, _e, m in self._spans]

    def removal_actions(self, position: int, parent: QObject) -> list[QAction]:
        """"Remove mention of …" for each mention under ``position`` (the context menu's)."""
        actions = []
        for m in self.mentions_at(position):
            entity = self.entities.get(m.entity_id)
            name = shown_name(entity) if entity is not None else m.entity_name
            action = QAction(self.tr("Remove mention of {name}").format(name=name), parent)
            action.setObjectName("removeMention")
            action.setToolTip(self.tr("These words are not {name}: take the mark away"
                                      " (Ctrl+Z brings it back)").format(name=name))
            action.triggered.connect(
                lambda _checked=False, mention=m: self.remove_requested.emit(mention))
            actions.append(action)
        return actions

    def format_at(self, position: int) -> QTextCharFormat:
        """The character format of the character at ``position``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position + 1)
        return cursor.charFormat()

    def tooltip_at(self, position: int) -> str:
        lines = []
        for m in self.mentions_at(position):
            entity = self.entities.get(m.entity_id)
            name = shown_name(entity) if entity is not None else m.entity_name
            lines.append(self.tr("{name} — {type} ({state})").format(
                name=name, type=type_label(m.entity_type), state=state_label(m.state)))
        return "\n".join(dict.fromkeys(lines))

    def scroll_to_page(self, number: int) -> None:
        self.scrollToAnchor(page_anchor(number))

    # --- events -------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            tip = self.tooltip_at(position)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.tag_action)  # type: ignore[arg-type]
        menu.insertAction(first, self.cite_action)  # type: ignore[arg-type]
        if first is not None:
            menu.insertSeparator(first)
        selected = self.selection() is not None
        self.tag_action.setEnabled(selected)
        self.cite_action.setEnabled(selected)
        removals = self.removal_actions(self.cursorForPosition(event.pos()).position(), menu)
        if removals:
            menu.insertActions(first, removals)  # type: ignore[arg-type]
            if first is not None:
                menu.insertSeparator(first)
        menu.exec(event.globalPos())
        self.tag_action.setEnabled(True)
        self.cite_action.setEnabled(True)
        menu.deleteLater()


def mention_format(m: Mention) -> QTextCharFormat:
    """A confirmed mention on a light background of its type's colour, underlined; a
    suggestion only underlined with dots."""
    fmt = QTextCharFormat()
    fmt.setUnderlineColor(type_colour(m.entity_type))
    if m.state == CONFIRMED:
        fmt.setBackground(type_tint(m.entity_type))
        fmt.setForeground(ON_TINT)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    else:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setProperty(QTextCharFormat.Property.UserProperty, m.id)
    return fmt


def _marker(terms: Sequence[str]) -> re.Pattern[str] | None:
    words = sorted({html.unescape(t) for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
