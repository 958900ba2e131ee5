"""A group note entered once makes one unsigned note per attendee, each editable alone."""

from __future__ import annotations

from caseload_helpers import (
    YESTERDAY,
    caseload,  # noqa: F401  (fixture)
    list_page,
    open_form,
    open_participant,
    retype,
    sign_in_as,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, click

from peerdesk.services import encounters

GROUP_TEXT = "All Recovery meeting: each member shared one win from the week."


def _tick(qtbot: QtBot, dialog, name: str) -> None:  # type: ignore[no-untyped-def]
    """Find the attendee by typing, then tick them with the space bar."""
    retype(qtbot, dialog.find, name)
    qtbot.waitUntil(lambda: not dialog.search_timer.isActive())
    items = [dialog.attendees.item(i) for i in range(dialog.attendees.count())]
    row = next(i for i, item in enumerate(items) if item.text().startswith(name))
    dialog.attendees.setFocus()
    dialog.attendees.setCurrentRow(row)
    qtbot.keyClick(dialog.attendees, Qt.Key.Key_Space)
    assert dialog.attendees.item(row).checkState() == Qt.CheckState.Checked


def test_a_group_note_makes_one_note_per_attendee_each_editable_alone(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    page = list_page(window)
    click(qtbot, page.group_button)
    dialog = window.group_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Barnes, Theo" not in [dialog.attendees.item(i).text().split(" (")[0]
                                  for i in range(dialog.attendees.count())]  # not pat's
    _tick(qtbot, dialog, "Núñez")
    retype(qtbot, dialog.service_date, YESTERDAY.isoformat())
    retype(qtbot, dialog.start_time, "18:00")
    retype(qtbot, dialog.end_time, "19:30")
    retype(qtbot, dialog.topic, "Coping skills")
    retype(qtbot, dialog.narrative, GROUP_TEXT)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "at least two attendees" in dialog.problems["participant_ids"].text()
    _tick(qtbot, dialog, "Nunley")
    assert dialog.chosen_label.text().startswith("2 chosen:")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert "2 unsigned notes were made" in window.statusBar().currentMessage()

    # Each attendee has their own note; editing one leaves the other alone.
    ws = open_participant(qtbot, window, caseload.pat_participant)
    ws.tabs.setCurrentWidget(ws.notes)
    assert ws.notes.table.rowCount() == 1
    assert ws.notes.table.item(0, 3).text().endswith("(group)")
    assert ws.notes.table.item(0, 2).text() == "90"
    click(qtbot, ws.notes.open_button)
    form = open_form(qtbot, ws)
    assert form.fields.narrative.toPlainText() == GROUP_TEXT
    assert form.fields.group.currentData() is True
    personal = GROUP_TEXT + " Marisol also asked for a ride to Thursday's appointment."
    retype(qtbot, form.fields.narrative, personal)
    click(qtbot, form.save_button)  # no overlap warning with the rest of the group
    assert form.state.text() == "Saved, not signed yet."
    form.close()

    assert app.store is not None
    with app.store.session() as s:
        mine = encounters.notes_for(s, app.store.actor, caseload.pat_participant)
        theirs = encounters.notes_for(s, app.store.actor, caseload.more["Nunley"])
    assert [n.narrative for n in mine] == [personal]
    assert [n.narrative for n in theirs] == [GROUP_TEXT]
    assert mine[0].group_session_id == theirs[0].group_session_id is not None
