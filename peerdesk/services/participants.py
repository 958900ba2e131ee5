"""Participants: create, view (audited), update, change status, archive. Never deleted."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Select, false, func, or_, select, true
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import ParticipantShare
from peerdesk.db.models import Participant, ParticipantStatusChange, User
from peerdesk.domain.participants import (
    FieldProblem,
    ParticipantInput,
    ParticipantStatus,
    normalize_phone,
    validate_participant,
)
from peerdesk.domain.roles import Permission
from peerdesk.domain.search import fold, participant_search_text, search_terms
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.clock import today as _today
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import (
    NeedsConfirmation,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

_EDITABLE = [f.name for f in fields(ParticipantInput) if f.name not in ("extra", "enrolled_on")]




def shared_with(actor: Actor) -> Select[tuple[int]]:
    return select(ParticipantShare.participant_id).where(
        ParticipantShare.user_id == actor.id, ParticipantShare.revoked_at.is_(None))


def visible_query(actor: Actor) -> Select[tuple[Participant]]:
    """The participants this user may see (not archived)."""
    return select(Participant).where(Participant.archived.is_(False), visible_clause(actor))


def visible_clause(actor: Actor):  # type: ignore[no-untyped-def]
    """A WHERE clause: assigned to them, shared with them, or everyone for supervisors."""
    if actor.can(Permission.VIEW_ALL_PARTICIPANTS):
        return true()
    if actor.can(Permission.VIEW_OWN_PARTICIPANTS) and actor.id is not None:
        return or_(Participant.assigned_worker_id == actor.id,
                   Participant.id.in_(shared_with(actor)))
    return false()


def may_see(session: Session, actor: Actor, participant: Participant) -> bool:
    if actor.can(Permission.VIEW_ALL_PARTICIPANTS):
        return True
    if not actor.can(Permission.VIEW_OWN_PARTICIPANTS) or actor.id is None:
        return False
    if participant.assigned_worker_id == actor.id:
        return True
    return session.execute(
        shared_with(actor).where(ParticipantShare.participant_id == participant.id)
    ).first() is not None


def may_edit(session: Session, actor: Actor, participant: Participant) -> bool:
    return actor.can(Permission.EDIT_PARTICIPANTS) and may_see(session, actor, participant)


def load_visible(session: Session, actor: Actor, participant_id: int) -> Participant:
    """The record, if this user may see it (not audited: callers record what they do)."""
    return _load(session, actor, participant_id)


def _load(session: Session, actor: Actor, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.archived:
        raise NotFound(_("That participant record was not found."))
    if not may_see(session, actor, participant):
        raise PermissionDenied(
            _("This participant is not on your caseload. Ask a supervisor to share or "
              "reassign the record.")
        )
    return participant


def _validate(session: Session, actor: Actor, data: ParticipantInput) -> None:
    problems = validate_participant(data, _today())
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
    participant.search_text = participant_search_text(
        participant.first_name, participant.last_name, participant.preferred_name,
        participant.phone, participant.member_id, participant.date_of_birth)
    return changed


def possible_duplicates(session: Session, data: ParticipantInput,
                        exclude_id: int | None = None) -> list[Participant]:
    """Records with the same name and date of birth (accents and case ignored)."""
    if data.date_of_birth is None:
        return []
    query = select(Participant).where(Participant.date_of_birth == data.date_of_birth,
                                      Participant.archived.is_(False))
    if exclude_id is not None:
        query = query.where(Participant.id != exclude_id)
    first, last = fold(data.first_name), fold(data.last_name)
    return [p for p in session.execute(query).scalars()
            if fold(p.first_name) == first and fold(p.last_name) == last]


def create_participant(session: Session, actor: Actor, data: ParticipantInput,
                       allow_duplicate: bool = False) -> Participant:
    if not actor.can(Permission.EDIT_PARTICIPANTS):
        raise PermissionDenied(_("Your role does not allow adding participants."))
    if data.assigned_worker_id is None and not actor.can(Permission.VIEW_ALL_PARTICIPANTS):
        data.assigned_worker_id = actor.id  # a worker's new participant joins their caseload
    if (data.assigned_worker_id != actor.id
            and not actor.can(Permission.REASSIGN_PARTICIPANTS)):
        raise PermissionDenied(_("Only a supervisor can assign a participant to someone else."))
    _validate(session, actor, data)
    if not allow_duplicate and (dupes := possible_duplicates(session, data)):
        raise NeedsConfirmation(
            _("A participant named {first} {last}, born {born}, is already recorded "
              "(record {ids}). Is this the same person? Open that record instead, or save "
              "anyway if it is someone else.").format(
                first=data.first_name.strip(), last=data.last_name.strip(),
                born=data.date_of_birth, ids=", ".join(f"#{p.id}" for p in dupes)))
    today = _today()
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
                       data: ParticipantInput, allow_duplicate: bool = False) -> Participant:
    participant = _load(session, actor, participant_id)
    if not actor.can(Permission.EDIT_PARTICIPANTS):
        raise PermissionDenied(_("Your role does not allow editing participant records."))
    if not allow_duplicate and (dupes := possible_duplicates(session, data, participant.id)):
        raise NeedsConfirmation(
            _("Another record (#{id}) has the same name and date of birth. Save anyway?")
            .format(id=dupes[0].id))
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
    if effective_on > _today():
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


@dataclass(frozen=True)
class ParticipantSummary:
    """A participant as a picker shows them (a frozen copy: nothing reaches back into the
    file)."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date | None
    status: str

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"


