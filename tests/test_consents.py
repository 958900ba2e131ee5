"""42 CFR Part 2 consents: every § 2.31 element checked, in force / expired / revoked,
whom a consent covers, signed consents fixed by the database, permissions, alerts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from peerdesk.domain.consents import (
    ConsentFacts,
    ConsentInput,
    RecipientTarget,
    consent_state,
    covers,
    name_key,
    validate_consent,
)
from peerdesk.services import consents
from peerdesk.services.errors import PermissionDenied, ServiceError, ValidationFailed

TODAY = date.today()
DAY = timedelta(days=1)


def consent_for(recipient: str = "Harbor House", signed: date | None = TODAY,
                expires: date | None = None, **extra: object) -> ConsentInput:
    values: dict[str, object] = {
        "discloser": "Harbor Light Recovery Community", "recipients": [recipient],
        "information": "Name, date of birth, and that I take part in peer recovery support",
        "purpose": "To connect me with housing and follow up",
        "revocation_how": "Tell my peer worker", "expires_on": expires or TODAY + 180 * DAY,
        "signer_name": "Marisol Núñez", "signed_on": signed}
    return ConsentInput(**{**values, **extra})  # type: ignore[arg-type]


def test_every_section_2_31_element_is_checked_next_to_its_field() -> None:
    empty = ConsentInput(discloser="", information="")
    fields = {p.field for p in validate_consent(empty, TODAY)}
    assert fields == {"discloser", "information", "recipients", "purpose", "revocation_how",
                      "expires_on"}
    vague = consent_for(information="All records")
    assert [p.field for p in validate_consent(vague, TODAY)] == ["information"]
    unsigned_name = consent_for(signer_name="")
    assert [p.field for p in validate_consent(unsigned_name, TODAY)] == ["signer_name"]
    assert [p.field for p in validate_consent(consent_for(signed=TODAY + DAY), TODAY)] \
        == ["signed_on"]
    assert [p.field for p in validate_consent(consent_for(expires=TODAY), TODAY)] \
        == ["expires_on"]
    too_long = consent_for(expires=TODAY + 6 * 366 * DAY)
    assert "five years" in validate_consent(too_long, TODAY)[0].message
    by_event = consent_for(expires=None, expiry_event="When my housing case is closed")
    by_event.expires_on = None
    assert validate_consent(by_event, TODAY) == []
    by_class = consent_for(recipient_classes=["treating_providers"])
    by_class.recipients = []
    assert validate_consent(by_class, TODAY) == []
    assert validate_consent(consent_for(signer_relationship="cousin"), TODAY)[0].field \
        == "signer_relationship"
    assert validate_consent(consent_for(signed=None, signer_name=""), TODAY) == []


def test_in_force_means_signed_not_expired_not_revoked_and_event_not_happened() -> None:
    signed, ends = TODAY - 10 * DAY, TODAY + 5 * DAY

    def state(**kw: date | None) -> str:
        base = {"signed_on": signed, "expires_on": ends, "expiry_event_occurred_on": None,
                "revoked_on": None}
        return consent_state(ConsentFacts(**{**base, **kw}), TODAY)  # type: ignore[arg-type]

    assert state() == "in_force"
    assert state(signed_on=None) == "draft"
    assert state(expires_on=TODAY) == "in_force"  # the last day still counts
    assert state(expires_on=TODAY - DAY) == "expired"
    assert state(expires_on=None, expiry_event_occurred_on=TODAY) == "expired"
    assert state(expires_on=None, expiry_event_occurred_on=TODAY + DAY) == "in_force"
    assert state(revoked_on=TODAY) == "revoked"
    assert state(revoked_on=TODAY + DAY) == "in_force"
    facts = ConsentFacts(signed, ends, None, None)
    assert consent_state(facts, signed - DAY) == "draft"  # not yet signed on that day


def test_a_consent_covers_named_recipients_and_its_classes_only() -> None:
    housing = RecipientTarget(("Harbor House", "Emergency beds", "Emergency beds — Harbor "
                                                                  "House"), "housing")
    assert name_key("St. Luke’s Clinic, Inc.") == name_key("st lukes clinic inc")
    assert covers(["harbor  house"], [], housing)
    assert covers(["HARBOR HOUSE."], [], housing)
    assert not covers(["Harbor"], [], housing)
    assert covers([], ["housing_programs"], housing)
    assert not covers([], ["treating_providers"], housing)
    moud = RecipientTarget(("Bridge Clinic",), "moud")
    assert covers([], ["treating_providers"], moud)
    assert not covers(["Harbor House"], ["housing_programs"], moud)


def test_a_signed_consent_is_fixed_and_a_revocation_final(team) -> None:
    pat = team.login("pat")
    pid = team.pat_participant
    with pat.session() as s:
        draft = consents.save_consent(s, pat.actor, pid, consent_for(signed=None))
        assert consents.get_consent(s, pat.actor, draft.id).state == "draft"
        signed = consents.save_consent(s, pat.actor, pid, consent_for(), draft.id)
        cid = signed.id
        assert consents.get_consent(s, pat.actor, cid).state == "in_force"
    with pytest.raises(ServiceError, match="cannot be changed"), pat.session() as s:
        consents.save_consent(s, pat.actor, pid, consent_for(recipient="Anyone else"), cid)
    with pytest.raises(DBAPIError, match="signed consent cannot be changed"), \
            pat.session() as s:
        s.connection().exec_driver_sql("UPDATE consents SET recipients = 'Anyone' WHERE id = ?",
                                       (cid,))
    with pytest.raises(ValidationFailed) as err, pat.session() as s:
        consents.revoke_consent(s, pat.actor, cid, TODAY + DAY, "")
    assert {p.field for p in err.value.problems} == {"revoked_on", "revocation_method"}
    with pat.session() as s:
        consents.revoke_consent(s, pat.actor, cid, TODAY, "in_writing")
        view = consents.get_consent(s, pat.actor, cid)
        assert view.state == "revoked" and view.revoked_on == TODAY
    with pytest.raises(ServiceError, match="already revoked"), pat.session() as s:
        consents.revoke_consent(s, pat.actor, cid, TODAY, "orally")
    with pytest.raises(DBAPIError, match="revocation cannot be changed"), pat.session() as s:
        s.connection().exec_driver_sql("UPDATE consents SET revoked_on = NULL WHERE id = ?",
                                       (cid,))
    with pytest.raises(DBAPIError, match="never deleted"), pat.session() as s:
        s.connection().exec_driver_sql("DELETE FROM consents WHERE id = ?", (cid,))


def test_an_expiry_event_ends_the_consent_when_marked_as_happened(team) -> None:
    pat = team.login("pat")
    data = consent_for(expiry_event="When I move into permanent housing")
    data.expires_on = None
    with pat.session() as s:
        consent = consents.save_consent(s, pat.actor, team.pat_participant, data)
        assert consents.get_consent(s, pat.actor, consent.id).state == "in_force"
        with pytest.raises(ValidationFailed):
            consents.mark_event_occurred(s, pat.actor, consent.id, TODAY + DAY)
        consents.mark_event_occurred(s, pat.actor, consent.id, TODAY)
        assert consents.get_consent(s, pat.actor, consent.id).state == "expired"
        with pytest.raises(ServiceError, match="already recorded"):
            consents.mark_event_occurred(s, pat.actor, consent.id, TODAY)


def test_alerts_for_the_workspace_header(team) -> None:
    pat = team.login("pat")
    pid = team.pat_participant
    with pat.session() as s:
        assert consents.alerts_for(s, pat.actor, pid) == []
        consents.save_consent(s, pat.actor, pid, consent_for("Harbor House",
                                                             expires=TODAY + 9 * DAY))
        consents.save_consent(s, pat.actor, pid, consent_for("Bridge Clinic", signed=None))
        consents.save_consent(s, pat.actor, pid, consent_for("Far Away Services",
                                                             expires=TODAY + 200 * DAY))
        assert consents.alerts_for(s, pat.actor, pid) == [
            "Consent for Bridge Clinic is not signed yet",
            "Consent for Harbor House expires in 9 days"]


def test_who_may_record_read_and_print_consents(team) -> None:
    wes = team.login("wes")
    with wes.session() as s, pytest.raises(PermissionDenied):
        consents.save_consent(s, wes.actor, team.pat_participant, consent_for())
    pat = team.login("pat")
    with pat.session() as s:
        cid = consents.save_consent(s, pat.actor, team.pat_participant, consent_for()).id
    pm = team.login("pm")
    with pm.session() as s:
        assert [c.id for c in consents.consents_for(s, pm.actor, team.pat_participant)] == [cid]
        with pytest.raises(PermissionDenied):
            consents.save_consent(s, pm.actor, team.pat_participant, consent_for())
        with pytest.raises(PermissionDenied):
            consents.form_data(s, pm.actor, team.pat_participant, consent_for())
        with pytest.raises(PermissionDenied):
            consents.revoke_consent(s, pm.actor, cid, TODAY, "orally")
    with wes.session() as s, pytest.raises(PermissionDenied):
        consents.consents_for(s, wes.actor, team.pat_participant)


def test_new_consent_starts_from_the_organization_and_one_year(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        data = consents.new_consent_input(s, pat.actor, team.pat_participant, "Harbor House")
    assert data.discloser == "Harbor Light Recovery Community (test)"
    assert data.recipients == ["Harbor House"] and data.signed_on is None
    assert data.signer_name == "Marisol Núñez" and data.expires_on is not None
    assert 364 <= (data.expires_on - TODAY).days <= 366


def test_the_workspace_header_warns_of_an_expiring_consent(team) -> None:
    from peerdesk.services import workspace

    pat = team.login("pat")
    with pat.session() as s:
        consents.save_consent(s, pat.actor, team.pat_participant,
                              consent_for(expires=TODAY + 5 * DAY))
    with pat.session() as s:
        header = workspace.open_workspace(s, pat.actor, team.pat_participant).header
    assert any("Harbor House" in a and "5 days" in a for a in header.alerts), header.alerts
