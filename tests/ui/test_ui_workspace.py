"""The participant workspace: header and alerts, editing, status changes, and what a
program manager may (not) read."""

from __future__ import annotations

from datetime import date, time, timedelta

from caseload_helpers import (
    YESTERDAY,
    caseload,  # noqa: F401  (fixture)
    choose,
    list_page,
    open_form,
    open_participant,
    retype,
    sign_in_as,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from ui_helpers import MakeApp, click

from peerdesk.db.models import AuditEvent
from peerdesk.domain.encounters import EncounterInput
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import encounters, participants
from peerdesk.ui.common import WARNING_SIGN, format_date
from peerdesk.ui.participant_dialog import ParticipantDialog
from peerdesk.ui.status_dialog import StatusDialog


def test_header_shows_facts_and_alerts_in_words_and_the_view_is_audited(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    long_ago = date.today() - timedelta(days=30)
    with pat.session() as s:
        pid = participants.create_participant(s, pat.actor, ParticipantInput(
            "Quinn", "Harlow", preferred_name="Q", enrolled_on=long_ago)).id
    pat.lock()
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, pid)
    assert ws.title.text() == "Quinn Harlow"
    assert ws.preferred.text() == "Q"
    assert ws.status.text() == "Active"
    assert ws.worker.text() == "Pat Rivera"
    assert ws.last_contact.text() == "No contact recorded yet"
    assert ws.alerts.isVisible()
    assert ws.alerts.text() == f"{WARNING_SIGN} No contact in 30 days"  # words, not colour
    assert "Status: Active" in ws.timeline.entries()[0]
    assert app.store is not None
    with app.store.session() as s:
        viewed = s.execute(select(AuditEvent.entity_id).where(
            AuditEvent.action == "participant.view", AuditEvent.username == "pat")).scalars()
        assert str(pid) in list(viewed)


def test_edit_shows_problems_next_to_fields_and_saves_nothing_until_fixed(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    pid = caseload.pat_participant
    ws = open_participant(qtbot, window, pid)
    click(qtbot, ws.edit_button)
    dialog = ws.dialog
    assert isinstance(dialog, ParticipantDialog) and dialog.isVisible()
    assert dialog.windowTitle().startswith("Edit participant")
    assert dialog.first_name.text() == "Marisol" and dialog.last_name.text() == "Núñez"
    assert not dialog.assigned_worker.isEnabled()  # only a supervisor reassigns
    retype(qtbot, dialog.last_name, "")
    retype(qtbot, dialog.phone, "12")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "last name" in dialog.problems["last_name"].text()
    assert dialog.problems["last_name"].parentWidget() is dialog.last_name.parentWidget()
    assert "7 to 15 digits" in dialog.problems["phone"].text()
    assert dialog.focusWidget() is dialog.last_name
    assert app.store is not None
    with app.store.session() as s:
        assert participants.load_visible(s, app.store.actor, pid).last_name == "Núñez"

    retype(qtbot, dialog.last_name, "Núñez-Ortiz")
    retype(qtbot, dialog.phone, "541 555 0101")
    retype(qtbot, dialog.city, "Riverbend")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert ws.title.text() == "Marisol Núñez-Ortiz"
    page = list_page(window)
    assert "Núñez-Ortiz, Marisol" in [str(page.model.index(r, 0).data())
                                      for r in range(page.model.rowCount())]
    with app.store.session() as s:
        p = participants.load_visible(s, app.store.actor, pid)
        assert (p.phone, p.city) == ("(541) 555-0101", "Riverbend")


def test_discharge_with_a_reason_then_re_enroll_shows_in_the_timeline(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.more["Brooks"])
    click(qtbot, ws.status_button)
    dialog = ws.dialog
    assert isinstance(dialog, StatusDialog)
    choose(dialog.new_status, "discharged")
    click(qtbot, dialog.save_button)  # no reason given
    assert dialog.isVisible()
    assert "reason" in dialog.problems["reason"].text()
    retype(qtbot, dialog.reason, "Moved out of the area")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert ws.status.text() == "Discharged"
    assert "Status: Discharged" in ws.timeline.entries()[0]
    assert "Moved out of the area" in ws.timeline.entries()[0]

    click(qtbot, ws.status_button)
    dialog = ws.dialog
    assert isinstance(dialog, StatusDialog)
    assert dialog.new_status.currentData() == "active"  # "Re-enroll" is the first choice
    tomorrow = date.today() + timedelta(days=1)
    retype(qtbot, dialog.effective_on, format_date(tomorrow))
    click(qtbot, dialog.save_button)
    assert "future" in dialog.problems["effective_on"].text()
    retype(qtbot, dialog.effective_on, format_date(date.today()))
    retype(qtbot, dialog.reason, "Came back to the program")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert ws.status.text() == "Active"
    statuses = [e for e in ws.timeline.entries() if "Status:" in e]
    assert [s.splitlines()[0].split(" · ")[-1] for s in statuses] == [
        "Status: Active", "Status: Discharged", "Status: Active"]
    assert "Came back to the program" in statuses[0]


def test_a_program_manager_sees_no_narratives_and_no_write_actions(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    secret = "Talked about the custody hearing and a return to use last week."
    with pat.session() as s:
        nid = encounters.save_encounter(s, pat.actor, EncounterInput(
            caseload.pat_participant, YESTERDAY, time(9, 0), time(9, 40), "community",
            "recovery_coaching", narrative=secret, naloxone_kits=2)).id
        encounters.sign_encounter(s, pat.actor, nid)
        encounters.add_addendum(s, pat.actor, nid, "Addendum words that stay private.")
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pm")
    assert not window.new_participant_action.isEnabled()
    assert not window.participants_page.add_button.isEnabled()
    assert not window.participants_page.group_button.isVisible()
    ws = open_participant(qtbot, window, caseload.pat_participant)
    for button in (ws.new_note_button, ws.edit_button, ws.status_button):
        assert not button.isVisible()
    entries = "\n".join(ws.timeline.entries())
    assert "Service note: Recovery coaching" in entries  # who was served, when: yes
    assert "Note: not shown for your role." in entries
    assert secret not in entries and "private" not in entries
    ws.tabs.setCurrentWidget(ws.notes)
    assert ws.notes.table.item(0, 7).text() == "Not shown for your role"
    for button in (ws.notes.sign_button, ws.notes.discard_button, ws.notes.group_button,
                   ws.notes.addendum_button):
        assert not button.isVisible()
    click(qtbot, ws.notes.open_button)
    form = open_form(qtbot, ws)
    assert form.fields.withheld.isVisible() and not form.fields.narrative.isVisible()
    assert form.fields.withheld.text() == "Not shown for your role."
    assert form.fields.naloxone_kits.value() == 2  # the facts are shown
    assert secret not in form.fields.narrative.toPlainText()
    assert "private" not in form.addenda.toPlainText()
    assert not form.save_button.isVisible() and not form.sign_button.isVisible()
    assert not form.addendum_button.isVisible()
