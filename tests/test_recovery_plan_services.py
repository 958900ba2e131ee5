"""Assessments, goals and barriers through the services (permissions, history, signing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from peerdesk.domain.goals import BarrierInput, GoalInput
from peerdesk.domain.instruments import InstrumentError
from peerdesk.services import assessments, goals, instrument_catalog
from peerdesk.services.errors import PermissionDenied, ServiceError, ValidationFailed

ANSWERS = [5, 4, 6, 3, 5, 5, 4, 6, 5, 4]  # 47


def test_assessment_scored_signed_and_immutable(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        row = assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10",
                                          [*ANSWERS[:9], None])
        assert row.total is None and row.answered == 9
        with pytest.raises(ValidationFailed, match="every item"):
            assessments.sign_assessment(s, pat.actor, row.id)
        row = assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10",
                                          ANSWERS, assessment_id=row.id)
        assert row.total == 47 and "sustained remission" in row.band
        assessments.sign_assessment(s, pat.actor, row.id)
        rid = row.id
    with pytest.raises(ServiceError, match="signed"), pat.session() as s:
        assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10", [1] * 10,
                                    assessment_id=rid)
    with pytest.raises(DBAPIError, match="cannot be changed"), pat.session() as s:
        s.connection().exec_driver_sql("UPDATE assessments SET total = 60 WHERE id = ?", (rid,))
    with pat.session() as s:
        assessments.add_addendum(s, pat.actor, rid, "Answers read aloud; participant agreed.")


def test_bad_answers_are_refused_in_words(team) -> None:
    pat = team.login("pat")
    with pytest.raises(ValidationFailed, match="7 is not an answer"), pat.session() as s:
        assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10",
                                    [7] + [1] * 9)
    with pytest.raises(ValidationFailed, match="10 items; 3 answers"), pat.session() as s:
        assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10", [1, 2, 3])


def test_trend_uses_signed_assessments_in_date_order(team) -> None:
    pat = team.login("pat")
    today = date.today()
    with pat.session() as s:
        for days, answers in [(90, [3] * 10), (30, [4] * 10), (1, [5] * 10)]:
            row = assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10",
                                              answers, administered_on=today - timedelta(days))
            assessments.sign_assessment(s, pat.actor, row.id)
        assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10", [6] * 10)
        t = assessments.trend(s, pat.actor, team.pat_participant, "barc10")
    assert [p[1] for p in t.points] == [30, 40, 50]  # the unsigned draft is not charted
    assert (t.low, t.high, t.cutoff) == (10, 60, 47)


def test_worker_cannot_assess_someone_else(team) -> None:
    pat = team.login("pat")
    with pytest.raises(PermissionDenied), pat.session() as s:
        assessments.save_assessment(s, pat.actor, team.wes_participant, "barc10", ANSWERS)


def test_admin_adds_an_instrument_file_without_code(team) -> None:
    text = (
        'id = "hope3"\ntitle = "Hope check (3 items)"\nversion = "1"\n'
        'citation = "Local, unpublished."\nlicence = "Ours."\n'
        '[[scales]]\nid = "s"\noptions = [{value = 0, label = "No"}, {value = 1, label = "Yes"}]\n'
        + "".join(f'[[items]]\nid = "h{n}"\nscale = "s"\ntext = "Statement {n}"\n'
                  for n in range(1, 4))
        + '[scoring]\nmethod = "sum"\nmissing = "prorate"\nmin_answered = 2\n')
    pat = team.login("pat")
    with pytest.raises(PermissionDenied), pat.session() as s:
        instrument_catalog.add_definition(s, pat.actor, text, "toml")
    with team.admin.session() as s:
        with pytest.raises(InstrumentError):
            instrument_catalog.add_definition(s, team.admin.actor, 'id = "x"', "toml")
        instrument_catalog.add_definition(s, team.admin.actor, text, "toml")
    with pat.session() as s:
        assert "hope3" in instrument_catalog.available(s)
        row = assessments.save_assessment(s, pat.actor, team.pat_participant, "hope3",
                                          [1, None, 1])
        assert row.total == 3.0 and row.prorated


def test_goal_steps_status_history_and_linked_barrier(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        goal = goals.create_goal(s, pat.actor, team.pat_participant, GoalInput(
            "I want my own apartment by spring", "home", "So my kids can visit",
            steps=["Get my ID", "Apply for the housing voucher"]))
        assert [st.text for st in goal.steps] == ["Get my ID", "Apply for the housing voucher"]
        goals.set_step_done(s, pat.actor, goal.steps[0].id, True)
        barrier = goals.save_barrier(s, pat.actor, team.pat_participant, BarrierInput(
            "id_documents", "Birth certificate is in another state", [goal.id]))
        assert goals.barrier_goal_ids(s, barrier.id) == [goal.id]
        goals.change_barrier_status(s, pat.actor, barrier.id, "working")
        goals.change_barrier_status(s, pat.actor, barrier.id, "resolved", "ID arrived")
        goals.change_goal_status(s, pat.actor, goal.id, "achieved", "Moved in!")
        gid, bid = goal.id, barrier.id
    with pat.session() as s:
        goal = goals.load_goal(s, pat.actor, gid)
        assert goal.status == "achieved"
        assert [h.status for h in goal.history] == ["active", "achieved"]
        assert goal.steps[0].done and not goal.steps[1].done
        barrier = goals.load_barrier(s, pat.actor, bid)
        assert [h.status for h in barrier.history] == ["identified", "working", "resolved"]
    with pytest.raises(ValidationFailed) as err, pat.session() as s:
        goals.create_goal(s, pat.actor, team.pat_participant, GoalInput("", "career"))
    assert {p.field for p in err.value.problems} == {"statement", "life_area"}
    with pytest.raises(DBAPIError, match="never deleted"), pat.session() as s:
        s.connection().exec_driver_sql("DELETE FROM wellness_goals WHERE id = ?", (gid,))


def test_goals_addressed_by_a_note_are_fixed_once_signed(team) -> None:
    from datetime import time

    from peerdesk.domain.encounters import EncounterInput
    from peerdesk.services import encounters

    pat = team.login("pat")
    with pat.session() as s:
        goal = goals.create_goal(s, pat.actor, team.pat_participant,
                                 GoalInput("Walk every morning", "health"))
        note = encounters.save_encounter(s, pat.actor, EncounterInput(
            team.pat_participant, date.today() - timedelta(days=1), time(9, 0), time(9, 30),
            "community", "recovery_coaching", narrative="Walked together and planned the week."))
        goals.set_encounter_goals(s, pat.actor, note.id, [goal.id])
        encounters.sign_encounter(s, pat.actor, note.id)
        assert goals.encounter_goal_ids(s, note.id) == [goal.id]
        nid = note.id
    with pytest.raises(ServiceError, match="signed"), pat.session() as s:
        goals.set_encounter_goals(s, pat.actor, nid, [])
    with pytest.raises(DBAPIError, match="cannot be changed"), pat.session() as s:
        s.connection().exec_driver_sql("DELETE FROM encounter_goals WHERE encounter_id = ?",
                                       (nid,))


def test_the_timeline_shows_assessments_goals_and_barriers(team) -> None:
    from peerdesk.services import workspace

    pat = team.login("pat")
    with pat.session() as s:
        row = assessments.save_assessment(s, pat.actor, team.pat_participant, "barc10", ANSWERS)
        assessments.sign_assessment(s, pat.actor, row.id)
        goal = goals.create_goal(s, pat.actor, team.pat_participant,
                                 GoalInput("Walk every morning", "health"))
        goals.change_goal_status(s, pat.actor, goal.id, "achieved", "Did it!")
        barrier = goals.save_barrier(s, pat.actor, team.pat_participant,
                                     BarrierInput("transportation", "No bus pass"))
        goals.change_barrier_status(s, pat.actor, barrier.id, "resolved")
    with pat.session() as s:
        titles = [e.title for e in workspace.open_workspace(s, pat.actor,
                                                            team.pat_participant).timeline]
    assert "Assessment BARC10: 47" in titles
    assert "Goal (achieved): Walk every morning" in titles
    assert "Goal (active): Walk every morning" in titles
    assert "Barrier (Transportation): resolved" in titles
