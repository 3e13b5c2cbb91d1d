"""What happens once the window is up: the first-run sample offer, --sample and --screenshot."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from ui.first_run import SampleOffer

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

IDLE_MS = 500  # let the views lay out and paint before a screenshot
SCREENSHOT_TIMEOUT_MS = 600_000


class Startup(QObject):
    """Drives the window after it is shown. ``first_run``: ask about the sample case;
    ``sample``: make it without asking; ``screenshot``: save the window to that PNG when the
    work is done, then quit (exit code 0 only if the picture was written)."""

    def __init__(self, window: MainWindow, *, first_run: bool, sample: bool,
                 screenshot: Path | None) -> None:
        super().__init__(window)
        self.window = window
        self.screenshot = screenshot
        self.saved = False
        self.offer = SampleOffer(window)
        self.offer.finished.connect(self._sample_done)
        if sample:
            QTimer.singleShot(0, self.offer.start)
        elif first_run and screenshot is None:
            QTimer.singleShot(0, self.offer.ask)
        else:
            QTimer.singleShot(0, lambda: self._sample_done(None))
        if screenshot is not None:
            QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, self._give_up)

    def _sample_done(self, report: Any) -> None:
        if report is not None:
            log.info("sample case ready: %d items, failed: %s", len(report.item_ids),
                     ", ".join(report.failed) or "none")
        if self.screenshot is not None:
            self._when_idle(self._shoot)

    def _when_idle(self, then: Any) -> None:
        if self.window.tasks.busy:
            QTimer.singleShot(100, lambda: self._when_idle(then))
        else:
            QTimer.singleShot(IDLE_MS, then)

    def _shoot(self) -> None:
        assert self.screenshot is not None
        self.screenshot.parent.mkdir(parents=True, exist_ok=True)
        self.saved = bool(self.window.grab().save(str(self.screenshot)))
        if self.saved:
            log.info("saved %s", self.screenshot)
        else:
            log.error("could not write %s", self.screenshot)
        QApplication.quit()

    def _give_up(self) -> None:
        log.error("the window was not ready in time for the screenshot")
        QApplication.quit()
