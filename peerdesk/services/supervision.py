"""Supervision: the co-signature queue, returned notes, and who has not been seen lately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Encounter
from peerdesk.db.models import Participant, User
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock, settings
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.encounters import NoteView, load_encounter, view
from peerdesk.services.errors import PermissionDenied, ServiceError, ValidationFailed
from peerdesk.services.participants import visible_clause

NO_CONTACT_KEY = "no_contact_days"
DEFAULT_NO_CONTACT_DAYS = 14




def review_queue(session: Session, actor: Actor) -> list[NoteView]:
    """Signed notes awaiting co-signature, oldest first (never one's own)."""
    actor.require(Permission.SUPERVISE)
    found = session.execute(
        select(Encounter).where(Encounter.review_status == "pending",
                                Encounter.worker_id != actor.id)
        .order_by(Encounter.signed_at)).scalars()
    return [view(e, actor) for e in found]


def cosign(session: Session, actor: Actor, encounter_id: int) -> Encounter:
    actor.require(Permission.SUPERVISE)
    note = load_encounter(session, actor, encounter_id)
    if note.worker_id == actor.id:
        raise PermissionDenied(_("Another supervisor must co-sign your own notes."))
    if note.review_status != "pending":
        raise ServiceError(_("This note is not waiting for a co-signature."))
    note.review_status = "cosigned"
    note.reviewed_by_id = actor.id
    note.reviewed_by_name = f"{actor.full_name}, {actor.credential}".rstrip(", ")
    note.reviewed_at = _now()
    audit.record(session, actor, "encounter.cosign", "encounter", note.id)
    return note


def return_note(session: Session, actor: Actor, encounter_id: int, comment: str) -> Encounter:
    """Send a signed note back to its author with a comment; they answer with an addendum."""
    actor.require(Permission.SUPERVISE)
    note = load_encounter(session, actor, encounter_id)
    if note.worker_id == actor.id:
        raise PermissionDenied(_("You cannot return your own note."))
    if note.review_status != "pending":
        raise ServiceError(_("This note is not waiting for review."))
    if len(comment.strip()) < 3:
        raise ValidationFailed([FieldProblem(
            "comment", _("Please tell the author what to add or correct."))])
    note.review_status = "returned"
    note.review_comment = comment.strip()
    note.reviewed_by_id = actor.id
    note.reviewed_by_name = actor.full_name
    note.reviewed_at = _now()
    audit.record(session, actor, "encounter.return", "encounter", note.id)
    return note


def returned_notes(session: Session, actor: Actor) -> list[NoteView]:
    """The signed-in worker's notes that a supervisor sent back."""
    found = session.execute(
        select(Encounter).where(Encounter.worker_id == actor.id,
                                Encounter.review_status == "returned")
        .order_by(Encounter.reviewed_at)).scalars()
    return [view(e, actor) for e in found]


def my_drafts(session: Session, actor: Actor) -> list[NoteView]:
    found = session.execute(
        select(Encounter).where(Encounter.worker_id == actor.id, Encounter.signed_at.is_(None),
                                Encounter.voided_at.is_(None))
        .order_by(Encounter.service_date)).scalars()
    return [view(e, actor) for e in found]


def no_contact_days(session: Session) -> int:
    return int(settings.get(session, NO_CONTACT_KEY) or DEFAULT_NO_CONTACT_DAYS)


def set_no_contact_days(session: Session, actor: Actor, days: int) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    if not 1 <= days <= 365:
        raise ServiceError(_("Please choose between 1 and 365 days."))
    settings.put(session, NO_CONTACT_KEY, str(days))
    audit.record(session, actor, "settings.update", "settings", "", {"changed": [NO_CONTACT_KEY]})


@dataclass(frozen=True)
class NoContactRow:
    participant_id: int
    name: str
    worker_name: str
    last_contact_on: date | None
    days: int  # days since last contact (or since enrollment if never seen)


def no_contact(session: Session, actor: Actor, days: int | None = None,
               today: date | None = None) -> list[NoContactRow]:
    """Active participants not seen in N days: a worker's own caseload, or everyone's for
    supervisors. Longest gap first."""
    today = today or clock.today()
    days = days if days is not None else no_contact_days(session)
    cutoff = today - timedelta(days=days)
    query = (select(Participant, User.full_name)
             .outerjoin(User, User.id == Participant.assigned_worker_id)
             .where(Participant.archived.is_(False), Participant.status == "active",
                    visible_clause(actor),
                    or_(Participant.last_contact_on < cutoff,
                        (Participant.last_contact_on.is_(None))
                        & (Participant.enrolled_on < cutoff))))
    if not actor.can(Permission.SUPERVISE) and actor.id is not None:
        query = query.where(Participant.assigned_worker_id == actor.id)
    out = []
    for p, worker in session.execute(query):
        since = p.last_contact_on or p.enrolled_on
        out.append(NoContactRow(p.id, f"{p.last_name}, {p.first_name}", worker or "",
                                p.last_contact_on, (today - since).days))
    return sorted(out, key=lambda r: -r.days)


@dataclass(frozen=True)
class NoteRow:
    """A note as the review queue and the home lists show it."""

    note: NoteView
    participant_name: str  # "Last, First"; "" when the participant is not visible
    reviewed_by: str
    reviewed_at: datetime | None


def note_rows(session: Session, actor: Actor, notes: list[NoteView]) -> list[NoteRow]:
    """Add the participant's name (only where this user may see the participant) and who
    reviewed the note, to notes from :func:`review_queue`, :func:`returned_notes` or
    :func:`my_drafts`."""
    if not notes:
        return []
    pids = {n.participant_id for n in notes}
    names = {pid: f"{last}, {first}" for pid, last, first in session.execute(
        select(Participant.id, Participant.last_name, Participant.first_name)
        .where(Participant.id.in_(pids), Participant.archived.is_(False),
               visible_clause(actor)))}
    reviews = {nid: (name, at) for nid, name, at in session.execute(
        select(Encounter.id, Encounter.reviewed_by_name, Encounter.reviewed_at)
        .where(Encounter.id.in_([n.id for n in notes])))}
    return [NoteRow(n, names.get(n.participant_id, ""), *reviews.get(n.id, ("", None)))
            for n in notes]
