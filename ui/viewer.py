"""The item viewer: an item's metadata and its text page by page, scrolled to a page on request."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from archive.models import STATUS_OK, Item, Page
from ui.models import status_label

log = logging.getLogger(__name__)

_BOLD = re.compile(r"<b>(.*?)</b>", re.IGNORECASE | re.DOTALL)
_MARK = "background-color:#ffe08a;"
_NONE = '<span style="color:#999">—</span>'


def terms_from_snippet(snippet: str) -> list[str]:
    """The words a search matched, as the snippet marked them (still HTML-escaped)."""
    seen: list[str] = []
    for term in _BOLD.findall(snippet or ""):
        term = term.strip()
        if term and term.lower() not in (t.lower() for t in seen):
            seen.append(term)
    return seen


def page_anchor(number: int) -> str:
    return f"page-{number}"


class ItemViewer(QWidget):
    """Shows one item: a metadata table above, the text of its pages below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.heading = QLabel(self.tr("No item selected"))
        self.heading.setObjectName("viewerHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)

        self.meta = QTextBrowser()
        self.meta.setObjectName("itemMetadata")
        self.meta.setOpenLinks(False)
        self.text = QTextBrowser()
        self.text.setObjectName("itemText")
        self.text.setOpenLinks(False)
        self.text.setPlaceholderText(self.tr("Select an item or a search result to read it."))

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.meta)
        split.addWidget(self.text)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 450])
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)

    # --- what it shows ------------------------------------------------------------------
    def clear(self, message: str = "") -> None:
        self.item = None
        self.heading.setText(message or self.tr("No item selected"))
        self.meta.clear()
        self.text.clear()

    def show_loading(self) -> None:
        self.heading.setText(self.tr("Loading…"))

    def show_item(
        self, item: Item, pages: Sequence[Page], *, page: int | None = None,
        terms: Sequence[str] = (),
    ) -> None:
        """Show an item's metadata and text; scroll to ``page``; mark ``terms`` (HTML-escaped)."""
        self.item = item
        self.heading.setText(item.title or item.filename)
        self.meta.setHtml(self._metadata_html(item))
        self.text.setHtml(self._pages_html(item, pages, terms))
        if page:
            self.scroll_to_page(page)
            # Layout may not be final until the widget has been shown at its real size.
            QTimer.singleShot(0, lambda p=page, i=item.id: self._rescroll(i, p))
        else:
            self.text.verticalScrollBar().setValue(0)

    def scroll_to_page(self, number: int) -> None:
        self.text.scrollToAnchor(page_anchor(number))

    def _rescroll(self, item_id: int, number: int) -> None:
        if self.item is not None and self.item.id == item_id:
            self.scroll_to_page(number)

    # --- HTML ---------------------------------------------------------------------------
    def _metadata_html(self, item: Item) -> str:
        status = status_label(item.status)
        if item.status != STATUS_OK:
            status = f'<span style="color:#b3261e; font-weight:bold">{html.escape(status)}</span>'
        else:
            status = html.escape(status)
        rows = [
            (self.tr("File"), html.escape(item.filename)),
            (self.tr("Status"), status),
            (self.tr("Reason"), html.escape(item.reason)),
            (self.tr("Type"), html.escape(f"{item.mime} · {item.kind}")),
            (self.tr("Size"), html.escape(self.tr("{n} bytes").format(n=f"{item.size:,}"))),
            (self.tr("Pages"), str(item.page_count)),
            (self.tr("SHA-256"), f'<span style="font-family:monospace">{item.sha256}</span>'),
            (self.tr("Cases"), html.escape(", ".join(item.cases))),
            (self.tr("Source"), html.escape(item.source) or _NONE),
            (self.tr("Collected by"), html.escape(item.collected_by) or _NONE),
            (self.tr("Collected at"), html.escape(item.collected_at) or _NONE),
            (self.tr("Imported at"), html.escape(item.ingested_at.replace("T", " ")[:19])),
            (self.tr("Languages"), html.escape(item.languages)),
        ]
        cells = "".join(
            f'<tr><td style="color:#555; padding-right:10px; white-space:nowrap">'
            f"{html.escape(k)}</td><td>{v}</td></tr>"
            for k, v in rows if v
        )
        return f'<table cellspacing="0" cellpadding="1">{cells}</table>'

    def _pages_html(self, item: Item, pages: Sequence[Page], terms: Sequence[str]) -> str:
        if not pages:
            if item.reason:
                why = html.escape(item.reason)
                return f'<p style="color:#b3261e">{self.tr("No text could be read:")} {why}</p>'
            return f'<p style="color:#555">{self.tr("This item has no text.")}</p>'
        marker = _marker(terms)
        parts: list[str] = []
        for p in pages:
            how = p.method
            if p.confidence is not None:
                how += self.tr(", confidence {c:.0f}").format(c=p.confidence)
            label = self.tr("Page {n}").format(n=p.number)
            parts.append(
                f'<a name="{page_anchor(p.number)}"></a>'
                f'<h3 style="margin-top:14px; color:#1f3a5f">{html.escape(label)} '
                f'<span style="color:#888; font-size:small; font-weight:normal">'
                f"({html.escape(how)})</span></h3>"
            )
            body = html.escape(p.text) if p.text.strip() else html.escape(self.tr("(empty page)"))
            if marker is not None:
                body = marker.sub(lambda m: f'<span style="{_MARK}">{m.group(0)}</span>', body)
            parts.append(f'<p style="white-space:pre-wrap">{body}</p>')
        return "".join(parts)


def _marker(terms: Sequence[str]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
