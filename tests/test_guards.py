"""One registry of safeguards: what the migrations install is what check expects."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from peerdesk.db import guards
from peerdesk.db.engine import connect_raw
from peerdesk.services import health


def test_a_new_database_has_exactly_the_registered_safeguards(new_store, db_path) -> None:
    raw = connect_raw(db_path, new_store.vault.key)
    try:
        names = {r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    finally:
        raw.close()
    assert names == guards.expected_triggers()
    assert health.check(new_store).healthy


def test_check_names_a_removed_safeguard(new_store, db_path) -> None:
    raw = connect_raw(db_path, new_store.vault.key)
    raw.execute("DROP TRIGGER encounters_signed_immutable")
    raw.close()
    report = health.check(new_store)
    assert any("encounters_signed_immutable" in p for p in report.problems)


def test_the_audit_trail_refuses_changes_in_the_database_itself(new_store) -> None:
    with pytest.raises(DatabaseError, match="append-only"), new_store.session() as s:
        s.execute(text("DELETE FROM audit_events"))


def test_a_database_without_a_renderer_is_refused_rather_than_left_unguarded() -> None:
    with pytest.raises(NotImplementedError):
        guards.statements("0002", "mysql")
