"""The window's entity features tied together: tagging from the viewer, the entities and
suggestions panels, entity pages, and everything shown again when an entity changes."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from archive.service import Archive
from ui.entity_page import EntityPageDialog
from ui.entity_panel import EntitiesPanel
from ui.suggestions import SuggestionsPanel
from ui.tag_dialog import Tagger
from ui.tasks import RunFn
from ui.text_pane import Selection

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from ui.viewer import ItemViewer

log = logging.getLogger(__name__)

OpenItem = Callable[..., None]  # open_item(item_id, page=...)


class EntityFeatures(QObject):
    """Owns the entity panels and pages of one window."""

    changed = Signal()  # entities or mentions changed (after everything was asked to reload)

    def __init__(self, archive: Archive, run: RunFn, viewer: ItemViewer, status: QStatusBar,
                 open_item: OpenItem, window: QWidget) -> None:
        super().__init__(window)
        self.archive = archive
        self._run = run
        self.viewer = viewer
        self._status = status
        self._open_item = open_item
        self._window = window
        self.pages: list[EntityPageDialog] = []
        self.panel = EntitiesPanel(archive, run)
        self.suggestions = SuggestionsPanel(archive, run)
        self.tagger = Tagger(archive, run, window)
        for source in (self.panel, self.suggestions, self.tagger):
            source.changed.connect(self.reload)
            source.message.connect(self.say)
        self.panel.open_entity.connect(self.open_page)
        self.suggestions.open_item.connect(lambda i, p: self._open_item(i, page=p))
        viewer.tag_selection.connect(self._tag)
        viewer.remove_mention.connect(self.tagger.remove)
        viewer.tag_refused.connect(self.say)

    def say(self, text: str) -> None:
        self._status.showMessage(text, 10000)

    def _tag(self, item_id: int, selection: Selection) -> None:
        self.tagger.start(item_id, selection)

    def item_shown(self, item_id: int | None) -> None:
        self.suggestions.set_item(item_id)

    def refresh(self) -> None:
        """Load the panels (when the window opens, after an import)."""
        self.panel.refresh()
        self.suggestions.refresh()

    def reload(self) -> None:
        """An entity or mention changed: show it everywhere."""
        self.panel.refresh()
        self.suggestions.refresh()
        self.viewer.refresh_mentions()
        for page in self.open_pages():
            page.refresh()
        self.changed.emit()

    # --- entity pages ---------------------------------------------------------------------
    def open_pages(self) -> list[EntityPageDialog]:
        self.pages = [p for p in self.pages if shiboken6.isValid(p) and p.isVisible()]
        return list(self.pages)

    def open_page(self, entity_id: int) -> EntityPageDialog:
        """The entity's page (raised if already open)."""
        for page in self.open_pages():
            if page.entity_id == entity_id:
                page.raise_()
                page.activateWindow()
                return page
        page = EntityPageDialog(self.archive, self._run, entity_id, self._window)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.open_item.connect(lambda i, p: self._open_item(i, page=p))
        page.changed.connect(self.reload)
        self.pages.append(page)
        page.show()
        return page

    def close_pages(self) -> None:
        for page in self.open_pages():
            with contextlib.suppress(RuntimeError):
                page.close()
