"""Above the item list: only the items whose source and information are graded well enough."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from archive.entity_models import CREDIBILITY_MEANINGS, RELIABILITY, RELIABILITY_MEANINGS

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("grade_filter", text)


def _choices(grades: list[str], meanings: list[str], anything: str) -> list[tuple[str, str]]:
    """(label, filter): any; the best grade; the best two ("A-B: usually reliable or better")
    and so on down to the last but one; the last ("cannot be judged") on its own."""
    out = [(anything, "")]
    for n, (grade, meaning) in enumerate(zip(grades[:-1], meanings[:-1], strict=True)):
        span = grade if n == 0 else f"{grades[0]}-{grade}"
        out.append((f"{span}: {meaning}" if n == 0 else
                    _tr("{span}: {meaning} or better").format(span=span, meaning=meaning), span))
    out.append((f"{grades[-1]}: {meanings[-1]}", grades[-1]))
    return out


def reliability_choices() -> list[tuple[str, str]]:
    return _choices(list(RELIABILITY), [_tr(RELIABILITY_MEANINGS[g]) for g in RELIABILITY],
                    _tr("any reliability"))


def credibility_choices() -> list[tuple[str, str]]:
    grades = sorted(CREDIBILITY_MEANINGS)
    return _choices([str(g) for g in grades], [_tr(CREDIBILITY_MEANINGS[g]) for g in grades],
                    _tr("any credibility"))


class GradeFilter(QWidget):
    """Two drop-downs; ``changed`` carries the filters ("A-B", "1-2"; "" for any)."""

    changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradeFilter")
        self.reliability = QComboBox()
        self.reliability.setObjectName("reliabilityFilter")
        self.credibility = QComboBox()
        self.credibility.setObjectName("credibilityFilter")
        for combo, choices in ((self.reliability, reliability_choices()),
                               (self.credibility, credibility_choices())):
            for label, value in choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(self._changed)
        self.reliability.setToolTip(_tr("Only items whose source is this reliable (Admiralty"
                                        " code; right-click an item to grade it)"))
        self.credibility.setToolTip(_tr("Only items whose information is this credible"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel(_tr("Show:")))
        layout.addWidget(self.reliability)
        layout.addWidget(self.credibility)
        layout.addStretch(1)

    def filters(self) -> tuple[str, str]:
        return str(self.reliability.currentData()), str(self.credibility.currentData())

    def set_filters(self, reliability: str, credibility: str) -> None:
        """Choose the entries with these filters ("" for any)."""
        for combo, value in ((self.reliability, reliability), (self.credibility, credibility)):
            row = combo.findData(value)
            if row < 0:
                raise ValueError(f"no grade filter {value!r}")
            combo.setCurrentIndex(row)

    def _changed(self, _row: int) -> None:
        self.changed.emit(*self.filters())
