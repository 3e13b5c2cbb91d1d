"""Fixtures for the window tests: a real archive in a temporary folder and a real main window."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

from archive.service import Archive  # noqa: E402
from ui.app import application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

log = logging.getLogger(__name__)

# Preferences (recent archives, theme...) go to a throwaway folder, not the person's own.
SETTINGS_DIR = tempfile.mkdtemp(prefix="casefile-test-settings-")
for _format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
    QSettings.setPath(_format, QSettings.Scope.UserScope, SETTINGS_DIR)

LONG = 180_000  # ms: ingest starts worker processes, and the first file takes a few seconds


@pytest.fixture(autouse=True)
def _own_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test keeps the window's remembered layout in its own folder, not the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    import main

    arc = main.open_archive(tmp_path / "a", create=True)
    yield arc
    arc.close()


@pytest.fixture
def window(qtbot, archive: Archive) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    application()
    w = MainWindow(archive)
    w.show()
    qtbot.waitUntil(lambda: w.case_model.rowCount() >= 1 and not w.tasks.busy, timeout=LONG)
    yield w
    # Destroy it here, on the UI thread: left to the garbage collector, the window (held in
    # reference cycles by its signal connections) could be freed later from a worker thread.
    w.shutdown()
    w.close()
    shiboken6.delete(w)


@pytest.fixture
def write_texts(tmp_path: Path) -> Callable[..., list[Path]]:
    """Write small UTF-8 text files into a folder under tmp_path; returns their paths."""

    def write(texts: dict[str, str], folder: str = "files") -> list[Path]:
        where = tmp_path / folder
        where.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in texts.items():
            path = where / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths

    return write
