"""Redaction marks in the Export dialog: text to hide everywhere in the case, areas of exhibit
pages to black out (drawn on the page with the mouse); listed, removable, saved in the archive."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from archive.errors import CasefileError
from archive.models import Item
from archive.redaction_marks import TERM, RedactionMark
from archive.service import Archive
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

PAGE_SIZE = QSize(420, 540)  # room for the page picture in the area dialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("redaction_marks", text)


def describe(mark: RedactionMark) -> str:
    """A mark as the list shows it."""
    if mark.kind == TERM:
        return _tr("Text “%1”, everywhere in the case").replace("%1", mark.term)
    x0, y0, x1, y1 = mark.box or (0.0, 0.0, 0.0, 0.0)
    return (_tr("Area on item %1, page %2 (%3-%4 across, %5-%6 down)")
            .replace("%1", str(mark.item_id)).replace("%2", str(mark.page))
            .replace("%3", f"{x0:.0%}").replace("%4", f"{x1:.0%}")
            .replace("%5", f"{y0:.0%}").replace("%6", f"{y1:.0%}"))


class PagePicker(QLabel):
    """A page picture on which the user drags a rectangle; ``box`` is it in page fractions."""

    box_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(PAGE_SIZE)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._start: QPoint | None = None
        self._rect = QRect()
        self.saved: list[tuple[float, float, float, float]] = []  # areas marked before

    def set_page(self, png: bytes | None) -> None:
        self._rect = QRect()
        self._start = None
        pixmap = QPixmap()
        if png is None or not pixmap.loadFromData(png):
            self.setPixmap(QPixmap())
            self.setText(_tr("This page cannot be shown."))
        else:
            self.setPixmap(pixmap.scaled(PAGE_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
        self.box_changed.emit()
        self.update()

    def _page_rect(self) -> QRect:
        """Where the picture is drawn inside the label."""
        pixmap = self.pixmap()
        if pixmap.isNull():
            return QRect()
        r = QRect(QPoint(0, 0), pixmap.size())
        r.moveCenter(self.rect().center())
        return r

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        page = self._page_rect()
        r = self._rect.intersected(page)
        if page.isEmpty() or r.width() < 3 or r.height() < 3:
            return None
        w, h = page.width(), page.height()
        return ((r.left() - page.left()) / w, (r.top() - page.top()) / h,
                min((r.right() + 1 - page.left()) / w, 1.0),
                min((r.bottom() + 1 - page.top()) / h, 1.0))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._page_rect().isEmpty():
            self._start = event.position().toPoint()
            self._rect = QRect(self._start, self._start)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._rect = QRect(self._start, event.position().toPoint()).normalized()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._rect = QRect(self._start, event.position().toPoint()).normalized()
            self._start = None
            self.update()
            self.box_changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        page = self._page_rect()
        if page.isEmpty() or (self._rect.isEmpty() and not self.saved):
            return
        painter = QPainter(self)
        for x0, y0, x1, y1 in self.saved:  # already blacked out: shown as such, lighter
            painter.fillRect(QRect(page.left() + round(x0 * page.width()),
                                   page.top() + round(y0 * page.height()),
                                   round((x1 - x0) * page.width()),
                                   round((y1 - y0) * page.height())), QColor(0, 0, 0, 120))
        if not self._rect.isEmpty():
            painter.fillRect(self._rect.intersected(page), QColor(0, 0, 0, 200))
        painter.end()


class AreaDialog(QDialog):
    """Choose an exhibit page and drag the area to black out on it."""

    def __init__(self, archive: Archive, tasks: TaskRunner, items: list[Item],
                 marks: list[RedactionMark], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Mark an area to black out"))
        self.marks = marks
        self.archive = archive
        self.tasks = tasks
        self.item = QComboBox()
        self._items = {i.id: i for i in items}
        for i in items:
            self.item.addItem(f"{i.id}: {i.title or i.filename}", i.id)
        self.page = QSpinBox()
        self.page.setMinimum(1)
        self.picker = PagePicker()
        self.loaded = False
        hint = QLabel(_tr("Drag over the part of the page to black out in every redacted"
                          " export of this exhibit."))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_tr("Black out this area"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(_tr("Exhibit")))
        choose.addWidget(self.item, 1)
        choose.addWidget(QLabel(_tr("Page")))
        choose.addWidget(self.page)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(hint)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.buttons)
        self.picker.box_changed.connect(
            lambda: self.ok_button.setEnabled(self.picker.box is not None))
        self.item.currentIndexChanged.connect(self._item_changed)
        self.page.valueChanged.connect(lambda _n: self.load())
        self._item_changed()

    @property
    def item_id(self) -> int:
        return int(self.item.currentData())

    def _item_changed(self) -> None:
        if self.item.count() == 0:
            self.picker.setText(_tr("No exhibit of this case has pages to draw on."))
            return
        item = self._items[self.item_id]
        self.page.blockSignals(True)
        self.page.setMaximum(max(item.page_count, 1))
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.load()

    def load(self) -> None:
        item_id, page = self.item_id, self.page.value()
        self.loaded = False
        self.picker.setText(_tr("Drawing the page…"))

        def done(png: bytes | None) -> None:
            self.picker.saved = [m.box for m in self.marks if m.box is not None
                                 and (m.item_id, m.page) == (item_id, page)]
            self.picker.set_page(png)
            self.loaded = True

        def failed(error: BaseException) -> None:
            self.picker.set_page(None)
            self.loaded = True
            if not isinstance(error, CasefileError):
                log.error("page %s/%s could not be drawn", item_id, page,
                          exc_info=(type(error), error, error.__traceback__))

        self.tasks.run(lambda: self.archive.page_image(item_id, page), on_done=done,
                       on_error=failed, name="mark-area-page")


class MarksPanel(QWidget):
    """The marks saved for the chosen case, with ways to add and remove them."""

    changed = Signal()

    def __init__(self, archive: Archive, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.tasks = tasks
        self.case = ""
        self.current: list[RedactionMark] = []
        self.area_dialog: AreaDialog | None = None
        self.term = QLineEdit()
        self.term.setPlaceholderText(_tr("Also redact this text everywhere (a word or phrase)"))
        self.term.returnPressed.connect(self.add_term)
        self.add_term_button = QPushButton(_tr("Add text"))
        self.add_term_button.clicked.connect(self.add_term)
        self.mark_area_button = QPushButton(_tr("Mark an area on an exhibit…"))
        self.mark_area_button.clicked.connect(self.mark_area)
        self.remove_button = QPushButton(_tr("Remove mark"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.list = QListWidget()
        self.list.setMaximumHeight(96)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.term, 1)
        row.addWidget(self.add_term_button)
        row.addWidget(self.mark_area_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_tr("Also hidden in redacted exports (saved in the archive):")))
        layout.addLayout(row)
        layout.addWidget(self.list)
        layout.addWidget(self.message)

    def load(self, case: str) -> None:
        self.case = case
        self.tasks.run(lambda: self.archive.redaction_marks(case), on_done=self.show_marks,
                       on_error=self.fail, name="redaction-marks")

    def show_marks(self, marks: list[RedactionMark]) -> None:
        self.current = marks
        self.list.clear()
        for m in marks:
            row = QListWidgetItem(describe(m))
            row.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(row)
        self.remove_button.setEnabled(bool(marks))

    def _changed(self, _mark: RedactionMark) -> None:
        self.message.clear()
        self.load(self.case)
        self.changed.emit()

    def add_term(self) -> None:
        text, case = self.term.text(), self.case
        self.term.clear()
        self.tasks.run(lambda: self.archive.add_redaction_term(case, text),
                       on_done=self._changed, on_error=self.fail, name="add-redaction-term")

    def mark_area(self) -> None:
        case = self.case

        def open_dialog(items: list[Item]) -> None:
            pictures = [i for i in items
                        if i.mime == "application/pdf" or i.mime.startswith("image/")]
            self.area_dialog = AreaDialog(self.archive, self.tasks, pictures, self.current,
                                          self)
            self.area_dialog.accepted.connect(self._area_chosen)
            self.area_dialog.open()

        self.tasks.run(lambda: self.archive.items(case=case), on_done=open_dialog,
                       on_error=self.fail, name="mark-area-items")

    def _area_chosen(self) -> None:
        dialog = self.area_dialog
        if dialog is None or dialog.picker.box is None:
            return
        case, item_id, page, box = self.case, dialog.item_id, dialog.page.value(), \
            dialog.picker.box
        self.tasks.run(lambda: self.archive.add_redaction_region(case, item_id, page, box),
                       on_done=self._changed, on_error=self.fail, name="add-redaction-area")

    def remove_selected(self) -> None:
        row = self.list.currentItem()
        if row is None:
            self.message.setText(_tr("Choose a mark in the list first."))
            return
        mark_id = int(row.data(Qt.ItemDataRole.UserRole))
        self.tasks.run(lambda: self.archive.remove_redaction_mark(mark_id),
                       on_done=self._changed, on_error=self.fail, name="remove-redaction-mark")

    def fail(self, error: BaseException) -> None:
        if isinstance(error, CasefileError):
            self.message.setText(str(error))
        else:
            log.error("redaction marks", exc_info=(type(error), error, error.__traceback__))
            self.message.setText(_tr("That did not work because of a bug; the details are in"
                                     " the archive's log."))
