"""The Reports screen: a program manager makes the billing PDF and CSV and the grant PDF
through real widgets (the file dialog answered by the test), off the UI thread; a peer
worker is told plainly that reports are not for their role; Cancel leaves no file."""

from __future__ import annotations

import csv
import json
import threading
from datetime import date, time
from pathlib import Path

import pytest
from page_helpers import show
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import click

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import billing_settings, encounters, participants, reports
from peerdesk.ui.background import BackgroundTask
from peerdesk.ui.report_period import last_month, last_quarter, period_slug
from peerdesk.ui.reports_page import ReportsPage
from tests.billing_helpers import sign_billing_consent

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
        sign_billing_consent(s, admin.actor, pid, date(date.today().year - 1, 1, 2))
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
    assert page.filters.payer.currentText() == "All payers"
    assert page.filters.worker.currentText() == "All workers"

    click(qtbot, page.pdf_button)  # straight to a file: made, shown and saved
    assert Path(save_as[-1]).name == f"billing-{month[0]:%Y-%m}.pdf"
    idle(qtbot)
    pdf = tmp_path / f"billing-{month[0]:%Y-%m}.pdf"
    assert pdf.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert str(pdf) in page.result.text() and page.open_button.isVisible()
    assert page.totals.text() == "Billed: 1 lines, 2 units, $40.00. \u26a0 Notes left out: 1."
    text = pdf_text(pdf)
    assert "$40.00" in text and "Quintero" in text
    assert page.preview.page_count() == len(PdfReader(pdf).pages)  # the pages on screen

    # What was left out, and why, in a tab beside the pages.
    tab = page.views.indexOf(page.exceptions_tab)
    assert page.views.tabText(tab) == "&Notes left out (1)"
    page.show_exceptions()
    assert page.exceptions.isVisible() and page.focusWidget() is page.exceptions
    row = page.exceptions_model.row_at(0)
    assert (row.participant_id, row.reason, row.minutes) == (pid, "Not signed", 45)

    click(qtbot, page.csv_button)  # the same report, not made again
    assert Path(save_as[-1]).name == f"billing-{month[0]:%Y-%m}.csv"
    idle(qtbot)
    with (tmp_path / f"billing-{month[0]:%Y-%m}.csv").open(newline="") as f:
        lines = f.read().splitlines()
    assert lines[0] == HEADER
    rows = list(csv.DictReader(lines))
    assert [(r["participant_id"], r["member_id"], r["payer"], r["minutes"], r["units"],
             r["rate"], r["amount"], r["place_of_service"]) for r in rows] == [
        (str(pid), "RHP555", "River Health Plan", "30", "2", "20.00", "40.00", "12")]

    # One report run, two files out: each in the audit trail with where it went.
    with team.admin.session() as s:
        events = [(e.action, json.loads(e.detail)) for e in s.execute(
            select(AuditEvent).where(AuditEvent.action.like("report.%"))
            .order_by(AuditEvent.id)).scalars()]
    assert [(a, d.get("format"), d.get("to")) for a, d in events] == [
        ("report.billing", None, None), ("report.export", "pdf", str(pdf)),
        ("report.export", "csv", str(tmp_path / f"billing-{month[0]:%Y-%m}.csv"))]

    page.clear_sensitive()  # the lock is near: the names go
    assert page.exceptions_model.rowCount() == 0 and not page.totals.text()
    assert page.preview.page_count() == 0 and page.built is None


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
    assert page.views.indexOf(page.exceptions_tab) < 0  # no bill, no notes left out
    assert not page.filters.payer.isVisible()  # payer and worker are for billing

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
    assert not any(b.isEnabled() for b in (page.show_button, page.print_button,
                                           page.pdf_button, page.csv_button))


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


