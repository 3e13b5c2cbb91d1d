"""Which archive the window shows: File → Open archive…, Recent archives, Settings…, and the
switch from one archive's window to another's."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from ui import preferences
from ui.first_run import SampleOffer
from ui.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from archive.service import Archive
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

OpenArchive = Callable[[Path], "Archive | None"]  # None: could not (the person was told why)


class ArchiveController(QObject):
    """Owns the open archive and its window; opening another archive closes this one's window
    (only when no work is running in it) and opens a new one."""

    def __init__(self, open_archive: OpenArchive, *, languages: Callable[[], Sequence[str]],
                 store: QSettings | None = None) -> None:
        super().__init__()
        self._open = open_archive
        self._languages = languages
        self.store = store
        self.archive: Archive | None = None
        self.window: MainWindow | None = None
        self.recent_menu: QMenu | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.window_opened: list[Callable[[MainWindow], Any]] = []  # hooks for a new window

    # --- opening ------------------------------------------------------------------------
    def open(self, path: Path) -> bool:
        """Open the archive at ``path`` in a new window, closing the current one. False (and
        the current window left as it is) if work is running or the archive cannot open."""

        if self.window is not None and self.window.tasks.busy:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Casefile"), self.tr(
                "Casefile is still working in this archive (importing, searching or"
                " exporting). Wait for it to finish, or cancel it, then open the other"
                " archive."), QMessageBox.StandardButton.Ok, self.window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # does not block the event loop
            return False
        archive = self._open(Path(path))
        if archive is None:
            return False
        self.adopt(archive)
        return True

    def adopt(self, archive: Archive) -> MainWindow:
        """Show an archive opened (or unlocked) elsewhere in a new window, closing the current
        one; the new window."""
        from ui.main_window import MainWindow

        prefs = preferences.remember_archive(archive.path, self.store)
        preferences.apply_to_archive(prefs, archive)
        window = MainWindow(archive)
        recent = self._add_menus(window)
        window.show()  # before the old one goes, so the application never has no window
        self.close(later=True)
        self.archive, self.window, self.recent_menu = archive, window, recent
        self._fill_recent()
        for hook in self.window_opened:
            hook(window)
        return window

    def close(self, *, later: bool = False, keep_archive: bool = False) -> None:
        """Shut the current window and archive (waits for their work). ``later``: the window
        is deleted by the event loop (we may be inside one of its own menu's slots);
        ``keep_archive``: the caller closes the archive itself (locking does)."""
        window, archive = self.window, self.archive
        if keep_archive:
            archive = None
        self.window, self.archive, self.recent_menu = None, None, None
        if window is not None:
            window.shutdown()
            window.hide()
            if later:
                window.deleteLater()
            else:
                shiboken6.delete(window)  # now, on this thread
        if archive is not None:
            archive.close()

    # --- menus --------------------------------------------------------------------------
    def _add_menus(self, window: MainWindow) -> QMenu:
        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        first = file_menu.actions()[0] if file_menu.actions() else None
        open_action = QAction(self.tr("&Open archive…"), window)
        open_action.setShortcut("Ctrl+O")
        open_action.triggered.connect(self.choose_archive)
        window.open_archive_action = open_action  # type: ignore[attr-defined]
        recent = QMenu(self.tr("&Recent archives"), window)
        recent.setObjectName("recentArchives")
        recent.aboutToShow.connect(self._fill_recent)
        settings_action = QAction(self.tr("&Settings…"), window)
        settings_action.setShortcut("Ctrl+,")
        settings_action.triggered.connect(self.show_settings)
        window.settings_action = settings_action  # type: ignore[attr-defined]
        file_menu.insertAction(first, open_action)
        file_menu.insertMenu(first, recent)
        file_menu.insertSeparator(first)
        quit_action = next((a for a in file_menu.actions() if a.shortcut().matches(
            "Ctrl+Q") or a.text().replace("&", "") == "Quit"), None)
        file_menu.insertAction(quit_action, settings_action)
        if quit_action is not None:
            file_menu.insertSeparator(quit_action)
        help_menu = window.menuBar().addMenu(self.tr("&Help"))
        sample_action = help_menu.addAction(self.tr("Make the &sample case"))
        sample_action.triggered.connect(lambda: SampleOffer(window).start())
        return recent

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        current = str(self.archive.path.resolve()) if self.archive else ""
        paths = [p for p in preferences.load(self.store).recent if p != current]
        for p in paths:
            action = menu.addAction(p)
            # After the menu's slot returns: opening deletes this window and its menu.
            action.triggered.connect(lambda _checked=False, p=p: QTimer.singleShot(
                0, lambda: self.open(Path(p))))
        if not paths:
            none = menu.addAction(self.tr("No other archives yet"))
            none.setEnabled(False)

    def choose_archive(self) -> None:
        start = str(self.archive.path.parent) if self.archive else ""
        folder = QFileDialog.getExistingDirectory(self.window, self.tr(
            "Open an archive folder (or an empty folder for a new archive)"), start)
        if folder:
            self.open(Path(folder))

    # --- settings -----------------------------------------------------------------------
    def show_settings(self) -> SettingsDialog:
        prefs = preferences.load(self.store)
        dialog = SettingsDialog(prefs, list(self._languages()), self.window,
                                archive_languages=self.archive.ocr_languages
                                if self.archive else "")
        dialog.accepted.connect(lambda: self._settings_chosen(dialog.preferences()))
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _settings_chosen(self, prefs: preferences.Preferences) -> None:
        preferences.save(prefs, self.store)
        preferences.apply_theme(prefs.theme, QApplication.instance())  # type: ignore[arg-type]
        if self.archive is not None:
            preferences.apply_to_archive(prefs, self.archive)
