"""The suggestions panel: what detectors and the watchlist found, to confirm or reject."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive.entity_models import DetectReport
from archive.service import Archive
from ui.entity_models import SUGGESTION_LIMIT, SuggestionModel, SuggestionRow, load_suggestions
from ui.tasks import RunFn

log = logging.getLogger(__name__)



class SuggestionsPanel(QWidget):
    """Suggested mentions of the item shown (or of the whole archive): confirm or reject one
    or several; run detection on the item again."""

    changed = Signal()  # mentions were confirmed, rejected or suggested
    loaded = Signal()
    open_item = Signal(int, int)  # item id, page
    message = Signal(str)

    def __init__(self, archive: Archive, run: RunFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._run = run
        self.item_id: int | None = None
        self.model = SuggestionModel(self)
        self.table = QTableView()
        self.table.setObjectName("suggestionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        # Words and entity share what the narrow middle column leaves (elided, whole in the
        # tooltip); the short columns keep their width.
        header.setStretchLastSection(False)
        for col in range(self.model.columnCount()):
            stretch = col in (SuggestionModel.COL_QUOTE, SuggestionModel.COL_ENTITY)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        self.whole = QCheckBox(self.tr("Whole archive"))
        self.whole.setObjectName("suggestionsWholeArchive")
        self.whole.setToolTip(self.tr("List the suggestions of every item, not only of the"
                                      " item shown (the first {n}).").format(n=SUGGESTION_LIMIT))
        self.whole.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("suggestionsSummary")
        self.confirm_button = self._button(self.tr("Confirm"), self.confirm_selected,
                                           self.tr("The selected suggestions are right"))
        self.reject_button = self._button(self.tr("Reject"), self.reject_selected,
                                          self.tr("The selected suggestions are wrong: they"
                                                  " will not be suggested again"))
        self.detect_button = self._button(self.tr("Detect again"), self.detect_again,
                                          self.tr("Look for phone numbers, wallets, accounts"
                                                  " and known names in this item again"))
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("suggestionsEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty_hint.setContentsMargins(6, 6, 6, 6)

        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.summary, 1)
        top.addWidget(self.whole)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(4, 2, 4, 2)
        for b in (self.confirm_button, self.reject_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.detect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._show_rows([], more=False)

    def _button(self, text: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- loading ------------------------------------------------------------------------
    def set_item(self, item_id: int | None) -> None:
        """The item shown in the viewer changed."""
        self.item_id = item_id
        if not self.whole.isChecked():
            self.refresh()
        self._enable()

    def refresh(self) -> None:
        whole = self.whole.isChecked()
        item_id = None if whole else self.item_id
        if item_id is None and not whole:
            self._show_rows([], more=False)
            self.loaded.emit()
            return
        archive = self.archive
        self._run("suggestions", lambda: load_suggestions(archive, item_id),
                  lambda found: self._show_rows(*found))

    def _show_rows(self, rows: list[SuggestionRow], more: bool) -> None:
        whole = self.whole.isChecked()
        self.model.set_rows(rows, titles=whole)
        if rows:
            text = (self.tr("{n} suggestions (the first {n}; there are more)") if more
                    else self.tr("{n} suggestions") if len(rows) != 1
                    else self.tr("1 suggestion")).format(n=len(rows))
            self.summary.setText(text + ("" if whole else self.tr(" in this item")))
        else:
            self.summary.setText("")
        if whole:
            hint = self.tr("No suggestions left to decide in the archive.")
        elif self.item_id is None:
            hint = self.tr("Open an item to see what was found in it, or tick <b>Whole"
                           " archive</b>. Detectors suggest phone numbers, e-mails, wallets,"
                           " accounts and the names of known entities when evidence comes in.")
        else:
            hint = self.tr("No suggestions left in this item. <b>Detect again</b> looks once"
                           " more; select words in the text and press Ctrl+T to tag them"
                           " by hand.")
        self.empty_hint.setText(hint)
        self.empty_hint.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._enable()
        self.loaded.emit()

    def _enable(self) -> None:
        chosen = bool(self.selected_ids())
        self.confirm_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)
        self.detect_button.setEnabled(self.item_id is not None)

    # --- deciding -----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [int(self.model.index(r, 0).data(SuggestionModel.MentionIdRole))
                for r in sorted(rows)]

    def confirm_selected(self) -> None:
        self.decide(self.selected_ids(), confirm=True)

    def reject_selected(self) -> None:
        self.decide(self.selected_ids(), confirm=False)

    def decide(self, mention_ids: list[int], *, confirm: bool) -> None:
        if not mention_ids:
            return
        archive = self.archive

        def work() -> int:
            if confirm:
                return archive.confirm_mentions(mention_ids)
            return archive.reject_mentions(mention_ids)

        def done(n: int) -> None:
            self.message.emit((self.tr("{n} confirmed.") if confirm
                               else self.tr("{n} rejected.")).format(n=n))
            self.refresh()
            self.changed.emit()

        self._run("decide", work, done)

    def detect_again(self) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        archive = self.archive
        self.detect_button.setEnabled(False)
        self.message.emit(self.tr("Looking for entities in the item…"))

        def done(report: DetectReport) -> None:
            self.message.emit(self.tr("{n} new suggestions.").format(n=report.total))
            self.refresh()
            self.changed.emit()

        self._run("detect", lambda: archive.detect(item_ids=[item_id]), done)

    def _double_clicked(self, index: QModelIndex) -> None:
        item_id = index.data(SuggestionModel.ItemIdRole)
        if item_id is not None:
            self.open_item.emit(int(item_id), int(index.data(SuggestionModel.PageRole)))
