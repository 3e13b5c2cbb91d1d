"""Paints the sample case's chat screenshots with Qt (QImage + QPainter, Noto fonts)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QTextOption

from archive.sample import FICTION_NOTE, Chat

log = logging.getLogger(__name__)

# The font family that draws each sample language well (installed by scripts/setup-system.sh).
FAMILIES = {"en": "Noto Sans", "th": "Noto Sans Thai", "my": "Noto Sans Myanmar",
            "zh": "Noto Sans CJK SC"}
WIDTH, MARGIN, PAD = 720, 24, 18
TEXT_PX, TITLE_PX, NOTE_PX = 30, 30, 17
BUBBLE_MAX = 520
# A phone's screen is portrait (9:16): painted that tall, the chats are read as the phone
# screenshots they stand for (ocr/screens.py, line by line and per script). Painted only as
# tall as their bubbles they were read as a page, and Burmese came out as a few stray letters.
PHONE_HEIGHT = WIDTH * 16 // 9


def ensure_gui_application() -> None:
    """QPainter needs a QGuiApplication for fonts; the CLI makes an offscreen one."""
    if QGuiApplication.instance() is None:
        QGuiApplication([sys.argv[0] if sys.argv else "casefile", "-platform", "offscreen"])


class QtChatPainter:
    """A phone-like chat: light background, a title bar, bubbles left (them) and right (me),
    on a portrait screen. Drawn large and plain so that OCR reads it, as real screenshots
    mostly are."""

    def paint(self, chat: Chat, path: Path) -> None:
        ensure_gui_application()
        font = _font(chat.language, TEXT_PX)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        bubbles = [(m, self._measure(m.text, font, option)) for m in chat.messages]
        height = max(PHONE_HEIGHT,
                     150 + sum(int(r.height()) + 2 * PAD + 22 for _m, r in bubbles) + 60)
        image = QImage(WIDTH, height, QImage.Format.Format_RGB32)
        image.fill(QColor("#ece5dd"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.fillRect(0, 0, WIDTH, 96, QColor("#075e54"))
            painter.setPen(QColor("white"))
            painter.setFont(_font(chat.language, TITLE_PX, bold=True))
            painter.drawText(QRectF(MARGIN, 0, WIDTH - 2 * MARGIN, 96),
                             Qt.AlignmentFlag.AlignVCenter, chat.title)
            y = 120.0
            for message, rect in bubbles:
                w, h = rect.width() + 2 * PAD, rect.height() + 2 * PAD
                x = WIDTH - MARGIN - w if message.mine else MARGIN
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#dcf8c6" if message.mine else "#ffffff"))
                painter.drawRoundedRect(QRectF(x, y, w, h), 14, 14)
                painter.setPen(QColor("#111111"))
                painter.setFont(font)
                painter.drawText(QRectF(x + PAD, y + PAD, rect.width() + 2, rect.height()),
                                 message.text, option)
                y += h + 22
            painter.setPen(QColor("#555555"))
            painter.setFont(_font("en", NOTE_PX))
            painter.drawText(QRectF(MARGIN, height - 50, WIDTH - 2 * MARGIN, 40),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             FICTION_NOTE)
        finally:
            painter.end()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"could not write {tmp}")
        tmp.replace(path)
        log.debug("painted %s (%dx%d)", path.name, WIDTH, height)

    @staticmethod
    def _measure(text: str, font: QFont, option: QTextOption) -> QRectF:
        probe = QImage(1, 1, QImage.Format.Format_RGB32)
        painter = QPainter(probe)
        try:
            painter.setFont(font)
            return painter.boundingRect(QRectF(0, 0, BUBBLE_MAX, 10_000), text, option)
        finally:
            painter.end()


def _font(language: str, pixels: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies([FAMILIES.get(language, "Noto Sans"), "Noto Sans", "Noto Sans CJK SC"])
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font
