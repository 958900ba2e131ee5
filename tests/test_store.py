"""The encrypted file: opening, wrong keys, lost key files, schema versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from peerdesk.db.errors import NotEncrypted, SchemaTooNew, WrongKey
from peerdesk.db.keyslots import sidecar_path
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import participants, recovery, store, users
from peerdesk.services.errors import AccountInactive, KeyFileProblem, WrongCredentials
from tests.conftest import ADMIN_PASSWORD, WORKER_PASSWORD


def _snapshot(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir()) if p.is_file()}


def test_file_is_encrypted_and_opens_with_the_recovery_key_in_sqlcipher_alone(
        new_store, db_path: Path) -> None:
    with new_store.session() as s:
        participants.create_participant(s, new_store.actor, ParticipantInput("Iris", "Quartz"))
    recovery_key = new_store.recovery_key
    new_store.lock()

    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    plain = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()

    # No PeerDesk code: just the SQLCipher library and the printed key.
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f"PRAGMA key = \"x'{recovery_key}'\"")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"participants", "users", "audit_events", "settings"} <= tables
    assert conn.execute("SELECT first_name, last_name FROM participants").fetchall() == [
        ("Iris", "Quartz")]
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()


def test_connections_use_wal_foreign_keys_and_secure_delete(new_store) -> None:
    with new_store.session() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_wrong_password_changes_nothing_on_disk(new_store, db_path: Path) -> None:
    new_store.lock()
    before = _snapshot(db_path)
    for name, password in [("admin", "not-the-password"), ("nobody", ADMIN_PASSWORD)]:
        with pytest.raises(WrongCredentials) as err:
            store.unlock(db_path, name, password)
        assert str(err.value) == WrongCredentials().args[0]  # same words either way
    assert _snapshot(db_path) == before


def test_failed_sign_ins_are_audited_at_the_next_successful_one(new_store, db_path) -> None:
    new_store.lock()
    with pytest.raises(WrongCredentials):
        store.unlock(db_path, "pat", "guess-1")
    st = store.unlock(db_path, "admin", ADMIN_PASSWORD)
    with st.session() as s:
        from sqlalchemy import select

        from peerdesk.db.models import AuditEvent
        actions = [(e.action, e.entity_id) for e in s.execute(select(AuditEvent)).scalars()]
    st.lock()
    assert ("login.failed", "pat") in actions
    login_at = max(i for i, (action, _) in enumerate(actions) if action == "login")
    assert actions.index(("login.failed", "pat")) < login_at


def test_deactivated_user_cannot_unlock(new_store, db_path: Path) -> None:
    with new_store.session() as s:
        users.deactivate_user(s, new_store.actor, new_store.vault, "pat")
    new_store.lock()
    with pytest.raises(WrongCredentials):
        store.unlock(db_path, "pat", WORKER_PASSWORD)


def test_an_old_key_file_does_not_let_a_deactivated_user_back_in(new_store, db_path) -> None:
    old_sidecar = sidecar_path(db_path).read_bytes()
    with new_store.session() as s:
        users.deactivate_user(s, new_store.actor, new_store.vault, "pat")
    new_store.lock()
    sidecar_path(db_path).write_bytes(old_sidecar)  # e.g. restored from an old copy
    with pytest.raises(AccountInactive):
        store.unlock(db_path, "pat", WORKER_PASSWORD)


def test_lost_key_file_is_rebuilt_with_the_recovery_key(new_store, db_path: Path) -> None:
    with new_store.session() as s:
        p = participants.create_participant(s, new_store.actor, ParticipantInput("Ann", "Oak"))
        pid = p.id
    key = new_store.recovery_key
    new_store.lock()
    sidecar_path(db_path).unlink()
    with pytest.raises(KeyFileProblem, match="recovery key"):
        store.unlock(db_path, "admin", ADMIN_PASSWORD)

    st = store.unlock_with_recovery_key(db_path, key)
    assert recovery.rebuild_admin_slot(st, "brand-new-pass") == "admin"
    st.lock()
    st = store.unlock(db_path, "admin", "brand-new-pass")
    with st.session() as s:
        assert participants.get_participant(s, st.actor, pid).last_name == "Oak"
    st.lock()


def test_damaged_key_file_is_named_and_rebuilt(new_store, db_path: Path) -> None:
    key = new_store.recovery_key
    new_store.lock()
    sidecar_path(db_path).write_bytes(b"{ not json")
    with pytest.raises(KeyFileProblem, match="damaged"):
        store.unlock(db_path, "admin", ADMIN_PASSWORD)
    st = store.unlock_with_recovery_key(db_path, key)
    recovery.rebuild_admin_slot(st, "brand-new-pass")
    st.lock()
    store.unlock(db_path, "admin", "brand-new-pass").lock()


def test_other_key_and_plain_sqlite_files_are_explained(tmp_path: Path, new_store,
                                                        db_path: Path) -> None:
    new_store.lock()
    with pytest.raises(WrongKey, match="another key"):
        store.unlock_with_recovery_key(db_path, "ab" * 32)
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(NotEncrypted):
        store.unlock_with_recovery_key(plain, "ab" * 32)


def test_a_database_from_a_newer_peerdesk_is_refused_unchanged(new_store, db_path) -> None:
    key = new_store.recovery_key
    with new_store.session() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    new_store.lock()
    before = _snapshot(db_path)
    with pytest.raises(SchemaTooNew, match="newer version of PeerDesk"):
        store.unlock_with_recovery_key(db_path, key)
    after = _snapshot(db_path)
    assert after[db_path.name] == before[db_path.name]


def test_create_refuses_to_overwrite(new_store, db_path: Path) -> None:
    from peerdesk.db.errors import DatabaseExists

    with pytest.raises(DatabaseExists):
        store.create_database(db_path, "Org", "admin", "A", "long-enough-pw")


def test_locking_drops_the_key_and_closes_the_store(new_store) -> None:
    new_store.lock()
    assert new_store.closed
    from peerdesk.services.errors import ServiceError
    with pytest.raises(ServiceError, match="locked"), new_store.session():
        pass
    with pytest.raises(ServiceError, match="locked"):
        _ = new_store.vault.key
