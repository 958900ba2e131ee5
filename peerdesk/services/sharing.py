"""Sharing a participant with another worker (e.g. covering a colleague's caseload)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import ParticipantShare
from peerdesk.db.models import User
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import PermissionDenied, ServiceError
from peerdesk.services.participants import load_visible


def _may_share(actor: Actor, assigned_worker_id: int | None) -> bool:
    return actor.can(Permission.REASSIGN_PARTICIPANTS) or (
        actor.can(Permission.EDIT_PARTICIPANTS) and assigned_worker_id == actor.id)


def share(session: Session, actor: Actor, participant_id: int, user_id: int) -> None:
    participant = load_visible(session, actor, participant_id)
    if not _may_share(actor, participant.assigned_worker_id):
        raise PermissionDenied(_("Only the assigned worker or a supervisor can share a record."))
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise ServiceError(_("Please choose an active user."))
    existing = session.execute(select(ParticipantShare).where(
        ParticipantShare.participant_id == participant_id, ParticipantShare.user_id == user_id,
        ParticipantShare.revoked_at.is_(None))).first()
    if existing or participant.assigned_worker_id == user_id:
        return
    session.add(ParticipantShare(participant_id=participant_id, user_id=user_id,
                                 granted_by_id=actor.id, granted_at=_now()))
    audit.record(session, actor, "participant.share", "participant", participant_id,
                 {"user": user_id})


def unshare(session: Session, actor: Actor, participant_id: int, user_id: int) -> None:
    participant = load_visible(session, actor, participant_id)
    if not _may_share(actor, participant.assigned_worker_id):
        raise PermissionDenied(_("Only the assigned worker or a supervisor can stop sharing."))
    for row in session.execute(select(ParticipantShare).where(
            ParticipantShare.participant_id == participant_id,
            ParticipantShare.user_id == user_id,
            ParticipantShare.revoked_at.is_(None))).scalars():
        row.revoked_at = _now()
    audit.record(session, actor, "participant.unshare", "participant", participant_id,
                 {"user": user_id})


@dataclass(frozen=True)
class SharedUser:
    """A worker a participant's record is shared with."""

    id: int
    full_name: str


def shared_users(session: Session, actor: Actor, participant_id: int) -> list[SharedUser]:
    load_visible(session, actor, participant_id)
    return [SharedUser(uid, name) for uid, name in session.execute(
        select(User.id, User.full_name)
        .join(ParticipantShare, ParticipantShare.user_id == User.id)
        .where(ParticipantShare.participant_id == participant_id,
               ParticipantShare.revoked_at.is_(None)).order_by(User.full_name))]
