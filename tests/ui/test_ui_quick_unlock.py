"""Quick unlock with a PIN: disabled (with the reason) without a keyring, working with one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, click, signed_in_window, type_into

from peerdesk.services import quick_unlock
from peerdesk.services.store import Store
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.password_dialogs import QuickUnlockDialog


def open_quick_unlock(window: MainWindow) -> QuickUnlockDialog:
    window.quick_unlock_action.trigger()
    dialogs = [d for d in window.findChildren(QuickUnlockDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_without_a_keyring_the_option_is_disabled_and_says_why(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    dialog = open_quick_unlock(window)
    assert not dialog.group.isEnabled()
    assert not dialog.pin.isEnabled() and not dialog.turn_on.isEnabled()
    assert dialog.reason.isVisible() and dialog.reason.isEnabled()
    assert dialog.reason.text() == quick_unlock.keyring_status().reason
    assert "no password store" in dialog.reason.text()


def test_set_a_pin_then_unlock_with_it(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, memory_keyring: object,
        admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    dialog = open_quick_unlock(window)
    assert dialog.group.isEnabled() and not dialog.turn_off.isVisible()
    type_into(qtbot, dialog.pin, "12ab34")  # letters are refused as they are typed
    assert dialog.pin.text() == "1234"
    type_into(qtbot, dialog.pin_again, "4321")
    click(qtbot, dialog.turn_on)
    assert "not the same" in dialog.problem.text()
    type_into(qtbot, dialog.pin_again, "1234")
    click(qtbot, dialog.turn_on)
    assert "is on" in dialog.state.text()
    assert dialog.turn_off.isVisible()

    app.lock()
    unlock = app.unlock_dialog
    assert unlock is not None and unlock.username.text() == "admin"
    assert unlock.use_pin.isVisible() and unlock.use_pin.isChecked()
    assert unlock.pin.isVisible() and not unlock.password.isVisible()

    assert unlock.focusWidget() is unlock.pin

    # Typing a user name is never interrupted: the PIN option appears, the cursor stays.
    unlock.username.clear()
    unlock.username.setFocus()
    qtbot.keyClicks(unlock.username, "admin")
    qtbot.wait(450)
    assert unlock.use_pin.isVisible() and unlock.focusWidget() is unlock.username
    qtbot.keyClick(unlock.username, Qt.Key.Key_Tab)
    assert unlock.focusWidget() is unlock.pin

    type_into(qtbot, unlock.pin, "9999")
    click(qtbot, unlock.sign_in_button)
    assert "4 tries left" in unlock.problem.text()
    assert unlock.pin.text() == "" and unlock.focusWidget() is unlock.pin

    type_into(qtbot, unlock.pin, "1234")
    click(qtbot, unlock.sign_in_button)
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert app.store is not None and app.store.actor.username == "admin"

    # Turning it off brings back the password at the next sign-in.
    assert app.main_window is not None
    dialog = open_quick_unlock(app.main_window)
    click(qtbot, dialog.turn_off)
    assert "is off" in dialog.state.text()
    app.lock()
    unlock = app.unlock_dialog
    assert unlock is not None
    assert not unlock.use_pin.isVisible() and unlock.password.isVisible()


def test_the_password_still_works_when_a_pin_is_set(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, memory_keyring: object,
        admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    dialog = open_quick_unlock(window)
    type_into(qtbot, dialog.pin, "2468")
    type_into(qtbot, dialog.pin_again, "2468")
    click(qtbot, dialog.turn_on)
    app.lock()
    unlock = app.unlock_dialog
    assert unlock is not None
    click(qtbot, unlock.use_pin)  # untick: use the password instead
    assert unlock.password.isVisible()
    type_into(qtbot, unlock.password, admin_password)
    click(qtbot, unlock.sign_in_button)
    qtbot.waitUntil(lambda: app.main_window is not None)