def test_the_report_is_shown_page_by_page_and_put_away_when_the_choice_changes(
        qtbot: QtBot, billed) -> None:  # type: ignore[no-untyped-def]
    team, _pid, _month = billed
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    assert page.preview.page_count() == 0
    assert "press Show the report" in page.preview.placeholder.text()
    assert not page.preview.placeholder.isHidden()
    assert page.show_button.isDefault()
    click(qtbot, page.show_button)
    idle(qtbot)
    assert page.preview.page_count() >= 1 and page.preview.current_page() == 1
    assert page.totals.text().startswith("Billed: 1 lines, 2 units, $40.00.")
    shown = page.grab().toImage()  # real page pixels on screen, not an empty box
    colours = {shown.pixel(x, y) for x in range(0, shown.width(), 7)
               for y in range(shown.height() // 2, shown.height(), 7)}
    assert len(colours) > 5

    # Another month: the shown report goes (Print and Save would send the new choice).
    page.billing_period.choice.setCurrentIndex(page.billing_period.choice.currentIndex() + 1)
    assert page.built is None and page.preview.page_count() == 0
    assert page.views.indexOf(page.exceptions_tab) < 0 and not page.totals.text()


def test_billing_narrowed_to_a_payer_and_a_worker(
        qtbot: QtBot, billed, save_as: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    team, _pid, _month = billed
    admin = team.admin
    with admin.session() as s:
        billing_settings.save_payer(s, admin.actor, "SOR grant", "grant",
                                    requires_member_id=False)
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    payers = [page.filters.payer.itemText(i) for i in range(page.filters.payer.count())]
    assert payers == ["All payers", "River Health Plan", "SOR grant"]
    workers = [page.filters.worker.itemText(i) for i in range(page.filters.worker.count())]
    assert workers[0] == "All workers" and "Ada Admin" in workers and "Wes Worker" in workers

    page.filters.payer.setCurrentIndex(page.filters.payer.findText("SOR grant"))
    click(qtbot, page.show_button)
    idle(qtbot)
    assert page.totals.text() == "Billed: 0 lines, 0 units, $0.00. Notes left out: 0."
    page.filters.payer.setCurrentIndex(page.filters.payer.findText("River Health Plan"))
    page.filters.worker.setCurrentIndex(page.filters.worker.findText("Ada Admin"))
    click(qtbot, page.pdf_button)
    assert Path(save_as[-1]).name.startswith("billing-") and "River-Health-Plan" in save_as[-1]
    idle(qtbot)
    text = pdf_text(next(tmp_path.glob("*River-Health-Plan*.pdf")))
    assert "Narrowed to Payer: River Health Plan · Worker: Ada Admin." in text
    assert "$40.00" in text
    page.filters.worker.setCurrentIndex(page.filters.worker.findText("Wes Worker"))
    click(qtbot, page.show_button)
    idle(qtbot)
    assert page.totals.text() == "Billed: 0 lines, 0 units, $0.00. Notes left out: 0."


def test_print_sends_the_chosen_pages_and_is_audited(
        qtbot: QtBot, billed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    from peerdesk.ui import reports_page

    team, _pid, _month = billed
    asked: list[tuple[int, str]] = []
    printed = tmp_path / "printed.pdf"

    def answer(_parent, pages: int, title: str):  # type: ignore[no-untyped-def]
        asked.append((pages, title))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(reports_page, "choose_printer", answer)
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    click(qtbot, page.print_button)  # nothing shown yet: made first, then the dialog
    idle(qtbot)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    idle(qtbot)
    pages = page.preview.page_count()
    assert asked[0][0] == pages and asked[0][1].startswith("Monthly billing report")
    assert len(PdfReader(printed).pages) == pages
    assert page.result.text() == f"Sent {pages} page(s) to {printed}."
    with team.admin.session() as s:
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "report.print")
                          ).scalar_one()
    assert json.loads(event.detail)["pages"] == pages
    assert json.loads(event.detail)["to"] == str(printed)

    monkeypatch.setattr(reports_page, "choose_printer", lambda *_a: None)  # Cancel
    click(qtbot, page.print_button)
    idle(qtbot)

    # A long print is asked about first; No prints nothing.
    from PySide6.QtWidgets import QMessageBox

    questions: list[str] = []
    monkeypatch.setattr(reports_page, "choose_printer", answer)
    monkeypatch.setattr(reports_page, "LONG_PRINT_PAGES", 0)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _p, title, *_a: questions.append(title) or QMessageBox.StandardButton.No))
    printed.unlink()
    click(qtbot, page.print_button)
    idle(qtbot)
    assert questions == [f"Print {pages} pages?"] and not printed.exists()
    with team.admin.session() as s:
        assert len(s.execute(select(AuditEvent).where(
            AuditEvent.action == "report.print")).all()) == 1


def test_showing_a_report_writes_nothing_to_disk(
        qtbot: QtBot, billed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import tempfile

    team, _pid, _month = billed
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # Qt's and Python's temp folder
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    folders = [Path(os.environ["HOME"]), Path(os.environ["XDG_CACHE_HOME"]),
               Path(os.environ["XDG_RUNTIME_DIR"]), temp, team.db_path.parent]

    def files() -> set[Path]:
        return {p for folder in folders for p in folder.rglob("*")
                if p.is_file() and "-wal" not in p.name and "-shm" not in p.name}

    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    before = files()
    click(qtbot, page.show_button)
    idle(qtbot)
    page.preview.go_to_page(page.preview.page_count())
    qtbot.wait(50)
    assert page.preview.page_count() >= 1
    assert files() - before == set()


def test_every_alt_key_on_the_reports_screen_does_one_thing(
        qtbot: QtBot, billed, save_as: list[str]) -> None:  # type: ignore[no-untyped-def]
    """With a billing report shown and saved (every control on screen), no two visible
    controls share an Alt key, and none takes the menu bar's (File, Participants, Go, Help)."""
    import re as regex

    from PySide6.QtWidgets import QAbstractButton, QLabel

    team, _pid, _month = billed
    page = ReportsPage(team.login("pm"))
    show(qtbot, page)
    click(qtbot, page.pdf_button)
    idle(qtbot)
    texts = [w.text() for w in page.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in page.findChildren(QLabel) if w.isVisible() and w.buddy()]
    texts += [page.views.tabText(i) for i in range(page.views.count())]
    keys = [m.group(1).lower() for t in texts if (m := regex.search(r"&([^&\s])", t))]
    assert len(keys) >= 10
    assert sorted(keys) == sorted(set(keys)), texts
    assert not set(keys) & set("fpgh"), texts
