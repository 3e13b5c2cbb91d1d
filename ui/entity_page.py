"""An entity's page: its names, notes and protection, every mention by case and item, the
entities seen with it, and when it first and last appeared."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from archive.entity_models import Entity, EntityPage
from archive.service import Archive
from ui.entity_style import (
    mask_names,
    masked_snippet,
    short_snippet,
    shown_name,
    state_label,
    type_colour,
    type_label,
)
from ui.tasks import RunFn

log = logging.getLogger(__name__)

ItemRole = Qt.ItemDataRole.UserRole + 1  # (item id, page) of a mention row
EntityRole = Qt.ItemDataRole.UserRole + 2  # id of a co-occurring entity
AliasRole = Qt.ItemDataRole.UserRole + 3  # the alias a row of "Also called" stands for


def load_page(archive: Archive, entity_id: int) -> tuple[EntityPage, list[Entity]]:
    """Runs in a background task: the entity's page, and the protected entities (whose names
    are masked in the snippets)."""
    return archive.entity_page(entity_id), [e for e in archive.entities() if e.protected]


class EntityPageDialog(QDialog):
    """One entity; a protected one shows its pseudonym until "Reveal name" is clicked."""

    open_item = Signal(int, int)  # item id, page
    split_done = Signal(int)  # the new entity an alias became
    changed = Signal()
    loaded = Signal()

    def __init__(self, archive: Archive, run: RunFn, entity_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPage")
        self.archive = archive
        self._run = run
        self.entity_id = entity_id
        self.page: EntityPage | None = None
        self.protected_entities: list[Entity] = []
        self.revealed = False
        self.resize(860, 600)

        self.title = QLabel()
        self.title.setObjectName("entityTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_button = QPushButton(self.tr("Reveal name"))
        self.reveal_button.setObjectName("revealName")
        self.reveal_button.setToolTip(self.tr("Show the real name and aliases of this protected"
                                              " person here, until this page is closed"))
        self.reveal_button.clicked.connect(lambda _c=False: self.set_revealed(not self.revealed))
        self.type_label = QLabel()
        self.aliases = QListWidget()  # one row per alias, each with a menu (split it off)
        self.aliases.setObjectName("entityAliases")
        self.aliases.setFlow(QListWidget.Flow.LeftToRight)
        self.aliases.setWrapping(True)
        self.aliases.setSpacing(2)
        self.aliases.setMaximumHeight(52)
        self.aliases.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.aliases.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.aliases.customContextMenuRequested.connect(self._alias_menu)
        self.aliases.setToolTip(self.tr("Right-click an alias to make it an entity of its own"))
        self.menu: QMenu | None = None
        self.seen = QLabel()
        self.seen.setObjectName("entitySeen")
        self.protected = QCheckBox(self.tr("Protected (victim or witness): shown everywhere by a"
                                           " pseudonym"))
        self.protected.setObjectName("entityProtected")
        self.protected.clicked.connect(self._protect_clicked)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("entityNotes")
        self.notes.setPlaceholderText(self.tr("Notes on this entity (kept in the archive)"))
        self.notes.setMaximumHeight(64)
        self.save_notes = QPushButton(self.tr("Save notes"))
        self.save_notes.clicked.connect(lambda _c=False: self.store_notes())

        self.mentions = QTreeWidget()
        self.mentions.setObjectName("entityMentions")
        self.mentions.setHeaderLabels([self.tr("Where and what"), self.tr("Date"),
                                       self.tr("State")])
        self.mentions.setWordWrap(False)
        header = self.mentions.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mentions.itemActivated.connect(self._mention_activated)
        self.others = QListWidget()
        self.others.setObjectName("coOccurring")
        self.others.itemActivated.connect(self._other_activated)

        form = QFormLayout()
        form.addRow(self.tr("Type:"), self.type_label)
        form.addRow(self.tr("Also called:"), self.aliases)
        form.addRow(self.tr("Appears:"), self.seen)
        form.addRow("", self.protected)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes, 1)
        notes_row.addWidget(self.save_notes, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Notes:"), notes_row)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.reveal_button)

        others_box = QWidget()
        others_layout = QVBoxLayout(others_box)
        others_layout.setContentsMargins(0, 0, 0, 0)
        others_layout.addWidget(QLabel(self.tr("<b>Seen with</b> (items shared)")))
        others_layout.addWidget(self.others)
        mentions_box = QWidget()
        mentions_layout = QVBoxLayout(mentions_box)
        mentions_layout.setContentsMargins(0, 0, 0, 0)
        mentions_layout.addWidget(QLabel(self.tr(
            "<b>Mentions</b> by case and item — double-click one to read it")))
        mentions_layout.addWidget(self.mentions)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(mentions_box)
        split.addWidget(others_box)
        split.setSizes([590, 250])
        split.setChildrenCollapsible(False)

        close = QPushButton(self.tr("Close"))
        close.clicked.connect(lambda _c=False: self.close())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.refresh()

    # --- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        archive, entity_id = self.archive, self.entity_id
        self._run(f"entity page {id(self)}", lambda: load_page(archive, entity_id),
                  self._loaded, self._gone)

    def _loaded(self, found: tuple[EntityPage, list[Entity]]) -> None:
        page, self.protected_entities = found
        self.show_page(page)

    def load(self, entity_id: int) -> None:
        """Show another entity in this window."""
        self.entity_id = entity_id
        self.revealed = False
        self.refresh()

    def _gone(self, error: BaseException) -> None:
        log.info("entity %s could not be loaded: %s", self.entity_id, error)
        self.title.setText(self.tr("This entity no longer exists (merged or deleted)."))
        self.page = None
        self.mentions.clear()
        self.others.clear()
        self.loaded.emit()

    def show_page(self, page: EntityPage) -> None:
        self.page = page
        e = page.entity
        reveal = self.revealed and e.protected
        self.setWindowTitle(self.tr("Entity — {name}").format(name=shown_name(e)))
        self.title.setText(f"{shown_name(e)}  ({e.name})" if reveal else shown_name(e))
        self.reveal_button.setVisible(e.protected)
        self.reveal_button.setText(self.tr("Hide name") if reveal else self.tr("Reveal name"))
        colour = type_colour(e.type).name()
        self.type_label.setText(f'<span style="color:{colour}">■</span> '
                                f"{type_label(e.type)}")
        self._fill_aliases(e, reveal=reveal)
        self.seen.setText(self._seen_text(page))
        self.protected.setChecked(e.protected)
        if not self.notes.document().isModified():
            self.notes.setPlainText(e.notes)
        self._fill_mentions(page, reveal=reveal)
        self.others.clear()
        for other, shared in page.co_occurring:
            row = QListWidgetItem(f"{shown_name(other)} ({type_label(other.type)}) — {shared}")
            row.setData(EntityRole, other.id)
            row.setToolTip(self.tr("Double-click to open its page"))
            self.others.addItem(row)
        self.loaded.emit()

    def _fill_aliases(self, e: Entity, *, reveal: bool) -> None:
        self.aliases.clear()
        if e.protected and not reveal:
            shown = [(self.tr("hidden (protected)") if e.aliases else "—", None)]
        else:
            shown = [(a, a) for a in e.aliases] or [("—", None)]
        for text, alias in shown:
            row = QListWidgetItem(text)
            row.setData(AliasRole, alias)
            if alias is None:
                row.setFlags(Qt.ItemFlag.NoItemFlags)
            self.aliases.addItem(row)

    def alias_names(self) -> list[str]:
        """The aliases listed (as shown: "hidden (protected)" until revealed)."""
        return [self.aliases.item(r).text() for r in range(self.aliases.count())]

    def _seen_text(self, page: EntityPage) -> str:
        if not page.first_seen:
            return self.tr("no dated item yet")
        if page.first_seen == page.last_seen:
            return self.tr("on {d}").format(d=page.first_seen)
        return self.tr("first {a}, last {b}").format(a=page.first_seen, b=page.last_seen)

    def _fill_mentions(self, page: EntityPage, *, reveal: bool) -> None:
        self.mentions.clear()
        entity = page.entity
        hidden = [e for e in self.protected_entities if not (reveal and e.id == entity.id)]
        for case in page.cases:
            count = sum(len(i.mentions) for i in case.items)
            top = QTreeWidgetItem([f"{case.case or self.tr('(in no case)')} — {count}"])
            self.mentions.addTopLevelItem(top)
            for block in case.items:
                title = block.title
                if block.grade:
                    title = self.tr("{title} · graded {grade}").format(title=title,
                                                                       grade=block.grade)
                item_row = QTreeWidgetItem([title, block.mentions[0].date
                                            if block.mentions else ""])
                item_row.setData(0, ItemRole, (block.item_id, block.mentions[0].mention.page))
                top.addChild(item_row)
                for found in block.mentions:
                    m = found.mention
                    full = mask_names(masked_snippet(found.snippet, m.quote, entity,
                                                     reveal=reveal), hidden)
                    quote = m.quote if reveal or not entity.protected else shown_name(entity)
                    text = self.tr("p. {page}: {snippet}").format(
                        page=m.page, snippet=short_snippet(full, quote))
                    row = QTreeWidgetItem([text, found.date, state_label(m.state)])
                    row.setToolTip(0, full)
                    row.setData(0, ItemRole, (m.item_id, m.page))
                    item_row.addChild(row)
        self.mentions.expandAll()
        if not page.cases:
            self.mentions.addTopLevelItem(QTreeWidgetItem([self.tr("No mentions.")]))

    def mention_rows(self) -> list[str]:
        """The text of every mention row (for tests and people who read the tree)."""
        out = []
        for t in range(self.mentions.topLevelItemCount()):
            top = self.mentions.topLevelItem(t)
            for i in range(top.childCount()):
                block = top.child(i)
                out += [block.child(j).text(0) for j in range(block.childCount())]
        return out

    # --- actions ------------------------------------------------------------------------
    def set_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        if self.page is not None:
            self.show_page(self.page)

    def _protect_clicked(self, checked: bool) -> None:
        if self.page is None:
            return
        e = self.page.entity
        self.protected.setChecked(e.protected)  # until the archive says otherwise
        if checked:
            question = self.tr(
                "Protect {name}? Everywhere outside this page (panels, search, facets, exports)"
                " the entity is then shown by a pseudonym such as W-017, kept for good.").format(
                name=shown_name(e))
        else:
            question = self.tr(
                "Stop protecting {name}? The real name is then shown in the window, in search"
                " facets and in exports.").format(name=shown_name(e))
        answer = QMessageBox.question(self, self.tr("Protected person"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.set_protected(checked)

    def set_protected(self, protected: bool) -> None:
        archive, entity_id = self.archive, self.entity_id

        def done(_e: object) -> None:
            self.revealed = False
            self.changed.emit()
            self.refresh()

        self._run("protect", lambda: archive.protect_entity(entity_id, protected=protected),
                  done)

    def store_notes(self) -> None:
        archive, entity_id, notes = self.archive, self.entity_id, self.notes.toPlainText()

        def done(_e: object) -> None:
            self.notes.document().setModified(False)
            self.refresh()

        self._run("entity notes", lambda: archive.set_entity_notes(entity_id, notes), done)

    def _alias_menu(self, pos: QPoint) -> None:
        row = self.aliases.itemAt(pos)
        alias = row.data(AliasRole) if row is not None else None
        if alias is None:
            return
        self.menu = self.alias_menu(str(alias))
        self.menu.popup(self.aliases.viewport().mapToGlobal(pos))

    def alias_menu(self, alias: str) -> QMenu:
        """What can be done with one alias: split it off as an entity of its own."""
        menu = QMenu(self)
        menu.addAction(self.tr("Split “{alias}” off as an entity of its own…").format(
            alias=alias), lambda: self.split_dialog(alias))
        return menu

    def split_question(self, alias: str) -> str:
        name = shown_name(self.page.entity) if self.page else ""
        return self.tr(
            "Make “{alias}” an entity of its own?\n\nIt stops being an alias of “{name}”; a new"
            " entity of the same type is made with that name, and the mentions that read"
            " “{alias}” move to it. The custody log records the split.").format(
            alias=alias, name=name)

    def split_dialog(self, alias: str) -> None:
        answer = QMessageBox.question(self, self.tr("Split an alias"), self.split_question(alias))
        if answer == QMessageBox.StandardButton.Yes:
            self.split_alias(alias)

    def split_alias(self, alias: str) -> None:
        archive, entity_id = self.archive, self.entity_id

        def done(new: Entity) -> None:
            self.split_done.emit(new.id)
            self.changed.emit()
            self.refresh()

        self._run("split alias", lambda: archive.split_alias(entity_id, alias), done)

    def _mention_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        where = row.data(0, ItemRole)
        if where:
            self.open_item.emit(int(where[0]), int(where[1]))

    def _other_activated(self, row: QListWidgetItem) -> None:
        other = row.data(EntityRole)
        if other is not None:
            self.load(int(other))
