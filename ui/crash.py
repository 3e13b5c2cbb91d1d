"""A readable crash dialog for bugs: sys.excepthook and threading.excepthook show it."""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

LogPath = Callable[[], "Path | None"]


class CrashDialog(QDialog):
    """Says in plain words what happened and that the evidence is safe; details to copy."""

    def __init__(self, details: str, log_path: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Casefile ran into a problem"))
        self.details = details
        message = QLabel(self.tr(
            "<b>Something went wrong inside Casefile.</b> This is a mistake in the program,"
            " not something you did.<br><br>Your evidence is safe: the archive saves each"
            " action the moment it is done, so nothing you imported, tagged or wrote before"
            " this is lost. You can keep working; if something looks wrong, close Casefile"
            " and open it again.<br><br>To help fix it, copy the details below and send them"
            " to whoever supports your Casefile."))
        message.setWordWrap(True)
        where = (self.tr("The details are also in the log file:\n{path}").format(path=log_path)
                 if log_path else self.tr("No log file is open."))
        self.where = QLabel(where)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(160)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (message, self.where, self.text, buttons):
            layout.addWidget(widget)
        self.resize(620, self.sizeHint().height())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))


def describe(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None, *, thread: str = "") -> str:
    """The details a developer needs: versions, thread and the traceback."""
    from PySide6 import __version__ as pyside

    head = (f"Casefile on Python {platform.python_version()}, PySide6 {pyside},"
            f" {platform.platform()}\n" + (f"in thread {thread}\n" if thread else ""))
    return head + "".join(traceback.format_exception(exc_type, exc, tb))


class CrashReporter(QObject):
    """Installed once: logs every uncaught exception with its traceback and shows the dialog
    on the UI thread (an exception in a worker thread arrives through a queued signal)."""

    _crashed = Signal(str)

    def __init__(self, log_path: LogPath, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self.count = 0
        self._crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._old_hooks = (sys.excepthook, threading.excepthook)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._old_hooks

    def excepthook(self, exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._old_hooks[0](exc_type, exc, tb)
            return
        log.error("unexpected error (a bug)", exc_info=(exc_type, exc, tb))
        self._crashed.emit(describe(exc_type, exc, tb))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        log.error("unexpected error in thread %s (a bug)", name,
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self._crashed.emit(describe(args.exc_type, args.exc_value, args.exc_traceback,
                                    thread=name))

    @Slot(str)
    def _show(self, details: str) -> None:
        self.count += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.details += "\n" + details  # one dialog, however many errors follow
            self.dialog.text.setPlainText(self.dialog.details)
            return
        # A top-level dialog: the window that failed may be in a bad state.
        self.dialog = CrashDialog(details, self.log_path())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.show()

    def _forget(self) -> None:
        self.dialog = None
