"""Painting the timeline canvas: the time axis, the lanes and their names, and each event
(a point or a range bar, the disputed outlined in red with a badge), in viewport pixels."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ui.timeline_model import (
    EventRow,
    clamp,
    context_floor,
    context_label,
    context_next,
    moment,
    seconds,
    ticks,
)

if TYPE_CHECKING:
    from ui.timeline_view import Lane, Placed, TimelineCanvas

log = logging.getLogger(__name__)

HEADER_W = 170  # the lane names on the left
AXIS_H = 44  # two rows of labels on top: the coarser unit, then the ticks
ROW_H = 26
MARK = 12  # a moment's mark, and the height of a range bar
TICK_PX = 70.0  # ticks at least this far apart: the finest unit that fits is the zoom level
MIN_LABEL = 48.0  # a title squeezed into less room than this is not drawn (see its tooltip)



@dataclass(frozen=True)
class Ink:
    """The canvas's colours for one theme (chosen from the widget's palette)."""

    text: QColor
    muted: QColor
    grid: QColor
    grid_major: QColor
    lanes: tuple[QColor, QColor]  # alternating lane backgrounds
    bar: QColor
    disputed: QColor
    badge: QColor  # behind the "disputed" badge
    selected: QColor  # the glow behind the chosen event
    axis: QColor  # behind the time axis
    header: QColor  # behind the lane names
    background: QColor


LIGHT = Ink(QColor("#202124"), QColor("#5f6368"), QColor("#e3e6ea"), QColor("#b9c0c8"),
            (QColor("#ffffff"), QColor("#f4f6f9")), QColor("#1a73e8"), QColor("#c5221f"),
            QColor("#fde8e7"), QColor("#fbe7a1"), QColor("#eef1f5"), QColor("#f8f9fb"),
            QColor("#ffffff"))
DARK = Ink(QColor("#e8eaed"), QColor("#a8adb3"), QColor("#34373b"), QColor("#5a5f66"),
           (QColor("#1e1e1e"), QColor("#26282b")), QColor("#5e9bf0"), QColor("#f28b82"),
           QColor("#4a2624"), QColor("#5a4a16"), QColor("#2b2d30"), QColor("#242629"),
           QColor("#1e1e1e"))


def ink_of(widget: QWidget) -> Ink:
    """The dark colours on a dark palette (the dark theme), else the light ones."""
    base = widget.palette().color(QPalette.ColorRole.Base)
    return DARK if base.lightness() < 128 else LIGHT


def paint_grid(c: TimelineCanvas, painter: QPainter, hx: int, w: int, h: int) -> None:
    k = ink_of(c)
    t0, t1 = c.t_of(hx), c.t_of(hx + w - HEADER_W)
    for tick in ticks(t0, t1, c.scale, TICK_PX):
        x = HEADER_W + c.x_of(tick.at) - hx
        painter.setPen(QPen(k.grid_major if tick.major else k.grid, 1))
        painter.drawLine(int(x), AXIS_H, int(x), h)


def paint_event(c: TimelineCanvas, painter: QPainter, p: Placed, left: float, right: float) -> None:
    k = ink_of(c)
    row, mark = p.row, p.mark
    colour = k.disputed if row.disputed else k.bar
    if row.id == c.selected:
        glow = mark.adjusted(-4, -5, 5, 5)
        glow.setRight(max(glow.right(), p.label_x + p.label_w + 4))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(k.selected)
        painter.drawRoundedRect(glow, 5, 5)
    pen = QPen(colour.darker(120) if not row.disputed else k.disputed, 2 if row.disputed else 1)
    painter.setPen(pen)
    if mark.width() > MARK * 1.2:  # a range: pale bar, the uncertainty drawn as its length
        fill = QColor(colour)
        fill.setAlpha(70 if row.uncertain else 150)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(mark, 4, 4)
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(QRectF(mark.left(), mark.top() + 3, 6, 6))  # start tick
    else:
        painter.setBrush(QBrush(colour if not row.uncertain else colour.lighter(150)))
        painter.drawEllipse(mark)
    x, y = p.label_x, mark.top() - (ROW_H - MARK) / 2
    room = p.label_w
    if x > right - MIN_LABEL and mark.right() > left + MIN_LABEL * 2:
        # a long range whose label is out of view: its title over the bar, where seen
        x = max(mark.left(), left) + 10
        room = min(mark.right(), right) - x - 6
        painter.setBrush(Qt.BrushStyle.NoBrush)
    if room <= MIN_LABEL / 2:
        return
    if row.disputed:
        bw = c.badge_width()
        if room >= bw + 24:
            badge = QRectF(x, mark.top() - 2, bw, MARK + 4)
            painter.setPen(QPen(k.disputed, 1))
            painter.setBrush(k.badge)
            painter.drawRoundedRect(badge, 3, 3)
            painter.setFont(c.small)
            painter.setPen(k.disputed)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, c.tr("disputed"))
            x += bw + 6
            room -= bw + 6
            if room < 30:  # the badge, and no stump of a title after it
                return
    painter.setFont(c.bold if row.id == c.selected else c.font_)
    painter.setPen(k.text)
    text = c.fm.elidedText(row.title, Qt.TextElideMode.ElideRight, int(room))
    painter.drawText(QRectF(x, y, room + 20, ROW_H),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)


def paint_axis(c: TimelineCanvas, painter: QPainter, hx: int, w: int) -> None:
    k = ink_of(c)
    painter.fillRect(0, 0, w, AXIS_H, k.axis)
    painter.setPen(QPen(k.grid_major, 1))
    painter.drawLine(0, AXIS_H - 1, w, AXIS_H - 1)
    painter.save()
    painter.setClipRect(HEADER_W, 0, w - HEADER_W, AXIS_H)
    t0, t1 = c.t_of(hx), c.t_of(hx + w - HEADER_W)
    unit = c.level()
    # the coarser unit, held at the left edge while its span is in view
    painter.setFont(c.bold)
    when = context_floor(moment(clamp(t0)), unit) if unit != "year" else None
    while when is not None and seconds(when) < min(t1, clamp(t1)):
        try:
            nxt = context_next(when, unit)
        except (ValueError, OverflowError):
            break
        a = max(HEADER_W + c.x_of(seconds(when)) - hx, HEADER_W)
        b = HEADER_W + c.x_of(seconds(nxt)) - hx
        painter.setPen(k.text)
        label = context_label(when, unit)
        if b - a > c.fm.horizontalAdvance(label) + 12:
            painter.drawText(QRectF(a + 6, 2, b - a - 6, 20),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             label)
        painter.setPen(QPen(k.grid_major, 1))
        painter.drawLine(int(HEADER_W + c.x_of(seconds(nxt)) - hx), 2,
                         int(HEADER_W + c.x_of(seconds(nxt)) - hx), 20)
        when = nxt
    painter.setFont(c.font_)
    top = 2 if unit == "year" else 22
    for tick in ticks(t0, t1, c.scale, TICK_PX):
        x = HEADER_W + c.x_of(tick.at) - hx
        if x < HEADER_W:
            continue
        painter.setPen(QPen(k.grid_major, 1))
        painter.drawLine(int(x), top + 12, int(x), AXIS_H - 1)
        painter.setPen(k.text if tick.major else k.muted)
        painter.drawText(QRectF(x + 4, top, 200, 18),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         tick.label)
    painter.restore()
    painter.fillRect(0, 0, HEADER_W, AXIS_H, k.axis)
    painter.setPen(k.muted)
    painter.setFont(c.small)
    painter.drawText(QRectF(8, 0, HEADER_W - 12, AXIS_H),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     c.tr("Zoom: {unit}").format(unit=_unit_label(unit)))


def paint_lane_names(c: TimelineCanvas, painter: QPainter, visible: list[Lane], vy: int,
                      h: int) -> None:
    k = ink_of(c)
    painter.save()
    painter.setClipRect(0, AXIS_H, HEADER_W, h - AXIS_H)
    painter.fillRect(0, AXIS_H, HEADER_W, h - AXIS_H, k.header)
    for lane in visible:
        top = AXIS_H + lane.top - vy
        painter.setPen(QPen(k.grid_major, 1))
        painter.drawLine(0, int(top + lane.height), c.viewport().width(),
                         int(top + lane.height))
        painter.setPen(k.text)
        painter.setFont(c.bold)
        name = lane.name or c.tr("All events")
        fm = QFontMetrics(c.bold)
        painter.drawText(QRectF(8, top + 4, HEADER_W - 14, 20),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(name, Qt.TextElideMode.ElideRight, HEADER_W - 14))
        painter.setFont(c.small)
        painter.setPen(k.muted)
        count = len({p.row.id for p in lane.events})
        painter.drawText(QRectF(8, top + 22, HEADER_W - 14, 16),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         c.tr("{n} events").format(n=count) if count != 1
                         else c.tr("1 event"))
    painter.setPen(QPen(k.grid_major, 1))
    painter.drawLine(HEADER_W - 1, AXIS_H, HEADER_W - 1, h)
    painter.restore()


def _unit_label(unit: str) -> str:
    return {"year": "years", "month": "months", "day": "days", "hour": "hours"}.get(unit, unit)


def tooltip(row: EventRow) -> str:
    lines = [row.title, row.when]
    if row.places:
        lines.append("Place: " + ", ".join(row.places))
    if row.entities:
        lines.append("Who: " + ", ".join(row.entities))
    lines.append(f"{row.citations} source" + ("" if row.citations == 1 else "s"))
    if row.disputed:
        lines.append("DISPUTED" + (f": {row.dispute}" if row.dispute else ""))
    return "\n".join(lines)
