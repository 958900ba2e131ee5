"""The billing report: every number worked by hand, every left-out note explained."""

from __future__ import annotations

import csv
import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.reports import billing_output
from peerdesk.reports.billing import CSV_COLUMNS
from peerdesk.services import billing_settings, encounters, participants, reports, supervision
from peerdesk.services.errors import PermissionDenied
from tests.billing_helpers import sign_billing_consent

OCT = (date(2025, 10, 1), date(2025, 10, 31))


def _note(st, pid, day, start, end, *, sign=True, kind="recovery_coaching", setting="community"):  # type: ignore[no-untyped-def]
    with st.session() as s:
        n = encounters.save_encounter(s, st.actor, EncounterInput(
            pid, day, start, end, setting, kind,
            narrative="Worked on the housing application together."), confirm_overlap=True)
        if sign:
            encounters.sign_encounter(s, st.actor, n.id)
        return n.id


@pytest.fixture
def billing_setup(team):  # type: ignore[no-untyped-def]
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        grant = billing_settings.save_payer(s, admin.actor, "SOR grant", "grant",
                                            requires_member_id=False)
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "20.00",
                                  date(2025, 1, 1), date(2025, 10, 14))
        billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "22.00",
                                  date(2025, 10, 15))
        billing_settings.add_rate(s, admin.actor, grant.id, "H0038", "", "15.00",
                                  date(2025, 1, 1))
        billing_settings.set_cap(s, admin.actor, "H0038", "", 4)
        p = {}
        for key, payer, member in [("a", "River Health Plan", "RHP1001"),
                                   ("b", "River Health Plan", ""), ("c", "SOR grant", ""),
                                   ("d", "", ""), ("e", "Unknown Plan", "X123")]:
            p[key] = participants.create_participant(s, admin.actor, ParticipantInput(
                "Person", key.upper(), payer=payer, member_id=member,
                enrolled_on=date(2025, 9, 1))).id
            sign_billing_consent(s, admin.actor, p[key])
    a = admin
    notes = {
        # participant A, Oct 3: 10 + 10 minutes summed = 20 min -> 1 unit at $20
        "a1": _note(a, p["a"], date(2025, 10, 3), time(9, 0), time(9, 10)),
        "a2": _note(a, p["a"], date(2025, 10, 3), time(14, 0), time(14, 10)),
        # Oct 20 (new rate $22): 70 min -> 5 units, but the daily cap is 4
        "a3": _note(a, p["a"], date(2025, 10, 20), time(9, 0), time(10, 10), setting="home"),
        # 7 minutes alone -> 0 units: left out
        "a4": _note(a, p["a"], date(2025, 10, 21), time(9, 0), time(9, 7)),
        "a5": _note(a, p["a"], date(2025, 10, 22), time(9, 0), time(9, 30), sign=False),
        "b1": _note(a, p["b"], date(2025, 10, 5), time(9, 0), time(9, 30)),  # no member id
        "c1": _note(a, p["c"], date(2025, 10, 6), time(9, 0), time(9, 45), setting="phone"),
        "d1": _note(a, p["d"], date(2025, 10, 7), time(9, 0), time(9, 30)),  # no payer
        "e1": _note(a, p["e"], date(2025, 10, 8), time(9, 0), time(9, 30)),  # unknown payer
        "x1": _note(a, p["a"], date(2025, 11, 2), time(9, 0), time(9, 30)),  # not October
        "o1": _note(a, p["c"], date(2025, 10, 9), time(9, 0), time(9, 30), kind="outreach"),
    }
    return team, p, notes