def _summary(p: Participant) -> ParticipantSummary:
    return ParticipantSummary(p.id, p.first_name, p.last_name, p.preferred_name,
                              p.date_of_birth, p.status)


def summary(session: Session, actor: Actor, participant_id: int) -> ParticipantSummary:
    """One participant as a picker shows them, if this user may see them (``NotFound``
    otherwise; not audited, like :func:`search_participants`)."""
    return _summary(load_visible(session, actor, participant_id))


def save_participant(session: Session, actor: Actor, participant_id: int | None,
                     data: ParticipantInput, allow_duplicate: bool = False
                     ) -> ParticipantSummary:
    """The participant form's one call: a new participant (``participant_id`` None) or
    changes to one, audited; ``NeedsConfirmation`` for a possible duplicate."""
    if participant_id is None:
        saved = create_participant(session, actor, data, allow_duplicate=allow_duplicate)
    else:
        saved = update_participant(session, actor, participant_id, data,
                                   allow_duplicate=allow_duplicate)
    return _summary(saved)


@dataclass(frozen=True)
class ParticipantDetails:
    """What the participant form shows for editing (a frozen copy of the record)."""

    id: int
    values: tuple[tuple[str, object], ...]  # (field of ParticipantInput, value)
    assigned_worker_id: int | None
    worker_label: str  # name and credential; "" when not assigned

    def value(self, name: str) -> object:
        return dict(self.values).get(name)


def details_for_editing(session: Session, actor: Actor,
                        participant_id: int) -> ParticipantDetails:
    """The record as the form edits it, if this user may see it (not audited: the
    workspace that opens the form already recorded the view)."""
    p = load_visible(session, actor, participant_id)
    worker = p.assigned_worker
    label = ""
    if worker is not None:
        label = f"{worker.full_name}, {worker.credential}" if worker.credential \
            else worker.full_name
    return ParticipantDetails(p.id, tuple((name, getattr(p, name)) for name in _EDITABLE),
                              p.assigned_worker_id, label)


def search_participants(session: Session, actor: Actor, text: str = "",
                        limit: int = 200) -> list[ParticipantSummary]:
    """Name, preferred name, phone, member id or date of birth; accents and case ignored.

    For pickers (not audited: choosing someone is not listing the caseload; the caseload
    list is :func:`peerdesk.services.participant_list.list_caseload`)."""
    query = (select(Participant.id, Participant.first_name, Participant.last_name,
                    Participant.preferred_name, Participant.date_of_birth, Participant.status)
             .where(Participant.archived.is_(False), visible_clause(actor)))
    for term in search_terms(text):
        query = query.where(Participant.search_text.contains(term, autoescape=True))
    query = query.order_by(Participant.last_name, Participant.first_name).limit(limit)
    return [ParticipantSummary(*row) for row in session.execute(query)]


def count_visible(session: Session, actor: Actor) -> int:
    sub = visible_query(actor).subquery()
    return session.execute(select(func.count()).select_from(sub)).scalar_one()
