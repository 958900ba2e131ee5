"""The audit trail: append-only, hash-chained rows in the same transaction as the change.

Each row's hash covers its own fields and the previous row's hash; the head of the chain
(last id and hash) is also kept in settings, so removing the newest rows shows too.

The head row is also the chain's lock. A new event first *writes* the head row, then reads
it: on SQLite that write takes the database's write lock, on PostgreSQL it locks the row
until commit, so two writers never read the same head, never take the same id and never
fork the chain; the second one waits for the first to commit (or, if it cannot wait, fails
whole and writes nothing). The next id is the head's id + 1, not max(id) + 1: after someone
deletes the newest rows, a new event still leaves the gap for ``check`` to find instead of
taking over the deleted ids.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from peerdesk.db.models import AuditEvent, Setting
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import clock
from peerdesk.services.actor import Actor

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def _digest(event_id: int, at: str, user_id: int | None, username: str, action: str,
            entity: str, entity_id: str, detail: str, prev_hash: str) -> str:
    payload = json.dumps(
        [event_id, at, user_id, username, action, entity, entity_id, detail, prev_hash],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _claim_head(session: Session) -> tuple[int, str]:
    """The chain's head (last id, last hash), read under the write lock (see module doc)."""
    claimed = session.execute(
        update(Setting).where(Setting.key == HEAD_KEY).values(value=Setting.value)
        .execution_options(synchronize_session=False))
    if claimed.rowcount:
        value = session.execute(
            select(Setting.value).where(Setting.key == HEAD_KEY)).scalar_one()
        head_id, _sep, head_hash = value.partition(":")
        if head_id.isdigit() and len(head_hash) == len(GENESIS):
            return int(head_id), head_hash
    # The first event, or a head that is missing or unreadable (``check`` reports it):
    # follow the newest row. Two first events at once collide on the head's key and the
    # later transaction fails whole.
    last_id = session.execute(select(func.max(AuditEvent.id))).scalar()
    if last_id is None:
        return 0, GENESIS
    last_hash = session.execute(
        select(AuditEvent.hash).where(AuditEvent.id == last_id)).scalar_one()
    return int(last_id), last_hash


def record(session: Session, actor: Actor | None, action: str, entity: str = "",
           entity_id: object = "", detail: dict[str, object] | None = None) -> AuditEvent:
    head_id, prev_hash = _claim_head(session)
    event_id = head_id + 1
    at = clock.utc_now_aware().isoformat(timespec="microseconds")
    detail_text = json.dumps(detail, sort_keys=True, default=str) if detail else ""
    user_id = actor.id if actor else None
    username = actor.username if actor else ""
    ident = "" if entity_id is None else str(entity_id)
    digest = _digest(event_id, at, user_id, username, action, entity, ident, detail_text,
                     prev_hash)
    event = AuditEvent(id=event_id, at=at, user_id=user_id, username=username, action=action,
                       entity=entity, entity_id=ident, detail=detail_text,
                       prev_hash=prev_hash, hash=digest)
    session.add(event)
    session.merge(Setting(key=HEAD_KEY, value=f"{event_id}:{digest}"))
    session.flush()
    return event


def verify_chain(session: Session) -> list[str]:
    """Every break in the chain, in words. Empty when the trail is intact."""
    problems: list[str] = []
    expected_prev = GENESIS
    expected_id = 1
    last_id, last_hash = 0, GENESIS
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
    for ev in rows:
        if ev.id != expected_id:
            problems.append(
                _("Audit trail: events {a}–{b} are missing (deleted).").format(
                    a=expected_id, b=ev.id - 1)
            )
        if ev.prev_hash != expected_prev:
            problems.append(
                _("Audit trail: event {id} does not follow the event before it.").format(id=ev.id)
            )
        digest = _digest(ev.id, ev.at, ev.user_id, ev.username, ev.action, ev.entity,
                         ev.entity_id, ev.detail, ev.prev_hash)
        if digest != ev.hash:
            problems.append(
                _("Audit trail: event {id} was changed after it was written.").format(id=ev.id)
            )
        expected_prev = ev.hash
        expected_id = ev.id + 1
        last_id, last_hash = ev.id, ev.hash
        session.expunge(ev)
    head = session.get(Setting, HEAD_KEY)
    if head is not None and head.value != f"{last_id}:{last_hash}":
        problems.append(_("Audit trail: the newest events were removed or the chain was cut."))
    if head is None and last_id:
        problems.append(_("Audit trail: the record of the newest event is missing."))
    return problems


def recent_events(session: Session, actor: Actor, limit: int = 200) -> list[AuditEvent]:
    actor.require(Permission.VIEW_AUDIT)
    return list(
        session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)).scalars()
    )
