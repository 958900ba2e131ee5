"""Finding and adding participants."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from ui_helpers import (
    MakeApp,
    button_named,
    click,
    find_message,
    sign_in,
    signed_in_window,
    type_into,
)

from peerdesk.services import participants
from peerdesk.services import store as store_mod
from peerdesk.services.store import Store
from peerdesk.ui.common import format_date
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.participant_dialog import AddParticipantDialog
from peerdesk.ui.participants_page import ParticipantsPage


def open_participants(window: MainWindow) -> ParticipantsPage:
    window.nav.setCurrentRow(1)
    page = window.participants_page
    assert page.isVisible()
    return page


def table(page: ParticipantsPage) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_add_a_participant_and_find_them(qtbot: QtBot, make_app: MakeApp,
                                        closed_store: Store, admin_password: str) -> None:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    assert "Participants in the program: 0" in window.home_page.count.text()
    page = open_participants(window)
    assert table(page) == []
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, AddParticipantDialog) and dialog.isVisible()
    type_into(qtbot, dialog.first_name, "Jordan")
    type_into(qtbot, dialog.last_name, "Reyes")
    type_into(qtbot, dialog.preferred_name, "Jo")
    type_into(qtbot, dialog.date_of_birth, "1988-04-12")
    type_into(qtbot, dialog.phone, "555 201 0147")
    choose(dialog.preferred_language, "Spanish")
    choose(dialog.gender, "Non-binary / gender diverse")
    choose(dialog.veteran, "Yes")
    type_into(qtbot, dialog.payer, "State Medicaid")
    type_into(qtbot, dialog.member_id, "MC-44120")
    choose(dialog.assigned_worker, "Pat Rivera, CARC")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()

    rows = table(page)
    assert len(rows) == 1
    name, preferred, born, phone, member, status, worker, last = rows[0]
    assert (name, preferred, phone, member, status, worker, last) == (
        "Reyes, Jordan", "Jo", "(555) 201-0147", "MC-44120", "Active", "Pat Rivera",
        "None yet")
    assert "1988" in born
    type_into(qtbot, page.search, "nobody-like-this")
    qtbot.waitUntil(lambda: table(page) == [])  # results follow the typing (~120 ms)
    type_into(qtbot, page.search, "reye")
    qtbot.waitUntil(lambda: len(table(page)) == 1)
    window.nav.setCurrentRow(0)
    assert "Participants in the program: 1" in window.home_page.count.text()

    # Pat sees the participant on their caseload (checked through the service).
    assert app.store is not None
    with app.store.session() as s:
        found = participants.search_participants(s, app.store.actor, "Jordan")
        record = participants.load_visible(s, app.store.actor, found[0].id)
        assert record.veteran == "yes" and record.preferred_language == "es"
        assert record.assigned_worker is not None
        assert record.assigned_worker.username == "pat"


def test_a_future_birth_date_is_shown_next_to_the_field_and_nothing_is_saved(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    page = open_participants(window)
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog is not None
    type_into(qtbot, dialog.first_name, "Casey")
    type_into(qtbot, dialog.last_name, "Morgan")
    type_into(qtbot, dialog.date_of_birth, "13/45/19")  # not a date at all
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "Please type the date as" in dialog.problems["date_of_birth"].text()
    tomorrow = date.today() + timedelta(days=1)
    type_into(qtbot, dialog.date_of_birth, format_date(tomorrow))
    type_into(qtbot, dialog.member_id, "AB12")  # a member id without a payer
    click(qtbot, dialog.save_button)

    assert dialog.isVisible()
    dob_problem = dialog.problems["date_of_birth"]
    assert dob_problem.isVisible()
    assert "cannot be in the future" in dob_problem.text()
    assert dialog.date_of_birth.accessibleDescription() == \
        "The date of birth cannot be in the future."
    assert "payer" in dialog.problems["payer"].text()
    assert not dialog.problems["first_name"].isVisible()
    assert dialog.focusWidget() is dialog.date_of_birth  # the first problem gets focus
    # The problem sits right under its own field.
    field_box = dialog.date_of_birth.parentWidget()
    assert dob_problem.parentWidget() is field_box
    assert table(page) == []
    store = store_mod.unlock(db_path, "admin", admin_password)
    with store.session() as s:
        assert participants.count_visible(s, store.actor) == 0
    store.lock()

    # Fixing the date clears the message and saves.
    type_into(qtbot, dialog.date_of_birth, format_date(date(1990, 1, 2)))
    type_into(qtbot, dialog.payer, "Acme Health")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert [r[0] for r in table(page)] == ["Morgan, Casey"]


def test_a_worker_adds_to_their_own_caseload(qtbot: QtBot, make_app: MakeApp,
                                            closed_store: Store, worker_password: str) -> None:
    app = make_app()
    app.start()
    sign_in(qtbot, app, "pat", worker_password)
    dialog = app.password_dialog
    assert dialog is not None
    type_into(qtbot, dialog.current, worker_password)
    type_into(qtbot, dialog.new, "pat-own-pass-3")
    type_into(qtbot, dialog.confirm, "pat-own-pass-3")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert app.main_window is not None
    page = open_participants(app.main_window)
    click(qtbot, page.add_button)
    add = page.dialog
    assert add is not None
    assert not add.assigned_worker.isEnabled()
    assert add.assigned_worker.currentText() == "Pat Rivera"
    type_into(qtbot, add.first_name, "Riley")
    type_into(qtbot, add.last_name, "Chen")
    click(qtbot, add.save_button)
    assert [r[6] for r in table(page)] == ["Pat Rivera"]
    assert "caseload: 1" in app.main_window.home_page.count.text()


def test_a_possible_duplicate_is_saved_only_after_confirming(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    page = open_participants(window)
    for attempt in range(2):
        click(qtbot, page.add_button)
        dialog = page.dialog
        assert dialog is not None
        type_into(qtbot, dialog.first_name, "Jose")
        type_into(qtbot, dialog.last_name, "Nunez")
        type_into(qtbot, dialog.date_of_birth, "1975-06-30")
        click(qtbot, dialog.save_button)
        if attempt == 0:
            assert not dialog.isVisible()
    assert dialog.isVisible()
    box = find_message(dialog)
    assert "already recorded" in box.text()
    click(qtbot, button_named(box, "Cancel"))
    assert dialog.isVisible() and len(table(page)) == 1
    click(qtbot, dialog.save_button)
    click(qtbot, button_named(find_message(dialog), "Save anyway"))
    assert not dialog.isVisible()
    assert [r[0] for r in table(page)] == ["Nunez, Jose", "Nunez, Jose"]
