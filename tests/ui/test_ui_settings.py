"""The Settings screen and what it changes: title, automatic lock, password rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, click, signed_in_window, tick, type_into

from peerdesk.services import settings
from peerdesk.services import store as store_mod
from peerdesk.services.errors import WrongCredentials
from peerdesk.services.store import Store
from peerdesk.ui.main_window import window_settings
from peerdesk.ui.password_dialogs import ChangePasswordDialog


def test_change_organization_name_lock_minutes_and_rules(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    assert app.idle_timer.interval() == 10 * 60_000  # the default
    window.show_page(window.pages.index(window.settings_page))
    page = window.settings_page
    assert page is not None and page.isVisible()
    assert page.organization.text() == "Harbor Light Recovery Community (test)"
    type_into(qtbot, page.organization, "Harbor Light RCO")
    page.idle_minutes.setValue(5)
    page.min_length.setValue(12)
    tick(qtbot, page.letter_digit)
    click(qtbot, page.save_button)
    assert page.notice.text() == "Settings saved."
    assert window.windowTitle() == "PeerDesk — Harbor Light RCO"
    assert app.idle_timer.interval() == 5 * 60_000
    assert app.store is not None
    with app.store.session() as s:
        saved = settings.load(s)
    assert saved.organization_name == "Harbor Light RCO"
    assert saved.idle_lock_minutes == 5
    assert saved.password_rules.min_length == 12
    assert saved.password_rules.require_letter_and_digit

    type_into(qtbot, page.organization, "   ")
    click(qtbot, page.save_button)
    assert "organization's name" in page.problem.text()


def test_window_geometry_is_remembered_but_nothing_else(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    window.resize(700, 500)  # the offscreen screen is 800 x 600
    app.lock()
    stored = window_settings()
    assert set(stored.allKeys()) == {"main/geometry", "main/state"}
    window = signed_in_window(qtbot, app, "admin", admin_password)
    assert (window.width(), window.height()) == (700, 500)


def test_change_my_password_from_the_file_menu(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    window.change_password_action.trigger()
    dialog = next(d for d in window.findChildren(ChangePasswordDialog) if d.isVisible())
    type_into(qtbot, dialog.current, "not-my-password")
    type_into(qtbot, dialog.new, "a-better-pass-7")
    type_into(qtbot, dialog.confirm, "a-better-pass-7")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "current password is not right" in dialog.problem.text()
    assert dialog.current.text() == "" and dialog.focusWidget() is dialog.current
    type_into(qtbot, dialog.current, admin_password)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert "changed" in window.statusBar().currentMessage()
    with pytest.raises(WrongCredentials):
        store_mod.unlock(db_path, "admin", admin_password)
    store_mod.unlock(db_path, "admin", "a-better-pass-7").lock()
