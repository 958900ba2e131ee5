"""The recovery plan PDF, read back: goals, steps, barriers, latest score, footer."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.goals import BarrierInput, GoalInput
from peerdesk.reports.recovery_plan import render_recovery_plan
from peerdesk.services import assessments, goals, recovery_plan
from peerdesk.services.errors import PermissionDenied


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.fixture
def plan_for(team):  # type: ignore[no-untyped-def]
    pat = team.login("pat")
    pid = team.pat_participant
    with pat.session() as s:
        home = goals.create_goal(s, pat.actor, pid, GoalInput(
            "I want my own apartment by spring", "home", "So my kids can stay over",
            date.today() + timedelta(days=100), ["Get my birth certificate",
                                                 "Apply for the housing voucher"]))
        goals.set_step_done(s, pat.actor, home.steps[0].id, True)
        met = goals.create_goal(s, pat.actor, pid, GoalInput("Go to a meeting weekly",
                                                             "community"))
        goals.change_goal_status(s, pat.actor, met.id, "achieved")
        aside = goals.create_goal(s, pat.actor, pid, GoalInput("Learn to drive", "purpose"))
        goals.change_goal_status(s, pat.actor, aside.id, "set_aside")
        goals.save_barrier(s, pat.actor, pid, BarrierInput("transportation", "No bus pass"))
        done = goals.save_barrier(s, pat.actor, pid, BarrierInput("food", "Pantry hours"))
        goals.change_barrier_status(s, pat.actor, done.id, "resolved")
        for days, answers in [(60, [3] * 10), (5, [5, 4, 6, 3, 5, 5, 4, 6, 5, 4])]:
            row = assessments.save_assessment(s, pat.actor, pid, "barc10", answers,
                                              administered_on=date.today() - timedelta(days))
            assessments.sign_assessment(s, pat.actor, row.id)
    return pat, pid


def test_plan_pdf_has_goals_steps_barriers_and_latest_score(plan_for, tmp_path: Path) -> None:
    pat, pid = plan_for
    with pat.session() as s:
        plan = recovery_plan.plan_data(s, pat.actor, pid)
    out = tmp_path / "plan.pdf"
    render_recovery_plan(plan, out)
    text = _text(out)
    assert "My Recovery Plan" in text and "Marisol Núñez" in text
    assert "I want my own apartment by spring" in text
    assert "Get my birth certificate — done" in text
    assert "Apply for the housing voucher" in text
    assert "Apply for the housing voucher — done" not in text
    assert "Goals I reached" in text and "Go to a meeting weekly" in text
    assert "Learn to drive" not in text  # set aside: not on the take-home plan
    assert "No bus pass" in text and "Pantry hours" not in text  # resolved barriers drop off
    assert "score is 47 out of 60" in text
    assert "47 or more" in text and "not a diagnosis" in text
    pages = len(PdfReader(out).pages)
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text
    assert text.count("Confidential: this plan holds your personal information") == pages
    assert out.stat().st_mode & 0o777 == 0o600
    with pat.session() as s:
        exports = s.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.export",
            AuditEvent.entity_id == str(pid))).all()
    assert len(exports) == 1


def test_program_manager_cannot_print_a_plan(plan_for, team) -> None:
    _pat, pid = plan_for
    pm = team.login("pm")
    with pytest.raises(PermissionDenied), pm.session() as s:
        recovery_plan.plan_data(s, pm.actor, pid)
