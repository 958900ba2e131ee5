"""The goals tab gets a participant's whole plan in one call, in a fixed number of queries."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import event

from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.goals import BarrierInput, GoalInput
from peerdesk.services import encounters, goal_views, goals


def _add_plan(store, participant_id: int, how_many: int) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        for n in range(how_many):
            goal = goals.create_goal(s, store.actor, participant_id, GoalInput(
                f"Goal {n}: walk to the meeting", "health", "It keeps me steady",
                steps=["Find the meeting", "Go once"]))
            goals.save_barrier(s, store.actor, participant_id, BarrierInput(
                "transportation", f"No bus pass ({n})", [goal.id]))


def _queries(store, participant_id: int) -> tuple[int, goal_views.PlanRows]:  # type: ignore[no-untyped-def]
    count = 0

    def counted(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(store.engine, "before_cursor_execute", counted)
    try:
        with store.session() as s:
            plan = goal_views.plan_rows(s, store.actor, participant_id)
    finally:
        event.remove(store.engine, "before_cursor_execute", counted)
    return count, plan


def test_the_plan_reads_in_the_same_few_queries_for_3_or_30_goals(team) -> None:
    pat = team.login("pat")
    _add_plan(pat, team.pat_participant, 3)
    few, plan = _queries(pat, team.pat_participant)
    assert len(plan.goals) == 3 and len(plan.barriers) == 3
    _add_plan(pat, team.pat_participant, 27)
    many, plan = _queries(pat, team.pat_participant)
    assert len(plan.goals) == 30 and len(plan.barriers) == 30
    assert many == few, (few, many)


def test_the_plan_carries_steps_history_links_and_note_dates(team) -> None:
    pat = team.login("pat")
    when = date.today() - timedelta(days=1)
    with pat.session() as s:
        goal = goals.create_goal(s, pat.actor, team.pat_participant, GoalInput(
            "I want my own apartment by spring", "home", "So my kids can visit",
            steps=["Get my ID", "Apply for the housing voucher"]))
        goals.set_step_done(s, pat.actor, goal.steps[0].id, True)
        barrier = goals.save_barrier(s, pat.actor, team.pat_participant, BarrierInput(
            "id_documents", "Birth certificate is in another state", [goal.id]))
        goals.change_barrier_status(s, pat.actor, barrier.id, "working")
        note = encounters.save_encounter(s, pat.actor, EncounterInput(
            team.pat_participant, when, time(9, 0), time(9, 30), "community",
            "recovery_coaching", narrative="Talked through the housing voucher."))
        goals.set_encounter_goals(s, pat.actor, note.id, [goal.id])
        encounters.sign_encounter(s, pat.actor, note.id)
    _count, plan = _queries(pat, team.pat_participant)
    (row,) = plan.goals
    assert [(st.text, st.done) for st in row.steps] == [
        ("Get my ID", True), ("Apply for the housing voucher", False)]
    assert [h.status for h in row.history] == ["active"]
    assert row.note_dates == (when,)
    (brow,) = plan.barriers
    assert brow.goal_ids == (row.id,)
    assert [h.status for h in brow.history] == ["identified", "working"]
