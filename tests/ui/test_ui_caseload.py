"""The caseload list: search as you type, filters, sorting, and the keyboard."""

from __future__ import annotations

from caseload_helpers import (
    activate,
    caseload,  # noqa: F401  (fixture)
    choose,
    keys,
    list_page,
    names,
    search,
    sign_in_as,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, click, type_into

from peerdesk.ui.participant_dialog import ParticipantDialog

NUNEZ = "Núñez, Marisol"


def test_search_narrows_as_keys_are_typed_and_ignores_accents(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    page = list_page(window)
    assert sorted(names(page)) == ["Brooks, Dana", "Nunley, Avery", NUNEZ, "Peña, Manuel"]
    assert "Barnes, Theo" not in names(page)  # wes's participant: not on pat's caseload
    page.search.setFocus()
    counts = []
    for char in "nuñe":
        keys(qtbot, page.search, char)
        qtbot.waitUntil(lambda: not page.search_timer.isActive())
        counts.append(len(names(page)))
    # "nu": Núñez, Nunley, Manuel; "nuñ" (= "nun"): Núñez, Nunley; "nuñe": Núñez.
    assert counts[1:] == [3, 2, 1]
    assert names(page) == [NUNEZ]
    search(qtbot, page, "MARISOL NUNEZ")  # case and accents ignored
    assert names(page) == [NUNEZ]
    search(qtbot, page, "1985")  # year of birth
    assert names(page) == ["Peña, Manuel"]
    assert "found: 1" in page.count_label.text()


def test_filters_scope_status_and_worker(qtbot: QtBot, make_app: MakeApp,
                                         caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "sue")  # a supervisor sees everyone
    page = list_page(window)
    assert page.scope.currentData() is False  # "Everyone I may see"
    assert len(names(page)) == 5
    choose(page.worker, caseload.ids["wes"])
    assert names(page) == ["Barnes, Theo"]
    choose(page.worker, None)
    choose(page.scope, True)  # "My caseload": nobody is assigned to sue
    assert names(page) == []
    assert "found: 0" in page.count_label.text()
    choose(page.scope, False)
    choose(page.status, "discharged")
    assert names(page) == []
    choose(page.status, "active")
    assert len(names(page)) == 5


def test_sorting_by_a_column_heading(qtbot: QtBot, make_app: MakeApp,
                                     caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    page = list_page(window)
    assert names(page) == ["Brooks, Dana", "Nunley, Avery", NUNEZ, "Peña, Manuel"]
    header = page.table.horizontalHeader()
    column = page.model.column_of("date_of_birth")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    pos = header.rect().center()
    pos.setX(x)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert page.model.filter.sort == "date_of_birth" and not page.model.filter.descending
    # Oldest first; no date of birth sorts first.
    assert names(page) == [NUNEZ, "Brooks, Dana", "Peña, Manuel", "Nunley, Avery"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert page.model.filter.descending
    assert names(page) == ["Nunley, Avery", "Peña, Manuel", "Brooks, Dana", NUNEZ]
    search(qtbot, page, "n")  # the sort is kept while searching
    assert names(page)[0] == "Nunley, Avery"


def test_keyboard_ctrl_f_ctrl_n_enter_and_escape(qtbot: QtBot, make_app: MakeApp,
                                                caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    activate(qtbot, window)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.participants_page
    assert window.current_page() is page
    assert QApplication.focusWidget() is page.search
    keys(qtbot, page.search, "peña")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter opens the top match
    assert window.current_page() is window.workspace
    assert window.workspace.title.text() == "Manuel Peña"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.current_page() is page
    assert QApplication.focusWidget() is page.table

    # Down from the search box into the list, then Enter on a row.
    window.find_action.trigger()
    type_into(qtbot, page.search, "")
    qtbot.waitUntil(lambda: len(names(page)) == 4)
    assert names(page)[page.table.currentIndex().row()] == "Peña, Manuel"  # kept selected
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.workspace.title.text() == "Marisol Núñez"
    window.back_to_list()

    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert isinstance(dialog, ParticipantDialog) and dialog.isVisible()
    assert dialog.windowTitle().startswith("Add participant")
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.first_name, "Rowan")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Tab)
    keys(qtbot, dialog.last_name, "Ñandú")
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_Return)  # the default button saves
    assert not dialog.isVisible()
    assert "Ñandú, Rowan" in names(page)
    assert page.model.id_at(page.table.currentIndex().row()) is not None
    assert page.model.row_at(page.table.currentIndex().row()).last_name == "Ñandú"
    assert "Rowan Ñandú was added" in page.count_label.text()


def test_a_participant_is_added_through_the_form_and_can_be_found(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "sue")
    page = list_page(window)
    search(qtbot, page, "zzz")  # a search that will hide the new person
    window.new_participant_action.trigger()
    dialog = page.dialog
    assert dialog is not None
    type_into(qtbot, dialog.first_name, "Jordan")
    type_into(qtbot, dialog.last_name, "Reyes")
    type_into(qtbot, dialog.date_of_birth, "1988-04-12")
    type_into(qtbot, dialog.phone, "555 201 0147")
    type_into(qtbot, dialog.email, "jordan@example.org")
    type_into(qtbot, dialog.payer, "State Medicaid")
    type_into(qtbot, dialog.member_id, "MC-44120")
    choose(dialog.assigned_worker, caseload.ids["wes"])
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert page.search.text() == ""  # cleared so the new participant shows
    row = page.model.row_at(page.table.currentIndex().row())
    assert row is not None and (row.name, row.worker_name) == ("Reyes, Jordan", "Wes Worker")
    search(qtbot, page, "201 0147")
    assert names(page) == ["Reyes, Jordan"]
    search(qtbot, page, "mc-4412")
    assert names(page) == ["Reyes, Jordan"]
