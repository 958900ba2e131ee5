"""Referrals: make one (to a directory service or a named recipient), move it along the
loop with every change dated and signed by who made it, and list the follow-ups due.

A participant's referral that shares information (or is a warm hand-off) needs a consent
in force that covers the recipient: otherwise :class:`ConsentRequired` explains why.
Referrals for family members are not Part 2 disclosures about a participant and need none.
Workers act only for people on their caseload; program managers never see the notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import FamilyMember
from peerdesk.db.models import Participant, User
from peerdesk.db.recovery_models import Barrier, WellnessGoal
from peerdesk.db.resource_models import Consent, Referral, ReferralStatusChange
from peerdesk.domain.consents import RecipientTarget, consent_state
from peerdesk.domain.goals import BARRIER_CATEGORIES, CLOSED_BARRIER
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.referrals import (
    ENDED,
    STATUSES,
    ReferralInput,
    next_statuses,
    validate_change,
    validate_referral,
)
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock, consents, directory, families
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.consents import ConsentRequired, facts
from peerdesk.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from peerdesk.services.participants import load_visible, may_edit, visible_clause

__all__ = ["ConsentRequired", "change_status", "follow_ups_due", "get_referral",
           "make_referral", "open_status_change", "person_name", "referrals_for"]




@dataclass(frozen=True)
class HistoryItem:
    status: str
    changed_on: date
    note: str | None  # None where the role may not read notes
    by: str
    follow_up_on: date | None


@dataclass(frozen=True)
class ReferralView:
    id: int
    participant_id: int | None
    family_member_id: int | None
    recipient: str
    recipient_kind: str
    service_id: int | None
    barrier: str
    goal: str
    warm_handoff: bool
    shares_information: bool
    consent_id: int | None
    reason: str | None
    status: str
    status_since: date
    referred_on: date
    follow_up_on: date | None
    made_by: str
    history: tuple[HistoryItem, ...]
    editable: bool
    next_statuses: tuple[str, ...]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class FollowUpRow:
    referral_id: int
    participant_id: int | None
    family_member_id: int | None
    person: str
    recipient: str
    status: str
    follow_up_on: date
    days_overdue: int
    worker: str

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def _may_write_for(session: Session, actor: Actor, participant_id: int | None,
                   member_id: int | None) -> Participant | None:
    if not actor.can(Permission.WRITE_NOTES):
        raise PermissionDenied(_("Your role does not allow making referrals."))
    if participant_id is not None:
        participant = load_visible(session, actor, participant_id)
        if not may_edit(session, actor, participant):
            raise PermissionDenied(_("You can make referrals only for participants on your "
                                     "caseload."))
        return participant
    if member_id is not None:
        families.load_member(session, actor, member_id)
    return None


def _load(session: Session, actor: Actor, referral_id: int) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound(_("That referral was not found."))
    if referral.participant_id is not None:
        load_visible(session, actor, referral.participant_id)
    elif referral.family_member_id is not None:
        families.load_member(session, actor, referral.family_member_id)
    return referral


def target_for(session: Session, data: ReferralInput) -> tuple[str, RecipientTarget]:
    """The recipient's name as recorded, and whom a consent must cover."""
    if data.service_id is not None:
        label, target = directory.service_target(session, data.service_id)
        if target.kind == "other" and data.recipient_kind != "other":
            target = RecipientTarget(target.names, data.recipient_kind)
        return label, target
    name = data.recipient_name.strip()
    return name, RecipientTarget((name,), data.recipient_kind)


def _allowing_consent(session: Session, actor: Actor, data: ReferralInput,
                      on: date | None = None) -> Consent | None:
    """The consent row that allows this referral's sharing (None when nothing is shared);
    ConsentRequired when sharing is not allowed."""
    if data.participant_id is None or not data.needs_consent:
        return None
    participant = load_visible(session, actor, data.participant_id)
    _label, target = target_for(session, data)
    return consents.require_consent(session, participant, target, on or clock.today())


def check_consent(session: Session, actor: Actor, data: ReferralInput,
                  on: date | None = None) -> consents.ConsentView | None:
    """The consent that allows this referral's sharing (None when nothing is shared);
    ConsentRequired when sharing is not allowed. Changes nothing."""
    consent = _allowing_consent(session, actor, data, on)
    return None if consent is None else consents.get_consent(session, actor, consent.id)


