"""The participant workspace: header facts, alerts and the timeline (newest first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from peerdesk.db.caseload_models import Encounter, FamilyContact, FamilyMember
from peerdesk.db.models import Participant, ParticipantStatusChange
from peerdesk.db.recovery_models import (
    Assessment,
    Barrier,
    BarrierStatusChange,
    GoalStatusChange,
    WellnessGoal,
)
from peerdesk.db.resource_models import Referral, ReferralStatusChange
from peerdesk.domain.encounters import SERVICE_TYPES, SETTINGS
from peerdesk.domain.families import MODES
from peerdesk.domain.goals import BARRIER_CATEGORIES, BARRIER_STATUSES, GOAL_STATUSES
from peerdesk.domain.participants import STATUS_LABELS, ParticipantStatus
from peerdesk.domain.referrals import STATUSES as REFERRAL_STATUSES
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock, consents
from peerdesk.services.actor import Actor
from peerdesk.services.participants import load_visible
from peerdesk.services.supervision import no_contact_days


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    kind: str  # encounter, addendum, status, family_contact, enrolled
    title: str
    detail: str | None  # None where the role may not read narratives
    ref_id: int
    signed: bool = True


@dataclass(frozen=True)
class Header:
    participant_id: int
    name: str
    preferred_name: str
    status: str
    worker_name: str
    last_contact_on: date | None
    days_since_contact: int | None
    alerts: tuple[str, ...]


@dataclass(frozen=True)
class Workspace:
    header: Header
    timeline: list[TimelineEvent]


def _at(day: date, at: time | None = None) -> datetime:
    return datetime.combine(day, at or time(0, 0))


def header(session: Session, actor: Actor, participant: Participant,
           today: date | None = None) -> Header:
    today = today or clock.today()
    last = participant.last_contact_on
    days = (today - last).days if last else None
    alerts: list[str] = []
    limit = no_contact_days(session)
    if participant.status == ParticipantStatus.ACTIVE:
        gap = days if days is not None else (today - participant.enrolled_on).days
        if gap >= limit:
            alerts.append(_("No contact in {n} days").format(n=gap))
    returned = session.execute(select(Encounter.id).where(
        Encounter.participant_id == participant.id, Encounter.review_status == "returned",
        Encounter.worker_id == actor.id)).first()
    if returned:
        alerts.append(_("A supervisor returned a note: add an addendum"))
    drafts = session.execute(select(Encounter.id).where(
        Encounter.participant_id == participant.id, Encounter.signed_at.is_(None),
        Encounter.voided_at.is_(None), Encounter.worker_id == actor.id)).first()
    if drafts:
        alerts.append(_("You have an unsigned note"))
    alerts += consents.alerts_for(session, actor, participant.id)
    worker = participant.assigned_worker.full_name if participant.assigned_worker else ""
    return Header(participant.id, f"{participant.first_name} {participant.last_name}",
                  participant.preferred_name,
                  STATUS_LABELS.get(ParticipantStatus(participant.status), participant.status),
                  worker, last, days, tuple(alerts))


def timeline(session: Session, actor: Actor, participant: Participant) -> list[TimelineEvent]:
    words = actor.can(Permission.VIEW_NARRATIVES)
    events: list[TimelineEvent] = []
    query = (select(Encounter).options(selectinload(Encounter.addenda),
                                       selectinload(Encounter.worker))
             .where(Encounter.participant_id == participant.id, Encounter.voided_at.is_(None)))
    if not actor.can(Permission.SUPERVISE):
        query = query.where(or_(Encounter.signed_at.is_not(None),
                                Encounter.worker_id == actor.id))
    for e in session.execute(query).scalars():
        kind = SERVICE_TYPES.get(e.service_type)
        title = _("{service} · {setting} · {minutes} min · {worker}").format(
            service=kind.label if kind else e.service_type,
            setting=SETTINGS.get(e.setting, e.setting), minutes=e.minutes,
            worker=e.worker.full_name)
        if not e.signed:
            title += " · " + _("draft")
        elif e.review_status == "returned":
            title += " · " + _("returned for changes")
        events.append(TimelineEvent(_at(e.service_date, e.start_time), "encounter", title,
                                    e.narrative if words else None, e.id, e.signed))
        for a in e.addenda:
            events.append(TimelineEvent(a.written_at, "addendum",
                                        _("Addendum by {name}").format(name=a.author_name),
                                        a.text if words else None, e.id))
    for change in session.execute(select(ParticipantStatusChange).where(
            ParticipantStatusChange.participant_id == participant.id)
            .order_by(ParticipantStatusChange.id)).scalars():
        label = STATUS_LABELS.get(ParticipantStatus(change.status), change.status)
        events.append(TimelineEvent(_at(change.effective_on), "status",
                                    _("Status: {s}").format(s=label), change.reason, change.id))
    contacts = session.execute(
        select(FamilyContact, FamilyMember).join(FamilyMember)
        .where(FamilyMember.participant_id == participant.id,
               or_(FamilyContact.signed_at.is_not(None), FamilyContact.worker_id == actor.id)))
    for contact, member in contacts:
        events.append(TimelineEvent(
            _at(contact.contact_date), "family_contact",
            _("Family contact with {name} ({mode}, {m} min)").format(
                name=member.display_name, mode=MODES.get(contact.mode, contact.mode),
                m=contact.minutes),
            contact.narrative if words else None, contact.id, contact.signed))
    events += _plan_events(session, participant, words)
    # Newest first; at the same moment (e.g. enrolled and discharged on one day), the one
    # recorded later comes first.
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].when, pair[0]), reverse=True)
    return [event for _, event in ordered]


def _plan_events(session: Session, participant: Participant,
                 words: bool) -> list[TimelineEvent]:
    """Assessments, goal and barrier changes, and each step of every referral."""
    found: list[TimelineEvent] = []
    for a in session.execute(select(Assessment).where(
            Assessment.participant_id == participant.id, Assessment.voided_at.is_(None),
            Assessment.signed_at.is_not(None))).scalars():
        score = f"{a.total:g}" if a.total is not None else _("not scored")
        found.append(TimelineEvent(_at(a.administered_on, time(12, 0)), "assessment",
                                   _("Assessment {inst}: {score}").format(
                                       inst=a.instrument_id.upper(), score=score),
                                   a.band, a.id))
    for change, goal in session.execute(
            select(GoalStatusChange, WellnessGoal)
            .join(WellnessGoal, WellnessGoal.id == GoalStatusChange.goal_id)
            .where(WellnessGoal.participant_id == participant.id)
            .order_by(GoalStatusChange.id)):
        status = GOAL_STATUSES.get(change.status, change.status).lower()
        found.append(TimelineEvent(_at(change.changed_on), "goal",
                                   _("Goal ({status}): {g}").format(status=status,
                                                                    g=goal.statement[:80]),
                                   change.note if words else None, goal.id))
    for change, barrier in session.execute(
            select(BarrierStatusChange, Barrier)
            .join(Barrier, Barrier.id == BarrierStatusChange.barrier_id)
            .where(Barrier.participant_id == participant.id)
            .order_by(BarrierStatusChange.id)):
        found.append(TimelineEvent(
            _at(change.changed_on), "barrier",
            _("Barrier ({kind}): {status}").format(
                kind=BARRIER_CATEGORIES.get(barrier.category, barrier.category),
                status=BARRIER_STATUSES.get(change.status, change.status).lower()),
            change.note if words else None, barrier.id))
    for change, referral in session.execute(
            select(ReferralStatusChange, Referral)
            .join(Referral, Referral.id == ReferralStatusChange.referral_id)
            .where(Referral.participant_id == participant.id)
            .order_by(ReferralStatusChange.id)):
        found.append(TimelineEvent(
            _at(change.changed_on), "referral",
            _("Referral to {who}: {status}").format(
                who=referral.recipient_name,
                status=REFERRAL_STATUSES.get(change.status, change.status).lower()),
            change.note if words else None, referral.id))
    return found


def open_workspace(session: Session, actor: Actor, participant_id: int,
                   record_view: bool = True) -> Workspace:
    """Everything the workspace shows; opening it is a view of the record (audited).

    ``record_view=False`` refreshes a workspace that is already open (after the user's own
    change, which is audited by itself) without writing a second view."""
    participant = load_visible(session, actor, participant_id)
    if record_view:
        audit.record(session, actor, "participant.view", "participant", participant.id)
    return Workspace(header(session, actor, participant), timeline(session, actor, participant))
