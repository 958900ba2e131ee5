"""services/exports: the one use case behind ``peerdesk report`` and the Reports screen. A
report is built (audited), laid out in memory with page progress, and written as PDF or CSV
with its audit row in one call; a failed or stopped write leaves no file and no row."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import billing_settings, encounters, exports, participants
from peerdesk.services.errors import PermissionDenied, ServiceError
from peerdesk.services.exports import BILLING, GRANT, ReportChoice
from tests.billing_helpers import sign_billing_consent

OCT = (date(2025, 10, 1), date(2025, 10, 31))
HEADER = ("date,participant_id,member_id,payer,code,modifier,minutes,units,rate,amount,worker,"
          "credential,place_of_service")


def _note(st, pid: int, day: date, minutes: int, sign: bool = True) -> None:  # type: ignore[no-untyped-def]
    with st.session() as s:
        n = encounters.save_encounter(s, st.actor, EncounterInput(
            pid, day, time(9, 0), time(9 + minutes // 60, minutes % 60), "home",
            "recovery_coaching", narrative="Practised the phone call to the landlord."),
            confirm_overlap=True)
        if sign:
            encounters.sign_encounter(s, st.actor, n.id)


def bill_a_month(team, first_day: date) -> int:  # type: ignore[no-untyped-def]
    """In the month from ``first_day``: one signed 30-minute note for Rosa Quintero (River
    Health Plan, 2 units at $20) and one unsigned 45-minute note (left out). Rosa's id."""
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "20.00",
                                  date(2020, 1, 1))
        pid = participants.create_participant(s, admin.actor, ParticipantInput(
            "Rosa", "Quintero", payer="River Health Plan", member_id="RHP555",
            enrolled_on=date(2020, 1, 1))).id
        sign_billing_consent(s, admin.actor, pid, date(first_day.year - 1, 1, 2))
    _note(admin, pid, first_day.replace(day=3), 30)
    _note(admin, pid, first_day.replace(day=4), 45, sign=False)
    return pid