def make_referral(session: Session, actor: Actor, data: ReferralInput) -> ReferralView:
    participant = _may_write_for(session, actor, data.participant_id, data.family_member_id)
    today = clock.today()
    problems = validate_referral(data, today)
    if data.family_member_id is not None and (data.barrier_id or data.goal_id):
        problems.append(FieldProblem("barrier_id", _("Barriers and goals belong to "
                                                     "participants.")))
    if data.barrier_id is not None:
        barrier = session.get(Barrier, data.barrier_id)
        if barrier is None or participant is None or barrier.participant_id != participant.id:
            problems.append(FieldProblem("barrier_id", _("That barrier belongs to someone "
                                                         "else.")))
    if data.goal_id is not None:
        goal = session.get(WellnessGoal, data.goal_id)
        if goal is None or participant is None or goal.participant_id != participant.id:
            problems.append(FieldProblem("goal_id", _("That goal belongs to someone else.")))
    if problems:
        raise ValidationFailed(problems)
    referred = data.referred_on or today
    label, target = target_for(session, data)
    consent = _allowing_consent(session, actor, data, referred)
    now = _now()
    referral = Referral(
        participant_id=data.participant_id, family_member_id=data.family_member_id,
        service_id=data.service_id, recipient_name=label, recipient_kind=target.kind,
        barrier_id=data.barrier_id, goal_id=data.goal_id, warm_handoff=data.warm_handoff,
        shares_information=data.needs_consent, consent_id=consent.id if consent else None,
        reason=data.reason.strip(), status="made", status_since=referred,
        referred_on=referred, follow_up_on=data.follow_up_on, made_by_id=actor.id,
        created_at=now, updated_at=now)
    session.add(referral)
    session.flush()
    session.add(ReferralStatusChange(referral_id=referral.id, status="made", changed_on=referred,
                                     note="", follow_up_on=data.follow_up_on,
                                     changed_by_id=actor.id, changed_at=now))
    entity, ident = (("participant", data.participant_id) if data.participant_id is not None
                     else ("family_member", data.family_member_id))
    audit.record(session, actor, "referral.make", entity, ident,
                 {"referral": referral.id, "consent": referral.consent_id})
    return _views(session, actor, [referral])[0]


def change_status(session: Session, actor: Actor, referral_id: int, status: str,
                  on: date | None = None, note: str = "",
                  follow_up_on: date | None = None) -> ReferralView:
    referral = _load(session, actor, referral_id)
    _may_write_for(session, actor, referral.participant_id, referral.family_member_id)
    on = on or clock.today()
    problems = validate_change(referral.status, status, on, referral.status_since, clock.today(),
                               follow_up_on, note)
    if problems:
        raise ValidationFailed(problems)
    now = _now()
    referral.status, referral.status_since = status, on
    referral.follow_up_on = None if status in ENDED else follow_up_on
    referral.updated_at = now
    session.add(ReferralStatusChange(referral_id=referral.id, status=status, changed_on=on,
                                     note=note.strip(), follow_up_on=referral.follow_up_on,
                                     changed_by_id=actor.id, changed_at=now))
    audit.record(session, actor, "referral.status", "referral", referral.id,
                 {"status": status})
    session.flush()
    return _views(session, actor, [referral])[0]


def consent_warning(session: Session, actor: Actor, referral_id: int,
                    today: date | None = None) -> str:
    """Words for the status dialog when the consent this referral relied on has ended."""
    referral = _load(session, actor, referral_id)
    if not referral.shares_information or referral.consent_id is None \
            or referral.status in ENDED:
        return ""
    consent = session.get(Consent, referral.consent_id)
    state = consent_state(facts(consent), today or clock.today()) if consent else ""
    if state == "in_force":
        return ""
    return _("The consent this referral relied on is no longer in force: share nothing more "
             "with {who} until a new consent is signed.").format(who=referral.recipient_name)


def _views(session: Session, actor: Actor, rows: list[Referral]) -> list[ReferralView]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    users = dict(session.execute(select(User.id, User.full_name)).all())
    history: dict[int, list[HistoryItem]] = {}
    notes = actor.can(Permission.VIEW_NARRATIVES)
    for change in session.execute(select(ReferralStatusChange).where(
            ReferralStatusChange.referral_id.in_(ids)).order_by(ReferralStatusChange.id)
            ).scalars():
        history.setdefault(change.referral_id, []).append(HistoryItem(
            change.status, change.changed_on, change.note if notes else None,
            users.get(change.changed_by_id, ""), change.follow_up_on))
    barriers = {b.id: b for b in session.execute(select(Barrier).where(
        Barrier.id.in_([r.barrier_id for r in rows if r.barrier_id]))).scalars()}
    goals = {g.id: g.statement for g in session.execute(select(WellnessGoal).where(
        WellnessGoal.id.in_([r.goal_id for r in rows if r.goal_id]))).scalars()}
    writable: dict[tuple[int | None, int | None], bool] = {}
    out = []
    for r in rows:
        key = (r.participant_id, r.family_member_id)
        if key not in writable:
            try:
                _may_write_for(session, actor, *key)
                writable[key] = True
            except ServiceError:
                writable[key] = False
        barrier = barriers.get(r.barrier_id or -1)
        out.append(ReferralView(
            r.id, r.participant_id, r.family_member_id, r.recipient_name, r.recipient_kind,
            r.service_id, BARRIER_CATEGORIES.get(barrier.category, barrier.category)
            if barrier else "", goals.get(r.goal_id or -1, ""), r.warm_handoff,
            r.shares_information, r.consent_id, r.reason if notes else None, r.status,
            r.status_since, r.referred_on, r.follow_up_on, users.get(r.made_by_id, ""),
            tuple(history.get(r.id, [])), writable[key] and r.status not in ENDED,
            tuple(next_statuses(r.status))))
    return out


