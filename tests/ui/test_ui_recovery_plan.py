"""Printing the recovery plan from the workspace, and adding an instrument file in Settings."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from caseload_helpers import (
    caseload,  # noqa: F401  (fixture)
    open_participant,
    sign_in_as,
)
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from recovery_helpers import BARC_47, assessments_tab, visible_dialog
from sqlalchemy import select
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import MakeApp, click, find_message

from peerdesk.db.models import AuditEvent
from peerdesk.domain.goals import GoalInput
from peerdesk.services import assessments, goals
from peerdesk.ui.assessment_tab import NewAssessmentDialog


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def fake(_parent, _title, default, _filter):  # type: ignore[no-untyped-def]
        asked.append(default)
        return str(path), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_the_recovery_plan_is_printed_from_the_workspace(
        qtbot: QtBot, make_app: MakeApp, caseload, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    pat = caseload.login("pat")
    pid = caseload.pat_participant
    with pat.session() as s:
        goals.create_goal(s, pat.actor, pid, GoalInput(
            "I want my own apartment by spring", "home", "So my kids can stay over",
            steps=["Get my birth certificate"]))
        for days, answers in ((60, [3] * 10), (2, BARC_47)):
            row = assessments.save_assessment(s, pat.actor, pid, "barc10", answers,
                                              administered_on=date.today() - timedelta(days))
            assessments.sign_assessment(s, pat.actor, row.id)
    pat.lock()
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, pid)
    out = tmp_path / "plan"  # no extension: .pdf is added
    asked = _save_to(monkeypatch, out)
    click(qtbot, ws.print_button)
    box = None

    def message_shown() -> bool:
        nonlocal box
        try:
            box = find_message(ws, "peerdesk-message")
        except AssertionError:
            return False
        return True

    qtbot.waitUntil(message_shown, timeout=15_000)
    assert box is not None
    pdf = tmp_path / "plan.pdf"
    assert str(pdf) in box.text()
    assert Path(asked[0]).name.startswith("Recovery plan - Marisol - ")
    text = _pdf_text(pdf)
    assert "My Recovery Plan" in text
    assert "I want my own apartment by spring" in text
    assert "Get my birth certificate" in text
    assert "score is 47 out of 60" in text  # the latest score
    assert app.store is not None
    with app.store.session() as s:
        exports = s.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.export",
            AuditEvent.entity_id == str(pid))).all()
    assert len(exports) == 1


def test_cancelling_the_save_prints_nothing(
        qtbot: QtBot, make_app: MakeApp, caseload,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: ("", "")))
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    click(qtbot, ws.print_button)
    assert not ws.printer.running
    assert app.store is not None
    with app.store.session() as s:
        assert not s.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.export")).first()


def test_a_program_manager_cannot_print_a_plan(
        qtbot: QtBot, make_app: MakeApp, caseload, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, window = sign_in_as(qtbot, make_app, caseload, "pm")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    assert not ws.print_button.isVisible()
    out = tmp_path / "plan.pdf"
    _save_to(monkeypatch, out)
    ws.print_plan()  # even if reached another way, the service refuses
    box = find_message(ws, "peerdesk-message")
    assert "Only the participant's workers can print a recovery plan." in box.text()
    assert not out.exists() and not ws.printer.running


BAD_INSTRUMENT = """id = "bad"
title = ""
version = "1"
licence = "x"
[[scales]]
id = "s"
options = [{value = 1, label = "One"}, {value = 1, label = "Also one"}]
[[items]]
id = "a"
scale = "s"
text = "A"
[[items]]
id = "a"
scale = "missing-scale"
text = "B"
[scoring]
method = "median"
"""

GOOD_INSTRUMENT = (
    'id = "hope3"\ntitle = "Hope check (3 items)"\nversion = "1"\n'
    'citation = "Local, unpublished."\nlicence = "Ours to use."\n'
    '[[scales]]\nid = "s"\noptions = [{value = 0, label = "No"}, {value = 1, label = "Yes"}]\n'
    + "".join(f'[[items]]\nid = "h{n}"\nscale = "s"\ntext = "Statement {n}"\n'
              for n in range(1, 4))
    + '[scoring]\nmethod = "sum"\nmissing = "prorate"\nmin_answered = 2\n')


def test_an_administrator_adds_an_instrument_file_and_sees_every_problem(
        qtbot: QtBot, make_app: MakeApp, caseload, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, window = sign_in_as(qtbot, make_app, caseload, "admin")
    assert window.settings_page is not None
    window.show_page(window.pages.index(window.settings_page))
    section = window.settings_page.instruments
    assert unnamed_controls(section) == [] and unlabelled_fields(section) == []
    listed = [section.available.item(n).text() for n in range(section.available.count())]
    assert listed == ["Brief Assessment of Recovery Capital (BARC-10) — version 2017, "
                      "10 items (built in)"]
    bad, good = tmp_path / "bad.toml", tmp_path / "hope3.toml"
    bad.write_text(BAD_INSTRUMENT, encoding="utf-8")
    good.write_text(GOOD_INSTRUMENT, encoding="utf-8")
    chosen = [bad]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(chosen[0]), "")))
    click(qtbot, section.add_button)
    assert section.problem.isVisible()
    assert "bad.toml was not added" in section.problem.text()
    problems = section.problems.toPlainText().splitlines()
    assert len(problems) >= 6
    for expected in ("'title' is missing", "'citation' is missing",
                     "two options share a value", "item id 'a' is used twice",
                     "scale 'missing-scale' is not defined", "'method' must be one of"):
        assert any(expected in line for line in problems), expected
    assert all(line.startswith("• bad.toml:") for line in problems)
    assert section.problems.isVisible()

    chosen[0] = good
    click(qtbot, section.add_button)
    assert not section.problem.isVisible() and not section.problems.isVisible()
    assert "Hope check (3 items) (version 1) was added" in section.notice.text()
    listed = [section.available.item(n).text() for n in range(section.available.count())]
    assert "Hope check (3 items) — version 1, 3 items (added by your organization)" in listed

    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = assessments_tab(ws)
    click(qtbot, tab.new_button)
    chooser = visible_dialog(qtbot, tab, NewAssessmentDialog)
    offered = [chooser.instrument.itemText(n) for n in range(chooser.instrument.count())]
    assert "Hope check (3 items) (version 1)" in offered
