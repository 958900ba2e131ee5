"""Wellness goals (with steps and status history) and barriers (linked to goals)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Encounter
from peerdesk.db.recovery_models import (
    Barrier,
    BarrierGoal,
    BarrierStatusChange,
    EncounterGoal,
    GoalStatusChange,
    GoalStep,
    WellnessGoal,
)
from peerdesk.domain.goals import (
    BARRIER_STATUSES,
    GOAL_STATUSES,
    BarrierInput,
    GoalInput,
    validate_barrier,
    validate_goal,
)
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from peerdesk.services.participants import load_visible, may_edit


def _writable(session: Session, actor: Actor, participant_id: int) -> None:
    participant = load_visible(session, actor, participant_id)
    if not actor.can(Permission.WRITE_NOTES) or not may_edit(session, actor, participant):
        raise PermissionDenied(_("You can change the plan only for participants on your "
                                 "caseload."))


def load_goal(session: Session, actor: Actor, goal_id: int) -> WellnessGoal:
    goal = session.get(WellnessGoal, goal_id)
    if goal is None:
        raise NotFound(_("That goal was not found."))
    load_visible(session, actor, goal.participant_id)
    return goal


def goals_for(session: Session, actor: Actor, participant_id: int) -> list[WellnessGoal]:
    load_visible(session, actor, participant_id)
    order = {"active": 0, "achieved": 1, "set_aside": 2}
    goals = list(session.execute(select(WellnessGoal).where(
        WellnessGoal.participant_id == participant_id)).scalars())
    return sorted(goals, key=lambda g: (order.get(g.status, 3), g.id))


def create_goal(session: Session, actor: Actor, participant_id: int,
                data: GoalInput) -> WellnessGoal:
    _writable(session, actor, participant_id)
    problems = validate_goal(data, clock.today())
    if problems:
        raise ValidationFailed(problems)
    now, today = _now(), clock.today()
    goal = WellnessGoal(participant_id=participant_id, statement=data.statement.strip(),
                        life_area=data.life_area, why_it_matters=data.why_it_matters.strip(),
                        target_date=data.target_date, status="active", status_since=today,
                        created_at=now, updated_at=now, created_by_id=actor.id)
    session.add(goal)
    session.flush()
    session.add(GoalStatusChange(goal_id=goal.id, status="active", changed_on=today,
                                 note=_("Goal set"), changed_by_id=actor.id, changed_at=now))
    for position, text in enumerate(s.strip() for s in data.steps):
        if text:
            session.add(GoalStep(goal_id=goal.id, text=text, position=position, done=False,
                                 created_at=now))
    audit.record(session, actor, "goal.create", "participant", participant_id,
                 {"goal": goal.id})
    session.flush()
    session.expire(goal, ["steps", "history"])
    return goal


def update_goal(session: Session, actor: Actor, goal_id: int, data: GoalInput) -> WellnessGoal:
    goal = load_goal(session, actor, goal_id)
    _writable(session, actor, goal.participant_id)
    problems = validate_goal(data, clock.today())
    if problems:
        raise ValidationFailed(problems)
    goal.statement = data.statement.strip()
    goal.life_area = data.life_area
    goal.why_it_matters = data.why_it_matters.strip()
    goal.target_date = data.target_date
    goal.updated_at = _now()
    audit.record(session, actor, "goal.update", "participant", goal.participant_id,
                 {"goal": goal.id})
    return goal


def add_step(session: Session, actor: Actor, goal_id: int, text: str) -> GoalStep:
    goal = load_goal(session, actor, goal_id)
    _writable(session, actor, goal.participant_id)
    if not text.strip() or len(text) > 300:
        raise ValidationFailed([FieldProblem("steps", _("A step is 1 to 300 characters."))])
    last = max((s.position for s in goal.steps), default=-1)
    step = GoalStep(goal_id=goal.id, text=text.strip(), position=last + 1, done=False,
                    created_at=_now())
    session.add(step)
    session.flush()
    session.expire(goal, ["steps"])
    audit.record(session, actor, "goal.step_add", "participant", goal.participant_id,
                 {"goal": goal.id})
    return step


def set_step_done(session: Session, actor: Actor, step_id: int, done: bool,
                  on: date | None = None) -> GoalStep:
    step = session.get(GoalStep, step_id)
    if step is None or step.removed_at is not None:
        raise NotFound(_("That step was not found."))
    goal = load_goal(session, actor, step.goal_id)
    _writable(session, actor, goal.participant_id)
    step.done = done
    step.done_on = (on or clock.today()) if done else None
    audit.record(session, actor, "goal.step_done" if done else "goal.step_undone",
                 "participant", goal.participant_id, {"goal": goal.id, "step": step.id})
    return step


def remove_step(session: Session, actor: Actor, step_id: int) -> None:
    step = session.get(GoalStep, step_id)
    if step is None or step.removed_at is not None:
        return
    goal = load_goal(session, actor, step.goal_id)
    _writable(session, actor, goal.participant_id)
    step.removed_at = _now()
    session.flush()
    session.expire(goal, ["steps"])
    audit.record(session, actor, "goal.step_remove", "participant", goal.participant_id,
                 {"goal": goal.id, "step": step.id})


def change_goal_status(session: Session, actor: Actor, goal_id: int, status: str,
                       note: str = "", on: date | None = None) -> WellnessGoal:
    goal = load_goal(session, actor, goal_id)
    _writable(session, actor, goal.participant_id)
    if status not in GOAL_STATUSES:
        raise ValidationFailed([FieldProblem("status", _("Please choose a status."))])
    if status == goal.status:
        raise ServiceError(_("The goal already has this status."))
    on = on or clock.today()
    if on > clock.today():
        raise ValidationFailed([FieldProblem("changed_on", _("The date cannot be in the "
                                                             "future."))])
    now = _now()
    goal.status, goal.status_since, goal.updated_at = status, on, now
    session.add(GoalStatusChange(goal_id=goal.id, status=status, changed_on=on,
                                 note=note.strip(), changed_by_id=actor.id, changed_at=now))
    audit.record(session, actor, "goal.status", "participant", goal.participant_id,
                 {"goal": goal.id, "status": status})
    session.flush()
    session.expire(goal, ["history"])
    return goal


def set_encounter_goals(session: Session, actor: Actor, encounter_id: int,
                        goal_ids: list[int]) -> None:
    """The goals a draft note addressed (a signed note's goals are fixed)."""
    note = session.get(Encounter, encounter_id)
    if note is None:
        raise NotFound(_("That service note was not found."))
    if note.signed_at is not None:
        raise ServiceError(_("This note is signed and cannot be changed."))
    if note.worker_id != actor.id:
        raise PermissionDenied(_("Only the author can edit a draft note."))
    for gid in goal_ids:
        if load_goal(session, actor, gid).participant_id != note.participant_id:
            raise ServiceError(_("That goal belongs to another participant."))
    session.execute(delete(EncounterGoal).where(EncounterGoal.encounter_id == encounter_id))
    for gid in dict.fromkeys(goal_ids):
        session.add(EncounterGoal(encounter_id=encounter_id, goal_id=gid))
    session.flush()


def encounter_goal_ids(session: Session, encounter_id: int) -> list[int]:
    return list(session.execute(select(EncounterGoal.goal_id).where(
        EncounterGoal.encounter_id == encounter_id)).scalars())


def note_dates_for_goal(session: Session, actor: Actor, goal_id: int) -> list[date]:
    """When service notes worked on this goal, newest first (signed notes, and the actor's
    own drafts; discarded drafts never)."""
    load_goal(session, actor, goal_id)
    return list(session.execute(
        select(Encounter.service_date).join(EncounterGoal,
                                            EncounterGoal.encounter_id == Encounter.id)
        .where(EncounterGoal.goal_id == goal_id, Encounter.voided_at.is_(None),
               or_(Encounter.signed_at.is_not(None), Encounter.worker_id == actor.id))
        .order_by(Encounter.service_date.desc())).scalars())


# -- barriers -----------------------------------------------------------------------------

def load_barrier(session: Session, actor: Actor, barrier_id: int) -> Barrier:
    barrier = session.get(Barrier, barrier_id)
    if barrier is None:
        raise NotFound(_("That barrier was not found."))
    load_visible(session, actor, barrier.participant_id)
    return barrier


def barriers_for(session: Session, actor: Actor, participant_id: int) -> list[Barrier]:
    load_visible(session, actor, participant_id)
    return list(session.execute(select(Barrier).where(
        Barrier.participant_id == participant_id).order_by(Barrier.id)).scalars())


def _link_goals(session: Session, actor: Actor, barrier: Barrier, goal_ids: list[int]) -> None:
    for gid in goal_ids:
        if load_goal(session, actor, gid).participant_id != barrier.participant_id:
            raise ServiceError(_("That goal belongs to another participant."))
    session.execute(delete(BarrierGoal).where(BarrierGoal.barrier_id == barrier.id))
    for gid in dict.fromkeys(goal_ids):
        session.add(BarrierGoal(barrier_id=barrier.id, goal_id=gid))


def barrier_goal_ids(session: Session, barrier_id: int) -> list[int]:
    return list(session.execute(select(BarrierGoal.goal_id).where(
        BarrierGoal.barrier_id == barrier_id)).scalars())


def save_barrier(session: Session, actor: Actor, participant_id: int, data: BarrierInput,
                 barrier_id: int | None = None) -> Barrier:
    _writable(session, actor, participant_id)
    problems = validate_barrier(data)
    if problems:
        raise ValidationFailed(problems)
    now, today = _now(), clock.today()
    if barrier_id is None:
        barrier = Barrier(participant_id=participant_id, status="identified",
                          status_since=today, created_at=now, created_by_id=actor.id)
        session.add(barrier)
    else:
        barrier = load_barrier(session, actor, barrier_id)
    barrier.category = data.category
    barrier.description = data.description.strip()
    barrier.updated_at = now
    session.flush()
    if barrier_id is None:
        session.add(BarrierStatusChange(barrier_id=barrier.id, status="identified",
                                        changed_on=today, changed_by_id=actor.id,
                                        changed_at=now))
    _link_goals(session, actor, barrier, data.goal_ids)
    audit.record(session, actor, "barrier.save", "participant", participant_id,
                 {"barrier": barrier.id})
    return barrier


def change_barrier_status(session: Session, actor: Actor, barrier_id: int, status: str,
                          note: str = "", on: date | None = None) -> Barrier:
    barrier = load_barrier(session, actor, barrier_id)
    _writable(session, actor, barrier.participant_id)
    if status not in BARRIER_STATUSES:
        raise ValidationFailed([FieldProblem("status", _("Please choose a status."))])
    if status == barrier.status:
        raise ServiceError(_("The barrier already has this status."))
    on, now = on or clock.today(), _now()
    barrier.status, barrier.status_since, barrier.updated_at = status, on, now
    session.add(BarrierStatusChange(barrier_id=barrier.id, status=status, changed_on=on,
                                    note=note.strip(), changed_by_id=actor.id, changed_at=now))
    audit.record(session, actor, "barrier.status", "participant", barrier.participant_id,
                 {"barrier": barrier.id, "status": status})
    session.flush()
    session.expire(barrier, ["history"])
    return barrier