def referrals_for(session: Session, actor: Actor, participant_id: int) -> list[ReferralView]:
    """A participant's referrals: open ones first, newest first."""
    load_visible(session, actor, participant_id)
    rows = list(session.execute(select(Referral).where(
        Referral.participant_id == participant_id).order_by(Referral.id.desc())).scalars())
    rows.sort(key=lambda r: r.status in ENDED)
    return _views(session, actor, rows)


def referrals_for_member(session: Session, actor: Actor, member_id: int) -> list[ReferralView]:
    families.load_member(session, actor, member_id)
    rows = list(session.execute(select(Referral).where(
        Referral.family_member_id == member_id).order_by(Referral.id.desc())).scalars())
    rows.sort(key=lambda r: r.status in ENDED)
    return _views(session, actor, rows)


def get_referral(session: Session, actor: Actor, referral_id: int) -> ReferralView:
    return _views(session, actor, [_load(session, actor, referral_id)])[0]


@dataclass(frozen=True)
class LinkChoice:
    id: int
    label: str


@dataclass(frozen=True)
class ReferralLinks:
    """What a new referral may be for: the participant's open barriers and active goals."""

    barriers: tuple[LinkChoice, ...]
    goals: tuple[LinkChoice, ...]


def link_choices(session: Session, actor: Actor, participant_id: int) -> ReferralLinks:
    load_visible(session, actor, participant_id)
    barriers = []
    for b in session.execute(select(Barrier).where(
            Barrier.participant_id == participant_id).order_by(Barrier.id)).scalars():
        if b.status not in CLOSED_BARRIER:
            text = BARRIER_CATEGORIES.get(b.category, b.category)
            barriers.append(LinkChoice(b.id, f"{text}: {b.description}" if b.description
                                       else text))
    goals = [LinkChoice(g.id, g.statement) for g in session.execute(select(WellnessGoal).where(
        WellnessGoal.participant_id == participant_id, WellnessGoal.status == "active")
        .order_by(WellnessGoal.id)).scalars()]
    return ReferralLinks(tuple(barriers), tuple(goals))


@dataclass(frozen=True)
class StatusChangeStart:
    """What the status dialog opens with: the referral, whose it is, and the consent
    warning (empty when none)."""

    referral: ReferralView
    person: str
    consent_warning: str


def open_status_change(session: Session, actor: Actor, referral_id: int) -> StatusChangeStart:
    view = get_referral(session, actor, referral_id)
    return StatusChangeStart(view, person_name(session, actor, view.participant_id,
                                               view.family_member_id),
                             consent_warning(session, actor, referral_id))


def person_name(session: Session, actor: Actor, participant_id: int | None,
                member_id: int | None) -> str:
    """The name a referral dialog shows for the participant or family member it is for."""
    if participant_id is not None:
        return load_visible(session, actor, participant_id).display_name
    if member_id is None:
        raise NotFound(_("That referral was not found."))
    return families.load_member(session, actor, member_id).display_name


def follow_ups_due(session: Session, actor: Actor, today: date | None = None,
                   everyone: bool | None = None) -> list[FollowUpRow]:
    """Open referrals whose follow-up date is today or past: the user's caseload (people
    assigned to them), or everyone's for supervisors. Most overdue first."""
    today = today or clock.today()
    if everyone is None:
        everyone = actor.can(Permission.SUPERVISE)
    everyone = everyone and actor.can(Permission.VIEW_ALL_PARTICIPANTS)
    base = [Referral.status.not_in(ENDED), Referral.follow_up_on <= today]
    people = (select(Referral, Participant, User.full_name)
              .join(Participant, Participant.id == Referral.participant_id)
              .outerjoin(User, User.id == Participant.assigned_worker_id)
              .where(*base, Participant.archived.is_(False), visible_clause(actor)))
    if not everyone:
        people = people.where(Participant.assigned_worker_id == actor.id)
    rows = [FollowUpRow(r.id, p.id, None, f"{p.last_name}, {p.first_name}", r.recipient_name,
                        r.status, r.follow_up_on, (today - r.follow_up_on).days, worker or "")
            for r, p, worker in session.execute(people)]
    fam = (select(Referral, FamilyMember, User.full_name)
           .join(FamilyMember, FamilyMember.id == Referral.family_member_id)
           .outerjoin(User, User.id == FamilyMember.assigned_worker_id)
           .where(*base, FamilyMember.archived.is_(False)))
    if not (everyone and actor.can(Permission.VIEW_ALL_FAMILIES)):
        fam = fam.where(FamilyMember.assigned_worker_id == actor.id)
    rows += [FollowUpRow(r.id, None, m.id, f"{m.last_name}, {m.first_name}", r.recipient_name,
                         r.status, r.follow_up_on, (today - r.follow_up_on).days, worker or "")
             for r, m, worker in session.execute(fam)]
    return sorted(rows, key=lambda r: (-r.days_overdue, r.person))
