"""Loading the interface's translations: translations/casefile_<locale>.qm and Qt's own."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)


def translations_dir() -> Path:
    """Beside the code, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parents[1]
    return base / "translations"


def install_translators(app: QCoreApplication, locale: QLocale | None = None,
                        folder: Path | None = None) -> list[QTranslator]:
    """Install Casefile's translation for ``locale`` (default: the system's) if one is there,
    and Qt's translation of its standard buttons. Returns the translators installed (keep a
    reference: Qt does not own them). No translation file is fine: English is shown."""
    locale = locale or QLocale()
    folder = folder or translations_dir()
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(locale, "casefile", "_", str(folder), ".qm"):
        app.installTranslator(ours)
        installed.append(ours)
        log.info("interface translation: %s", ours.filePath())
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
