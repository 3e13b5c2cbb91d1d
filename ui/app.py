"""Starting the GUI: the QApplication, opening the archive (with a readable error), the window."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from archive.errors import CasefileError
from ui.session import Session, is_encrypted

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)

OpenArchive = Callable[..., "Archive"]

# Families that cover Thai, Burmese and Chinese; fontconfig falls back through them in order.
FALLBACK_FAMILIES = ["Noto Sans", "Noto Sans Thai", "Noto Sans Myanmar", "Noto Sans CJK SC",
                     "Noto Sans CJK TC"]

# How long a thread may keep the GIL while another waits for it (Python's default: 5 ms).
# The UI thread gives the GIL up around every Qt call and must win it back from a busy
# search or loading thread each time: filling a list of 4,900 entities took 59 ms alone
# and 5.7 s beside a busy thread at 5 ms, 0.7 s at 0.5 ms (issue 8).
GIL_SWITCH_INTERVAL_S = 0.0005


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def keep_out_of_collections() -> None:
    """Leave every object alive now (modules, widgets, the lists just loaded) out of the
    garbage collector's full collections.

    A full collection holds the GIL while it walks every object: 40-50 ms in a window on
    10,000 items, in whichever thread allocated at the wrong moment, and the window waited
    for it (issue 8). Objects that die later are still freed as usual; only reference cycles
    among them would stay (the young ones are collected first)."""
    gc.collect(1)
    gc.freeze()


def back_into_collections() -> None:
    """A window is closing: what was kept out of collections goes back in, so that the
    window's objects (held in reference cycles by their signal connections) can be freed."""
    gc.unfreeze()


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named Casefile, with fonts for every script we show."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Casefile")
    app.setApplicationDisplayName("Casefile")
    font = app.font()
    families = [font.family(), *[f for f in FALLBACK_FAMILIES if f != font.family()]]
    font.setFamilies(families)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    return app


def open_or_explain(path: Path, open_archive: OpenArchive) -> Archive | None:
    """Open the archive; on failure show a dialog a person can understand and return None."""
    try:
        return open_archive(path, create=True)
    except CasefileError as e:
        message = str(e)
    except Exception:
        log.exception("could not open the archive at %s", path)
        message = _tr("Casefile could not open the archive at {path}. It may be damaged or"
                      " in use by another program. Details are in the log.").format(path=path)
    QMessageBox.critical(None, _tr("Casefile"), message)
    return None


def open_or_unlock(path: Path, open_archive: OpenArchive, session: Session) -> Archive | None:
    """An encrypted archive asks for its passphrase (None if the person cancels); any other
    is opened as ``open_or_explain`` does."""
    if not is_encrypted(path):
        return open_or_explain(path, open_archive)
    session.path = Path(path)
    dialog = session.ask_passphrase()
    return dialog.archive if dialog.exec() else None


def run_gui(path: Path, *, open_archive: OpenArchive, sample: bool = False,
            screenshot: Path | None = None,
            languages: Callable[[], Sequence[str]] = list) -> int:
    """Open the main window on the archive at ``path``; return the application's exit code.
    A new archive is offered the sample case; ``sample`` makes it without asking;
    ``screenshot`` saves the ready window to that PNG and quits. ``languages``: the OCR
    languages installed, for the Settings dialog. An encrypted archive asks for its
    passphrase first, and its window can be locked (the session)."""
    from ui import preferences
    from ui.archives import ArchiveController
    from ui.crash import CrashReporter
    from ui.first_run import is_first_run
    from ui.startup import Startup
    from ui.translations import install_translators

    app = application()
    translators = install_translators(app)
    preferences.apply_theme(preferences.load().theme, app)
    session = Session(Path(path), open_archive)
    controller = ArchiveController(lambda p: open_or_unlock(p, open_archive, session),
                                   languages=languages)
    session.use_windows(controller)
    reporter = CrashReporter(
        lambda: controller.archive.storage.log_path if controller.archive else None)
    reporter.install()
    first_run = is_first_run(Path(path))
    try:
        if not controller.open(Path(path)) or controller.window is None:
            return 2
        startup = Startup(controller.window, first_run=first_run, sample=sample,
                          screenshot=screenshot)
        code = app.exec()
        if screenshot is not None and not startup.saved:
            code = 2
    finally:
        session.close()  # the window (now, on this thread), then the archive
        controller.close()
        reporter.uninstall()
        del translators
    return int(code)
