"""Names the built-in PDF fonts cannot show (outside WinAnsi) print as written, not as black
boxes: in the billing report's lines and exceptions, in page headers, in the grant report and
in the participant's own recovery plan."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader

from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.goals import GoalInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.reports import billing_output, grant_output
from peerdesk.reports.fonts import builtin_can_show, runs, string_width, with_fallback
from peerdesk.reports.recovery_plan import render_recovery_plan
from peerdesk.services import billing_settings, encounters, goals, participants, recovery_plan
from peerdesk.services import reports as report_service
from tests.billing_helpers import sign_billing_consent

NOV = (date(2026, 11, 1), date(2026, 11, 30))
ORGANIZATION = "Łódź Family Recovery Café"


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def _fonts(path: Path) -> set[str]:
    found = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def test_fallback_only_where_needed() -> None:
    assert builtin_can_show("Castañeda, José Núñez — “café” €5")  # all WinAnsi
    assert not builtin_can_show("Łukasz")
    assert runs("Whitehorse, Łukasz (#16)", "Helvetica-Bold") == [
        ("Whitehorse, ", "Helvetica-Bold"), ("Łukasz", "PeerDeskSans-Bold"),
        (" (#16)", "Helvetica-Bold")]
    # markup tags stay as they are; bold inside <b> stays bold
    assert with_fallback("<b>Nguyễn Lan</b> &amp; Ştefan", "Helvetica") == (
        '<b><font name="PeerDeskSans-Bold">Nguyễn</font> Lan</b> &amp; '
        '<font name="PeerDeskSans">Ştefan</font>')
    assert with_fallback("Plain &amp; simple", "Helvetica") == "Plain &amp; simple"
    assert string_width("Łukasz", "Helvetica", 10) > 0


@pytest.fixture
def unusual_names(team):  # type: ignore[no-untyped-def]
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "21.75",
                                  date(2026, 1, 1))
        billed = participants.create_participant(s, admin.actor, ParticipantInput(
            "Łukasz", "Nguyễn", payer="River Health Plan", member_id="RHP77",
            enrolled_on=date(2026, 10, 1), assigned_worker_id=team.ids["pat"])).id
        sign_billing_consent(s, admin.actor, billed)
        left_out = participants.create_participant(s, admin.actor, ParticipantInput(
            "Ştefan", "Dvořák", enrolled_on=date(2026, 10, 1))).id
        for pid, sign in [(billed, True), (left_out, True), (billed, False)]:
            day = date(2026, 11, 3) if sign else date(2026, 11, 4)
            note = encounters.save_encounter(s, admin.actor, EncounterInput(
                pid, day, time(9, 0), time(9, 30), "community", "recovery_coaching",
                narrative="Talked through the week."), confirm_overlap=True)
            if sign:
                encounters.sign_encounter(s, admin.actor, note.id)
    return team, billed


def test_billing_pdf_prints_every_name(unusual_names, tmp_path: Path) -> None:
    team, _billed = unusual_names
    with team.admin.session() as s:
        report = report_service.billing_report(s, team.admin.actor, *NOV)
    report.organization = ORGANIZATION
    assert [x.participant_name for x in report.lines] == ["Nguyễn, Łukasz"]
    assert {x.participant_name for x in report.exceptions} == {"Nguyễn, Łukasz",
                                                               "Dvořák, Ştefan"}
    out = tmp_path / "billing.pdf"
    billing_output.write_pdf(report, out)
    text = _text(out)
    assert "Nguyễn, Łukasz (#" in text  # the participant's row in the bill lines
    assert "Dvořák, Ştefan (#" in text  # the exceptions table
    assert ORGANIZATION in text  # page header and title block
    assert "■" not in text
    assert any(f.endswith("+DejaVuSans") for f in _fonts(out))
    assert any(f.endswith("+DejaVuSans-Bold") for f in _fonts(out))
    if shutil.which("pdftotext"):  # the way a person would copy it out of the PDF
        layout = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                                capture_output=True, text=True).stdout
        assert "Nguyễn, Łukasz" in layout and "■" not in layout


def test_plain_names_embed_no_font(team, tmp_path: Path) -> None:
    """The common case stays as small and fast as before: nothing embedded."""
    with team.admin.session() as s:
        report = report_service.billing_report(s, team.admin.actor, *NOV)
    out = tmp_path / "billing.pdf"
    billing_output.write_pdf(report, out)
    assert _fonts(out) <= {"/Helvetica", "/Helvetica-Bold"}


def test_grant_report_header_and_generated_by(unusual_names, tmp_path: Path) -> None:
    team, _billed = unusual_names
    with team.admin.session() as s:
        report = report_service.grant_report(s, team.admin.actor, *NOV)
    report.organization = ORGANIZATION
    report.generated_by = "Zoë Đặng"
    out = tmp_path / "grant.pdf"
    grant_output.write_pdf(report, out)
    text = _text(out)
    assert ORGANIZATION in text and "by Zoë Đặng" in text and "■" not in text


def test_recovery_plan_in_the_participants_own_words(unusual_names, tmp_path: Path) -> None:
    team, billed = unusual_names
    pat = team.login("pat")
    with pat.session() as s:
        goals.create_goal(s, pat.actor, billed, GoalInput(
            "Tìm nhà ở ổn định cho gia đình", "home", "Để các con được ở cùng tôi"))
        plan = recovery_plan.plan_data(s, pat.actor, billed)
    out = tmp_path / "plan.pdf"
    render_recovery_plan(plan, out)
    text = _text(out)
    assert "Tìm nhà ở ổn định cho gia đình" in text
    assert "Để các con được ở cùng tôi" in text
    assert "Łukasz" in text and "■" not in text
