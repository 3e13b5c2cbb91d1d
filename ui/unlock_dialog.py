"""Passphrase dialogs: unlocking an encrypted archive, and choosing a new passphrase."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from archive.errors import CasefileError, WrongPassphrase
from archive.keys import MIN_PASSPHRASE

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UnlockDialog(QDialog):
    """Asks for the passphrase until it opens the archive (``unlocked`` carries the archive);
    a wrong one is said plainly and changes nothing."""

    unlocked = Signal(object)  # Archive

    def __init__(self, path: Path, open_archive: Callable[..., Archive],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._open = open_archive
        self.archive: Archive | None = None
        self.setWindowTitle(self.tr("Unlock the archive"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("The archive at {path} is encrypted. Type its passphrase to open"
                               " it.").format(path=path))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.passphrase = _password_field("passphrase")
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def try_unlock(self) -> None:
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        try:
            self.archive = self._open(self.path, create=False, passphrase=passphrase)
        except WrongPassphrase as e:
            self.message.setText(str(e))
            self.passphrase.setFocus()
            return
        except CasefileError as e:
            self.message.setText(str(e))
            return
        self.message.clear()
        self.unlocked.emit(self.archive)  # the window shows before this dialog goes
        self.accept()


class NewPassphraseDialog(QDialog):
    """A passphrase for a new encrypted archive, typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New encrypted archive"))
        form = QFormLayout(self)
        intro = QLabel(self.tr(
            "Everything in the archive will be encrypted with this passphrase. Without it"
            " nobody — you included — can open the archive: write it down somewhere safe."
            " Several words are easier to remember and harder to guess."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.first = _password_field("newPassphrase")
        self.second = _password_field("repeatPassphrase")
        form.addRow(self.tr("Passphrase:"), self.first)
        form.addRow(self.tr("Again:"), self.second)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self._check()

    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        first, second = self.first.text(), self.second.text()
        if len(first) < MIN_PASSPHRASE:
            problem = self.tr("At least {n} characters.").format(n=MIN_PASSPHRASE)
        elif first != second:
            problem = self.tr("The two passphrases differ.")
        else:
            problem = ""
        self.message.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


class ChangePassphraseDialog(NewPassphraseDialog):
    """The current passphrase and a new one typed twice; ``change(old, new)`` does it, and a
    wrong current passphrase is said here (nothing changed)."""

    def __init__(self, change: Callable[[str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._change = change
        self.setWindowTitle(self.tr("Change the passphrase"))
        self.current = _password_field("currentPassphrase")
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        layout.insertRow(1, self.tr("Current passphrase:"), self.current)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.try_change)

    def try_change(self) -> None:
        try:
            self._change(self.current.text(), self.passphrase())
        except CasefileError as e:
            self.current.clear()
            self.message.setText(str(e))
            return
        self.accept()
