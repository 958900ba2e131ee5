"""Billing tells a payer about a participant's services, so (by default) a note is billed only
when a signed consent in force on the day of service covers that payer (42 CFR Part 2):
by naming it, or by the "treating providers, health plans, third-party payers" class.
Every note without one is left out, with the reason."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.consents import ConsentInput
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.reports import billing_output
from peerdesk.services import billing_settings, consents, encounters, participants, reports

OCT = (date(2025, 10, 1), date(2025, 10, 31))
PLAN = "River Health Plan"


def _consent(st, pid: int, *, names: list[str] | None = None,  # type: ignore[no-untyped-def]
             classes: list[str] | None = None, signed: date = date(2025, 9, 1),
             expires: date = date(2026, 9, 1)) -> int:
    with st.session() as s:
        return consents.save_consent(s, st.actor, pid, ConsentInput(
            "Harbor Light Recovery Community", "Name, member id and the services I receive",
            recipients=names or [], recipient_classes=classes or [],
            purpose="For treatment, payment, and health care operations",
            revocation_how="In writing, at any time", expires_on=expires,
            signer_name="Pat Person", signed_on=signed)).id


def _note(st, pid: int, day: date) -> int:  # type: ignore[no-untyped-def]
    with st.session() as s:
        note = encounters.save_encounter(s, st.actor, EncounterInput(
            pid, day, time(9, 0), time(9, 30), "community", "recovery_coaching",
            narrative="Worked on the housing application."), confirm_overlap=True)
        encounters.sign_encounter(s, st.actor, note.id)
        return note.id


@pytest.fixture
def plan(team):  # type: ignore[no-untyped-def]
    admin = team.admin
    with admin.session() as s:
        payer = billing_settings.save_payer(s, admin.actor, PLAN, "medicaid")
        billing_settings.add_rate(s, admin.actor, payer.id, "H0038", "", "20.00",
                                  date(2025, 1, 1))

    def person(last: str) -> int:
        with admin.session() as s:
            return participants.create_participant(s, admin.actor, ParticipantInput(
                "Pat", last, payer=PLAN, member_id=f"RHP-{last}",
                enrolled_on=date(2025, 8, 1))).id

    return admin, person


def _billed_and_left_out(st) -> tuple[set[int], dict[int, str]]:  # type: ignore[no-untyped-def]
    with st.session() as s:
        report = reports.billing_report(s, st.actor, *OCT)
    billed = {i for line in report.lines for i in line.encounter_ids}
    return billed, {x.encounter_id: x.reason for x in report.exceptions
                    if x.kind == "no_consent"}


def test_a_consent_naming_the_payer_or_its_class_lets_a_note_be_billed(plan) -> None:
    admin, person = plan
    named, by_class, other, nobody = (person(n) for n in ("A", "B", "C", "D"))
    _consent(admin, named, names=["river health plan"])  # case and punctuation ignored
    _consent(admin, by_class, classes=["treating_providers"])
    _consent(admin, other, names=["Harbor Housing Partners"])  # not the payer
    notes = {pid: _note(admin, pid, date(2025, 10, 6)) for pid in (named, by_class, other,
                                                                   nobody)}
    billed, left_out = _billed_and_left_out(admin)
    assert billed == {notes[named], notes[by_class]}
    assert set(left_out) == {notes[other], notes[nobody]}
    assert left_out[notes[nobody]] == \
        "No consent in force on that day that covers River Health Plan"


def test_the_consent_must_be_in_force_on_the_day_of_service(plan) -> None:
    admin, person = plan
    late, lapsed, revoked = person("E"), person("F"), person("G")
    _consent(admin, late, names=[PLAN], signed=date(2025, 10, 15))
    _consent(admin, lapsed, names=[PLAN], signed=date(2024, 10, 10),
             expires=date(2025, 10, 10))
    withdrawn = _consent(admin, revoked, names=[PLAN])
    with admin.session() as s:
        consents.revoke_consent(s, admin.actor, withdrawn, date(2025, 10, 12), "in_writing")
    before = {pid: _note(admin, pid, date(2025, 10, 8)) for pid in (late, lapsed, revoked)}
    after = {pid: _note(admin, pid, date(2025, 10, 20)) for pid in (late, lapsed, revoked)}
    billed, left_out = _billed_and_left_out(admin)
    # signed on the 15th: the note of the 8th waits, the note of the 20th is billed
    assert before[late] in left_out and after[late] in billed
    # expired on the 10th: billed on the 8th, not on the 20th
    assert before[lapsed] in billed and after[lapsed] in left_out
    # revoked on the 12th: the same
    assert before[revoked] in billed and after[revoked] in left_out
    # and each reason says what happened to the consent, so the fix is clear
    plain = "No consent in force on that day that covers River Health Plan"
    assert left_out[before[late]] == \
        f"{plain}: the one that does was signed on 2025-10-15, after the service"
    assert left_out[after[lapsed]] == f"{plain}: the one signed on 2024-10-10 ended on 2025-10-10"
    assert left_out[after[revoked]] == \
        f"{plain}: the one signed on 2025-09-01 was revoked on 2025-10-12"


def test_the_setting_turns_the_check_off_and_is_audited(plan, tmp_path: Path) -> None:
    admin, person = plan
    pid = person("H")
    note = _note(admin, pid, date(2025, 10, 6))
    with admin.session() as s:
        assert billing_settings.require_consent(s)  # on unless an administrator says not
        report = reports.billing_report(s, admin.actor, *OCT)
    assert ("No consent in force that covers the payer", 1, 30) in report.left_out_by_kind()
    billing_output.write_pdf(report, tmp_path / "b.pdf")
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages))
    assert "No consent in force on that day that covers River Health Plan" in text
    with admin.session() as s:
        billing_settings.set_unit_settings(s, admin.actor, billing_settings.unit_settings(s),
                                           False, consent_required=False)
    with admin.session() as s:
        assert not billing_settings.require_consent(s)
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "settings.update")
                          .order_by(AuditEvent.id.desc())).scalars().first()
        assert event is not None
    billed, left_out = _billed_and_left_out(admin)
    assert note in billed and not left_out
