"""Correcting (and removing) a billing rate entered by mistake: the bill follows the
correction, the same checks as adding a rate apply, only administrators may do it, and the
audit trail keeps what the rate was before."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import audit, billing_settings, encounters, participants, reports
from peerdesk.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.billing_helpers import sign_billing_consent

JAN = (date(2026, 1, 1), date(2026, 1, 31))


@pytest.fixture
def typo_rate(team):  # type: ignore[no-untyped-def]
    """A rate typed as $217.50 instead of $21.75 from 1 January 2026, and one signed
    30-minute note (2 units) on 12 January for a participant of that payer."""
    admin = team.admin
    with admin.session() as s:
        plan = billing_settings.save_payer(s, admin.actor, "River Health Plan", "medicaid")
        rate = billing_settings.add_rate(s, admin.actor, plan.id, "H0038", "", "217.50",
                                         date(2026, 1, 1))
        pid = participants.create_participant(s, admin.actor, ParticipantInput(
            "Rosa", "Quintero", payer="River Health Plan", member_id="RHP555",
            enrolled_on=date(2025, 6, 1))).id
        sign_billing_consent(s, admin.actor, pid, date(2025, 6, 1))
        note = encounters.save_encounter(s, admin.actor, EncounterInput(
            pid, date(2026, 1, 12), time(9, 0), time(9, 30), "community", "recovery_coaching",
            narrative="Went over the housing application together."))
        encounters.sign_encounter(s, admin.actor, note.id)
        return team, plan.id, rate.id, note.id


def _january(st):  # type: ignore[no-untyped-def]
    with st.session() as s:
        return reports.billing_report(s, st.actor, *JAN)


def _events(st, action: str) -> list[dict]:  # type: ignore[no-untyped-def]
    with st.session() as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == action)
                         .order_by(AuditEvent.id)).scalars()
        return [dict(json.loads(e.detail), entity_id=e.entity_id, username=e.username)
                for e in rows]


def _rate(st, rate_id: int) -> billing_settings.RateRow:  # type: ignore[no-untyped-def]
    with st.session() as s:
        return next(r for r in billing_settings.rate_rows(s) if r.id == rate_id)


def test_correcting_the_amount_changes_what_the_bill_charges(typo_rate) -> None:
    team, plan_id, rate_id, _note = typo_rate
    admin = team.admin
    before = _january(admin)
    assert [(x.units, x.rate, x.amount) for x in before.lines] == [
        (2, Decimal("217.50"), Decimal("435.00"))]
    # Adding a second rate for the same day is still refused: it has to be a correction.
    with admin.session() as s, pytest.raises(ValidationFailed):
        billing_settings.add_rate(s, admin.actor, plan_id, "H0038", "", "21.75",
                                  date(2026, 1, 1))

    with admin.session() as s:  # the same start date is not a clash with itself
        billing_settings.correct_rate(s, admin.actor, rate_id, "$21.75", date(2026, 1, 1), None)
    after = _january(admin)
    assert [(x.units, x.rate, x.amount) for x in after.lines] == [
        (2, Decimal("21.75"), Decimal("43.50"))]
    assert after.total == Decimal("43.50")
    row = _rate(admin, rate_id)
    assert (row.payer_id, row.payer, row.code, row.modifier, row.amount, row.start, row.end) == (
        plan_id, "River Health Plan", "H0038", "", Decimal("21.75"), date(2026, 1, 1), None)


def test_a_rate_can_be_given_an_end_date_and_a_new_rate_then_takes_over(typo_rate) -> None:
    team, plan_id, rate_id, note_id = typo_rate
    admin = team.admin
    with admin.session() as s:
        billing_settings.correct_rate(s, admin.actor, rate_id, "217.50", date(2026, 1, 1),
                                      date(2026, 1, 10))
    ended = _january(admin)
    assert ended.lines == []
    assert next(x.reason for x in ended.exceptions if x.encounter_id == note_id).startswith(
        "No rate in force")
    with admin.session() as s:
        billing_settings.add_rate(s, admin.actor, plan_id, "H0038", "", "22.00",
                                  date(2026, 1, 11))
    assert [(x.rate, x.amount) for x in _january(admin).lines] == [
        (Decimal("22.00"), Decimal("44.00"))]


def test_a_correction_is_checked_like_a_new_rate(typo_rate) -> None:
    team, plan_id, rate_id, _note = typo_rate
    admin = team.admin
    with admin.session() as s:
        february = billing_settings.add_rate(s, admin.actor, plan_id, "H0038", "", "23.00",
                                             date(2026, 2, 1)).id
        # A group rate (another modifier) starting the same day is no clash.
        billing_settings.add_rate(s, admin.actor, plan_id, "H0038", "HQ", "9.00",
                                  date(2026, 1, 1))

    with admin.session() as s, pytest.raises(ValidationFailed) as clash:
        billing_settings.correct_rate(s, admin.actor, february, "23.00", date(2026, 1, 1))
    assert [(p.field, p.message) for p in clash.value.problems] == [
        ("start", "A rate for this payer and code already starts on that date.")]

    with admin.session() as s, pytest.raises(ValidationFailed) as wrong:
        billing_settings.correct_rate(s, admin.actor, rate_id, "twenty", date(2026, 1, 1),
                                      date(2025, 12, 31))
    assert {p.field: p.message for p in wrong.value.problems} == {
        "amount": "Please enter an amount in dollars and cents, such as 21.50.",
        "end": "The end date is before the start date."}

    with admin.session() as s, pytest.raises(ValidationFailed) as fraction:
        billing_settings.correct_rate(s, admin.actor, rate_id, "21.755", date(2026, 1, 1))
    assert [p.field for p in fraction.value.problems] == ["amount"]  # not silently rounded

    # Nothing was changed by the refused corrections.
    assert (_rate(admin, rate_id).amount, _rate(admin, rate_id).end) == (Decimal("217.50"), None)
    assert _rate(admin, february).start == date(2026, 2, 1)
    assert _events(admin, "billing.rate.correct") == []


@pytest.mark.parametrize("who", ["pm", "pat", "sue"])
def test_only_an_administrator_corrects_or_removes_a_rate(typo_rate, who: str) -> None:
    team, _plan_id, rate_id, _note = typo_rate
    other = team.login(who)
    with other.session() as s, pytest.raises(PermissionDenied):
        billing_settings.correct_rate(s, other.actor, rate_id, "21.75", date(2026, 1, 1))
    with other.session() as s, pytest.raises(PermissionDenied):
        billing_settings.remove_rate(s, other.actor, rate_id)
    assert _rate(team.admin, rate_id).amount == Decimal("217.50")


def test_an_unknown_rate_is_said_plainly(typo_rate) -> None:
    team, _plan_id, rate_id, _note = typo_rate
    admin = team.admin
    with admin.session() as s, pytest.raises(NotFound, match="rate was not found"):
        billing_settings.correct_rate(s, admin.actor, rate_id + 99, "21.75", date(2026, 1, 1))
    with admin.session() as s, pytest.raises(NotFound, match="rate was not found"):
        billing_settings.remove_rate(s, admin.actor, rate_id + 99)


def test_the_audit_trail_keeps_the_old_and_new_values(typo_rate) -> None:
    team, _plan_id, rate_id, _note = typo_rate
    admin = team.admin
    with admin.session() as s:
        billing_settings.correct_rate(s, admin.actor, rate_id, "21.75", date(2026, 1, 1),
                                      date(2026, 6, 30))
    with admin.session() as s:  # saving it again unchanged records nothing more
        billing_settings.correct_rate(s, admin.actor, rate_id, "21.75", date(2026, 1, 1),
                                      date(2026, 6, 30))
    assert _events(admin, "billing.rate.correct") == [{
        "entity_id": str(rate_id), "username": "admin",
        "payer": "River Health Plan", "code": "H0038", "modifier": "",
        "old": {"amount": "217.50", "start": "2026-01-01", "end": None},
        "new": {"amount": "21.75", "start": "2026-01-01", "end": "2026-06-30"}}]
    with admin.session() as s:
        assert audit.verify_chain(s) == []


def test_removing_a_rate_entered_by_mistake(typo_rate) -> None:
    team, _plan_id, rate_id, note_id = typo_rate
    admin = team.admin
    with admin.session() as s:
        billing_settings.remove_rate(s, admin.actor, rate_id)
    with admin.session() as s:
        assert billing_settings.rate_rows(s) == []
        assert audit.verify_chain(s) == []
    assert _events(admin, "billing.rate.remove") == [{
        "entity_id": str(rate_id), "username": "admin",
        "payer": "River Health Plan", "code": "H0038", "modifier": "",
        "removed": {"amount": "217.50", "start": "2026-01-01", "end": None}}]
    report = _january(admin)  # the note is no longer billed, and the bill says why
    assert report.lines == []
    assert any(x.encounter_id == note_id and x.reason.startswith("No rate in force")
               for x in report.exceptions)
