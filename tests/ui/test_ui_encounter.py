"""Service notes through the real form: save, sign (then read-only), addenda, overlaps."""

from __future__ import annotations

from datetime import time

import pytest
from caseload_helpers import (
    YESTERDAY,
    caseload,  # noqa: F401  (fixture)
    fill_note,
    open_form,
    open_participant,
    retype,
    sign_in_as,
)
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, button_named, click, find_message

from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import encounters
from peerdesk.services.errors import ServiceError
from peerdesk.ui.encounter_form import EncounterForm
from peerdesk.ui.time_field import parse_time

NARRATIVE = "Met at the library; worked on a housing application together."


def _confirm(qtbot: QtBot, parent: QWidget, button: str, expect: str = "") -> None:
    box = find_message(parent)
    assert expect in box.text()
    click(qtbot, button_named(box, button))


def test_a_note_is_entered_saved_signed_and_then_read_only(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    assert form.state.text() == "New note — not saved yet."
    fields = form.fields
    assert fields.service_code.text() == "H0038"  # from the service type
    fill_note(qtbot, form, "10:00", "09:30", NARRATIVE)
    assert fields.minutes.text() == "The stop time must be after the start time"
    click(qtbot, form.save_button)
    assert "after the start" in fields.problems["end_time"].text()
    assert form.encounter_id is None
    retype(qtbot, fields.end_time, "10:45")
    assert fields.minutes.text() == "45 minutes"
    fields.service_type.setCurrentIndex(fields.service_type.findData("outreach"))
    assert fields.service_code.text() == ""  # outreach has no billing code by default
    retype(qtbot, fields.service_code, "h0038")  # editable
    fields.naloxone_kits.setValue(2)
    retype(qtbot, fields.other_supplies, "bus pass")
    fields.other_supplies_count.setValue(1)
    click(qtbot, form.save_button)
    assert form.encounter_id is not None
    assert form.state.text() == "Saved, not signed yet."
    nid = form.encounter_id
    ws.tabs.setCurrentWidget(ws.notes)
    assert ws.notes.table.item(0, 6).text() == "Not signed"
    assert ws.last_contact.text() != "No contact recorded yet"

    click(qtbot, form.sign_button)
    _confirm(qtbot, form, "Sign note",
             "After signing, the note cannot be changed; corrections are addenda.")
    assert form.note is not None and form.note.signed
    assert form.state.text().startswith("Signed by Pat Rivera, CARC on ")
    assert "Waiting for a supervisor" in form.review.text()
    for widget in (fields.service_date, fields.start_time, fields.end_time, fields.setting,
                   fields.service_type, fields.service_code, fields.group,
                   fields.naloxone_kits, fields.test_strips, fields.other_supplies,
                   fields.other_supplies_count):
        assert not widget.isEnabled()
    assert fields.narrative.isReadOnly()
    assert not form.save_button.isVisible() and not form.sign_button.isVisible()
    assert form.addendum_button.isVisible()
    assert ws.notes.table.item(0, 6).text() == "Signed"
    form.close()

    # Reopened: read-only; and the service refuses a change anyway.
    ws.open_note(nid)
    again = open_form(qtbot, ws)
    assert again.fields.narrative.isReadOnly() and not again.save_button.isVisible()
    assert again.fields.narrative.toPlainText() == NARRATIVE
    assert again.fields.service_code.text() == "H0038"
    assert app.store is not None
    with pytest.raises(ServiceError, match="signed and cannot be changed"), \
            app.store.session() as s:
        encounters.save_encounter(s, app.store.actor, EncounterInput(
            caseload.pat_participant, YESTERDAY, time(10, 0), time(10, 45), "community",
            "outreach", narrative="changed"), encounter_id=nid)


def test_an_addendum_is_added_and_shown(qtbot: QtBot, make_app: MakeApp,
                                        caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        nid = encounters.save_encounter(s, pat.actor, EncounterInput(
            caseload.pat_participant, YESTERDAY, time(13, 0), time(13, 30), "phone",
            "recovery_coaching", narrative=NARRATIVE)).id
        encounters.sign_encounter(s, pat.actor, nid)
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    ws.tabs.setCurrentWidget(ws.notes)
    click(qtbot, ws.notes.open_button)
    form = open_form(qtbot, ws)
    assert not form.addenda.isVisible()
    click(qtbot, form.addendum_button)
    dialog = form.addendum_dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.save_button)  # empty
    assert "write the addendum" in dialog.problem.text()
    retype(qtbot, dialog.text, "Correction: it was the east branch of the library.")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert form.addenda.isVisible()
    shown = form.addenda.toPlainText()
    assert "Pat Rivera, CARC:" in shown and "east branch" in shown
    assert form.fields.narrative.toPlainText() == NARRATIVE  # the note itself is unchanged
    assert any("Addendum by Pat Rivera" in e and "east branch" in e
               for e in ws.timeline.entries())
    assert "1 addenda" in ws.notes.table.item(0, 6).text()


def test_an_overlapping_note_asks_for_confirmation(qtbot: QtBot, make_app: MakeApp,
                                                   caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    click(qtbot, ws.new_note_button)
    first = open_form(qtbot, ws)
    fill_note(qtbot, first, "14:00", "15:00")
    click(qtbot, first.save_button)
    assert first.encounter_id is not None
    first.close()

    ws = open_participant(qtbot, window, caseload.more["Peña"])
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    fill_note(qtbot, form, "14:30", "15:15", "Phone check-in about the new job schedule.")
    click(qtbot, form.save_button)
    _confirm(qtbot, form, "Cancel", "You already have a note from 14:00 to 15:00")
    assert form.encounter_id is None  # nothing saved
    click(qtbot, form.save_button)
    _confirm(qtbot, form, "Save anyway")
    assert form.encounter_id is not None
    assert form.state.text() == "Saved, not signed yet."


def test_discarding_an_unsigned_note_from_the_notes_tab(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    fill_note(qtbot, form)
    click(qtbot, form.save_button)
    form.close()
    ws.tabs.setCurrentWidget(ws.notes)
    assert ws.notes.table.rowCount() == 1
    assert ws.notes.sign_button.isEnabled() and ws.notes.discard_button.isEnabled()
    assert not ws.notes.addendum_button.isEnabled()
    click(qtbot, ws.notes.discard_button)
    _confirm(qtbot, ws.notes, "Discard note", "Discard this unsigned note?")
    assert ws.notes.table.rowCount() == 0
    assert ws.last_contact.text() == "No contact recorded yet"
    assert not [f for f in ws.findChildren(EncounterForm) if f.isVisible()]


@pytest.mark.parametrize(("typed", "expected"), [
    ("9:30", time(9, 30)), ("0930", time(9, 30)), ("14.15", time(14, 15)), ("7", time(7, 0)),
    ("2pm", time(14, 0)), ("12:05 am", time(0, 5)), ("12 PM", time(12, 0)), ("", None)])
def test_times_can_be_typed_the_usual_ways(typed: str, expected: time | None) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "9:75", "13pm", "noon", "9:3"])
def test_unreadable_times_say_how_to_type_them(typed: str) -> None:
    with pytest.raises(ValueError, match="such as 9:30"):
        parse_time(typed)
