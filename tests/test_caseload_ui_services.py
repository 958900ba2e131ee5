"""Small service additions the caseload screens rely on: fuller note views, draft times,
and refreshing an open workspace without a second audited view."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import drafts, encounters, workspace

YESTERDAY = date.today() - timedelta(days=1)


def test_a_note_view_carries_what_the_form_shows(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        nid = encounters.save_encounter(s, pat.actor, EncounterInput(
            team.pat_participant, YESTERDAY, time(9, 0), time(9, 30), "community",
            "recovery_coaching", narrative="Walked to the clinic together; booked intake.",
            other_supplies="bus pass", other_supplies_count=2)).id
        encounters.sign_encounter(s, pat.actor, nid)
        encounters.add_addendum(s, pat.actor, nid, "Also gave a food bank list.")
    with pat.session() as s:
        note = encounters.get_encounter(s, pat.actor, nid)
    assert note.worker_id == team.ids["pat"]
    assert isinstance(note.signed_at, datetime)
    assert (note.other_supplies, note.other_supplies_count) == ("bus pass", 2)
    assert note.addenda_credentials == ("CARC",)
    assert note.group_session_id is None


def test_a_draft_entry_says_when_it_was_saved(team) -> None:
    pat = team.login("pat")
    with pat.session() as s:
        assert drafts.load_draft_entry(s, pat.actor, "encounter", "new:1") is None
        drafts.save_draft(s, pat.actor, "encounter", "new:1", {"narrative": "half a thought"})
    with pat.session() as s:
        entry = drafts.load_draft_entry(s, pat.actor, "encounter", "new:1")
    assert entry is not None
    payload, saved_at = entry
    assert payload == {"narrative": "half a thought"}
    now = datetime.now(UTC).replace(tzinfo=None)
    assert abs((now - saved_at).total_seconds()) < 60
    wes = team.login("wes")  # drafts are private to their author
    with wes.session() as s:
        assert drafts.load_draft_entry(s, wes.actor, "encounter", "new:1") is None


def test_refreshing_an_open_workspace_is_not_a_second_view(team) -> None:
    pat = team.login("pat")

    def views() -> int:
        with pat.session() as s:
            return s.execute(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "participant.view")).scalar_one()

    before = views()
    with pat.session() as s:
        workspace.open_workspace(s, pat.actor, team.pat_participant)
    assert views() == before + 1
    with pat.session() as s:
        workspace.open_workspace(s, pat.actor, team.pat_participant, record_view=False)
    assert views() == before + 1


def test_status_changes_on_one_day_show_the_latest_first(team) -> None:
    from peerdesk.domain.participants import ParticipantStatus
    from peerdesk.services import participants

    pat = team.login("pat")
    today = date.today()
    with pat.session() as s:
        participants.change_status(s, pat.actor, team.pat_participant,
                                   ParticipantStatus.DISCHARGED, today, "Moved away")
    with pat.session() as s:
        participants.change_status(s, pat.actor, team.pat_participant,
                                   ParticipantStatus.ACTIVE, today, "Came back")
    with pat.session() as s:
        events = workspace.open_workspace(s, pat.actor, team.pat_participant).timeline
    assert [(e.title, e.detail) for e in events if e.kind == "status"] == [
        ("Status: Active", "Came back"), ("Status: Discharged", "Moved away"),
        ("Status: Active", "Enrolled")]
