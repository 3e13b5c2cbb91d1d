"""The window's search: the search box (as you type, newest query wins), the results,
narrowing by facets, saving a search, and stepping from hit to hit with F3 / Shift+F3."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QToolBar

from archive.errors import CasefileError
from archive.models import SearchResult
from ui.models import ResultRow
from ui.search_panel import search_rows, search_summary
from ui.search_tools import QueryHistory, SyntaxHelp, add_clause
from ui.tasks import LatestOnly
from ui.viewer import terms_from_snippet

if TYPE_CHECKING:
    from ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50  # hits shown for one search
# No pause after a key press: each key asks for a search at once. While one runs, the newest
# query waits its turn (LatestOnly), so the results of the last key come one search after it,
# not a timer's wait plus a search (issue 8: results within 200 ms of the last key).


class SearchMixin(_Base):
    """The main window's search features (a mixin: they use the window's widgets and runner)."""

    _hit_cursor: tuple[int, int] | None
    _shown_query: str

    def _build_search_bar(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(
            self.tr("Search all items as you type: words, \"a phrase\", name*, AND / OR / NOT")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self._search_now)
        self.search_box.textEdited.connect(lambda _text: self.run_search(typed=True))
        self.search_box.textChanged.connect(self._cleared)
        self.searches = LatestOnly(self.tasks)  # one search at a time, the newest one wins
        self.history = QueryHistory(self.search_box)
        bar = QToolBar(self.tr("Search"))
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        bar.addWidget(self.search_box)
        self.save_search_action = self._action(self.tr("Save search…"), self.save_search_dialog,
                                               QKeySequence.StandardKey.Save)
        self.save_search_action.setToolTip(self.tr(
            "Keep this query under a name, to run again and see what is new (Ctrl+S)"))
        bar.addAction(self.save_search_action)
        self.help_action = self._action(self.tr("How to search"), self.show_search_help,
                                        QKeySequence.StandardKey.HelpContents)
        self.previous_hit_action = self._action(self.tr("◀ Hit"), lambda: self.step_hit(-1),
                                                "Shift+F3")
        self.next_hit_action = self._action(self.tr("Hit ▶"), lambda: self.step_hit(1), "F3")
        for action in (self.help_action, self.previous_hit_action, self.next_hit_action):
            bar.addAction(action)
        self.addToolBar(bar)

    @property
    def shown_query(self) -> str:
        """The query whose results (or whose error) the results list shows."""
        return self._shown_query

    def _search_now(self) -> None:
        """Enter: search (again), and remember the query in the history."""
        self.run_search()

    def _cleared(self, text: str) -> None:
        if not text:  # the clear button, Esc or clear(): the results go at once
            self.run_search(typed=True)

    def run_search(self, *, typed: bool = False) -> None:
        """Search for the query in the box (``typed``: while typing, so it is not added to
        the history). Only the newest search's results are shown; older ones are dropped."""
        query = self.search_box.text().strip()
        self._hit_cursor = None
        if self._closing:
            return
        if not query:
            self.searches.drop()
            self._shown_query = ""
            self.results.model.set_rows([])
            self.facet_panel.show_facets(())
            self.results.set_suggestion("")
            self.results.set_summary(self.tr(
                "Type words in the search box: results show as you type."))
            return
        self.results.set_summary(self.tr("Searching for “{q}”…").format(q=query))
        self.lower_tabs.setCurrentWidget(self.results)
        archive = self.archive
        sort = self.results.sort_key()
        collapse = self.results.collapse.isChecked()

        def done(found: tuple[SearchResult, list[ResultRow]]) -> None:
            result, rows = found
            if not typed:
                self.history.add(query)
            self._shown_query = query
            self.results.model.set_rows(rows)
            self.results.set_summary(
                search_summary(query, result.total, len(rows), collapsed=collapse))
            self.results.set_suggestion(result.suggestion)
            self.facet_panel.show_facets(result.facets)
            self.search_finished.emit()

        def failed(error: BaseException) -> None:
            self._shown_query = query
            self.results.model.set_rows([])
            self.facet_panel.show_facets(())
            self.results.set_suggestion("")
            if isinstance(error, CasefileError):  # a half-typed query: say why, no dialog
                self.results.set_summary(str(error))
            else:
                self.results.set_summary(self.tr("The search failed."))
                self.show_error(error)
            self.search_finished.emit()

        self.searches.request(lambda: search_rows(archive, query, SEARCH_LIMIT, sort=sort,
                                                  collapse=collapse),
                              on_done=done, on_error=failed, name="search")

    def _search_for(self, query: str) -> None:
        self.search_box.setText(query)
        self.run_search()

    def _narrow_search(self, clause: str) -> None:
        """A facet value was clicked: keep only the items that have it."""
        self._search_for(add_clause(self.search_box.text(), clause))

    def save_search_dialog(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            self.statusBar().showMessage(
                self.tr("Type a query in the search box first, then save it."), 8000)
            self._focus_search()
            return
        self.saved_panel.save_dialog(query, self.case_title)

    def show_search_help(self) -> SyntaxHelp:
        dialog = SyntaxHelp(self.archive.search_help(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _result_activated(self, item_id: int, page: int, snippet: str) -> None:
        row = self.results.list.currentIndex().row()
        hit = self.results.model.row_at(row)
        pages = hit.hit.pages if hit is not None and hit.hit.pages else (page,)
        self._hit_cursor = (row, pages.index(page) if page in pages else 0)
        self.show_item(item_id, page=page or None, terms=terms_from_snippet(snippet))

    def step_hit(self, step: int) -> None:
        """Go to the next (step 1) or previous (-1) matching page: through the pages of the
        current result, then on to the next result."""
        model = self.results.model
        if model.rowCount() == 0:
            return
        row, index = self._hit_cursor or (-1 if step > 0 else model.rowCount(), 0)
        current = model.row_at(row)
        pages = current.hit.pages if current is not None else ()
        if current is not None and 0 <= index + step < len(pages):
            self._hit_cursor = (row, index + step)
            self.show_item(current.hit.item_id, page=pages[index + step] or None,
                           terms=terms_from_snippet(current.hit.snippet))
            return
        target = row + step
        nxt = model.row_at(target)
        if nxt is None:
            self.statusBar().showMessage(self.tr("No more hits."), 4000)
            return
        last = len(nxt.hit.pages) - 1 if step < 0 and nxt.hit.pages else 0
        self.results.select_row(target)
        if nxt.hit.pages and last:
            self._hit_cursor = (target, last)
            self.show_item(nxt.hit.item_id, page=nxt.hit.pages[last] or None,
                           terms=terms_from_snippet(nxt.hit.snippet))
