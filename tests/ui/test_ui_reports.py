"""The Reports screen: a program manager makes the billing PDF and CSV and the grant PDF
through real widgets (the file dialog answered by the test), off the UI thread; a peer
worker is told plainly that reports are not for their role; Cancel leaves no file."""

from __future__ import annotations

import csv
import threading
from datetime import date, time
from pathlib import Path

import pytest
from page_helpers import show
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import click

from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import billing_settings, encounters, participants, reports
from peerdesk.ui.background import BackgroundTask
from peerdesk.ui.report_period import last_month, last_quarter, period_slug
from peerdesk.ui.reports_page import ReportsPage

HEADER = ("date,participant_id,member_id,payer,code,modifier,minutes,units,rate,amount,worker,"
          "credential,place_of_service")


def _note(store, pid: int, day: date, minutes: int, sign: bool = True) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        n = encounters.save_encounter(s, store.actor, EncounterInput(
            pid, day, time(9, 0), time(9 + minutes // 60, minutes % 60), "home",
            "recovery_coaching", narrative="Practised the phone call to the landlord."),
            confirm_overlap=True)
        if sign:
            encounters.sign_encounter(s, store.actor, n.id)


@pytest.fixture
def billed(team):  # type: ignore[no-untyped-def]
    """Last month: one signed 30-minute note (2 units at $20) and one unsigned note; last
    quarter: a signed note for the grant report."""
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "20.00",
                                  date(2020, 1, 1))
        pid = participants.create_participant(s, admin.actor, ParticipantInput(
            "Rosa", "Quintero", payer="River Health Plan", member_id="RHP555",
            enrolled_on=date(2020, 1, 1))).id
    month = last_month(date.today())
    _note(admin, pid, month[0].replace(day=3), 30)
    _note(admin, pid, month[0].replace(day=4), 45, sign=False)
    _note(admin, pid, last_quarter(date.today())[0].replace(day=10), 60)
    return team, pid, month


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Answer the save dialog with the suggested file name, in tmp_path."""
    offered: list[str] = []

    def answer(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return str(tmp_path / Path(suggested).name), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return offered


def idle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not BackgroundTask.running(), timeout=20_000)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_manager_makes_the_billing_pdf_and_csv(qtbot: QtBot, billed, save_as: list[str],
                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, pid, month = billed
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    assert unnamed_controls(page) == [] and unlabelled_fields(page) == []
    assert not page.denied.isVisible()
    assert page.kind.currentText() == "Monthly billing report"
    assert page.billing_period.period() == month  # last month by default
    assert "names participants" in page.about.text()

    click(qtbot, page.pdf_button)
    assert Path(save_as[-1]).name == f"billing-{month[0]:%Y-%m}.pdf"
    idle(qtbot)
    pdf = tmp_path / f"billing-{month[0]:%Y-%m}.pdf"
    assert pdf.exists() and not list(tmp_path.glob(".*partial"))
    assert str(pdf) in page.result.text()
    assert page.totals.text() == "Billed: 1 lines, 2 units, $40.00. \u26a0 Notes left out: 1."
    text = pdf_text(pdf)
    assert "$40.00" in text and "Quintero" in text

    # What was left out, and why, in the page before anything is sent.
    assert not page.exceptions.isVisible()
    click(qtbot, page.exceptions_button)
    assert page.exceptions.isVisible() and page.focusWidget() is page.exceptions
    row = page.exceptions_model.row_at(0)
    assert (row.participant_id, row.reason, row.minutes) == (pid, "Not signed", 45)
    assert "Hide" in page.exceptions_button.text()

    click(qtbot, page.csv_button)
    assert Path(save_as[-1]).name == f"billing-{month[0]:%Y-%m}.csv"
    idle(qtbot)
    with (tmp_path / f"billing-{month[0]:%Y-%m}.csv").open(newline="") as f:
        lines = f.read().splitlines()
    assert lines[0] == HEADER
    rows = list(csv.DictReader(lines))
    assert [(r["participant_id"], r["member_id"], r["payer"], r["minutes"], r["units"],
             r["rate"], r["amount"], r["place_of_service"]) for r in rows] == [
        (str(pid), "RHP555", "River Health Plan", "30", "2", "20.00", "40.00", "12")]
    assert not page.exceptions.isVisible()  # a new report starts with the list closed

    page.clear_sensitive()  # the lock is near: the names go
    assert page.exceptions_model.rowCount() == 0 and not page.totals.text()


def test_grant_pdf_for_a_quarter_names_no_participant(
        qtbot: QtBot, billed, save_as: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _pid, _month = billed
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    page.kind.setFocus()
    qtbot.keyClick(page.kind, Qt.Key.Key_Down)  # the keyboard chooses the grant report
    assert page.kind.currentData() == "grant"
    assert page.grant_period.kind.isVisible() and not page.billing_period.choice.isVisible()
    assert "names no participant" in page.about.text()
    quarter = last_quarter(date.today())
    assert page.grant_period.kind.currentText() == "A quarter"
    assert page.grant_period.period() == quarter
    click(qtbot, page.pdf_button)
    name = f"grant-{period_slug(*quarter)}.pdf"
    assert Path(save_as[-1]).name == name and "-Q" in name
    idle(qtbot)
    text = pdf_text(tmp_path / name)
    assert "Grant report" in text and "Participants served" in text
    assert "Quintero" not in text and "Rosa" not in text
    assert "Participants served (unduplicated): 1" in page.totals.text()
    assert not page.exceptions_button.isVisible()

    # Custom dates: a period that cannot be read is refused under the fields.
    picker = page.grant_period
    picker.kind.setCurrentIndex(picker.kind.findData("custom"))
    picker.start.setText("2025-09-30")
    picker.end.setText("2025-07-01")
    picker.end.textEdited.emit("2025-07-01")
    assert "before the first day" in picker.problem.text()
    click(qtbot, page.pdf_button)
    assert "before the first day" in page.problem.text()


def test_a_peer_worker_is_told_reports_are_not_for_their_role(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    page = ReportsPage(team.login("pat"))
    show(qtbot, page)
    assert page.denied.isVisible()
    assert "Only a program manager or administrator can run reports." in page.denied.text()
    assert not page.pdf_button.isEnabled() and not page.csv_button.isEnabled()


def test_cancelling_a_long_report_leaves_no_file(
        qtbot: QtBot, billed, save_as: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    team, _pid, _month = billed
    started, release = threading.Event(), threading.Event()
    real = reports.billing_report

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "billing_report", slow)
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    click(qtbot, page.pdf_button)
    assert started.wait(5)
    dialog = page.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert not page.pdf_button.isEnabled()  # one report at a time
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc asks it to stop
    release.set()
    idle(qtbot)
    assert not [p for p in tmp_path.iterdir() if "billing" in p.name]
    assert "Cancelled: no file was written." in page.result.text()
    assert page.pdf_button.isEnabled()
