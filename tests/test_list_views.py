"""Plain rows the review queue, home lists and families screens show (service additions)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from peerdesk.db.caseload_models import Encounter
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.families import FamilyContactInput, FamilyMemberInput
from peerdesk.services import encounters, families, supervision
from peerdesk.services.errors import PermissionDenied

DAY = date.today() - timedelta(days=1)


def _signed_note(store, pid: int) -> int:  # type: ignore[no-untyped-def]
    with store.session() as s:
        note = encounters.save_encounter(s, store.actor, EncounterInput(
            pid, DAY, time(9, 0), time(9, 30), "community", "recovery_coaching",
            "Talked through the week and the plan for Friday."))
        encounters.sign_encounter(s, store.actor, note.id)
        return note.id


def test_note_rows_name_the_participant_and_the_reviewer(team) -> None:
    pat, sue = team.login("pat"), team.login("sue")
    nid = _signed_note(pat, team.pat_participant)
    with sue.session() as s:
        [row] = supervision.note_rows(s, sue.actor, supervision.review_queue(s, sue.actor))
        assert (row.note.id, row.participant_name, row.reviewed_by) == (nid, "Núñez, Marisol", "")
        supervision.return_note(s, sue.actor, nid, "Please add the next step.")
    with pat.session() as s:
        [row] = supervision.note_rows(s, pat.actor, supervision.returned_notes(s, pat.actor))
        assert row.reviewed_by == "Sue Supervisor" and row.reviewed_at is not None
        assert row.note.review_comment == "Please add the next step."
        assert supervision.note_rows(s, pat.actor, []) == []
    wes = team.login("wes")  # a participant who is not on wes's caseload stays unnamed
    with wes.session() as s:
        view = encounters.view(s.get(Encounter, nid), pat.actor)
        [row] = supervision.note_rows(s, wes.actor, [view])
        assert row.participant_name == ""


def test_family_rows_and_contact_views(team) -> None:
    fay, pm = team.login("fay"), team.login("pm")
    with fay.session() as s:
        alone = families.save_member(s, fay.actor, FamilyMemberInput(
            "Gloria", "Vance", "parent", loved_one_description="Her son, 24"))
        linked = families.save_member(s, fay.actor, FamilyMemberInput(
            "Ana", "Núñez", "sibling", consent_to_contact=True,
            consent_to_contact_on=DAY), member_id=None)
        c1 = families.save_contact(s, fay.actor, FamilyContactInput(
            alone.id, DAY, 30, "phone", ["support", "craft"], "Practised a CRAFT script."))
        families.sign_contact(s, fay.actor, c1.id)
        families.add_contact_addendum(s, fay.actor, c1.id, "Also shared the group times.")
        families.save_contact(s, fay.actor, FamilyContactInput(
            alone.id, date.today(), 10, "text", [], "Draft text"))
        ids = (alone.id, linked.id, c1.id)
    with team.admin.session() as s:  # link Ana to a participant fay cannot see
        data = families.member_input(s, team.admin.actor, ids[1])
        data.participant_id = team.wes_participant
        families.save_member(s, team.admin.actor, data, member_id=ids[1])
    with fay.session() as s:
        rows = {r.name: r for r in families.family_rows(s, fay.actor)}
        assert rows["Gloria Vance"].participant_id is None
        assert rows["Gloria Vance"].loved_one_description == "Her son, 24"
        assert rows["Gloria Vance"].worker_name == "Fay Family"
        assert rows["Gloria Vance"].last_contact_on == date.today()
        assert rows["Ana Núñez"].participant_id == team.wes_participant
        assert rows["Ana Núñez"].participant_name == ""  # not on fay's caseload
        assert rows["Ana Núñez"].consent_to_contact_on == DAY
        draft, signed = families.contact_views(s, fay.actor, ids[0])
        assert draft.editable and not draft.signed and not draft.addendum_allowed
        assert signed.topics == ("support", "craft") and signed.signed_by == "Fay Family, CPRS"
        assert not signed.editable and signed.addendum_allowed
        assert signed.addenda[0][1:] == ("Fay Family, CPRS", "Also shared the group times.")
        assert families.get_contact(s, fay.actor, ids[2]).narrative == "Practised a CRAFT script."
    with team.admin.session() as s:
        everyone = families.family_rows(s, team.admin.actor, include_all=True)
        assert [r.participant_name for r in everyone] == ["Theo Barnes", ""]
    with pm.session() as s:
        assert families.family_rows(s, pm.actor) == []
        [only] = families.contact_views(s, pm.actor, ids[0])  # drafts stay private
        assert only.narrative is None and only.addenda[0][2] is None
        assert not only.addendum_allowed and not only.editable
    sue = team.login("sue")
    with sue.session() as s:
        assert len(families.contact_views(s, sue.actor, ids[0])) == 2
    wes = team.login("wes")
    with pytest.raises(PermissionDenied), wes.session() as s:
        families.get_contact(s, wes.actor, ids[2])
