"""Participants: create, view (audited), update, change status, archive. Never deleted."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from peerdesk.db.models import Participant, ParticipantStatusChange, User
from peerdesk.domain.participants import (
    FieldProblem,
    ParticipantInput,
    ParticipantStatus,
    normalize_phone,
    validate_participant,
)
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.errors import NotFound, PermissionDenied, ValidationFailed

_EDITABLE = [f.name for f in fields(ParticipantInput) if f.name not in ("extra", "enrolled_on")]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def visible_query(actor: Actor) -> Select[tuple[Participant]]:
    """The participants this user may see (not archived)."""
    query = select(Participant).where(Participant.archived.is_(False))
    if actor.can(Permission.VIEW_ALL_PARTICIPANTS):
        return query
    if actor.can(Permission.VIEW_OWN_PARTICIPANTS) and actor.id is not None:
        return query.where(Participant.assigned_worker_id == actor.id)
    return query.where(False)


def _may_see(actor: Actor, participant: Participant) -> bool:
    if actor.can(Permission.VIEW_ALL_PARTICIPANTS):
        return True
    return (
        actor.can(Permission.VIEW_OWN_PARTICIPANTS)
        and actor.id is not None
        and participant.assigned_worker_id == actor.id
    )


def _load(session: Session, actor: Actor, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.archived:
        raise NotFound(_("That participant record was not found."))
    if not _may_see(actor, participant):
        raise PermissionDenied(
            _("This participant is not on your caseload. Ask a supervisor to share or "
              "reassign the record.")
        )
    return participant


def _validate(session: Session, actor: Actor, data: ParticipantInput) -> None:
    problems = validate_participant(data, date.today())
    if data.assigned_worker_id is not None:
        worker = session.get(User, data.assigned_worker_id)
        if worker is None or not worker.active:
            problems.append(FieldProblem("assigned_worker_id",
                                         _("Please choose an active worker.")))
    if problems:
        raise ValidationFailed(problems)


def _apply(participant: Participant, data: ParticipantInput) -> list[str]:
    changed = []
    for name in _EDITABLE:
        value = getattr(data, name)
        if isinstance(value, str):
            value = value.strip()
        if name == "phone" and value:
            value = normalize_phone(value)
        if getattr(participant, name) != value:
            setattr(participant, name, value)
            changed.append(name)
    return changed


def create_participant(session: Session, actor: Actor, data: ParticipantInput) -> Participant:
    if not actor.can(Permission.EDIT_PARTICIPANTS):
        raise PermissionDenied(_("Your role does not allow adding participants."))
    if data.assigned_worker_id is None and not actor.can(Permission.VIEW_ALL_PARTICIPANTS):
        data.assigned_worker_id = actor.id  # a worker's new participant joins their caseload
    if (data.assigned_worker_id != actor.id
            and not actor.can(Permission.REASSIGN_PARTICIPANTS)):
        raise PermissionDenied(_("Only a supervisor can assign a participant to someone else."))
    _validate(session, actor, data)
    today = date.today()
    enrolled = data.enrolled_on or today
    now = _now()
    participant = Participant(status=ParticipantStatus.ACTIVE.value, enrolled_on=enrolled,
                              status_since=enrolled, archived=False, created_at=now,
                              updated_at=now, created_by_id=actor.id)
    _apply(participant, data)
    session.add(participant)
    session.flush()
    session.add(ParticipantStatusChange(participant_id=participant.id, status="active",
                                        effective_on=enrolled, reason=_("Enrolled"),
                                        changed_by_id=actor.id, changed_at=now))
    audit.record(session, actor, "participant.create", "participant", participant.id)
    return participant


def get_participant(session: Session, actor: Actor, participant_id: int) -> Participant:
    """Open a record: every view is written to the audit trail."""
    participant = _load(session, actor, participant_id)
    audit.record(session, actor, "participant.view", "participant", participant.id)
    return participant


def update_participant(session: Session, actor: Actor, participant_id: int,
                       data: ParticipantInput) -> Participant:
    participant = _load(session, actor, participant_id)
    if not actor.can(Permission.EDIT_PARTICIPANTS):
        raise PermissionDenied(_("Your role does not allow editing participant records."))
    if (data.assigned_worker_id != participant.assigned_worker_id
            and not actor.can(Permission.REASSIGN_PARTICIPANTS)):
        raise PermissionDenied(_("Only a supervisor can reassign a participant."))
    _validate(session, actor, data)
    changed = _apply(participant, data)
    if changed:
        participant.updated_at = _now()
        audit.record(session, actor, "participant.update", "participant", participant.id,
                     {"changed": changed})
    return participant


def change_status(session: Session, actor: Actor, participant_id: int,
                  status: ParticipantStatus, effective_on: date, reason: str = "") -> Participant:
    """Discharge, mark inactive or re-enroll, keeping the history."""
    participant = _load(session, actor, participant_id)
    if not actor.can(Permission.EDIT_PARTICIPANTS):
        raise PermissionDenied(_("Your role does not allow changing a participant's status."))
    problems = []
    if effective_on > date.today():
        problems.append(FieldProblem("effective_on", _("The date cannot be in the future.")))
    if effective_on < participant.status_since:
        problems.append(FieldProblem(
            "effective_on", _("The date cannot be before the current status began ({d}).").format(
                d=participant.status_since.isoformat())))
    if status == ParticipantStatus.DISCHARGED and not reason.strip():
        problems.append(FieldProblem("reason", _("Please give a reason for the discharge.")))
    if status.value == participant.status:
        problems.append(FieldProblem("status", _("The participant already has this status.")))
    if problems:
        raise ValidationFailed(problems)
    now = _now()
    participant.status = status.value
    participant.status_since = effective_on
    participant.discharged_on = effective_on if status == ParticipantStatus.DISCHARGED else None
    if status == ParticipantStatus.ACTIVE:
        participant.enrolled_on = effective_on
    participant.updated_at = now
    session.add(ParticipantStatusChange(participant_id=participant.id, status=status.value,
                                        effective_on=effective_on, reason=reason.strip(),
                                        changed_by_id=actor.id, changed_at=now))
    audit.record(session, actor, "participant.status", "participant", participant.id,
                 {"status": status.value})
    return participant


def archive_participant(session: Session, actor: Actor, participant_id: int,
                        reason: str) -> None:
    """Hide a record made by mistake (e.g. a duplicate). The data stays in the file."""
    actor.require(Permission.REASSIGN_PARTICIPANTS)
    participant = _load(session, actor, participant_id)
    if not reason.strip():
        raise ValidationFailed([FieldProblem("reason", _("Please say why it is archived."))])
    participant.archived = True
    participant.updated_at = _now()
    audit.record(session, actor, "participant.archive", "participant", participant.id,
                 {"reason": reason.strip()})


def search_participants(session: Session, actor: Actor, text: str = "",
                        limit: int = 200) -> list[Participant]:
    """Simple name/phone/member-id search (the caseload issue brings the fast index)."""
    query = visible_query(actor)
    words = text.strip().lower().split()
    for word in words:
        like = f"%{word}%"
        query = query.where(or_(
            func.lower(Participant.first_name).like(like),
            func.lower(Participant.last_name).like(like),
            func.lower(Participant.preferred_name).like(like),
            Participant.phone.like(like),
            func.lower(Participant.member_id).like(like),
        ))
    query = query.order_by(Participant.last_name, Participant.first_name).limit(limit)
    return list(session.execute(query).scalars())


def count_visible(session: Session, actor: Actor) -> int:
    sub = visible_query(actor).subquery()
    return session.execute(select(func.count()).select_from(sub)).scalar_one()
