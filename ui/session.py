"""The open archive and its window; an encrypted archive is unlocked, locked and locks itself.

Locking stops the window's background work (an explicit lock cancels it; the idle lock waits
for it to finish), closes the window and the archive — which drops the keys and the in-memory
index and work files — and shows the unlock dialog. Unlocking opens the archive again in a new
window where the old one was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from archive import keys
from archive.errors import CasefileError
from ui.unlock_dialog import ChangePassphraseDialog, NewPassphraseDialog, UnlockDialog

if TYPE_CHECKING:
    from archive.service import Archive
    from ui.archives import ArchiveController
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

IDLE_SETTING = "lock_after_minutes"
DEFAULT_IDLE_MINUTES = 10
LOCK_SHORTCUT = "Ctrl+Shift+L"  # Ctrl+L shows the timeline
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class Session(QObject):
    """One archive at a time in one main window (``window`` is None while locked)."""

    def __init__(self, path: Path, open_archive: Callable[..., Archive]) -> None:
        super().__init__()
        self.path = Path(path)
        self._open = open_archive
        self.archive: Archive | None = None
        self.window: MainWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self._geometry = QByteArray()
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._idle_timeout)
        self._windows: ArchiveController | None = None
        QApplication.instance().installEventFilter(self)

    def use_windows(self, windows: ArchiveController) -> None:
        """Let ``windows`` (File → Open archive, Recent archives) own the window: each window
        it opens gets this session's lock commands, and unlocking shows the archive there."""
        self._windows = windows
        windows.window_opened.append(self._adopted)

    def _adopted(self, window: MainWindow) -> None:
        self.archive = window.archive
        self.path = window.archive.path
        self.window = window
        self._add_actions(window)
        self._restart_idle()

    # --- opening ------------------------------------------------------------------------
    def start(self, archive: Archive) -> None:
        """Show the window on an opened (or unlocked) archive."""
        from ui.main_window import MainWindow

        if self._windows is not None:
            self._windows.adopt(archive)  # and _adopted() takes it from there
            return
        self.archive = archive
        self.path = archive.path
        self.window = MainWindow(archive)
        if not self._geometry.isEmpty():
            self.window.restoreGeometry(self._geometry)
        self._add_actions(self.window)
        self.window.show()
        self._restart_idle()

    def ask_passphrase(self, parent: QWidget | None = None) -> UnlockDialog:
        dialog = UnlockDialog(self.path, self._open, parent)
        self.unlock_dialog = dialog
        return dialog

    def _add_actions(self, w: MainWindow) -> None:
        file_menu = w.menuBar().actions()[0].menu()
        first = file_menu.actions()[0]
        w.new_encrypted_action = QAction(w.tr("New &encrypted archive…"), w)
        w.new_encrypted_action.triggered.connect(lambda _c=False: self.new_encrypted_archive())
        file_menu.insertAction(first, w.new_encrypted_action)
        w.lock_action = QAction(w.tr("&Lock the archive"), w)
        w.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        w.lock_action.triggered.connect(lambda _c=False: self.lock())
        w.idle_action = QAction(w.tr("Lock after &idle time…"), w)
        w.idle_action.triggered.connect(lambda _c=False: self.ask_idle_minutes())
        w.passphrase_action = QAction(w.tr("Change the &passphrase…"), w)
        w.passphrase_action.triggered.connect(lambda _c=False: self.change_passphrase_dialog())
        encrypted = self.archive is not None and self.archive.encrypted
        for action in (w.lock_action, w.idle_action, w.passphrase_action):
            action.setEnabled(encrypted)
            file_menu.insertAction(first, action)
        file_menu.insertSeparator(first)

    # --- locking ------------------------------------------------------------------------
    @property
    def idle_minutes(self) -> int:
        if self.archive is None or not self.archive.encrypted:
            return 0
        value = self.archive.setting(IDLE_SETTING)
        try:
            return max(0, int(value)) if value is not None else DEFAULT_IDLE_MINUTES
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    def set_idle_minutes(self, minutes: int) -> None:
        if self.archive is None:
            return
        self.archive.set_setting(IDLE_SETTING, str(max(0, minutes)))
        self._restart_idle()

    def ask_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window, self.tr("Lock after idle time"),
            self.tr("Lock the archive after this many minutes without use (0: never):"),
            self.idle_minutes, 0, 24 * 60)
        if ok:
            self.set_idle_minutes(minutes)

    def _restart_idle(self, interval_ms: int | None = None) -> None:
        minutes = self.idle_minutes
        if minutes <= 0 or self.window is None:
            self.idle.stop()
            return
        self.idle.start(interval_ms if interval_ms is not None else minutes * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.idle.isActive():
            self.idle.start()  # same interval again
        return False

    def _idle_timeout(self) -> None:
        if self.window is not None and self.window.tasks.busy:
            log.info("idle, but background work is running: locking once it has finished")
            self.idle.start(5_000)
            return
        self.lock()

    def lock(self) -> None:
        """Close the window and the archive (keys, index and work files go) and ask for the
        passphrase again. Running background work is cancelled and waited for first."""
        if self.archive is None or not self.archive.encrypted:
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and modal is not self.unlock_dialog:
            # A dialog's own event loop is running: end it first, lock once it has returned.
            modal.reject()
            QTimer.singleShot(0, self.lock)
            return
        log.info("locking the archive at %s", self.path)
        self.idle.stop()
        dialog = self.ask_passphrase()
        dialog.unlocked.connect(self.start)
        dialog.rejected.connect(QApplication.instance().quit)
        dialog.show()  # visible before the window closes, so the application stays
        self._close_window()
        self.archive.close()
        self.archive = None

    def _close_window(self) -> None:
        window, self.window = self.window, None
        if window is None:
            return
        if self._windows is not None:
            self._geometry = window.saveGeometry()
            self._windows.close(keep_archive=True)
            return
        self._geometry = window.saveGeometry()
        window.shutdown()
        window.close()
        shiboken6.delete(window)

    def change_passphrase_dialog(self) -> ChangePassphraseDialog | None:
        """Open the dialog (window-modal); returns it, or None for a plain archive."""
        archive = self.archive
        if archive is None or not archive.encrypted:
            return None
        dialog = ChangePassphraseDialog(archive.change_passphrase, self.window)
        dialog.accepted.connect(lambda: self.window and self.window.statusBar().showMessage(
            self.tr("Passphrase changed. The old one no longer opens the archive.")))
        dialog.open()
        return dialog

    # --- another archive ----------------------------------------------------------------
    def new_encrypted_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr(
            "Choose an empty folder for the new encrypted archive"))
        if not folder:
            return
        dialog = NewPassphraseDialog(self.window)
        if not dialog.exec():
            return
        self.switch_to_new_encrypted(Path(folder), dialog.passphrase())

    def switch_to_new_encrypted(self, folder: Path, passphrase: str) -> None:
        """Create the encrypted archive in ``folder`` and show it instead of the current one."""
        try:
            archive = self._open(folder, create=True, passphrase=passphrase, encrypted=True)
        except CasefileError as e:
            QMessageBox.warning(self.window, self.tr("New encrypted archive"), str(e))
            return
        old = self.archive
        self._close_window()
        if old is not None:
            old.close()
        self.start(archive)

    def close(self) -> None:
        """At the application's end: the window first, then the archive."""
        self.idle.stop()
        QApplication.instance().removeEventFilter(self)
        self._close_window()
        if self.archive is not None:
            self.archive.close()
            self.archive = None
        if self.unlock_dialog is not None:
            shiboken6.delete(self.unlock_dialog)
            self.unlock_dialog = None


def is_encrypted(path: Path) -> bool:
    return keys.is_encrypted(Path(path))
