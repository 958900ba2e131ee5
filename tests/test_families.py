"""Families: members with or without an enrolled loved one, signed contact log, timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from peerdesk.domain.families import FamilyContactInput, FamilyMemberInput
from peerdesk.services import families, workspace
from peerdesk.services.errors import ServiceError, ValidationFailed

DAY = date.today() - timedelta(days=1)


def test_member_validation(team) -> None:
    fay = team.login("fay")
    with pytest.raises(ValidationFailed) as err, fay.session() as s:
        families.save_member(s, fay.actor, FamilyMemberInput(
            "", "Vance", "cousin-ish", consent_to_contact=True, phone="12"))
    assert {p.field for p in err.value.problems} == {
        "first_name", "relationship", "consent_to_contact_on", "phone"}


def test_signed_family_contact_is_immutable_and_takes_addenda(team) -> None:
    fay = team.login("fay")
    with fay.session() as s:
        member = families.save_member(s, fay.actor, FamilyMemberInput("Gloria", "Vance",
                                                                      "parent"))
        contact = families.save_contact(s, fay.actor, FamilyContactInput(
            member.id, DAY, 30, "in_person", ["support"], "Listened; shared the family group."))
        families.sign_contact(s, fay.actor, contact.id)
        cid = contact.id
    with pytest.raises(ServiceError, match="signed"), fay.session() as s:
        families.save_contact(s, fay.actor, FamilyContactInput(
            member.id, DAY, 45, "in_person", ["support"], "changed"), contact_id=cid)
    with pytest.raises(DBAPIError, match="cannot be changed"), fay.session() as s:
        s.connection().exec_driver_sql(
            "UPDATE family_contacts SET narrative = 'x' WHERE id = ?", (cid,))
    with fay.session() as s:
        families.add_contact_addendum(s, fay.actor, cid, "Also gave a naloxone kit.")


def test_linked_family_contacts_show_on_the_participant_timeline(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        member = families.save_member(s, pat.actor, FamilyMemberInput(
            "Ana", "Núñez", "sibling", participant_id=team.pat_participant))
        c = families.save_contact(s, pat.actor, FamilyContactInput(
            member.id, DAY, 20, "phone", ["navigation"], "Shared the list of family groups."))
        families.sign_contact(s, pat.actor, c.id)
    with pat.session() as s:
        space = workspace.open_workspace(s, pat.actor, team.pat_participant)
        contact = next(e for e in space.timeline if e.kind == "family_contact")
        assert "Ana Núñez" in contact.title and contact.detail.startswith("Shared the list")
        whens = [e.when for e in space.timeline]
        assert whens == sorted(whens, reverse=True)  # newest first
        assert space.header.name == "Marisol Núñez"