def test_lines_units_rates_caps_and_totals(billing_setup) -> None:
    team, p, notes = billing_setup
    with team.admin.session() as s:
        report = reports.billing_report(s, team.admin.actor, *OCT)
    lines = {(x.participant_id, x.date): x for x in report.lines}
    assert len(report.lines) == 3
    a_oct3 = lines[(p["a"], date(2025, 10, 3))]
    assert (a_oct3.minutes, a_oct3.units, a_oct3.rate, a_oct3.amount) == (
        20, 1, Decimal("20.00"), Decimal("20.00"))
    assert a_oct3.encounter_ids == (notes["a1"], notes["a2"])
    a_oct20 = lines[(p["a"], date(2025, 10, 20))]
    assert (a_oct20.units, a_oct20.rate, a_oct20.amount, a_oct20.place_of_service) == (
        4, Decimal("22.00"), Decimal("88.00"), "12")
    c = lines[(p["c"], date(2025, 10, 6))]
    assert (c.units, c.amount, c.payer, c.place_of_service) == (3, Decimal("45.00"),
                                                                  "SOR grant", "02")
    assert report.total == Decimal("153.00")
    assert report.subtotal("payer") == {"River Health Plan": Decimal("108.00"),
                                        "SOR grant": Decimal("45.00")}
    reasons = {x.encounter_id: x.reason for x in report.exceptions}
    assert "Over the daily cap of 4 units: 1 unit(s) not billed" in reasons[notes["a3"]]
    assert reasons[notes["a4"]].startswith("Under the minimum time")
    assert reasons[notes["a5"]] == "Not signed"
    assert reasons[notes["b1"]] == "Missing member id"
    assert reasons[notes["d1"]] == "No payer on the participant's record"
    assert "not set up in billing settings" in reasons[notes["e1"]]
    assert "No billing code" in reasons[notes["o1"]]
    assert notes["x1"] not in reasons  # outside the period: neither billed nor an exception
    billed = {i for line in report.lines for i in line.encounter_ids}
    in_october = set(notes.values()) - {notes["x1"]}
    assert billed | set(reasons) == in_october  # nothing silently dropped
    # the summary of left-out notes: one row per reason, with its notes and minutes
    assert sorted(report.left_out_by_kind()) == sorted([
        ("No billing code for the type of service", 1, 30),
        ("Missing member id", 1, 30),
        ("No payer on the participant's record", 1, 30),
        ("Over the daily cap (the units over it not billed)", 1, 70),
        ("Payer not set up in billing settings", 1, 30),
        ("Under the minimum time for one unit", 1, 7),
        ("Not signed", 1, 30)])


def test_a_payer_with_no_rate_that_day_is_an_exception(billing_setup, tmp_path: Path) -> None:
    team, _p, _notes = billing_setup
    admin = team.admin
    with admin.session() as s:
        billing_settings.save_payer(s, admin.actor, "County grant", "grant",
                                    requires_member_id=False)
        pid = participants.create_participant(s, admin.actor, ParticipantInput(
            "Person", "F", payer="County grant", enrolled_on=date(2025, 9, 1))).id
        sign_billing_consent(s, admin.actor, pid)
    note = _note(admin, pid, date(2025, 10, 10), time(9, 0), time(9, 30))
    with admin.session() as s:
        report = reports.billing_report(s, admin.actor, *OCT)
    left = next(x for x in report.exceptions if x.encounter_id == note)
    assert (left.kind, left.reason) == ("no_rate",
                                        "No rate in force for County grant H0038 on 2025-10-10")
    assert ("No rate in force", 1, 30) in report.left_out_by_kind()
    billing_output.write_pdf(report, tmp_path / "b.pdf")
    text = re.sub(r"\s+", " ", " ".join(
        page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages))
    assert "Notes left out, by reason" in text and "No rate in force 1 30" in text
    assert "No rate in force for County grant H0038 on 2025-10-10" in text


def test_cosign_requirement_moves_uncosigned_notes_to_exceptions(billing_setup) -> None:
    team, _p, notes = billing_setup
    with team.admin.session() as s:
        billing_settings.set_unit_settings(s, team.admin.actor,
                                           billing_settings.unit_settings(s), True)
    sue = team.login("sue")
    with sue.session() as s:
        supervision.cosign(s, sue.actor, notes["c1"])
    with team.admin.session() as s:
        report = reports.billing_report(s, team.admin.actor, *OCT)
    assert [x.payer for x in report.lines] == ["SOR grant"]
    assert {x.reason for x in report.exceptions} >= {"Not co-signed by a supervisor"}


