"""The timeline canvas: events on a zoomable time axis (years down to hours), in lanes.

Painted by hand: only the lanes and events inside the viewport are drawn, so a case of many
hundred events scrolls and zooms smoothly. Events whose date is a range (a month, a year,
"between 3 and 5 June") are drawn as bars over the whole range; disputed events get a red
outline and a "disputed" badge.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from ui.timeline_model import (
    DAY,
    HOUR,
    LANES_NONE,
    MONTH,
    YEAR,
    EventRow,
    lanes,
    tick_step,
)
from ui.timeline_paint import (
    AXIS_H,
    HEADER_W,
    MARK,
    MIN_LABEL,
    ROW_H,
    TICK_PX,
    ink_of,
    paint_axis,
    paint_event,
    paint_grid,
    paint_lane_names,
    tooltip,
)

log = logging.getLogger(__name__)

LANE_PAD = 6
LANE_MIN = 46  # room for the lane's name and count
PAD = 40  # room before the first and after the last event
MAX_LABEL = 300  # titles longer than this are elided
MAX_ROWS = 8  # rows per lane before labels are shortened to fit (several lanes)
MAX_ROWS_ONE_LANE = 40  # ... when everything is in one lane, which may use the whole height
ZOOM_STEP = 1.5
# px per second of each zoom level (the axis counts in that unit)
LEVELS = {"year": 130 / YEAR, "month": 100 / MONTH, "day": 100 / DAY, "hour": 100 / HOUR}
MIN_SCALE, MAX_SCALE = 8 / YEAR, 600 / HOUR


@dataclass(slots=True)
class Placed:
    """An event laid out in a lane: its mark (point or bar) and its label, in content pixels."""

    row: EventRow
    lane: int
    mark: QRectF
    label_x: float
    label_w: float  # room for the label (elided to it; 0: no label)
    right: float  # end of the label


@dataclass(slots=True)
class Lane:
    name: str
    top: float
    height: float
    events: list[Placed] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)  # mark.left() of events, sorted


class TimelineCanvas(QAbstractScrollArea):
    """Shows ``EventRow``s; click selects, double-click or Enter opens."""

    event_selected = Signal(int)  # event id (-1: none)
    event_activated = Signal(int)
    zoom_changed = Signal(str)  # the unit the axis now counts in: year / month / day / hour
    painted = Signal(float)  # seconds the last paint took (for the bench)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.setAccessibleName(self.tr("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.rows: list[EventRow] = []
        self.by = LANES_NONE
        self.lanes: list[Lane] = []
        self.scale = LEVELS["month"]
        self.tmin = self.tmax = 0.0
        self.selected: int | None = None
        self._fitted = False
        self._auto_fit = False  # fitted, and not zoomed or scrolled since: fit again on resize
        self._drag: QPoint | None = None
        self._drag_from = (0, 0)
        self.font_ = QFont(self.font())
        self.bold = QFont(self.font())
        self.bold.setBold(True)
        self.small = QFont(self.font())
        self.small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        self.fm = QFontMetrics(self.font_)
        self._widths: dict[int, float] = {}
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(ROW_H)

    # --- contents -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[EventRow], *, by: str | None = None) -> None:
        self.rows = list(rows)
        if by is not None:
            self.by = by
        self._widths = {r.id: self._label_width(r) for r in self.rows}
        if self.rows:
            t0 = min(r.earliest for r in self.rows)
            t1 = max(r.latest for r in self.rows)
            margin = max((t1 - t0) * 0.03, DAY)
            self.tmin, self.tmax = t0 - margin, t1 + margin
        else:
            self.tmin, self.tmax = 0.0, YEAR
        self.scale = min(self.scale, self._max_scale())
        if self.selected is not None and all(r.id != self.selected for r in self.rows):
            self.selected = None
        if not self._fitted and self.rows:
            self._fitted = True
            self.fit()
            return
        self._relayout()

    def fit_next(self) -> None:
        """Fit the whole case into view when rows next come (another case is loading)."""
        self._fitted = False

    def set_lanes(self, by: str) -> None:
        self.by = by
        self._relayout()

    def _label_width(self, row: EventRow) -> float:
        width = float(self.fm.horizontalAdvance(row.title) + 4)
        if row.disputed:
            width += self.badge_width() + 6
        return float(min(width, MAX_LABEL))

    def badge_width(self) -> float:
        return float(QFontMetrics(self.small).horizontalAdvance(self.tr("disputed")) + 10)

    # --- layout -------------------------------------------------------------------------
    def x_of(self, t: float) -> float:
        """Content x of a moment."""
        return PAD + (t - self.tmin) * self.scale

    def t_of(self, x: float) -> float:
        return self.tmin + (x - PAD) / self.scale

    def content_width(self) -> int:
        return int(PAD * 2 + (self.tmax - self.tmin) * self.scale + MAX_LABEL)

    def _relayout(self) -> None:
        self.lanes = []
        top = 0.0
        for n, (name, rows) in enumerate(lanes(self.rows, self.by)):
            placed, count = self._pack(rows, n)
            height = max(LANE_MIN, count * ROW_H + 2 * LANE_PAD)
            for p in placed:
                p.mark.translate(0, top)
            placed.sort(key=lambda p: p.mark.left())
            self.lanes.append(Lane(name, top, height, placed, [p.mark.left() for p in placed]))
            top += height
        self._update_bars()
        self.viewport().update()

    def _pack(self, rows: list[EventRow], lane: int) -> tuple[list[Placed], int]:
        """Rows of a lane: each event in the first row where it and its label fit; once a
        lane has its most rows, where its mark fits, the label shortened to the room left."""
        max_rows = MAX_ROWS_ONE_LANE if self.by == LANES_NONE else MAX_ROWS
        full_end: list[float] = []  # where each row is free, label included
        mark_end: list[float] = []
        placed: list[Placed] = []
        by_row: list[list[Placed]] = []
        for r in rows:  # sorted by earliest
            x0 = self.x_of(r.earliest)
            x1 = max(self.x_of(r.latest), x0 + MARK)
            if x1 - x0 < MARK * 1.5:  # a moment (or a range too short to see): a round mark
                mid = (x0 + self.x_of(r.latest)) / 2
                x0, x1 = mid - MARK / 2, mid + MARK / 2
            label_x = x1 + 6
            right = label_x + self._widths.get(r.id, 0.0) + 10
            i = next((k for k, end in enumerate(full_end) if end <= x0), -1)
            if i < 0 and len(full_end) < max_rows:
                full_end.append(0.0)
                mark_end.append(0.0)
                by_row.append([])
                i = len(full_end) - 1
            elif i < 0:
                i = min(range(len(mark_end)), key=lambda k: mark_end[k])
            y = LANE_PAD + i * ROW_H + (ROW_H - MARK) / 2
            p = Placed(r, lane, QRectF(x0, y, x1 - x0, MARK), label_x,
                       self._widths.get(r.id, 0.0), right)
            full_end[i] = max(full_end[i], right)
            mark_end[i] = max(mark_end[i], x1 + 4)
            by_row[i].append(p)
            placed.append(p)
        for row in by_row:  # shorten labels that run into the next mark of their row
            for a, b in itertools.pairwise(row):
                room = b.mark.left() - a.label_x - 8
                if room < a.label_w:
                    a.label_w = room if room >= MIN_LABEL else 0.0
                    a.right = a.label_x + a.label_w
        return placed, max(1, len(full_end))

    def _update_bars(self) -> None:
        h = self.horizontalScrollBar()
        v = self.verticalScrollBar()
        width = max(1, self.viewport().width() - HEADER_W)
        height = max(1, self.viewport().height() - AXIS_H)
        h.setPageStep(width)
        h.setRange(0, max(0, self.content_width() - width))
        total = int(self.lanes[-1].top + self.lanes[-1].height) if self.lanes else 0
        v.setPageStep(height)
        v.setRange(0, max(0, total - height))

    # --- zoom ---------------------------------------------------------------------------
    def level(self) -> str:
        return tick_step(self.scale, TICK_PX)[0]

    def zoom_by(self, factor: float, anchor: float | None = None) -> None:
        """Zoom around viewport x ``anchor`` (default: the middle), keeping its moment there."""
        width = self.viewport().width() - HEADER_W
        ax = width / 2 if anchor is None else max(0.0, anchor - HEADER_W)
        t = self.t_of(self.horizontalScrollBar().value() + ax)
        self._set_scale(self.scale * factor, t, ax)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def set_level(self, level: str) -> None:
        """Zoom so that the axis counts in years, months, days or hours, centred on the
        selected event (else on the event nearest the middle of the view)."""
        width = self.viewport().width() - HEADER_W
        t = self.t_of(self.horizontalScrollBar().value() + width / 2)
        row = self._row(self.selected)
        if row is None and self.rows:
            row = min(self.rows, key=lambda r: min(abs(r.earliest - t), abs(r.latest - t)))
        if row is not None:
            t = row.earliest if row.latest - row.earliest > width / LEVELS[level] \
                else (row.earliest + row.latest) / 2
        self._set_scale(LEVELS[level], t, width / 2)

    def fit(self) -> None:
        """The whole case in the view, the labels of the last events included."""
        room = max(300.0, float(self.viewport().width() - HEADER_W))
        span = max(self.tmax - self.tmin, HOUR)
        reserve = 120.0
        for _ in range(4):  # shrink until the rightmost label fits (labels do not scale)
            self.scale = min(self._max_scale(), max(MIN_SCALE, (room - 2 * PAD - reserve) / span))
            self._relayout()
            right = max((max(p.right, p.mark.right()) for lane in self.lanes
                         for p in lane.events), default=0.0)
            over = right - room + 8
            if over <= 0 or reserve + over > room - 2 * PAD - 100:
                break
            reserve += over
        self.horizontalScrollBar().setValue(0)
        self._auto_fit = True
        self.zoom_changed.emit(self.level())

    def _max_scale(self) -> float:
        """Hours at most, and no wider than a scroll bar can count (a case spanning
        centuries, or a typo's year 9999, cannot be zoomed to hours all along)."""
        return min(MAX_SCALE, 1.5e9 / max(self.tmax - self.tmin, HOUR))

    def _set_scale(self, scale: float, t: float, ax: float) -> None:
        self._auto_fit = False
        old = self.level()
        self.scale = min(self._max_scale(), max(MIN_SCALE, scale))
        self._relayout()
        self.horizontalScrollBar().setValue(int(self.x_of(t) - ax))
        if self.level() != old:
            log.debug("timeline zoomed to %s", self.level())
        self.zoom_changed.emit(self.level())

    # --- selection ----------------------------------------------------------------------
    def _row(self, event_id: int | None) -> EventRow | None:
        return next((r for r in self.rows if r.id == event_id), None)

    def select(self, event_id: int | None, *, reveal: bool = True) -> None:
        if event_id == self.selected:
            return
        self.selected = event_id
        if reveal and event_id is not None:
            self.reveal(event_id)
        self.viewport().update()
        self.event_selected.emit(-1 if event_id is None else event_id)

    def reveal(self, event_id: int) -> None:
        """Scroll so that the event (its first lane) is in view."""
        placed = self.placed(event_id)
        if not placed:
            return
        p = placed[0]
        width = self.viewport().width() - HEADER_W
        height = self.viewport().height() - AXIS_H
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        if p.mark.left() < h.value() + 20 or p.mark.right() > h.value() + width - 20:
            h.setValue(int(p.mark.center().x() - width / 3))
        if p.mark.top() < v.value() or p.mark.bottom() > v.value() + height:
            v.setValue(int(p.mark.top() - height / 3))

    def placed(self, event_id: int) -> list[Placed]:
        """Where the event is drawn (once per lane it is in), in content pixels."""
        return [p for lane in self.lanes for p in lane.events if p.row.id == event_id]

    def screen_rect(self, p: Placed) -> QRect:
        """The event's mark in viewport pixels."""
        r = p.mark.translated(HEADER_W - self.horizontalScrollBar().value(),
                              AXIS_H - self.verticalScrollBar().value())
        return r.toAlignedRect()

    def event_at(self, pos: QPoint) -> EventRow | None:
        if pos.x() < HEADER_W or pos.y() < AXIS_H:
            return None
        x = pos.x() - HEADER_W + self.horizontalScrollBar().value()
        y = pos.y() - AXIS_H + self.verticalScrollBar().value()
        for lane in self.lanes:
            if not lane.top <= y < lane.top + lane.height:
                continue
            hi = bisect.bisect_right(lane.starts, x + 2)
            for p in reversed(lane.events[max(0, hi - 200):hi]):
                if p.mark.top() - 4 <= y <= p.mark.bottom() + 4 and \
                        p.mark.left() - 3 <= x <= max(p.right, p.mark.right() + 3):
                    return p.row
        return None

    def step(self, delta: int) -> None:
        """Select the next (1) or previous (-1) event in time."""
        if not self.rows:
            return
        ids = [r.id for r in self.rows]
        if self.selected in ids:
            i = min(max(ids.index(self.selected) + delta, 0), len(ids) - 1)
        else:
            i = 0 if delta > 0 else len(ids) - 1
        self.select(ids[i])

    # --- events -------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit and self.rows and event.size().width() != event.oldSize().width():
            self.fit()
        else:
            self._update_bars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta:
                self.zoom_by(ZOOM_STEP if delta > 0 else 1 / ZOOM_STEP, event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or not delta:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (delta or event.angleDelta().x()))
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        row = self.event_at(event.position().toPoint())
        if row is not None:
            self.select(row.id, reveal=False)
        else:
            self._drag = event.position().toPoint()
            self._drag_from = (self.horizontalScrollBar().value(),
                               self.verticalScrollBar().value())
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            d = event.position().toPoint() - self._drag
            self.horizontalScrollBar().setValue(self._drag_from[0] - d.x())
            self.verticalScrollBar().setValue(self._drag_from[1] - d.y())
            return
        over = self.event_at(event.position().toPoint()) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over
                                  else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = None
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        row = self.event_at(event.position().toPoint())
        if row is not None:
            self.select(row.id, reveal=False)
            self.event_activated.emit(row.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.step(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.event_activated.emit(self.selected)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        else:
            super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.event_at(event.pos())
            if row is not None:
                QToolTip.showText(event.globalPos(), tooltip(row), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        from time import perf_counter

        began = perf_counter()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.viewport().width(), self.viewport().height()
        hx, vy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        k = ink_of(self)
        painter.fillRect(0, 0, w, h, k.background)
        if not self.rows:
            painter.setPen(k.muted)
            painter.drawText(QRect(0, 0, w, h), Qt.AlignmentFlag.AlignCenter,
                             self.empty_text())
            painter.end()
            return
        visible = [ln for ln in self.lanes if ln.top + ln.height > vy and
                   ln.top < vy + h - AXIS_H]
        painter.save()
        painter.setClipRect(HEADER_W, AXIS_H, w - HEADER_W, h - AXIS_H)
        for lane in visible:
            top = AXIS_H + lane.top - vy
            painter.fillRect(QRectF(HEADER_W, top, w - HEADER_W, lane.height),
                             k.lanes[self.lanes.index(lane) % 2])
        paint_grid(self, painter, hx, w, h)
        painter.translate(HEADER_W - hx, AXIS_H - vy)
        left, right = hx, hx + w - HEADER_W
        for lane in visible:
            lo = bisect.bisect_left(lane.starts, left - MAX_LABEL - 40)
            hi = bisect.bisect_right(lane.starts, right)
            for p in lane.events[lo:hi]:
                if max(p.right, p.mark.right()) >= left:
                    paint_event(self, painter, p, left, right)
        painter.restore()
        paint_axis(self, painter, hx, w)
        paint_lane_names(self, painter, visible, vy, h)
        painter.end()
        self.painted.emit(perf_counter() - began)

    def empty_text(self) -> str:
        return self.tr("No events to show.\nSelect words in an item and choose"
                       " “Cite as event…” (Ctrl+Shift+T) to add one.")


