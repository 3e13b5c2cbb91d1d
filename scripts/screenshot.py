"""Render the main window on a demo archive to docs/screenshot-main.png, for people to look at.

Usage: .venv/bin/python scripts/screenshot.py [ARCHIVE] [--query WORDS] [--out PATH]
Without ARCHIVE a temporary archive is filled with a few files from ../shared/corpus into a case
"demo". Works under `xvfb-run -a` and with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEMO_FILES = (
    "fixtures_ingest_file/hello_world_tiff.tif",
    "fixtures_ingest_file/106972554.pdf",
    "fixtures_ingest_file/utf.txt",
    "ocr_gt/thai_trdg/thai_00.jpg",
    "fixtures_ingest_file/empty.pdf",  # fails: shows how a failure looks
)
DEMO_CASE = "demo"
DEMO_QUERY = "court OR อากาศ"  # an English and a Thai hit: shows both scripts render
TIMEOUT_MS = 300_000

log = logging.getLogger("screenshot")


def fill(archive: Any) -> None:
    """Import the demo files into the case "demo" (synchronously, before the window opens)."""
    paths = [CORPUS / p for p in DEMO_FILES if (CORPUS / p).exists()]
    if not paths:
        log.warning("no demo files under %s: the window will be empty", CORPUS)
        return
    report = archive.ingest(paths, case=DEMO_CASE)
    for o in report.outcomes:
        log.info("%s: %s %s", Path(o.path).name, o.status, o.reason)


def once(signal: Any, slot: Callable[..., None]) -> None:
    """Call ``slot`` the next time ``signal`` fires, and only then."""

    def handler(*args: Any) -> None:
        signal.disconnect(handler)
        slot(*args)

    signal.connect(handler)


def shoot(archive: Any, query: str, out: Path) -> int:
    import shiboken6
    from PySide6.QtCore import QTimer

    from ui.app import application
    from ui.main_window import MainWindow

    app = application()
    window = MainWindow(archive)
    window.show()
    result = {"code": 1}

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        if window.grab().save(str(out)):
            log.info("saved %s (%dx%d)", out, window.width(), window.height())
            result["code"] = 0
        else:
            log.error("could not write %s", out)
        app.quit()

    def when_idle_save() -> None:
        if window.tasks.busy:
            QTimer.singleShot(100, when_idle_save)
        else:
            QTimer.singleShot(400, save)  # let the views lay out and paint

    def search() -> None:
        once(window.search_finished, pick_hit)
        window.search_box.setText(query)
        window.run_search()

    def pick_hit() -> None:
        if window.results.model.rowCount():
            once(window.item_shown, lambda _id: when_idle_save())
            window.results.select_row(0)
        else:
            log.warning("the search for %r found nothing", query)
            when_idle_save()

    def cases_loaded() -> None:
        once(window.items_loaded, search)
        window.select_case(DEMO_CASE)

    def give_up() -> None:
        log.error("timed out waiting for the window")
        app.quit()

    once(window.cases_loaded, cases_loaded)
    QTimer.singleShot(TIMEOUT_MS, give_up)
    app.exec()
    window.shutdown()
    shiboken6.delete(window)
    return result["code"]


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, help="archive folder (default: a demo)")
    parser.add_argument("--query", default=DEMO_QUERY)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-main.png")
    args = parser.parse_args()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import main as casefile

    with tempfile.TemporaryDirectory(prefix="casefile-demo-") as tmp:
        path = args.archive or Path(tmp) / "archive"
        archive = casefile.open_archive(path, create=True)
        try:
            if not archive.items():
                fill(archive)
            return shoot(archive, args.query, args.out)
        finally:
            archive.close()


if __name__ == "__main__":
    sys.exit(main())
