"""Typing in a note is never lost: autosaved into the encrypted file, kept through a lock,
restored when the form opens again, and removed once the note is saved."""

from __future__ import annotations

import pytest
from caseload_helpers import (
    activate,
    caseload,  # noqa: F401  (fixture)
    fill_note,
    open_form,
    open_participant,
    retype,
    sign_in_as,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, button_named, click, find_message, sign_in

from peerdesk.services import drafts
from peerdesk.ui import autosave
from peerdesk.ui.main_window import window_settings

TYPED = "Walked to the pharmacy together; talked through the new MOUD schedule."


def _drafts(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    assert app.store is not None
    with app.store.session() as s:
        return [(kind, ref) for kind, ref, _ in drafts.list_drafts(s, app.store.actor)]


def test_a_draft_survives_ctrl_l_and_is_restored_then_removed_on_save(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    pid = caseload.pat_participant
    ws = open_participant(qtbot, window, pid)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    fill_note(qtbot, form, "09:00", "09:50", TYPED)
    form.fields.naloxone_kits.setValue(3)
    assert _drafts(app) == []  # not yet: the autosave runs every few seconds

    activate(qtbot, form)
    qtbot.keyClick(form.fields.narrative, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.main_window is None)
    assert app.store is None
    assert set(window_settings().allKeys()) <= {"main/geometry", "main/state"}

    sign_in(qtbot, app, "pat", caseload.passwords["pat"])
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert _drafts(app) == [("encounter", f"new:{pid}")]
    assert app.main_window is not None
    ws = open_participant(qtbot, app.main_window, pid)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    assert form.fields.narrative.toPlainText() == TYPED
    assert form.fields.start_time.text() == "09:00"
    assert form.fields.naloxone_kits.value() == 3
    assert form.restored.isVisible()
    assert form.restored.text().startswith("Restored unsaved typing from ")
    click(qtbot, form.save_button)
    assert form.encounter_id is not None
    assert _drafts(app) == []  # saved as a note: the draft is gone
    assert not form.restored.isVisible()


def test_autosave_and_an_idle_lock_keep_edits_to_a_saved_note(
        qtbot: QtBot, make_app: MakeApp, caseload,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "AUTOSAVE_MS", 100)
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    pid = caseload.pat_participant
    ws = open_participant(qtbot, window, pid)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    fill_note(qtbot, form, "11:00", "11:30", "First version.")
    click(qtbot, form.save_button)
    nid = form.encounter_id
    assert nid is not None
    retype(qtbot, form.fields.narrative, TYPED)
    qtbot.waitUntil(lambda: _drafts(app) == [("encounter", str(nid))], timeout=3000)
    assert "kept at" in form.autosave_label.text()

    app.idle_lock_ms = 200  # nobody at the keyboard: the app locks by itself
    app.idle_timer.start(app.idle_interval_ms())
    qtbot.waitUntil(lambda: app.main_window is None, timeout=3000)
    app.idle_lock_ms = 60_000
    sign_in(qtbot, app, "pat", caseload.passwords["pat"])
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert app.main_window is not None
    ws = open_participant(qtbot, app.main_window, pid)
    ws.open_note(nid)
    form = open_form(qtbot, ws)
    assert form.fields.narrative.toPlainText() == TYPED
    assert form.restored.isVisible()

    # "Discard restored typing" goes back to the saved note and removes the draft.
    click(qtbot, form.discard_restored)
    click(qtbot, button_named(find_message(form), "Discard"))
    assert form.fields.narrative.toPlainText() == "First version."
    assert _drafts(app) == []
    form.close()
    assert _drafts(app) == []  # closing an unchanged form keeps no draft


def test_closing_the_form_keeps_the_typing(qtbot: QtBot, make_app: MakeApp,
                                           caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.more["Peña"])
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    retype(qtbot, form.fields.narrative, TYPED)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert _drafts(app) == [("encounter", f"new:{caseload.more['Peña']}")]
    click(qtbot, ws.new_note_button)
    again = open_form(qtbot, ws)
    assert again.fields.narrative.toPlainText() == TYPED
