"""The Reports screen and ``peerdesk report billing`` leave the same audit rows for the same
report: both call services/exports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from page_helpers import show
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_helpers import click

from peerdesk.db.models import AuditEvent
from peerdesk.services import store as store_mod
from peerdesk.ui.background import BackgroundTask
from peerdesk.ui.report_period import last_month
from peerdesk.ui.reports_page import ReportsPage
from tests.test_exports import bill_a_month

Row = tuple[str, str, tuple[str, ...], dict[str, object]]


def _report_rows(db: Path, password: str, after: int = 0) -> tuple[list[Row], int]:
    """The report.* rows after id ``after``: action, entity, the detail's keys, and its
    values but where the file went; and the last id."""
    st = store_mod.unlock(db, "pm", password)
    try:
        with st.session() as s:
            events = s.execute(select(AuditEvent).where(AuditEvent.id > after)
                               .order_by(AuditEvent.id)).scalars().all()
            last = max([after, *(e.id for e in events)])
            rows = []
            for e in events:
                if not e.action.startswith("report."):
                    continue
                detail = json.loads(e.detail)
                rows.append((e.action, e.entity, tuple(sorted(detail)),
                             {k: v for k, v in detail.items() if k != "to"}))
    finally:
        st.lock()
    return rows, last


def test_the_billing_pdf_audits_the_same_from_the_window_and_the_command_line(
        qtbot: QtBot, team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    month = last_month(date.today())  # the Reports screen's default period
    bill_a_month(team, month[0])
    _rows, before = _report_rows(team.db_path, team.password)

    # The window: Save PDF… on the Reports screen, the file dialog answered.
    gui_pdf = tmp_path / "gui.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(gui_pdf), "PDF files (*.pdf)")))
    pm = team.login("pm")
    page = ReportsPage(pm)
    show(qtbot, page)
    assert page.billing_period.period() == month
    click(qtbot, page.pdf_button)
    qtbot.waitUntil(lambda: not BackgroundTask.running(), timeout=20_000)
    assert gui_pdf.read_bytes().startswith(b"%PDF")
    pm.lock()
    team.admin.lock()  # one PeerDesk per file: the command line opens it next
    gui, between = _report_rows(team.db_path, team.password, before)

    # The command line: peerdesk report billing --month ... --out x.pdf
    cli_pdf = tmp_path / "x.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "report", "billing", "--db", str(team.db_path),
         "--user", "pm", "--password-stdin", "--month", f"{month[0]:%Y-%m}",
         "--out", str(cli_pdf)],
        input=team.password + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Billed: 1 lines, 2 units, $40.00. Notes left out: 1 (Not signed: 1).",
        f"PDF written: {cli_pdf}"]
    assert cli_pdf.read_bytes().startswith(b"%PDF")
    cli, _last = _report_rows(team.db_path, team.password, between)

    assert [(action, entity) for action, entity, _k, _v in gui] == [
        ("report.billing", "report"), ("report.export", "report")]
    assert gui == cli
