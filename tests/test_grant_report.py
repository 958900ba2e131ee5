"""The grant report: counts worked by hand; tables add up; no participant is named."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from peerdesk.db.resource_models import Referral
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.goals import BarrierInput, GoalInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.reports import grant_output
from peerdesk.services import assessments, encounters, goals, participants, reports
from peerdesk.services.errors import PermissionDenied

Q = (date(2025, 7, 1), date(2025, 9, 30))


@pytest.fixture
def grant_data(team):  # type: ignore[no-untyped-def]
    a = team.admin
    people = [
        ("Ana", "woman", "white", "hispanic", date(1990, 1, 1)),
        ("Ben", "man", "black", "not_hispanic", date(1960, 1, 1)),
        ("Cam", "non_binary", "", "", None),
        ("Dee", "woman", "asian", "not_hispanic", date(2000, 1, 1)),  # not served in Q3
    ]
    ids = []
    with a.session() as s:
        for first, gender, race, eth, born in people:
            ids.append(participants.create_participant(s, a.actor, ParticipantInput(
                first, "Grant", gender=gender, race=race, ethnicity=eth, date_of_birth=born,
                enrolled_on=date(2025, 8, 1) if first != "Dee" else date(2025, 1, 5))).id)

    def note(pid: int, day: date, minutes: int, setting: str, group: bool = False,
             naloxone: int = 0, sign: bool = True) -> None:
        end = (datetime.combine(day, time(9, 0)) + timedelta(minutes=minutes)).time()
        with a.session() as s:
            n = encounters.save_encounter(s, a.actor, EncounterInput(
                pid, day, time(9, 0), end, setting,
                "group_support" if group else "recovery_coaching", is_group=group,
                naloxone_kits=naloxone, narrative="Talked about the week ahead and supports."),
                confirm_overlap=True)
            if sign:
                encounters.sign_encounter(s, a.actor, n.id)

    note(ids[0], date(2025, 8, 2), 60, "community", naloxone=2)
    note(ids[0], date(2025, 9, 2), 30, "phone")
    note(ids[1], date(2025, 8, 3), 90, "recovery_center", group=True)
    note(ids[2], date(2025, 8, 4), 30, "community")
    note(ids[2], date(2025, 8, 5), 30, "community", sign=False)  # unsigned: not counted
    note(ids[3], date(2025, 6, 30), 30, "community")  # before the quarter
    with a.session() as s:
        for pid, first, later in [(ids[0], [3] * 10, [5] * 10), (ids[1], [5] * 10, [4] * 10)]:
            for day, answers in [(date(2025, 8, 1), first), (date(2025, 9, 20), later)]:
                row = assessments.save_assessment(s, a.actor, pid, "barc10", answers,
                                                  administered_on=day)
                assessments.sign_assessment(s, a.actor, row.id)
        g = goals.create_goal(s, a.actor, ids[0], GoalInput("Get my GED", "purpose"))
        goals.change_goal_status(s, a.actor, g.id, "achieved", on=date(2025, 9, 1))
        b = goals.save_barrier(s, a.actor, ids[0], BarrierInput("transportation", "bus"))
        goals.change_barrier_status(s, a.actor, b.id, "resolved", on=date(2025, 9, 2))
        now = datetime(2025, 8, 1, 12, 0)
        for status, kind in [("made", "housing"), ("connected", "housing"),
                             ("completed", "moud"), ("declined", "food")]:
            s.add(Referral(participant_id=ids[0], recipient_name="X", recipient_kind=kind,
                           status=status, status_since=date(2025, 8, 10),
                           referred_on=date(2025, 8, 9), created_at=now, updated_at=now))
    return team, ids


def test_grant_counts(grant_data) -> None:
    team, _ids = grant_data
    with team.admin.session() as s:
        report = reports.grant_report(s, team.admin.actor, *Q)
    h = report.headline
    assert h["Participants served (unduplicated)"] == 3
    assert h["New enrollments (including re-enrollments)"] == 3
    assert h["Service notes (signed)"] == 4
    assert h["Hours of service"] == 3.5  # 60 + 30 + 90 + 30 minutes
    assert h["Referrals made"] == 4 and h["Referral follow-up rate"] == "75%"
    setting = {r[0]: r[1:] for r in report.table("setting").rows}
    assert setting["Community"] == [2, 1.5, 2] and setting["Total"] == [4, 3.5, 3]
    group = {r[0]: r[1] for r in report.table("individual_group").rows}
    assert group == {"Individual": 3, "Group": 1, "Total": 4}
    for key in ("age", "gender", "race", "ethnicity", "veteran", "justice", "language"):
        rows = report.table(key).rows
        assert rows[-1] == ["Total", 3]
        assert sum(r[1] for r in rows[:-1]) == 3, key  # each table adds up to the total
    race = {r[0]: r[1] for r in report.table("race").rows}
    assert race["Not recorded"] == 1
    age = {r[0]: r[1] for r in report.table("age").rows}
    assert age["35–44"] == 1 and age["65 and over"] == 1 and age["Not recorded"] == 1
    supplies = {r[0]: r[1] for r in report.table("supplies").rows}
    assert supplies["Naloxone kits"] == 2
    outcomes = {r[0]: r[1] for r in report.table("outcomes").rows}
    assert outcomes == {"Wellness goals achieved": 1, "Barriers resolved": 1}
    rc = report.table("recovery_capital").rows[0]
    # Ana 30 -> 50, Ben 50 -> 40: mean first 40, latest 45, change +5; cut-off 47:
    # first 1 of 2 (Ben, 50) = 50%, latest 1 of 2 (Ana, 50) = 50%
    assert rc == ["Brief Assessment of Recovery Capital (BARC-10)", 2, 40.0, 45.0, "+5.0",
                  "47", "50%", "50%"]
    referrals = report.table("referrals")
    assert referrals.columns[1:3] == ["Referrals made", "Not yet followed up"]
    assert [r[:2] for r in referrals.rows] == [  # most referrals first, each category named
        ["Housing and shelter", 2], ["Food", 1],
        ["Medication for opioid use disorder (MOUD)", 1], ["Total", 4]]


def test_grant_pdf_and_csv_name_nobody(grant_data, tmp_path: Path) -> None:
    team, _ids = grant_data
    with team.admin.session() as s:
        report = reports.grant_report(s, team.admin.actor, *Q)
    grant_output.write_pdf(report, tmp_path / "g.pdf")
    grant_output.write_csv(report, tmp_path / "g.csv")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text()
                                        for p in PdfReader(tmp_path / "g.pdf").pages))
    assert "Grant report" in text and "Participants served (unduplicated)" in text
    assert "Contains no participant names" in text
    for name in ("Ana", "Ben", "Cam", "Dee", "Grant,"):
        assert not re.search(rf"\b{name}\b", text), name
    with open(tmp_path / "g.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["table", "row", "column", "value"]
    assert ["summary", "Participants served (unduplicated)", "value", "3"] in rows
    assert {r[0] for r in rows[1:]} >= {"summary", "setting", "age", "race", "referrals",
                                        "recovery_capital", "supplies", "outcomes"}


def test_workers_cannot_run_grant_reports(grant_data) -> None:
    team, _ids = grant_data
    pat = team.login("pat")
    with pytest.raises(PermissionDenied), pat.session() as s:
        reports.grant_report(s, pat.actor, *Q)
