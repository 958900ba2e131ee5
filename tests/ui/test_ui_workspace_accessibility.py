"""The caseload screens can be read by a screen reader and used from the keyboard alone."""

from __future__ import annotations

from datetime import time

from caseload_helpers import (
    YESTERDAY,
    activate,
    caseload,  # noqa: F401  (fixture)
    list_page,
    open_form,
    open_participant,
    sign_in_as,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import MakeApp, click

from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import encounters
from peerdesk.ui.addendum_dialog import AddendumDialog
from peerdesk.ui.group_note_dialog import GroupNoteDialog
from peerdesk.ui.status_dialog import StatusDialog


def test_list_workspace_and_dialogs_are_named_and_labelled(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    list_page(window)
    ws = open_participant(qtbot, window, caseload.pat_participant)
    assert unnamed_controls(window) == []
    assert unlabelled_fields(window) == []
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    assert unnamed_controls(form) == []
    assert unlabelled_fields(form) == []
    form.close()
    assert app.store is not None
    for dialog in (StatusDialog(app.store, caseload.pat_participant, window),
                   GroupNoteDialog(app.store, None, window)):
        assert unnamed_controls(dialog) == []
        assert unlabelled_fields(dialog) == []
        dialog.deleteLater()
    words = " ".join(w.text() for w in window.findChildren(QLabel)).lower()
    assert not any(bad in words for bad in ("addict", "abuser", "client", "patient"))


def test_the_note_form_tabs_in_reading_order(qtbot: QtBot, make_app: MakeApp,
                                             caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    activate(qtbot, form)
    f = form.fields
    assert QApplication.focusWidget() is f.service_date
    for expected in (f.start_time, f.end_time, f.setting, f.service_type, f.service_code,
                     f.group, f.naloxone_kits, f.test_strips, f.other_supplies,
                     f.other_supplies_count, f.narrative):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected, expected.accessibleName()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab leaves the note
    assert QApplication.focusWidget() is not f.narrative


def test_the_addendum_dialog_is_named(qtbot: QtBot, make_app: MakeApp,
                                      caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    assert app.store is not None
    with app.store.session() as s:
        nid = encounters.save_encounter(s, app.store.actor, EncounterInput(
            caseload.pat_participant, YESTERDAY, time(8, 0), time(8, 30), "home",
            "recovery_coaching", narrative="Home visit; planned the week together.")).id
        encounters.sign_encounter(s, app.store.actor, nid)
        note = encounters.get_encounter(s, app.store.actor, nid)
    dialog = AddendumDialog(app.store, note, window)
    assert unnamed_controls(dialog) == []
    assert unlabelled_fields(dialog) == []