def test_csv_and_pdf(billing_setup, tmp_path: Path) -> None:
    team, p, _notes = billing_setup
    with team.admin.session() as s:
        report = reports.billing_report(s, team.admin.actor, *OCT)
    billing_output.write_csv(report, tmp_path / "b.csv")
    with open(tmp_path / "b.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 4
    assert sum(Decimal(r[9]) for r in rows[1:]) == Decimal("153.00")
    assert ["2025-10-20", str(p["a"]), "RHP1001", "River Health Plan", "H0038", "", "70", "4",
            "22.00", "88.00", "Ada Admin", "CPRS", "12"] in rows
    billing_output.write_pdf(report, tmp_path / "b.pdf")
    reader = PdfReader(tmp_path / "b.pdf")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Monthly billing report" in text and "Harbor Light Recovery Community" in text
    assert "$153.00" in text and "$108.00" in text and "Missing member id" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "42 CFR part 2 prohibits unauthorized use or disclosure" in text
    assert "This record which has been disclosed to you is protected" in text


def test_only_managers_and_admins_run_billing(billing_setup) -> None:
    team, _p, _n = billing_setup
    pat = team.login("pat")
    with pytest.raises(PermissionDenied), pat.session() as s:
        reports.billing_report(s, pat.actor, *OCT)
    pm = team.login("pm")
    with pm.session() as s:
        assert reports.billing_report(s, pm.actor, *OCT).total == Decimal("153.00")


def test_names_with_brackets_backslashes_and_accents_print_as_typed(tmp_path: Path) -> None:
    """The bill's line blocks write plain ASCII text straight into the PDF; brackets and
    backslashes must be escaped and accented names still go through reportlab."""
    from datetime import datetime

    from peerdesk.reports.billing import BillingLine, BillingReport

    report = BillingReport("Harbor Light (test)", *OCT, datetime(2025, 11, 2, 9, 0),
                           "Pam Manager", "eight_minute")
    for pid, name in [(1, "O'Brien (Bee), Ann\\Marie"), (2, "Núñez, Marisol")]:
        report.lines.append(BillingLine(
            date(2025, 10, 3), pid, name, f"M{pid}", "River Health Plan", "H0038", "", 30, 2,
            Decimal("20.00"), Decimal("40.00"), "Wes (Lead) Worker", "CPRS", "11", (pid,)))
    billing_output.write_pdf(report, tmp_path / "b.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages)
    assert "O'Brien (Bee), Ann\\Marie (#1)" in text
    assert "Núñez, Marisol (#2)" in text
    assert "Wes (Lead) Worker, CPRS" in text and "$80.00" in text


def test_long_bills_keep_each_participant_named_on_every_page(tmp_path: Path) -> None:
    """Column headings once at the top of each page; a participant's name never ends a
    page, and one whose lines go on is named again on the next page."""
    from datetime import datetime, timedelta

    from peerdesk.reports.billing import BillingLine, BillingReport

    report = BillingReport("Harbor Light (test)", *OCT, datetime(2025, 11, 2, 9, 0),
                           "Pam Manager", "eight_minute")
    for pid in range(1, 41):
        for day in range(pid % 7 + 1):
            report.lines.append(BillingLine(
                date(2025, 10, 1) + timedelta(days=day), pid, f"Testperson, P{pid:02d}",
                f"M{pid}", "River Health Plan", "H0038", "", 30, 2, Decimal("20.00"),
                Decimal("40.00"), "Wes Worker", "CPRS", "11", (pid * 100 + day,)))
    billing_output.write_pdf(report, tmp_path / "b.pdf")
    pages = [page.extract_text() for page in PdfReader(tmp_path / "b.pdf").pages]
    with_lines = [t for t in pages if "2025-10-0" in t]
    assert len(with_lines) >= 3
    for text in with_lines:
        rows = [r.strip() for r in text.splitlines() if r.strip()]
        assert sum(r.startswith("Date Code") for r in rows) == 1  # the headings, once
        after = rows[[r.startswith("Date Code") for r in rows].index(True) + 1]
        assert after.startswith("Testperson, P"), after  # a name first, never a bare line
        assert rows[rows.index(after) + 1].startswith("2025-10-")  # then a line, never
        # a subtotal alone under a "(continued)"
        body = [r for r in rows if r.startswith(("Testperson", "2025-", "Subtotal"))]
        assert not body[-1].startswith("Testperson"), body[-1]  # never a name last
    assert any("(continued)" in t for t in with_lines)
    total = sum(len(re.findall(r"^\s*2025-10-\d\d H0038", t, re.M)) for t in pages)
    assert total == len(report.lines)  # every line once, none lost at a page break


def test_title_says_monthly_only_for_a_calendar_month(billing_setup, tmp_path: Path) -> None:
    team, _p, _notes = billing_setup
    with team.admin.session() as s:
        month = reports.billing_report(s, team.admin.actor, *OCT)
        weeks = reports.billing_report(s, team.admin.actor, date(2025, 10, 1),
                                       date(2025, 10, 14))
    assert billing_output.title(month) == "Monthly billing report"
    assert billing_output.title(weeks) == "Billing report"
    billing_output.write_pdf(weeks, tmp_path / "weeks.pdf")
    first = PdfReader(tmp_path / "weeks.pdf").pages[0].extract_text()
    assert "Billing report" in first and "Monthly" not in first
    assert "Oct 1, 2025 – Oct 14, 2025" in first
