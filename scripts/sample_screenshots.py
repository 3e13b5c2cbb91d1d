"""Screenshots of the main views, on the sample case, at a small laptop's 1366x768, into docs/.

Usage: xvfb-run -a .venv/bin/python scripts/sample_screenshots.py [--out DIR] [--size WxH]
       [--theme light|dark]
Makes a new archive in a temporary folder, and in it the sample case (archive/sample.py, as the
first run does), then saves: sample-offer.png (the first-run question), sample-main.png (a
search in three scripts), sample-viewer.png (a Thai chat screenshot with the hit's words marked
on the picture), sample-entities.png (the testimony with its people, places, phone and wallet),
sample-timeline.png (the case's events), sample-export.png and sample-settings.png (dialogs over
the window). Works under `xvfb-run -a` and QT_QPA_PLATFORM=offscreen.
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

QUERY = "护照 OR เงินเดือน OR passport"
VIEWER_QUERY = "เงินเดือน"

log = logging.getLogger("sample_screenshots")


def composite(window: Any, dialog: Any) -> Any:
    """The window with a dialog drawn over its middle (grab() sees one top-level at a time)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    over = dialog.grab()
    bar = 30  # a title bar as a window manager would draw it
    x = (picture.width() - over.width()) // 2
    y = max(bar, (picture.height() - over.height()) // 3)
    painter = QPainter(picture)
    painter.fillRect(QRect(x, y - bar, over.width(), bar), QColor("#3c4650"))
    painter.setPen(QColor("white"))
    painter.drawText(QRect(x + 12, y - bar, over.width() - 24, bar),
                     Qt.AlignmentFlag.AlignVCenter, dialog.windowTitle())
    painter.drawPixmap(x, y, over)
    painter.setPen(QColor("#3c4650"))
    painter.drawRect(QRect(x - 1, y - bar - 1, over.width() + 1, over.height() + bar + 1))
    painter.end()
    return picture


def shoot(archive: Any, out: Path, size: tuple[int, int], *, theme: str = "light") -> int:
    from PySide6.QtCore import QTimer
    from screenshot import once, run_window

    from archive.sample import SAMPLE_CASE
    from ui.app import application
    from ui.archives import ArchiveController
    from ui.first_run import SampleOffer
    from ui.main_window import MainWindow
    from ui.preferences import apply_theme

    app = application()
    apply_theme(theme, app)
    window = MainWindow(archive)
    window.resize(*size)
    window.show()
    controller = ArchiveController(lambda p: None, languages=lambda: [
        "chi_sim", "chi_tra", "eng", "mya", "tha"])
    controller.archive, controller.window = archive, window
    controller._add_menus(window)
    saved: list[Path] = []

    def save(name: str, picture: Any, then: Callable[[], None]) -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if picture.save(str(path)):
            log.info("saved %s (%dx%d)", path, picture.width(), picture.height())
            saved.append(path)
        else:
            log.error("could not write %s", path)
        then()

    def when_idle(then: Callable[[], None]) -> None:
        if window.tasks.busy:
            QTimer.singleShot(100, lambda: when_idle(then))
        else:
            QTimer.singleShot(500, then)

    offer = SampleOffer(window)

    def ask() -> None:
        box = offer.ask()
        QTimer.singleShot(600, lambda: save("sample-offer.png", composite(window, box),
                                            lambda: accept(box)))

    def accept(box: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        once(offer.finished, lambda _report: once(window.items_loaded,
                                                  lambda: when_idle(search)))
        box.button(QMessageBox.StandardButton.Yes).click()

    def search() -> None:
        once(window.search_finished, lambda: when_idle(
            lambda: save("sample-main.png", window.grab(), viewer)))
        window.search_box.setText(QUERY)
        window.run_search()

    def viewer() -> None:
        def pick() -> None:
            model = window.results.model
            rows = [model.row_at(r) for r in range(model.rowCount())]
            row = next((r for r, hit in enumerate(rows) if hit and hit.kind == "screenshot"), 0)
            once(window.viewer.page_loaded, lambda _page: when_idle(
                lambda: save("sample-viewer.png", window.grab(), entities)))
            window.results.select_row(row)

        once(window.search_finished, pick)
        window.search_box.setText(VIEWER_QUERY)
        window.run_search()

    def entities() -> None:
        testimony = next(i for i in archive.items() if i.kind == "testimony")
        window.timeline.dock.hide()  # room for the entities and the suggestions
        window.show_panel("entities")
        window.lower_tabs.setCurrentWidget(window.entities.suggestions)
        once(window.item_shown, lambda _id: when_idle(
            lambda: save("sample-entities.png", window.grab(), timeline)))
        window.show_item(testimony.id)

    def timeline() -> None:
        panel = window.timeline.panel

        def shoot() -> None:
            when_idle(lambda: (panel.canvas.fit(), save(
                "sample-timeline.png", window.grab(), export))[1])

        if panel.case_id == window.case_id:  # loaded already (a remembered layout showed it)
            window.timeline.show()
            shoot()
        else:
            once(panel.loaded, shoot)
            window.timeline.show()

    def export() -> None:
        window.timeline.dock.hide()
        dialog = window.show_export_dialog()
        dialog.preview()  # fills the table with what redaction would change
        when_idle(lambda: save("sample-export.png", composite(window, dialog),
                               lambda: settings(dialog)))

    def settings(export_dialog: Any) -> None:
        export_dialog.close()
        dialog = controller.show_settings()
        QTimer.singleShot(600, lambda: save("sample-settings.png", composite(window, dialog),
                                            lambda: (dialog.reject(), app.quit())))

    run_window(app, window, ask)
    log.info("sample case: %s", SAMPLE_CASE)
    return 0 if len(saved) == 7 else 1


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--theme", choices=("light", "dark"), default="light",
                        help="the colour scheme to draw the window in")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    from screenshot import fresh_settings

    import main as casefile

    fresh_settings()
    with tempfile.TemporaryDirectory(prefix="casefile-sample-shots-") as tmp:
        archive = casefile.open_archive(Path(tmp) / "archive", create=True)
        try:
            return shoot(archive, args.out, (width, height), theme=args.theme)
        finally:
            archive.close()


if __name__ == "__main__":
    sys.exit(main())
