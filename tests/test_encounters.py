"""Service notes: drafts, signing, immutability (also in SQL), addenda, groups, overlaps."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import drafts, encounters, supervision
from peerdesk.services.errors import (
    NeedsConfirmation,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)

YESTERDAY = date.today() - timedelta(days=1)


def _note(pid: int, start=time(10, 0), end=time(10, 45), day=YESTERDAY, **kw) -> EncounterInput:
    kw.setdefault("narrative", "Met at the library; worked on a housing application together.")
    return EncounterInput(participant_id=pid, service_date=day, start_time=start, end_time=end,
                          setting="community", service_type="recovery_coaching", **kw)


def test_draft_sign_then_read_only(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        note = encounters.save_encounter(s, pat.actor, _note(team.pat_participant))
        assert note.minutes == 45 and note.service_code == "H0038"
        nid = note.id
    with pat.session() as s:
        signed = encounters.sign_encounter(s, pat.actor, nid)
        assert signed.signed_by_name == "Pat Rivera" and signed.signed_by_credential == "CARC"
        assert signed.review_status == "pending"
    with pytest.raises(ServiceError, match="signed and cannot be changed"), pat.session() as s:
        encounters.save_encounter(s, pat.actor, _note(team.pat_participant, narrative="edited"),
                                  encounter_id=nid)
    with pat.session() as s:
        encounters.add_addendum(s, pat.actor, nid, "Correction: it was the east branch.")
    with pat.session() as s:
        view = encounters.get_encounter(s, pat.actor, nid)
        assert view.narrative.startswith("Met at the library")
        assert [a[2] for a in view.addenda] == ["Correction: it was the east branch."]


def test_raw_sql_cannot_change_or_delete_a_signed_note(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        nid = encounters.save_encounter(s, pat.actor, _note(team.pat_participant)).id
        encounters.sign_encounter(s, pat.actor, nid)
    for sql in ["UPDATE encounters SET narrative = 'rewritten' WHERE id = ?",
                "UPDATE encounters SET minutes = 90 WHERE id = ?",
                "DELETE FROM encounters WHERE id = ?"]:
        with pytest.raises(DBAPIError, match=r"cannot be changed|never deleted"), \
                pat.session() as s:
            s.connection().exec_driver_sql(sql, (nid,))
    with pat.session() as s:  # review fields may still change (co-signature)
        s.connection().exec_driver_sql(
            "UPDATE encounters SET review_status = 'pending' WHERE id = ?", (nid,))


def test_validation_in_the_users_words(team) -> None:
    pat = team.login("pat")
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationFailed) as err, pat.session() as s:
        encounters.save_encounter(s, pat.actor, _note(
            team.pat_participant, start=time(11, 0), end=time(10, 0), day=tomorrow,
            naloxone_kits=-1))
    fields = {p.field for p in err.value.problems}
    assert {"service_date", "end_time", "naloxone_kits"} <= fields
    with pat.session() as s:
        nid = encounters.save_encounter(s, pat.actor, _note(team.pat_participant,
                                                            narrative="")).id
    with pytest.raises(ValidationFailed, match="write the note"), pat.session() as s:
        encounters.sign_encounter(s, pat.actor, nid)


def test_overlapping_notes_need_confirmation(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        encounters.save_encounter(s, pat.actor, _note(team.pat_participant))
    with pytest.raises(NeedsConfirmation, match="10:00 to 10:45"), pat.session() as s:
        encounters.save_encounter(s, pat.actor, _note(team.pat_participant, start=time(10, 30),
                                                      end=time(11, 0)))
    with pat.session() as s:
        encounters.save_encounter(s, pat.actor, _note(team.pat_participant, start=time(10, 30),
                                                      end=time(11, 0)), confirm_overlap=True)
        encounters.save_encounter(s, pat.actor, _note(team.pat_participant, start=time(10, 45),
                                                      end=time(10, 50)),
                                  confirm_overlap=True)


def test_group_note_creates_one_editable_note_per_attendee(team) -> None:
    sue = team.login("sue")
    group = encounters.GroupInput(
        participant_ids=[team.pat_participant, team.wes_participant], service_date=YESTERDAY,
        start_time=time(18, 0), end_time=time(19, 30), setting="recovery_center",
        topic="All Recovery meeting", narrative="Group check-in and sharing on coping skills.")
    with sue.session() as s:
        notes = encounters.create_group_notes(s, sue.actor, group)
        ids = [n.id for n in notes]
    assert len(ids) == 2
    with sue.session() as s:
        first = encounters.get_encounter(s, sue.actor, ids[0])
        assert first.is_group and first.modifier == "HQ" and first.minutes == 90
        edited = _note(team.wes_participant, start=time(18, 0), end=time(19, 30),
                       narrative="Theo shared a plan for the weekend.", is_group=True)
        encounters.save_encounter(s, sue.actor, edited, encounter_id=ids[1])
    with sue.session() as s:
        views = [encounters.get_encounter(s, sue.actor, i) for i in ids]
    assert views[0].narrative != views[1].narrative
    with pytest.raises(ValidationFailed, match="two attendees"), sue.session() as s:
        encounters.create_group_notes(s, sue.actor, encounters.GroupInput(
            [team.pat_participant], YESTERDAY, time(8, 0), time(9, 0), "community", "", "x"))


def test_supervisor_cosigns_or_returns_and_worker_answers_with_addendum(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        a = encounters.save_encounter(s, pat.actor, _note(team.pat_participant)).id
        b = encounters.save_encounter(s, pat.actor, _note(team.pat_participant,
                                                          start=time(14, 0),
                                                          end=time(14, 30))).id
        encounters.sign_encounter(s, pat.actor, a)
        encounters.sign_encounter(s, pat.actor, b)
    sue = team.login("sue")
    with sue.session() as s:
        assert {n.id for n in supervision.review_queue(s, sue.actor)} == {a, b}
        supervision.cosign(s, sue.actor, a)
        with pytest.raises(ValidationFailed):
            supervision.return_note(s, sue.actor, b, "")
        supervision.return_note(s, sue.actor, b, "Please add the follow-up plan.")
        assert supervision.review_queue(s, sue.actor) == []
    with pat.session() as s:
        returned = supervision.returned_notes(s, pat.actor)
        assert [(n.id, n.review_comment) for n in returned] == [
            (b, "Please add the follow-up plan.")]
        with pytest.raises(PermissionDenied):
            supervision.cosign(s, pat.actor, a)
        encounters.add_addendum(s, pat.actor, b, "Follow-up: call Tuesday about the lease.")
    with sue.session() as s:
        assert [n.id for n in supervision.review_queue(s, sue.actor)] == [b]


def test_a_supervisor_cannot_cosign_their_own_note(team) -> None:
    sue = team.login("sue")
    with sue.session() as s:
        nid = encounters.save_encounter(s, sue.actor, _note(team.pat_participant)).id
        encounters.sign_encounter(s, sue.actor, nid)
        assert supervision.review_queue(s, sue.actor) == []
        with pytest.raises(PermissionDenied):
            supervision.cosign(s, sue.actor, nid)


def test_no_contact_list(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        encounters.save_encounter(s, pat.actor, _note(team.pat_participant,
                                                      day=date.today() - timedelta(days=20)))
        rows = supervision.no_contact(s, pat.actor, days=14)
        assert [(r.participant_id, r.days) for r in rows] == [(team.pat_participant, 20)]
        assert supervision.no_contact(s, pat.actor, days=30) == []
    sue = team.login("sue")
    with sue.session() as s:
        far = date.today() + timedelta(days=30)
        ids = {r.participant_id for r in supervision.no_contact(s, sue.actor, days=14, today=far)}
        assert ids == {team.pat_participant, team.wes_participant}


def test_drafts_survive_and_are_private(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        drafts.save_draft(s, pat.actor, "encounter", "new:1", {"narrative": "half typed"})
    pat.lock()
    pat = team.login("pat")
    with pat.session() as s:
        assert drafts.load_draft(s, pat.actor, "encounter", "new:1") == {
            "narrative": "half typed"}
    wes = team.login("wes")
    with wes.session() as s:
        assert drafts.load_draft(s, wes.actor, "encounter", "new:1") is None
