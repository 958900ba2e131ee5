"""The audit chain stays whole with several writers at once, and a deletion stays visible."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from peerdesk.db.engine import make_engine
from peerdesk.db.models import AuditEvent
from peerdesk.services import audit
from peerdesk.services.actor import Actor

WRITERS = 6
EVENTS_EACH = 15


def _write_events(path: str, key_hex: str, writer: int, start: multiprocessing.Event) -> None:
    """One writer: its own process and connection, as a second PeerDesk or a server
    backend's worker would have. Each transaction writes one audit event."""
    engine = make_engine(Path(path), bytes.fromhex(key_hex))
    actor = Actor(None, f"writer{writer}", "", "", frozenset())
    start.wait(30)
    for n in range(EVENTS_EACH):
        with Session(engine) as session, session.begin():
            audit.record(session, actor, "test.write", "writer", writer, {"n": n})
    engine.dispose()


def test_writers_at_the_same_moment_keep_one_unbroken_chain(new_store, db_path) -> None:
    with new_store.session() as s:
        before = s.execute(select(AuditEvent.id)).scalars().all()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_write_events,
                               args=(str(db_path), new_store.vault.key.hex(), w, start))
               for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * WRITERS

    with new_store.session() as s:
        assert audit.verify_chain(s) == []
        ids = s.execute(select(AuditEvent.id).order_by(AuditEvent.id)).scalars().all()
        written = s.execute(select(AuditEvent.username, AuditEvent.detail)
                            .where(AuditEvent.action == "test.write")).all()
    assert len(ids) == len(before) + WRITERS * EVENTS_EACH
    assert ids == list(range(1, len(ids) + 1))  # no id taken twice, none skipped
    assert len(set(written)) == WRITERS * EVENTS_EACH  # every writer's every event kept


def test_a_new_event_after_the_newest_were_deleted_leaves_the_gap_for_check(new_store) -> None:
    with new_store.session() as s:
        for n in range(3):
            audit.record(s, new_store.actor, "test.write", "n", n)
    with new_store.session() as s:
        newest = s.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc())
                           .limit(2)).scalars().all()
        # Someone with the key and a raw SQL shell removes the two newest events (the
        # append-only trigger is dropped first, as such a person could).
        _drop_guard(s)
        s.execute(delete(AuditEvent).where(AuditEvent.id.in_(newest))
                  .execution_options(synchronize_session=False))
    with new_store.session() as s:
        event = audit.record(s, new_store.actor, "test.after")
        assert event.id == max(newest) + 1  # the deleted ids are not taken over
        problems = audit.verify_chain(s)
    assert any(f"{min(newest)}–{max(newest)}" in p for p in problems), problems


def _drop_guard(session: Session) -> None:
    names = session.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
    ).scalars().all()
    for name in names:
        session.connection().exec_driver_sql(f'DROP TRIGGER "{name}"')
