"""Small layout helpers shared by the window's panes."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QVBoxLayout, QWidget

log = logging.getLogger(__name__)


def stack(*widgets: QWidget) -> QWidget:
    """Widgets one above the other, without margins."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for w in widgets:
        layout.addWidget(w)
    return box
