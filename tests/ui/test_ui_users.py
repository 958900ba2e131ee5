"""The Users screen: adding, editing, resetting, deactivating and reactivating users."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, button_named, click, find_message, signed_in_window, tick, type_into

from peerdesk.domain.roles import Role
from peerdesk.services import store as store_mod
from peerdesk.services.errors import WrongCredentials
from peerdesk.services.store import Store
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.user_dialogs import TemporaryPasswordDialog, UserDialog
from peerdesk.ui.users_page import UsersPage


def open_users(qtbot: QtBot, make_app: MakeApp, password: str) -> tuple[MainWindow, UsersPage]:
    window = signed_in_window(qtbot, make_app(), "admin", password)
    window.show_page(window.pages.index(window.users_page))
    page = window.users_page
    assert page is not None and page.isVisible()
    return window, page


def table_rows(page: UsersPage) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_users_are_listed(qtbot: QtBot, make_app: MakeApp, closed_store: Store,
                          admin_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    rows = {r[0]: r for r in table_rows(page)}
    assert rows["admin"][1:] == ["Ada Admin", "CPRS", "Administrator", "Yes"]
    assert rows["pat"][1:] == ["Pat Rivera", "CARC", "Peer worker", "Yes"]


def test_add_a_user_with_two_roles_who_can_then_sign_in(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog) and dialog.isVisible()
    type_into(qtbot, dialog.username, "sam.lee")
    type_into(qtbot, dialog.full_name, "Sam Lee")
    type_into(qtbot, dialog.credential, "CRPS")
    tick(qtbot, dialog.role_boxes[Role.PEER_WORKER])
    tick(qtbot, dialog.role_boxes[Role.SUPERVISOR])
    type_into(qtbot, dialog.password, "temp-pass-77")
    type_into(qtbot, dialog.confirm, "temp-pass-78")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "not the same" in dialog.problem.text()
    type_into(qtbot, dialog.confirm, "temp-pass-77")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()

    rows = {r[0]: r for r in table_rows(page)}
    assert rows["sam.lee"][1:] == ["Sam Lee", "CRPS", "Peer worker, Supervisor", "Yes"]
    assert page.selected() is not None and page.selected().username == "sam.lee"
    store = store_mod.unlock(db_path, "sam.lee", "temp-pass-77")
    assert store.actor.roles == {Role.PEER_WORKER, Role.SUPERVISOR}
    store.lock()


def test_a_user_needs_a_role(qtbot: QtBot, make_app: MakeApp, closed_store: Store,
                             admin_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    type_into(qtbot, dialog.username, "sam.lee")
    type_into(qtbot, dialog.full_name, "Sam Lee")
    type_into(qtbot, dialog.password, "temp-pass-77")
    type_into(qtbot, dialog.confirm, "temp-pass-77")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "at least one role" in dialog.problem.text()
    assert "sam.lee" not in [r[0] for r in table_rows(page)]


def test_deactivate_then_the_password_no_longer_opens_the_file(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str, worker_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    page.select_user("admin")
    assert not page.deactivate_button.isEnabled()  # not your own account
    page.select_user("pat")
    click(qtbot, page.deactivate_button)
    box = find_message(page)
    assert "will no longer open" in box.text()
    click(qtbot, button_named(box, "Deactivate"))

    rows = {r[0]: r for r in table_rows(page)}
    assert rows["pat"][4] == "No (deactivated)"
    with pytest.raises(WrongCredentials):
        store_mod.unlock(db_path, "pat", worker_password)

    # Reactivate with a new temporary password.
    page.select_user("pat")
    assert page.reactivate_button.isEnabled() and not page.reset_button.isEnabled()
    click(qtbot, page.reactivate_button)
    dialog = page.dialog
    assert isinstance(dialog, TemporaryPasswordDialog)
    type_into(qtbot, dialog.password, "welcome-back-1")
    type_into(qtbot, dialog.confirm, "welcome-back-1")
    click(qtbot, dialog.ok_button)
    assert {r[0]: r for r in table_rows(page)}["pat"][4] == "Yes"
    store_mod.unlock(db_path, "pat", "welcome-back-1").lock()


def test_cancelling_the_deactivation_changes_nothing(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str, worker_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    page.select_user("pat")
    click(qtbot, page.deactivate_button)
    click(qtbot, button_named(find_message(page), "Cancel"))
    assert {r[0]: r for r in table_rows(page)}["pat"][4] == "Yes"
    store_mod.unlock(db_path, "pat", worker_password).lock()


def test_edit_and_reset_password(qtbot: QtBot, make_app: MakeApp, closed_store: Store,
                                 db_path: Path, admin_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    page.select_user("pat")
    click(qtbot, page.edit_button)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog) and dialog.username.isReadOnly()
    type_into(qtbot, dialog.full_name, "Pat Rivera-Cruz")
    tick(qtbot, dialog.role_boxes[Role.FAMILY_PEER_SPECIALIST])
    click(qtbot, dialog.ok_button)
    rows = {r[0]: r for r in table_rows(page)}
    assert rows["pat"][1] == "Pat Rivera-Cruz"
    assert rows["pat"][3] == "Peer worker, Family peer specialist"

    page.select_user("pat")
    click(qtbot, page.reset_button)
    reset = page.dialog
    assert isinstance(reset, TemporaryPasswordDialog)
    type_into(qtbot, reset.password, "short")
    type_into(qtbot, reset.confirm, "short")
    click(qtbot, reset.ok_button)
    assert reset.isVisible() and "at least 8 characters" in reset.problem.text()
    type_into(qtbot, reset.password, "fresh-start-5")
    type_into(qtbot, reset.confirm, "fresh-start-5")
    click(qtbot, reset.ok_button)
    assert not reset.isVisible()
    store_mod.unlock(db_path, "pat", "fresh-start-5").lock()


def test_the_only_administrator_cannot_remove_their_own_role(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    _window, page = open_users(qtbot, make_app, admin_password)
    page.select_user("admin")
    click(qtbot, page.edit_button)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    tick(qtbot, dialog.role_boxes[Role.ADMINISTRATOR])  # untick
    tick(qtbot, dialog.role_boxes[Role.PEER_WORKER])
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "only active administrator" in dialog.problem.text()
