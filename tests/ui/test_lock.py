"""Encrypted archives in the window: unlock on open, lock on demand and after idle time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import main
from archive.service import Archive
from ui.app import application
from ui.session import LOCK_SHORTCUT, Session
from ui.unlock_dialog import NewPassphraseDialog

PASSPHRASE = "lotus bridge harbour"
LONG = 120_000


@pytest.fixture
def encrypted_path(tmp_path: Path) -> Path:
    root = tmp_path / "sealed"
    evidence = tmp_path / "testimony.txt"
    evidence.write_text("Naw Htoo was moved to the Dongmei compound at night.\n", "utf-8")
    with main.open_archive(root, passphrase=PASSPHRASE, encrypted=True) as archive:
        archive.ingest([evidence], case="Dongmei", workers=1)
    return root


@pytest.fixture
def session(qtbot, encrypted_path: Path) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    application()
    s = Session(encrypted_path, main.open_archive)
    yield s
    s.close()


def _unlock(qtbot, session: Session, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    dialog = session.unlock_dialog
    assert dialog is not None
    dialog.passphrase.setText(passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)


def _open_with_dialog(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    dialog = session.ask_passphrase()
    dialog.unlocked.connect(session.start)
    dialog.show()
    _unlock(qtbot, session, PASSPHRASE)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())


def test_a_wrong_passphrase_is_explained_and_the_right_one_opens_the_window(
    qtbot, session: Session  # type: ignore[no-untyped-def]
) -> None:
    dialog = session.ask_passphrase()
    dialog.unlocked.connect(session.start)
    dialog.show()
    _unlock(qtbot, session, "lotus bridge harbor")
    assert "does not unlock" in dialog.message.text()
    assert dialog.isVisible() and session.window is None
    _unlock(qtbot, session, PASSPHRASE)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())
    assert not dialog.isVisible()
    assert session.archive is not None and session.archive.encrypted


def test_lock_closes_the_window_forgets_the_keys_and_unlocking_brings_it_back(
    qtbot, session: Session  # type: ignore[no-untyped-def]
) -> None:
    _open_with_dialog(qtbot, session)
    window = session.window
    assert window is not None
    assert window.lock_action.shortcut().toString() == LOCK_SHORTCUT
    archive: Archive | None = session.archive
    assert archive is not None
    memory = archive.storage.memory  # type: ignore[attr-defined]
    assert memory.is_dir()
    window.lock_action.trigger()
    assert session.window is None and session.archive is None
    assert not memory.exists()  # the in-memory index and work files are gone
    assert archive.storage.db_key is None
    assert session.unlock_dialog is not None and session.unlock_dialog.isVisible()
    _unlock(qtbot, session, PASSPHRASE)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())
    reopened = session.window
    assert reopened is not None
    reopened.search_box.setText("Dongmei")
    qtbot.keyClick(reopened.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reopened.results.model.rowCount() == 1, timeout=LONG)


def test_the_archive_locks_itself_after_the_idle_time_the_user_set(
    qtbot, session: Session  # type: ignore[no-untyped-def]
) -> None:
    _open_with_dialog(qtbot, session)
    assert session.idle_minutes == 10  # the default
    session.set_idle_minutes(3)
    assert session.idle_minutes == 3 and session.idle.interval() == 3 * 60_000
    assert session.archive is not None
    assert session.archive.setting("lock_after_minutes") == "3"
    session.idle.start(50)  # as if the three minutes had passed without use
    qtbot.waitUntil(lambda: session.window is None, timeout=LONG)
    assert session.archive is None
    assert session.unlock_dialog is not None and session.unlock_dialog.isVisible()


def test_idle_time_zero_never_locks(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    _open_with_dialog(qtbot, session)
    session.set_idle_minutes(0)
    assert not session.idle.isActive()


def test_a_plain_archive_has_nothing_to_lock(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    application()
    s = Session(tmp_path / "plain", main.open_archive)
    try:
        s.start(main.open_archive(tmp_path / "plain"))
        assert s.window is not None
        assert not s.window.lock_action.isEnabled()
        s.lock()
        assert s.window is not None  # nothing happened
    finally:
        s.close()


def test_new_encrypted_archive_asks_twice_and_opens_the_new_archive(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    application()
    dialog = NewPassphraseDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.first.setText("short")
    assert not ok.isEnabled() and "At least" in dialog.message.text()
    dialog.first.setText("river of stars")
    dialog.second.setText("river of star")
    assert not ok.isEnabled() and "differ" in dialog.message.text()
    dialog.second.setText("river of stars")
    assert ok.isEnabled()
    s = Session(tmp_path / "plain", main.open_archive)
    try:
        s.start(main.open_archive(tmp_path / "plain"))
        s.switch_to_new_encrypted(tmp_path / "new sealed", dialog.passphrase())
        assert s.archive is not None and s.archive.encrypted
        assert s.window is not None and "new sealed" in s.window.windowTitle()
        assert s.window.lock_action.isEnabled()
    finally:
        s.close()
    with pytest.raises(Exception, match="does not unlock"):
        main.open_archive(tmp_path / "new sealed", passphrase="river of star")


def test_opening_an_encrypted_archive_asks_for_its_passphrase_first(
    qtbot, encrypted_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import run_gui
    from ui.main_window import MainWindow
    from ui.unlock_dialog import UnlockDialog

    app = application()
    shown: list[str] = []

    def close_window() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(100, close_window)
            return
        shown.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()

    def unlock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        shown.append(dialog.windowTitle())
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()
        QTimer.singleShot(300, close_window)

    QTimer.singleShot(0, unlock)
    assert run_gui(encrypted_path, open_archive=main.open_archive) == 0
    assert shown == ["Unlock the archive", f"Casefile — {encrypted_path}"]


def test_change_the_passphrase_from_the_window(
    qtbot, session: Session, encrypted_path: Path  # type: ignore[no-untyped-def]
) -> None:
    _open_with_dialog(qtbot, session)
    assert session.window is not None and session.window.passphrase_action.isEnabled()
    dialog = session.change_passphrase_dialog()
    assert dialog is not None
    dialog.current.setText("not the passphrase")
    dialog.first.setText("orchid station night")
    dialog.second.setText("orchid station night")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "does not unlock" in dialog.message.text()
    dialog.current.setText(PASSPHRASE)
    dialog.first.setText("orchid station night")
    dialog.second.setText("orchid station night")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    session.close()
    with main.open_archive(encrypted_path, passphrase="orchid station night") as archive:
        assert archive.items()


def test_locking_while_a_dialog_is_open_closes_the_dialog_first(
    qtbot, session: Session  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QTimer

    _open_with_dialog(qtbot, session)
    QTimer.singleShot(0, session.lock)
    session.ask_idle_minutes()  # a modal dialog with its own event loop: the lock ends it
    qtbot.waitUntil(lambda: session.window is None, timeout=LONG)
    assert session.archive is None
    assert session.unlock_dialog is not None and session.unlock_dialog.isVisible()
