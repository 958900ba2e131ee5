"""Users and roles: the administrator manages who can open the file; checks live in services."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdesk.domain.roles import Role, parse_roles
from peerdesk.services import settings, store, users
from peerdesk.services.errors import PermissionDenied, ServiceError, WrongCredentials
from tests.conftest import ADMIN_PASSWORD, WORKER_PASSWORD


def _as(db_path: Path, name: str, password: str) -> store.Store:
    return store.unlock(db_path, name, password)


def test_admin_adds_a_user_with_several_roles_who_can_then_sign_in(new_store, db_path) -> None:
    with new_store.session() as s:
        users.add_user(s, new_store.actor, new_store.vault, users.NewUser(
            "Renee", "Renee Castillo", frozenset({Role.SUPERVISOR, Role.PEER_WORKER}),
            "super-pass-1", "CPRS"))
    st = _as(db_path, "renee", "super-pass-1")  # user names are not case-sensitive
    assert st.actor.roles == {Role.SUPERVISOR, Role.PEER_WORKER}
    assert st.actor.credential == "CPRS"
    with st.session() as s:
        assert users.get_user(s, "renee").must_change_password  # temporary password
    st.lock()


def test_bad_new_user_input_is_explained(new_store) -> None:
    cases = [
        (users.NewUser("x", "X", frozenset({Role.PEER_WORKER}), "long-enough"), "user name"),
        (users.NewUser("newbie", " ", frozenset({Role.PEER_WORKER}), "long-enough"), "full name"),
        (users.NewUser("newbie", "New", frozenset(), "long-enough"), "at least one role"),
        (users.NewUser("newbie", "New", frozenset({Role.PEER_WORKER}), "short"), "at least 8"),
        (users.NewUser("pat", "Pat 2", frozenset({Role.PEER_WORKER}), "long-enough"),
         "already taken"),
    ]
    for new, message in cases:
        with pytest.raises(ServiceError, match=message), new_store.session() as s:
            users.add_user(s, new_store.actor, new_store.vault, new)


def test_only_administrators_manage_users(new_store, db_path: Path) -> None:
    new_store.lock()
    st = _as(db_path, "pat", WORKER_PASSWORD)
    with pytest.raises(PermissionDenied, match="administrator"), st.session() as s:
        users.add_user(s, st.actor, st.vault, users.NewUser(
            "sneaky", "Sneaky", frozenset({Role.ADMINISTRATOR}), "long-enough"))
    for action in (
        lambda s: users.reset_password(s, st.actor, st.vault, "admin", "taken-over!"),
        lambda s: users.deactivate_user(s, st.actor, st.vault, "admin"),
        lambda s: users.update_user(s, st.actor, "pat", roles=frozenset({Role.ADMINISTRATOR})),
        lambda s: settings.update(s, st.actor, organization_name="Mine now"),
    ):
        with pytest.raises(PermissionDenied), st.session() as s:
            action(s)
    st.lock()
    _as(db_path, "admin", ADMIN_PASSWORD).lock()  # admin still gets in


def test_reset_password_replaces_the_old_one(new_store, db_path: Path) -> None:
    with new_store.session() as s:
        users.reset_password(s, new_store.actor, new_store.vault, "pat", "fresh-temp-1")
    with pytest.raises(WrongCredentials):
        _as(db_path, "pat", WORKER_PASSWORD)
    st = _as(db_path, "pat", "fresh-temp-1")
    with st.session() as s:
        assert users.get_user(s, "pat").must_change_password
    st.lock()


def test_change_own_password(new_store, db_path: Path) -> None:
    new_store.lock()
    st = _as(db_path, "pat", WORKER_PASSWORD)
    with pytest.raises(WrongCredentials), st.session() as s:
        users.change_own_password(s, st.actor, st.vault, "not-current", "another-pass-2")
    with pytest.raises(ServiceError, match="at least 8"), st.session() as s:
        users.change_own_password(s, st.actor, st.vault, WORKER_PASSWORD, "short")
    with st.session() as s:
        users.change_own_password(s, st.actor, st.vault, WORKER_PASSWORD, "another-pass-2")
    st.lock()
    with pytest.raises(WrongCredentials):
        _as(db_path, "pat", WORKER_PASSWORD)
    _as(db_path, "pat", "another-pass-2").lock()


def test_deactivate_wipes_the_slot_and_reactivate_restores_access(new_store, db_path) -> None:
    with new_store.session() as s:
        users.deactivate_user(s, new_store.actor, new_store.vault, "pat")
    assert "pat" not in new_store.vault.slots().users()
    with pytest.raises(WrongCredentials):
        _as(db_path, "pat", WORKER_PASSWORD)
    with new_store.session() as s:
        users.reactivate_user(s, new_store.actor, new_store.vault, "pat", "welcome-back-1")
    _as(db_path, "pat", "welcome-back-1").lock()


def test_the_last_administrator_cannot_be_removed(new_store) -> None:
    with pytest.raises(ServiceError, match="own account"), new_store.session() as s:
        users.deactivate_user(s, new_store.actor, new_store.vault, "admin")
    with pytest.raises(ServiceError, match="only active administrator"), \
            new_store.session() as s:
        users.update_user(s, new_store.actor, "admin", roles=frozenset({Role.PEER_WORKER}))
    with new_store.session() as s:
        users.update_user(s, new_store.actor, "pat",
                          roles=frozenset({Role.ADMINISTRATOR, Role.PEER_WORKER}))
        users.update_user(s, new_store.actor, "admin", roles=frozenset({Role.PROGRAM_MANAGER}))
        assert parse_roles(users.get_user(s, "admin").roles) == {Role.PROGRAM_MANAGER}


def test_a_failed_action_leaves_no_trace(new_store) -> None:
    """One action = one transaction: an error part-way rolls the whole action back."""
    with pytest.raises(ServiceError), new_store.session() as s:
        users.update_user(s, new_store.actor, "pat", full_name="Pat Changed")
        users.update_user(s, new_store.actor, "admin", roles=frozenset({Role.PEER_WORKER}))
    with new_store.session() as s:
        assert users.get_user(s, "pat").full_name == "Pat Rivera"
