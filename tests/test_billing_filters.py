"""Billing report narrowed to one payer or one worker: exactly the matching part of the
whole report (daily caps still count every worker's units), said on the pages, and every
report leaving PeerDesk (file or printer) is in the audit trail."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.reports import billing_output
from peerdesk.reports.billing import BillingFilter
from peerdesk.services import billing_settings, encounters, participants, reports
from peerdesk.services.errors import PermissionDenied, ServiceError
from tests.billing_helpers import sign_billing_consent

OCT = (date(2025, 10, 1), date(2025, 10, 31))


def _note(st, pid: int, day: date, start: time, end: time) -> int:  # type: ignore[no-untyped-def]
    with st.session() as s:
        n = encounters.save_encounter(s, st.actor, EncounterInput(
            pid, day, start, end, "community", "recovery_coaching",
            narrative="Talked through the week's plan."), confirm_overlap=True)
        encounters.sign_encounter(s, st.actor, n.id)
        return n.id


@pytest.fixture
def two_workers(team):  # type: ignore[no-untyped-def]
    """Admin (Ada) and Wes both see Dana (River Health Plan) and Eli (SOR grant); Fern has
    no payer. The daily cap is 4 units, and Ada's and Wes's notes for Dana on Oct 20 add
    up to more than that."""
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        grant = billing_settings.save_payer(s, admin.actor, "SOR grant", "grant",
                                            requires_member_id=False)
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "20.00",
                                  date(2025, 1, 1))
        billing_settings.add_rate(s, admin.actor, grant.id, "H0038", "", "15.00",
                                  date(2025, 1, 1))
        billing_settings.set_cap(s, admin.actor, "H0038", "", 4)
        people = {}
        for first, payer, member in [("Dana", "River Health Plan", "RHP1"),
                                     ("Eli", "SOR grant", ""), ("Fern", "", "")]:
            people[first] = participants.create_participant(s, admin.actor, ParticipantInput(
                first, "Testperson", payer=payer, member_id=member,
                assigned_worker_id=team.ids["wes"], enrolled_on=date(2025, 9, 1))).id
            sign_billing_consent(s, admin.actor, people[first])
    wes = team.login("wes")
    notes = {
        "ada_dana": _note(admin, people["Dana"], date(2025, 10, 20), time(9), time(9, 45)),
        "wes_dana": _note(wes, people["Dana"], date(2025, 10, 20), time(13), time(13, 30)),
        "wes_eli": _note(wes, people["Eli"], date(2025, 10, 21), time(9), time(9, 30)),
        "ada_eli": _note(admin, people["Eli"], date(2025, 10, 22), time(9), time(9, 15)),
        "wes_fern": _note(wes, people["Fern"], date(2025, 10, 23), time(9), time(9, 30)),
    }
    wes.lock()
    return team, people, notes


def _report(st, wanted: BillingFilter | None = None):  # type: ignore[no-untyped-def]
    with st.session() as s:
        return reports.billing_report(s, st.actor, *OCT, wanted)


def test_a_narrowed_report_is_exactly_that_part_of_the_whole(two_workers) -> None:  # type: ignore[no-untyped-def]
    team, people, notes = two_workers
    pm = team.login("pm")
    whole = _report(pm)
    # By hand: Ada 45 min for Dana = 3 units ($60); Wes 30 min the same day = 2 units, but
    # the cap of 4 leaves 1 ($20) and 1 unit over; Wes 30 min for Eli = 2 x $15; Ada
    # 15 min for Eli = 1 x $15; Fern has no payer.
    assert [(x.worker, x.units, x.amount) for x in whole.lines] == [
        ("Ada Admin", 3, Decimal("60.00")), ("Wes Worker", 1, Decimal("20.00")),
        ("Wes Worker", 2, Decimal("30.00")), ("Ada Admin", 1, Decimal("15.00"))]
    assert whole.total == Decimal("125.00")

    with pm.session() as s:
        choices = reports.billing_filter_choices(s, pm.actor)
        assert choices.payers == ["River Health Plan", "SOR grant"]
        assert (team.ids["wes"], "Wes Worker") in choices.workers
        wes_only = reports.billing_filter(s, worker_id=team.ids["wes"])
        sor_only = reports.billing_filter(s, payer="sor GRANT")  # any capitals
    assert sor_only.payer == "SOR grant"

    wes = _report(pm, wes_only)
    # The cap still counts Ada's units: Wes's Oct 20 line is 1 unit, as in the whole report.
    assert [(x.participant_id, x.units) for x in wes.lines] == [(people["Dana"], 1),
                                                                (people["Eli"], 2)]
    assert {x.encounter_id for x in wes.exceptions} == {notes["wes_dana"], notes["wes_fern"]}
    assert wes.total == Decimal("50.00")

    sor = _report(pm, sor_only)
    assert [x.payer for x in sor.lines] == ["SOR grant", "SOR grant"]
    assert sor.total == Decimal("45.00")
    assert notes["wes_fern"] not in {x.encounter_id for x in sor.exceptions}  # no payer

    # Worker by worker, the narrowed reports add back up to the whole.
    with pm.session() as s:
        pieces = [_report(pm, reports.billing_filter(s, worker_id=uid))
                  for uid, _name in choices.workers]
    def ids(x):  # type: ignore[no-untyped-def]
        return x.encounter_ids

    assert sorted((line for r in pieces for line in r.lines), key=ids) == sorted(
        whole.lines, key=ids)
    assert sum(r.total for r in pieces) == whole.total
    assert sorted(x.encounter_id for r in pieces for x in r.exceptions) == sorted(
        x.encounter_id for x in whole.exceptions)

    both = _report(pm, BillingFilter("SOR grant", team.ids["wes"], "Wes Worker"))
    assert [(x.worker, x.amount) for x in both.lines] == [("Wes Worker", Decimal("30.00"))]


def test_the_pages_say_what_the_report_was_narrowed_to(two_workers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _people, _notes = two_workers
    pm = team.login("pm")
    with pm.session() as s:
        wanted = reports.billing_filter(s, payer="SOR grant", worker_id=team.ids["wes"])
    billing_output.write_pdf(_report(pm, wanted), tmp_path / "b.pdf")
    reader = PdfReader(tmp_path / "b.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Narrowed to Payer: SOR grant · Worker: Wes Worker." in text
    assert "listed only in the report for all payers" in text
    assert "Payer: SOR grant · Worker: Wes Worker" in reader.pages[-1].extract_text()  # header
    assert "River Health Plan" not in text and "$30.00" in text

    whole = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(_write(pm, tmp_path)).pages))
    assert "Narrowed to" not in whole


def _write(pm, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "whole.pdf"
    path.write_bytes(billing_output.pdf_bytes(_report(pm)))
    return path


def test_unknown_payers_and_workers_are_refused_plainly(two_workers) -> None:  # type: ignore[no-untyped-def]
    team, _people, _notes = two_workers
    pm = team.login("pm")
    with pm.session() as s:
        with pytest.raises(ServiceError, match=re.escape(
                "There is no payer called 'Blue Plan' in billing settings. Payers: River "
                "Health Plan, SOR grant.")):
            reports.billing_filter(s, payer="Blue Plan")
        with pytest.raises(ServiceError, match="There is no user called 'nobody'"):
            reports.billing_filter(s, worker_username="nobody")
        assert not reports.billing_filter(s, payer="  ").narrows
    pat = team.login("pat")
    with pytest.raises(PermissionDenied), pat.session() as s:
        reports.billing_filter_choices(s, pat.actor)


def test_exports_and_printing_are_audited(two_workers) -> None:  # type: ignore[no-untyped-def]
    team, _people, _notes = two_workers
    pm = team.login("pm")
    with pm.session() as s:
        wanted = reports.billing_filter(s, worker_id=team.ids["wes"])
        reports.billing_report(s, pm.actor, *OCT, wanted)
        reports.record_export(s, pm.actor, "billing", "pdf", *OCT, "/home/pm/oct.pdf",
                              wanted=wanted)
        reports.record_export(s, pm.actor, "grant", "print", *OCT, "Front office printer",
                              pages=3)
    with team.admin.session() as s:
        events = s.execute(select(AuditEvent).where(AuditEvent.action.like("report.%"))
                           .order_by(AuditEvent.id)).scalars().all()
    assert [(e.action, e.username) for e in events] == [
        ("report.billing", "pm"), ("report.export", "pm"), ("report.print", "pm")]
    assert json.loads(events[0].detail)["worker_id"] == team.ids["wes"]
    assert json.loads(events[1].detail) == {
        "report": "billing", "format": "pdf", "start": "2025-10-01", "end": "2025-10-31",
        "to": "/home/pm/oct.pdf", "worker_id": team.ids["wes"]}
    assert json.loads(events[2].detail)["pages"] == 3


def test_cli_narrows_and_audits_the_files_it_writes(two_workers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _people, _notes = two_workers
    team.admin.close()  # one PeerDesk per file: the command line opens it next

    def cli(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "peerdesk", "report", "billing", "--db",
             str(team.db_path), "--user", "pm", "--password-stdin", "--month", "2025-10",
             *extra], input=team.password + "\n", capture_output=True, text=True, timeout=120)

    done = cli("--payer", "SOR grant", "--worker", "wes", "--out", str(tmp_path / "b.csv"))
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "b.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["payer"], r["worker"], r["amount"]) for r in rows] == [
        ("SOR grant", "Wes Worker", "30.00")]
    refused = cli("--payer", "Blue Plan", "--out", str(tmp_path / "x.csv"))
    assert refused.returncode == 1 and not (tmp_path / "x.csv").exists()
    assert "There is no payer called 'Blue Plan'" in refused.stderr

    pm = team.login("pm")
    with pm.session() as s:
        exported = s.execute(select(AuditEvent).where(
            AuditEvent.action == "report.export")).scalars().all()
    assert [json.loads(e.detail)["to"] for e in exported] == [str(tmp_path / "b.csv")]
    assert json.loads(exported[0].detail)["payer"] == "SOR grant"
