"""Signing in: right and wrong passwords, a missing key file, forced password change,
and the recovery key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, click, sign_in, signed_in_window, type_into

from peerdesk.db.keyslots import sidecar_path
from peerdesk.services import store as store_mod
from peerdesk.services.errors import WrongCredentials
from peerdesk.services.store import Store
from peerdesk.ui.app import run_gui
from peerdesk.ui.password_dialogs import ChangePasswordDialog
from peerdesk.ui.unlock_dialog import RecoveryDialog, UnlockDialog

ORG = "Harbor Light Recovery Community (test)"


def test_right_password_opens_the_main_window(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    app.start()
    assert app.setup_wizard is None and app.unlock_dialog is not None
    sign_in(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: app.main_window is not None and app.main_window.isVisible())
    window = app.main_window
    assert window is not None
    assert window.windowTitle() == f"PeerDesk — {ORG}"
    status = window.signed_in.text()
    assert "Ada Admin" in status and "CPRS" in status and "Administrator" in status
    assert app.unlock_dialog is None
    assert app.store is not None and not app.store.closed


def test_user_name_is_not_case_sensitive(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    window = signed_in_window(qtbot, make_app(), "  Admin ", admin_password)
    assert "Ada Admin" in window.signed_in.text()


def test_wrong_password_gives_the_generic_message_and_changes_nothing(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store,
        db_path: Path, admin_password: str) -> None:
    files = [db_path, sidecar_path(db_path)]
    before = [f.read_bytes() for f in files]
    app = make_app()
    app.start()
    dialog = app.unlock_dialog
    assert dialog is not None
    sign_in(qtbot, app, "admin", "not-the-password")
    assert dialog.isVisible() and app.main_window is None and app.store is None
    assert dialog.problem.isVisible()
    assert str(WrongCredentials()) in dialog.problem.text()
    assert dialog.password.text() == ""
    assert dialog.focusWidget() is dialog.password
    assert dialog.username.text() == "admin"
    # An unknown user gets exactly the same words: no hint which part was wrong.
    sign_in(qtbot, app, "nobody", "not-the-password")
    assert str(WrongCredentials()) in dialog.problem.text()
    assert [f.read_bytes() for f in files] == before
    # Then the right password still works.
    type_into(qtbot, dialog.username, "admin")
    type_into(qtbot, dialog.password, admin_password)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: app.main_window is not None)


def test_missing_key_file_is_explained(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store,
        db_path: Path, admin_password: str) -> None:
    sidecar_path(db_path).unlink()
    app = make_app()
    app.start()
    sign_in(qtbot, app, "admin", admin_password)
    dialog = app.unlock_dialog
    assert dialog is not None and app.main_window is None
    text = dialog.problem.text()
    assert "key file" in text and "recovery key" in text
    assert "Traceback" not in text


def test_a_temporary_password_must_be_changed_before_work(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store,
        db_path: Path, worker_password: str) -> None:
    app = make_app()  # 'pat' was added by an administrator, so has a temporary password
    app.start()
    sign_in(qtbot, app, "pat", worker_password)
    dialog = app.password_dialog
    assert isinstance(dialog, ChangePasswordDialog) and dialog.isVisible()
    assert app.main_window is None
    type_into(qtbot, dialog.current, worker_password)
    type_into(qtbot, dialog.new, "my-own-pass-9")
    type_into(qtbot, dialog.confirm, "my-own-pass-9")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: app.main_window is not None)
    window = app.main_window
    assert window is not None
    # A peer worker sees their own screens only (no users, settings or review queue).
    sections = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert sections == ["Home", "Participants", "Families", "Resource directory"]
    assert window.users_page is None and window.settings_page is None
    with pytest.raises(WrongCredentials):
        store_mod.unlock(db_path, "pat", worker_password)
    store_mod.unlock(db_path, "pat", "my-own-pass-9").lock()


def test_signing_out_of_the_forced_change_locks_again(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, worker_password: str) -> None:
    app = make_app()
    app.start()
    sign_in(qtbot, app, "pat", worker_password)
    dialog = app.password_dialog
    assert dialog is not None
    store = app.store
    click(qtbot, dialog.cancel_button)
    assert store is not None and store.closed
    assert app.unlock_dialog is not None and app.unlock_dialog.isVisible()
    assert app.unlock_dialog.username.text() == "pat"


def test_recovery_key_gives_an_administrator_a_new_password(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store,
        db_path: Path, admin_password: str) -> None:
    key: str = closed_store.recovery_key  # type: ignore[attr-defined]
    printed = " ".join(key[i:i + 8] for i in range(0, 64, 8)).upper()
    app = make_app()
    app.start()
    unlock = app.unlock_dialog
    assert unlock is not None
    click(qtbot, unlock.recovery_button)
    recovery = unlock.recovery
    assert isinstance(recovery, RecoveryDialog) and recovery.isVisible()

    qtbot.keyClicks(recovery.key, "0" * 64)
    click(qtbot, recovery.next_button)
    assert recovery.problem.isVisible() and recovery.pages.currentIndex() == 0

    recovery.key.clear()
    qtbot.keyClicks(recovery.key, printed)
    click(qtbot, recovery.next_button)
    assert recovery.pages.currentIndex() == 1, recovery.problem.text()
    assert recovery.account.count() == 1 and recovery.account.currentData() == "admin"
    type_into(qtbot, recovery.new_password, "brand-new-pass-1")
    type_into(qtbot, recovery.confirm_password, "brand-new-pass-1")
    click(qtbot, recovery.next_button)

    qtbot.waitUntil(lambda: app.main_window is not None)
    assert app.store is not None and app.store.actor.username == "admin"
    assert app.password_dialog is None  # they chose this password themselves
    with pytest.raises(WrongCredentials):
        store_mod.unlock(db_path, "admin", admin_password)
    store_mod.unlock(db_path, "admin", "brand-new-pass-1").lock()


def test_recovery_key_rebuilds_a_lost_key_file(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    key: str = closed_store.recovery_key  # type: ignore[attr-defined]
    sidecar_path(db_path).unlink()
    app = make_app()
    app.start()
    unlock = app.unlock_dialog
    assert unlock is not None
    sign_in(qtbot, app, "admin", admin_password)
    assert "key file" in unlock.problem.text()
    click(qtbot, unlock.recovery_button)
    recovery = unlock.recovery
    assert recovery is not None
    qtbot.keyClicks(recovery.key, key)
    click(qtbot, recovery.next_button)
    type_into(qtbot, recovery.new_password, "rebuilt-pass-1")
    type_into(qtbot, recovery.confirm_password, "rebuilt-pass-1")
    click(qtbot, recovery.next_button)
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert sidecar_path(db_path).exists()
    store_mod.unlock(db_path, "admin", "rebuilt-pass-1").lock()


def test_password_fields_hide_what_is_typed(
        make_app: MakeApp, closed_store: Store) -> None:
    app = make_app()
    app.start()
    dialog = app.unlock_dialog
    assert dialog is not None
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.pin.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.use_pin.isVisible()  # no quick unlock set up


def test_a_file_that_is_not_a_peerdesk_database_is_explained(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    db_path.write_bytes(b"SQLite format 3\x00" + bytes(4080))  # a plain, unencrypted file
    for leftover in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)
    app = make_app()
    app.start()
    sign_in(qtbot, app, "admin", admin_password)
    dialog = app.unlock_dialog
    assert dialog is not None and app.main_window is None
    assert "not a PeerDesk database" in dialog.problem.text()
    assert dialog.password.text() == ""


def test_run_gui_starts_with_sign_in_and_quits_cleanly(
        qtbot: QtBot, qapp: QApplication, closed_store: Store, db_path: Path) -> None:
    seen: list[str] = []

    def press_quit() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, UnlockDialog) and w.isVisible()]
        seen.append(dialogs[0].windowTitle() if dialogs else "")
        if dialogs:
            dialogs[0].quit_button.click()
        else:  # never hang the test run
            qapp.exit(99)

    QTimer.singleShot(100, press_quit)
    try:
        assert run_gui(db_path) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert seen == ["Sign in — PeerDesk"]
    assert qapp.organizationName() == "PeerDesk" and qapp.applicationName() == "PeerDesk"
