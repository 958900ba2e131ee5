"""A participant's goals and barriers as the screens show them: frozen views, read in a
fixed number of queries however many goals, steps and barriers there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from peerdesk.db.caseload_models import Encounter
from peerdesk.db.recovery_models import Barrier, BarrierGoal, EncounterGoal, WellnessGoal
from peerdesk.services.actor import Actor
from peerdesk.services.goals import barriers_for, goals_for


@dataclass(frozen=True)
class StepRow:
    id: int
    text: str
    done: bool
    done_on: date | None


@dataclass(frozen=True)
class ChangeRow:
    status: str
    changed_on: date
    note: str


@dataclass(frozen=True)
class GoalRow:
    id: int
    statement: str
    life_area: str
    why: str
    target: date | None
    status: str
    since: date
    steps: tuple[StepRow, ...]
    history: tuple[ChangeRow, ...]
    note_dates: tuple[date, ...] = ()  # service notes that worked on it, newest first


@dataclass(frozen=True)
class BarrierRow:
    id: int
    category: str
    description: str
    status: str
    since: date
    goal_ids: tuple[int, ...]
    history: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class PlanRows:
    goals: list[GoalRow]
    barriers: list[BarrierRow]


def plan_rows(session: Session, actor: Actor, participant_id: int) -> PlanRows:
    """Every goal (steps, history, the dates notes worked on it) and barrier (history, the
    goals it stands in the way of) of a participant the actor may see."""
    goal_list = goals_for(session, actor, participant_id)
    barrier_list = barriers_for(session, actor, participant_id)
    goal_ids = [g.id for g in goal_list]
    barrier_ids = [b.id for b in barrier_list]
    # steps and history of all goals / barriers at once, not one query per row
    if goal_ids:
        session.execute(select(WellnessGoal).where(WellnessGoal.id.in_(goal_ids)).options(
            selectinload(WellnessGoal.steps), selectinload(WellnessGoal.history))).all()
    if barrier_ids:
        session.execute(select(Barrier).where(Barrier.id.in_(barrier_ids)).options(
            selectinload(Barrier.history))).all()

    dates: dict[int, list[date]] = defaultdict(list)
    if goal_ids:
        for goal_id, when in session.execute(
                select(EncounterGoal.goal_id, Encounter.service_date)
                .join(Encounter, EncounterGoal.encounter_id == Encounter.id)
                .where(EncounterGoal.goal_id.in_(goal_ids), Encounter.voided_at.is_(None),
                       or_(Encounter.signed_at.is_not(None), Encounter.worker_id == actor.id))
                .order_by(Encounter.service_date.desc())):
            dates[goal_id].append(when)
    links: dict[int, list[int]] = defaultdict(list)
    if barrier_ids:
        for barrier_id, goal_id in session.execute(
                select(BarrierGoal.barrier_id, BarrierGoal.goal_id)
                .where(BarrierGoal.barrier_id.in_(barrier_ids))):
            links[barrier_id].append(goal_id)

    return PlanRows(
        [GoalRow(g.id, g.statement, g.life_area, g.why_it_matters, g.target_date, g.status,
                 g.status_since,
                 tuple(StepRow(s.id, s.text, s.done, s.done_on) for s in g.steps),
                 tuple(ChangeRow(h.status, h.changed_on, h.note) for h in g.history),
                 tuple(dates[g.id]))
         for g in goal_list],
        [BarrierRow(b.id, b.category, b.description, b.status, b.status_since,
                    tuple(links[b.id]),
                    tuple(ChangeRow(h.status, h.changed_on, h.note) for h in b.history))
         for b in barrier_list])
