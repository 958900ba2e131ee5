"""The review queue: co-sign and return through the page; the worker sees the comment."""

from __future__ import annotations

from datetime import date, time, timedelta

from page_helpers import NARRATIVE, all_texts, note, rows, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import click, type_into

from peerdesk.db.caseload_models import Encounter
from peerdesk.ui.home_lists import HomeLists
from peerdesk.ui.review_page import ReviewPage

YESTERDAY = date.today() - timedelta(days=1)


def test_a_supervisor_cosigns_from_the_keyboard_and_the_note_leaves_the_queue(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat, sue = team.login("pat"), team.login("sue")
    first = note(pat, team.pat_participant, YESTERDAY - timedelta(days=1))
    second = note(pat, team.pat_participant, YESTERDAY, narrative="Second visit: a ride to "
                  "the clinic and a talk about the weekend.")
    page = ReviewPage(sue)
    show(qtbot, page)
    assert [r[1:3] for r in rows(page.table)] == [["Núñez, Marisol", "Pat Rivera"]] * 2
    assert "Waiting for your co-signature: 2" in page.summary.text()
    assert NARRATIVE in page.pane.toPlainText()  # the oldest note is selected and shown
    assert "Signed by: Pat Rivera, CARC" in page.pane.toPlainText()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the note in the pane
    assert QApplication.focusWidget() is page.pane

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(rows(page.table)) == 1
    assert page.current().note.id == second  # the next note is selected
    assert QApplication.focusWidget() is page.table
    assert "Co-signed the note for Núñez, Marisol" in page.notice.text()
    assert "a ride to the clinic" in page.pane.toPlainText()
    with sue.session() as s:
        done = s.get(Encounter, first)
        assert done.review_status == "cosigned" and done.reviewed_by_name == "Sue Supervisor, CPRS"

    click(qtbot, page.cosign_button)
    assert rows(page.table) == []
    assert page.summary.text() == "No notes are waiting for your co-signature."
    assert not page.cosign_button.isEnabled() and page.pane.toPlainText() == ""


def test_returning_needs_a_comment_and_the_worker_sees_it_on_the_home_lists(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat, sue = team.login("pat"), team.login("sue")
    nid = note(pat, team.pat_participant, YESTERDAY)
    page = ReviewPage(sue)
    show(qtbot, page)
    click(qtbot, page.return_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "Please tell the author what to add or correct." in dialog.problem.text()
    assert dialog.text.accessibleDescription() != ""
    type_into(qtbot, dialog.text, "Please add the plan for the next contact.")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert rows(page.table) == []
    assert "Returned the note for Núñez, Marisol to Pat Rivera" in page.notice.text()
    with sue.session() as s:
        assert s.get(Encounter, nid).review_status == "returned"

    lists = HomeLists(pat)
    show(qtbot, lists)
    assert lists.returned.heading.text() == "&Returned to you (1)"
    assert lists.returned.empty.isHidden()
    [[_day, name, by, comment]] = rows(lists.returned.table)
    assert (name, by, comment) == ("Núñez, Marisol", "Sue Supervisor",
                                   "Please add the plan for the next contact.")
    lists.returned.table.setFocus()
    with qtbot.waitSignal(lists.open_participant) as opened:
        qtbot.keyClick(lists.returned.table, Qt.Key.Key_Return)
    assert opened.args == [team.pat_participant]
    with qtbot.waitSignal(lists.open_participant) as opened:
        click(qtbot, lists.returned.open_button)
    assert opened.args == [team.pat_participant]


def test_without_supervision_the_page_explains_itself(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    page = ReviewPage(team.login("pat"))
    show(qtbot, page)
    assert page.explanation.isVisible() and not page.body.isVisible()
    assert "for supervisors" in page.explanation.text()


def test_clear_sensitive_leaves_no_names_or_words(qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    pat, sue = team.login("pat"), team.login("sue")
    note(pat, team.pat_participant, YESTERDAY, start=time(9, 0), end=time(9, 30))
    page = ReviewPage(sue)
    show(qtbot, page)
    click(qtbot, page.cosign_button)
    note(pat, team.pat_participant, YESTERDAY)
    page.refresh()
    click(qtbot, page.return_button)
    assert "Marisol" in all_texts(page)
    page.clear_sensitive()
    texts = all_texts(page)
    assert "Marisol" not in texts and "Núñez" not in texts and "library" not in texts


def test_tab_moves_from_the_queue_to_the_note_and_the_actions(
        qtbot: QtBot, team) -> None:  # type: ignore[no-untyped-def]
    note(team.login("pat"), team.pat_participant, YESTERDAY)
    page = ReviewPage(team.login("sue"))
    show(qtbot, page)
    page.table.setFocus()
    for widget in (page.pane, page.cosign_button, page.return_button, page.open_button):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget, widget.accessibleName()
    with qtbot.waitSignal(page.open_participant) as opened:
        qtbot.keyClick(page.open_button, Qt.Key.Key_Space)
    assert opened.args == [team.pat_participant]
