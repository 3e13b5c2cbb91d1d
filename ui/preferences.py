"""The person's preferences (QSettings): investigator, OCR languages, theme, recent archives."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
MAX_RECENT = 8


@dataclass(frozen=True, slots=True)
class Preferences:
    investigator: str = ""  # the custody log's actor; empty: the computer's user name
    ocr_languages: str = ""  # Tesseract codes joined by "+"; empty: the archive's own
    theme: str = "system"
    recent: tuple[str, ...] = field(default=())


def settings() -> QSettings:
    """Casefile's settings store (the platform's usual place)."""
    return QSettings("Casefile", "Casefile")


def load(store: QSettings | None = None) -> Preferences:
    s = store or settings()
    recent = s.value("archives/recent", [])
    if isinstance(recent, str):  # QSettings gives a lone string for a one-item list
        recent = [recent]
    theme = str(s.value("appearance/theme", "system"))
    return Preferences(
        investigator=str(s.value("custody/investigator", "") or ""),
        ocr_languages=str(s.value("ocr/languages", "") or ""),
        theme=theme if theme in THEMES else "system",
        recent=tuple(str(r) for r in (recent or [])),
    )


def save(prefs: Preferences, store: QSettings | None = None) -> None:
    s = store or settings()
    s.setValue("custody/investigator", prefs.investigator)
    s.setValue("ocr/languages", prefs.ocr_languages)
    s.setValue("appearance/theme", prefs.theme)
    s.setValue("archives/recent", list(prefs.recent))
    s.sync()


def remember_archive(path: Path, store: QSettings | None = None) -> Preferences:
    """Put ``path`` first in the recent archives (at most MAX_RECENT, no repeats)."""
    prefs = load(store)
    first = str(Path(path).expanduser().resolve())
    recent = (first, *(r for r in prefs.recent if r != first))[:MAX_RECENT]
    updated = Preferences(prefs.investigator, prefs.ocr_languages, prefs.theme, recent)
    save(updated, store)
    return updated


def apply_to_archive(prefs: Preferences, archive: Archive) -> None:
    """The investigator name and OCR languages, written to the archive only when they differ
    (each change is a row in the custody log)."""
    if prefs.investigator and archive.setting("investigator") != prefs.investigator:
        archive.set_setting("investigator", prefs.investigator)
    if prefs.ocr_languages and archive.ocr_languages != prefs.ocr_languages:
        archive.set_setting("ocr_languages", prefs.ocr_languages)


def apply_theme(theme: str, app: QApplication | None = None) -> None:
    """Light, dark or the system's scheme. Qt 6.8+ follows the hint where the platform
    supports it; an explicit choice also sets Fusion's palette so it holds everywhere."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    if theme == "system":
        hints.unsetColorScheme()
        app.setPalette(app.style().standardPalette())
        return
    dark = theme == "dark"
    hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())


def _dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"),
                      (role.Base, "#1e1e1e"), (role.AlternateBase, "#2f2f2f"),
                      (role.ToolTipBase, "#3a3a3a"), (role.ToolTipText, "#e6e6e6"),
                      (role.Text, "#e6e6e6"), (role.Button, "#353535"),
                      (role.ButtonText, "#e6e6e6"), (role.BrightText, "#ff6b6b"),
                      (role.Link, "#6cb4ff"), (role.Highlight, "#2f65ca"),
                      (role.HighlightedText, "#ffffff"), (role.PlaceholderText, "#9a9a9a")):
        p.setColor(r, QColor(colour))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor("#7a7a7a"))
    return p
