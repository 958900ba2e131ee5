"""Who may see and do what, checked in the services (no UI involved)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.families import FamilyContactInput, FamilyMemberInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import (
    encounters,
    families,
    participant_list,
    participants,
    sharing,
    supervision,
    workspace,
)
from peerdesk.services.errors import PermissionDenied

DAY = date.today() - timedelta(days=2)


def _signed_note(st, pid: int) -> int:  # type: ignore[no-untyped-def]
    with st.session() as s:
        nid = encounters.save_encounter(s, st.actor, EncounterInput(
            pid, DAY, time(9, 0), time(9, 30), "phone", "recovery_coaching",
            narrative="Talked through the weekend plan and a ride to the meeting.")).id
        encounters.sign_encounter(s, st.actor, nid)
    return nid


def test_worker_sees_and_edits_only_assigned_or_shared(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        ids = participant_list.matching_ids(s, pat.actor, participant_list.ListFilter())
        assert ids == [team.pat_participant]
    for action in (
        lambda s: workspace.open_workspace(s, pat.actor, team.wes_participant),
        lambda s: participants.update_participant(s, pat.actor, team.wes_participant,
                                                  ParticipantInput("Theo", "Barnes")),
        lambda s: encounters.save_encounter(s, pat.actor, EncounterInput(
            team.wes_participant, DAY, time(9, 0), time(9, 30), "phone", "recovery_coaching")),
        lambda s: sharing.share(s, pat.actor, team.wes_participant, team.ids["pat"]),
    ):
        with pytest.raises(PermissionDenied), pat.session() as s:
            action(s)


def test_sharing_grants_and_revoking_removes_access(team) -> None:
    wes = team.login("wes")
    with wes.session() as s:
        sharing.share(s, wes.actor, team.wes_participant, team.ids["pat"])
    pat = team.login("pat")
    with pat.session() as s:
        workspace.open_workspace(s, pat.actor, team.wes_participant)
        _ = participants.update_participant(s, pat.actor, team.wes_participant,
                                            ParticipantInput("Theo", "Barnes", phone="5415550100",
                                                             assigned_worker_id=team.ids["wes"]))
    _signed_note(pat, team.wes_participant)
    with wes.session() as s:
        sharing.unshare(s, wes.actor, team.wes_participant, team.ids["pat"])
    with pytest.raises(PermissionDenied), pat.session() as s:
        workspace.open_workspace(s, pat.actor, team.wes_participant)


def test_a_worker_cannot_reassign_but_a_supervisor_can(team) -> None:
    pat = team.login("pat")
    with pytest.raises(PermissionDenied, match="supervisor"), pat.session() as s:
        participants.update_participant(s, pat.actor, team.pat_participant, ParticipantInput(
            "Marisol", "Núñez", assigned_worker_id=team.ids["wes"]))
    sue = team.login("sue")
    with sue.session() as s:
        participants.update_participant(s, sue.actor, team.pat_participant, ParticipantInput(
            "Marisol", "Núñez", assigned_worker_id=team.ids["wes"]))
    with pytest.raises(PermissionDenied), pat.session() as s:
        workspace.open_workspace(s, pat.actor, team.pat_participant)


def test_supervisors_and_administrators_see_everyone(team) -> None:
    for name in ("sue", "admin"):
        st = team.admin if name == "admin" else team.login(name)
        with st.session() as s:
            ids = participant_list.matching_ids(s, st.actor, participant_list.ListFilter())
            assert set(ids) == {team.pat_participant, team.wes_participant}


def test_program_manager_sees_summaries_but_never_narratives(team) -> None:
    nid = _signed_note(team.login("pat"), team.pat_participant)
    pm = team.login("pm")
    with pm.session() as s:
        space = workspace.open_workspace(s, pm.actor, team.pat_participant)
        notes = [e for e in space.timeline if e.kind == "encounter"]
        assert notes and all(e.detail is None for e in notes)
        assert "30 min" in notes[0].title
        view = encounters.get_encounter(s, pm.actor, nid)
        assert view.narrative is None and view.minutes == 30
        assert all(n.narrative is None for n in encounters.notes_for(s, pm.actor,
                                                                     team.pat_participant))
    for action in (
        lambda s: encounters.save_encounter(s, pm.actor, EncounterInput(
            team.pat_participant, DAY, time(11, 0), time(11, 30), "phone", "outreach")),
        lambda s: supervision.review_queue(s, pm.actor),
        lambda s: participants.update_participant(s, pm.actor, team.pat_participant,
                                                  ParticipantInput("M", "N")),
    ):
        with pytest.raises(PermissionDenied), pm.session() as s:
            action(s)


def test_only_supervisors_review(team) -> None:
    nid = _signed_note(team.login("pat"), team.pat_participant)
    wes = team.login("wes")
    for action in (lambda s: supervision.review_queue(s, wes.actor),
                   lambda s: supervision.cosign(s, wes.actor, nid),
                   lambda s: supervision.return_note(s, wes.actor, nid, "no")):
        with pytest.raises(PermissionDenied), wes.session() as s:
            action(s)


def test_others_drafts_are_private(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        encounters.save_encounter(s, pat.actor, EncounterInput(
            team.pat_participant, DAY, time(9, 0), time(9, 30), "phone", "recovery_coaching",
            narrative="draft words"))
    with team.admin.session() as s:  # an administrator supervises: sees the draft
        assert len(encounters.notes_for(s, team.admin.actor, team.pat_participant)) == 1
    with team.admin.session() as s:
        sharing.share(s, team.admin.actor, team.pat_participant, team.ids["wes"])
    wes = team.login("wes")
    with wes.session() as s:
        assert encounters.notes_for(s, wes.actor, team.pat_participant) == []


def test_every_workspace_open_is_audited(team) -> None:
    pat = team.login("pat")
    for _ in range(2):
        with pat.session() as s:
            workspace.open_workspace(s, pat.actor, team.pat_participant)
    with pat.session() as s:
        views = s.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.view", AuditEvent.username == "pat",
            AuditEvent.entity_id == str(team.pat_participant))).all()
    assert len(views) == 2


def test_family_peer_specialist_keeps_their_own_families(team) -> None:
    fay = team.login("fay")
    with fay.session() as s:
        mom = families.save_member(s, fay.actor, FamilyMemberInput(
            "Gloria", "Vance", "parent", loved_one_description="Adult son, not enrolled",
            consent_to_contact=True, consent_to_contact_on=DAY))
        contact = families.save_contact(s, fay.actor, FamilyContactInput(
            mom.id, DAY, 40, "phone", ["education", "craft"],
            "Practised CRAFT communication for the weekend visit."))
        families.sign_contact(s, fay.actor, contact.id)
        assert [m.id for m in families.my_families(s, fay.actor)] == [mom.id]
        mom_id = mom.id
    pat = team.login("pat")
    with pytest.raises(PermissionDenied), pat.session() as s:
        families.load_member(s, pat.actor, mom_id)
    pm = team.login("pm")
    with pm.session() as s:
        assert [c.narrative for c in families.contacts_for(s, pm.actor, mom_id)] == [""]
    with pytest.raises(PermissionDenied, match=r"linked|caseload"), fay.session() as s:
        families.save_member(s, fay.actor, FamilyMemberInput(
            "Ray", "Núñez", "sibling", participant_id=team.wes_participant))
