"""Gather a participant's recovery plan for printing (audited as an export)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.recovery_models import Assessment
from peerdesk.domain.goals import BARRIER_CATEGORIES, BARRIER_STATUSES, CLOSED_BARRIER, LIFE_AREAS
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.reports.recovery_plan import (
    PlanBarrier,
    PlanGoal,
    PlanScore,
    PlanStep,
    RecoveryPlan,
)
from peerdesk.services import assessments, audit, clock, goals, settings
from peerdesk.services.actor import Actor
from peerdesk.services.errors import PermissionDenied
from peerdesk.services.participants import load_visible

CRISIS_CONTACTS = [
    (_("988 Suicide & Crisis Lifeline"), _("call or text 988, any time")),
    (_("SAMHSA National Helpline"), _("1-800-662-4357, free and confidential, any time")),
]


def _goal(goal) -> PlanGoal:  # type: ignore[no-untyped-def]
    return PlanGoal(goal.statement, LIFE_AREAS.get(goal.life_area, goal.life_area),
                    goal.why_it_matters, goal.target_date, goal.status,
                    [PlanStep(s.text, s.done) for s in goal.steps])


def plan_data(session: Session, actor: Actor, participant_id: int) -> RecoveryPlan:
    participant = load_visible(session, actor, participant_id)
    if not actor.can(Permission.VIEW_NARRATIVES):
        raise PermissionDenied(_("Only the participant's workers can print a recovery plan."))
    all_goals = goals.goals_for(session, actor, participant_id)
    barriers = [PlanBarrier(BARRIER_CATEGORIES.get(b.category, b.category), b.description,
                            BARRIER_STATUSES.get(b.status, b.status))
                for b in goals.barriers_for(session, actor, participant_id)
                if b.status not in CLOSED_BARRIER]
    latest = session.execute(select(Assessment.instrument_id).where(
        Assessment.participant_id == participant_id, Assessment.signed_at.is_not(None),
        Assessment.total.is_not(None)).order_by(Assessment.administered_on.desc())
        .limit(1)).scalar_one_or_none()
    score = None
    if latest is not None:
        t = assessments.trend(session, actor, participant_id, latest)
        if t.points:
            score = PlanScore(t.title, t.points[-1][1], t.points[-1][0], t.low, t.high,
                              t.cutoff, t.cutoff_label, t.points)
    org = settings.get(session, "organization_name")
    worker = participant.assigned_worker.full_name if participant.assigned_worker else ""
    contacts = []
    if worker:
        phone = settings.get(session, "organization_phone")
        contacts.append((worker, _("your peer worker at {org}").format(org=org)
                         + (f", {phone}" if phone else "")))
    contacts += CRISIS_CONTACTS
    name = f"{participant.preferred_name or participant.first_name} {participant.last_name}"
    audit.record(session, actor, "participant.export", "participant", participant_id,
                 {"document": "recovery_plan"})
    return RecoveryPlan(
        organization=org, participant_name=name, worker=worker or actor.full_name,
        printed_at=clock.local_now().replace(tzinfo=None),
        active_goals=[_goal(g) for g in all_goals if g.status == "active"],
        achieved_goals=[_goal(g) for g in all_goals if g.status == "achieved"],
        barriers=barriers, score=score, contacts=contacts,
        logo=settings.organization_logo(session))
