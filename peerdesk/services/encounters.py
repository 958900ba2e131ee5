"""Service notes: drafts, signing, addenda, group notes, voiding a draft. Never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Addendum, Encounter, GroupSession
from peerdesk.db.models import Participant
from peerdesk.domain.encounters import (
    GROUP_MODIFIER,
    SERVICE_TYPES,
    EncounterInput,
    minutes_between,
    validate_encounter,
    validate_for_signing,
)
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import (
    NeedsConfirmation,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)
from peerdesk.services.participants import load_visible, may_edit


def _local_now() -> datetime:
    return clock.local_now().replace(tzinfo=None)


def _require_writer(session: Session, actor: Actor, participant: Participant) -> None:
    if not actor.can(Permission.WRITE_NOTES) or not may_edit(session, actor, participant):
        raise PermissionDenied(_("You can write notes only for participants on your caseload."))


def load_encounter(session: Session, actor: Actor, encounter_id: int) -> Encounter:
    encounter = session.get(Encounter, encounter_id)
    if encounter is None:
        raise NotFound(_("That service note was not found."))
    load_visible(session, actor, encounter.participant_id)  # raises if not visible
    return encounter


def _overlaps(session: Session, worker_id: int, data: EncounterInput, exclude_id: int | None,
              group_session_id: int | None) -> list[Encounter]:
    query = select(Encounter).where(
        Encounter.worker_id == worker_id, Encounter.service_date == data.service_date,
        Encounter.voided_at.is_(None), Encounter.start_time < data.end_time,
        Encounter.end_time > data.start_time)
    if exclude_id is not None:
        query = query.where(Encounter.id != exclude_id)
    found = list(session.execute(query).scalars())
    return [e for e in found if group_session_id is None or e.group_session_id != group_session_id]


def _check(session: Session, actor: Actor, data: EncounterInput, exclude_id: int | None,
           confirm_overlap: bool, group_session_id: int | None = None) -> None:
    problems = validate_encounter(data, _local_now())
    if problems:
        raise ValidationFailed(problems)
    if not confirm_overlap and actor.id is not None:
        clash = _overlaps(session, actor.id, data, exclude_id, group_session_id)
        if clash:
            first = clash[0]
            raise NeedsConfirmation(
                _("You already have a note from {start} to {end} on {day}. Save this one "
                  "anyway?").format(start=first.start_time.strftime("%H:%M"),
                                    end=first.end_time.strftime("%H:%M"),
                                    day=first.service_date.isoformat()))


def _apply(encounter: Encounter, data: EncounterInput) -> None:
    kind = SERVICE_TYPES[data.service_type]
    encounter.participant_id = data.participant_id
    encounter.service_date = data.service_date
    encounter.start_time = data.start_time
    encounter.end_time = data.end_time
    encounter.minutes = minutes_between(data.start_time, data.end_time)
    encounter.setting = data.setting
    encounter.service_type = data.service_type
    encounter.service_code = (data.service_code if data.service_code is not None
                              else kind.code).strip().upper()
    default_modifier = GROUP_MODIFIER if data.is_group else kind.modifier
    encounter.modifier = (data.modifier if data.modifier is not None
                          else default_modifier).strip().upper()
    encounter.is_group = data.is_group
    encounter.narrative = data.narrative.strip()
    encounter.naloxone_kits = data.naloxone_kits
    encounter.test_strips = data.test_strips
    encounter.other_supplies = data.other_supplies.strip()
    encounter.other_supplies_count = data.other_supplies_count


def refresh_last_contact(session: Session, participant_id: int) -> None:
    latest = session.execute(
        select(func.max(Encounter.service_date)).where(
            Encounter.participant_id == participant_id, Encounter.voided_at.is_(None))
    ).scalar_one()
    participant = session.get(Participant, participant_id)
    if participant is not None:
        participant.last_contact_on = latest


def save_encounter(session: Session, actor: Actor, data: EncounterInput,
                   encounter_id: int | None = None, confirm_overlap: bool = False) -> Encounter:
    """Create or update a draft note (unsigned)."""
    participant = load_visible(session, actor, data.participant_id)
    _require_writer(session, actor, participant)
    if encounter_id is None:
        _check(session, actor, data, None, confirm_overlap)
        now = _now()
        encounter = Encounter(worker_id=actor.id, created_at=now, updated_at=now,
                              review_status="")
        _apply(encounter, data)
        session.add(encounter)
        session.flush()
        audit.record(session, actor, "encounter.create", "encounter", encounter.id,
                     {"participant": participant.id})
    else:
        encounter = load_encounter(session, actor, encounter_id)
        if encounter.signed:
            raise ServiceError(_("This note is signed and cannot be changed. Add an addendum "
                                 "to correct it."))
        if encounter.voided_at is not None:
            raise ServiceError(_("This draft was discarded."))
        if encounter.worker_id != actor.id:
            raise PermissionDenied(_("Only the author can edit a draft note."))
        _check(session, actor, data, encounter.id, confirm_overlap, encounter.group_session_id)
        _apply(encounter, data)
        encounter.updated_at = _now()
        audit.record(session, actor, "encounter.update", "encounter", encounter.id)
    session.flush()
    refresh_last_contact(session, participant.id)
    return encounter


def sign_encounter(session: Session, actor: Actor, encounter_id: int) -> Encounter:
    encounter = load_encounter(session, actor, encounter_id)
    if encounter.worker_id != actor.id:
        raise PermissionDenied(_("Only the author can sign a note."))
    if encounter.signed:
        raise ServiceError(_("This note is already signed."))
    if encounter.voided_at is not None:
        raise ServiceError(_("This draft was discarded."))
    problems = validate_for_signing(encounter.narrative, encounter.minutes)
    if problems:
        raise ValidationFailed(problems)
    encounter.signed_at = _now()
    encounter.signed_by_name = actor.full_name
    encounter.signed_by_credential = actor.credential
    encounter.review_status = "pending"
    audit.record(session, actor, "encounter.sign", "encounter", encounter.id)
    return encounter


def add_addendum(session: Session, actor: Actor, encounter_id: int, text: str) -> Addendum:
    encounter = load_encounter(session, actor, encounter_id)
    if not encounter.signed:
        raise ServiceError(_("This note is still a draft: edit it directly."))
    if encounter.worker_id != actor.id and not actor.can(Permission.SUPERVISE):
        raise PermissionDenied(_("Only the author or a supervisor can add an addendum."))
    if len(text.strip()) < 3:
        raise ValidationFailed([FieldProblem("text", _("Please write the addendum."))])
    addendum = Addendum(encounter_id=encounter.id, author_id=actor.id,
                        author_name=actor.full_name, author_credential=actor.credential,
                        written_at=_now(), text=text.strip())
    session.add(addendum)
    if encounter.review_status == "returned" and encounter.worker_id == actor.id:
        encounter.review_status = "pending"  # back to the supervisor's queue
    session.flush()
    audit.record(session, actor, "encounter.addendum", "encounter", encounter.id,
                 {"addendum": addendum.id})
    return addendum


def void_draft(session: Session, actor: Actor, encounter_id: int) -> None:
    """Discard an unsigned draft (kept in the file, hidden from lists and billing)."""
    encounter = load_encounter(session, actor, encounter_id)
    if encounter.signed:
        raise ServiceError(_("A signed note cannot be discarded. Add an addendum instead."))
    if encounter.worker_id != actor.id:
        raise PermissionDenied(_("Only the author can discard a draft."))
    encounter.voided_at = _now()
    audit.record(session, actor, "encounter.void", "encounter", encounter.id)
    session.flush()
    refresh_last_contact(session, encounter.participant_id)


@dataclass
class GroupInput:
    participant_ids: list[int]
    service_date: date
    start_time: time
    end_time: time
    setting: str
    topic: str
    narrative: str
    service_type: str = "group_support"
    naloxone_kits_each: int = 0
    test_strips_each: int = 0


def create_group_notes(session: Session, actor: Actor, group: GroupInput,
                       confirm_overlap: bool = False) -> list[Encounter]:
    """A group entered once: one draft note per attendee, each editable before signing."""
    attendees = list(dict.fromkeys(group.participant_ids))
    if len(attendees) < 2:
        raise ValidationFailed([FieldProblem(
            "participant_ids", _("A group note needs at least two attendees."))])
    session_row = GroupSession(worker_id=actor.id, service_date=group.service_date,
                               start_time=group.start_time, end_time=group.end_time,
                               topic=group.topic.strip(), created_at=_now())
    session.add(session_row)
    session.flush()
    notes = []
    for pid in attendees:
        data = EncounterInput(participant_id=pid, service_date=group.service_date,
                              start_time=group.start_time, end_time=group.end_time,
                              setting=group.setting, service_type=group.service_type,
                              narrative=group.narrative, is_group=True,
                              naloxone_kits=group.naloxone_kits_each,
                              test_strips=group.test_strips_each)
        participant = load_visible(session, actor, pid)
        _require_writer(session, actor, participant)
        _check(session, actor, data, None, confirm_overlap, session_row.id)
        now = _now()
        note = Encounter(worker_id=actor.id, created_at=now, updated_at=now, review_status="",
                         group_session_id=session_row.id)
        _apply(note, data)
        session.add(note)
        session.flush()
        refresh_last_contact(session, pid)
        notes.append(note)
    audit.record(session, actor, "group.create", "group_session", session_row.id,
                 {"attendees": len(notes)})
    return notes


@dataclass(frozen=True)
class NoteView:
    """What a list or timeline shows; ``narrative`` is None for roles that may not read it."""

    id: int
    participant_id: int
    service_date: date
    start_time: time
    end_time: time
    minutes: int
    setting: str
    service_type: str
    service_code: str
    modifier: str
    is_group: bool
    worker_name: str
    narrative: str | None
    signed: bool
    signed_by: str
    review_status: str
    review_comment: str
    addenda: tuple[tuple[datetime, str, str | None], ...]
    naloxone_kits: int
    test_strips: int
    # Added for the note form (defaults keep older callers working).
    worker_id: int = 0
    signed_at: datetime | None = None
    other_supplies: str = ""
    other_supplies_count: int = 0
    reviewed_by: str = ""
    reviewed_at: datetime | None = None
    group_session_id: int | None = None
    addenda_credentials: tuple[str, ...] = ()


def view(encounter: Encounter, actor: Actor) -> NoteView:
    words = actor.can(Permission.VIEW_NARRATIVES)
    signer = (f"{encounter.signed_by_name}, {encounter.signed_by_credential}".rstrip(", ")
              if encounter.signed else "")
    return NoteView(
        encounter.id, encounter.participant_id, encounter.service_date, encounter.start_time,
        encounter.end_time, encounter.minutes, encounter.setting, encounter.service_type,
        encounter.service_code, encounter.modifier, encounter.is_group,
        encounter.worker.full_name, encounter.narrative if words else None, encounter.signed,
        signer, encounter.review_status, encounter.review_comment if words else "",
        tuple((a.written_at, a.author_name, a.text if words else None)
              for a in encounter.addenda),
        encounter.naloxone_kits, encounter.test_strips,
        worker_id=encounter.worker_id, signed_at=encounter.signed_at,
        other_supplies=encounter.other_supplies,
        other_supplies_count=encounter.other_supplies_count,
        reviewed_by=encounter.reviewed_by_name, reviewed_at=encounter.reviewed_at,
        group_session_id=encounter.group_session_id,
        addenda_credentials=tuple(a.author_credential for a in encounter.addenda))


def get_encounter(session: Session, actor: Actor, encounter_id: int) -> NoteView:
    encounter = load_encounter(session, actor, encounter_id)
    audit.record(session, actor, "encounter.view", "encounter", encounter.id)
    return view(encounter, actor)


def notes_for(session: Session, actor: Actor, participant_id: int) -> list[NoteView]:
    load_visible(session, actor, participant_id)
    query = select(Encounter).where(Encounter.participant_id == participant_id,
                                    Encounter.voided_at.is_(None))
    if not actor.can(Permission.SUPERVISE):  # others' unsigned drafts stay private
        query = query.where(or_(Encounter.signed_at.is_not(None),
                                Encounter.worker_id == actor.id))
    found = session.execute(
        query.order_by(Encounter.service_date.desc(), Encounter.start_time.desc())).scalars()
    return [view(e, actor) for e in found]
