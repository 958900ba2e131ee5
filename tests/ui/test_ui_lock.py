"""Locking: after idle time, and on Ctrl+L. Nothing from the file stays on screen."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, click, find_message, sign_in, signed_in_window, type_into

from peerdesk.services.store import Store
from peerdesk.ui.main_window import MainWindow


def _watch_destroyed(window: MainWindow) -> list[bool]:
    gone: list[bool] = []
    window.destroyed.connect(lambda *_: gone.append(True))
    return gone


def _participant_tables() -> list[QTableView]:
    return [w for w in QApplication.allWidgets()
            if isinstance(w, QTableView) and w.accessibleName() == "Participants found"]


def test_idle_time_locks_and_signing_in_again_brings_the_window_back(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    app.idle_lock_ms = 200
    window = signed_in_window(qtbot, app, "admin", admin_password)
    window.nav.setCurrentRow(1)  # Participants
    assert _participant_tables()
    store = app.store
    assert store is not None
    gone = _watch_destroyed(window)

    qtbot.waitUntil(lambda: app.main_window is None, timeout=3000)
    assert store.closed
    assert not shiboken6.isValid(window) or not window.isVisible()
    qtbot.waitUntil(lambda: bool(gone), timeout=2000)  # the window and its pages are destroyed
    assert not _participant_tables()
    dialog = app.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.username.text() == "admin"  # same user, pre-filled
    assert dialog.password.text() == ""

    app.idle_lock_ms = 60_000
    type_into(qtbot, dialog.password, admin_password)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: app.main_window is not None and app.main_window.isVisible())
    assert app.store is not None and not app.store.closed


def test_keyboard_and_mouse_use_keep_it_unlocked(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    app.idle_lock_ms = 400
    window = signed_in_window(qtbot, app, "admin", admin_password)
    window.nav.setCurrentRow(1)
    search = window.participants_page.search
    for _ in range(6):  # 6 x 150 ms = 900 ms of activity, longer than the idle limit
        qtbot.keyClick(search, Qt.Key.Key_A)
        qtbot.wait(150)
    assert app.main_window is window and app.store is not None and not app.store.closed
    qtbot.waitUntil(lambda: app.main_window is None, timeout=3000)


def test_lock_now_with_ctrl_l(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    store = app.store
    assert store is not None
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.participants_page.search if window.participants_page.isVisible()
                   else window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.main_window is None)
    assert store.closed
    assert app.unlock_dialog is not None and app.unlock_dialog.isVisible()
    sign_in(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: app.main_window is not None)


def test_quitting_closes_the_file(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    finished: list[int] = []
    app.finished.connect(finished.append)
    window = signed_in_window(qtbot, app, "admin", admin_password)
    store = app.store
    assert store is not None
    window.close()
    assert finished == [0]
    assert store.closed and app.main_window is None


def test_locking_with_dialogs_open_leaves_nothing_behind(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    window.nav.setCurrentRow(1)
    window.participants_page.open_add_dialog()
    add = window.participants_page.dialog
    assert add is not None and add.isVisible()
    type_into(qtbot, add.first_name, "Jordan")
    users_page = window.users_page
    assert users_page is not None
    window.show_page(window.pages.index(window.users_page))
    users_page.select_user("pat")
    users_page.deactivate()
    box = find_message(users_page)
    gone = _watch_destroyed(window)
    app.lock()
    qtbot.waitUntil(lambda: bool(gone))
    assert not shiboken6.isValid(add) and not shiboken6.isValid(box)
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [app.unlock_dialog]
    sign_in(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: app.main_window is not None)