def report_rows(team) -> list[tuple[str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    with team.admin.session() as s:
        return [(e.action, json.loads(e.detail)) for e in s.execute(
            select(AuditEvent).where(AuditEvent.action.like("report.%"))
            .order_by(AuditEvent.id)).scalars()]


@pytest.fixture
def october(team):  # type: ignore[no-untyped-def]
    pid = bill_a_month(team, OCT[0])
    return team, pid, team.login("pm")


def test_the_billing_pdf_is_written_whole_and_audited(october, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _pid, pm = october
    steps: list[tuple[int, int]] = []
    choice = exports.choose(pm, BILLING, *OCT)
    built = exports.build(pm, choice, progress=lambda done, total: steps.append((done, total)))
    assert built.pdf is not None and built.pdf.startswith(b"%PDF")
    assert built.billed()[0] == 1 and [x.reason for x in built.exceptions] == ["Not signed"]
    assert steps[0] == (0, 100) and len(steps) >= 3
    assert all(done <= total for done, total in steps[1:])
    assert [d for d, _t in steps[1:]] == sorted(d for d, _t in steps[1:])

    written = exports.save(pm, built, "pdf", tmp_path / "oct.pdf")
    assert written == (tmp_path / "oct.pdf").resolve()
    assert written.read_bytes() == built.pdf
    text = "\n".join(p.extract_text() or "" for p in PdfReader(written).pages)
    assert "$40.00" in text and "Quintero" in text
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert report_rows(team) == [
        ("report.billing", {"start": "2025-10-01", "end": "2025-10-31", "lines": 1,
                            "exceptions": 1}),
        ("report.export", {"report": "billing", "format": "pdf", "start": "2025-10-01",
                           "end": "2025-10-31", "to": str(written)})]

    again = exports.build(pm, choice, earlier=built)  # the same choice: not made again
    assert again is built and len(report_rows(team)) == 2


def test_the_csv_needs_no_pages_and_reads_back(october, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, pid, pm = october
    built = exports.build(pm, exports.choose(pm, BILLING, *OCT), pdf=False)
    assert built.pdf is None
    written = exports.save(pm, built, "csv", tmp_path / "oct.csv")
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert [(r["participant_id"], r["payer"], r["minutes"], r["units"], r["amount"])
            for r in rows] == [(str(pid), "River Health Plan", "30", "2", "40.00")]
    assert [(a, d.get("format")) for a, d in report_rows(team)] == [
        ("report.billing", None), ("report.export", "csv")]


def test_a_grant_pdf_is_laid_out_when_it_is_written(october, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _pid, pm = october
    built = exports.build(pm, exports.choose(pm, GRANT, *OCT), pdf=False)
    written = exports.save(pm, built, "pdf", tmp_path / "grant.pdf")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(written).pages)
    assert "Grant report" in text and "Quintero" not in text
    assert [a for a, _d in report_rows(team)] == ["report.grant", "report.export"]


def test_the_choice_checks_the_payer_and_the_worker(october, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _pid, pm = october
    choice = exports.choose(pm, BILLING, *OCT, payer="river HEALTH plan",
                            worker_username="admin")
    assert (choice.kind, choice.start, choice.end) == (BILLING, *OCT)
    assert (choice.wanted.payer, choice.wanted.worker_name) == ("River Health Plan",
                                                                "Ada Admin")
    built = exports.build(pm, choice)
    exports.save(pm, built, "csv", tmp_path / "narrowed.csv")
    export = report_rows(team)[-1][1]
    assert export["payer"] == "River Health Plan" and "worker_id" in export
    with pytest.raises(ServiceError, match="no payer called 'Blue Plan'"):
        exports.choose(pm, BILLING, *OCT, payer="Blue Plan")
    with pytest.raises(ServiceError, match="no user called 'nobody'"):
        exports.choose(pm, BILLING, *OCT, worker_username="nobody")


def test_a_failed_write_leaves_no_file_and_no_audit_row(
        october, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    team, _pid, pm = october
    built = exports.build(pm, exports.choose(pm, BILLING, *OCT))
    out = tmp_path / "out"
    out.mkdir()
    older = out / "oct.pdf"
    older.write_bytes(b"last month's file")

    # The disk fills while the file is written: the older file stays as it was.
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full)
        with pytest.raises(OSError):
            exports.save(pm, built, "pdf", older)
    assert older.read_bytes() == b"last month's file"
    assert [p.name for p in out.iterdir()] == ["oct.pdf"]  # no partial temp file

    # A folder that is not there.
    with pytest.raises(FileNotFoundError):
        exports.save(pm, built, "csv", out / "gone" / "oct.csv")

    # Stopped (Cancel) before the file goes down.
    class Stopped(Exception):
        pass

    def stop() -> None:
        raise Stopped

    with pytest.raises(Stopped):
        exports.save(pm, built, "csv", out / "stopped.csv", check=stop)
    assert [p.name for p in out.iterdir()] == ["oct.pdf"]
    assert [a for a, _d in report_rows(team)] == ["report.billing"]  # no export row at all


def test_stopping_the_layout_stops_the_build(october) -> None:  # type: ignore[no-untyped-def]
    _team, _pid, pm = october

    class Stopped(Exception):
        pass

    def progress(done: int, _total: int) -> None:
        if done >= 1:
            raise Stopped

    with pytest.raises(Stopped):
        exports.build(pm, exports.choose(pm, BILLING, *OCT), progress=progress)


def test_only_report_roles_build_and_write(october, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _pid, pm = october
    built = exports.build(pm, exports.choose(pm, BILLING, *OCT))
    pat = team.login("pat")
    with pytest.raises(PermissionDenied):
        exports.build(pat, exports.choose(pat, BILLING, *OCT))
    with pytest.raises(PermissionDenied):
        exports.save(pat, built, "pdf", tmp_path / "pat.pdf")
    assert not (tmp_path / "pat.pdf").exists()
    assert [a for a, _d in report_rows(team)] == ["report.billing"]


def test_printing_is_audited_with_its_pages(october) -> None:  # type: ignore[no-untyped-def]
    team, _pid, pm = october
    exports.record_print(pm, ReportChoice(GRANT, *OCT), "Front office printer", 3)
    assert report_rows(team) == [("report.print", {
        "report": "grant", "format": "print", "start": "2025-10-01", "end": "2025-10-31",
        "to": "Front office printer", "pages": 3})]
