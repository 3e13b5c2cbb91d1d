"""Small layout helpers shared by the window's panes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

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


def tool_button(text: str, tip: str, slot: Callable[[], Any], name: str) -> QToolButton:
    """A flat button (a pane's own tool bar) that calls ``slot`` when clicked."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName(name)
    button.setAutoRaise(True)
    button.clicked.connect(lambda _checked=False: slot())
    return button
