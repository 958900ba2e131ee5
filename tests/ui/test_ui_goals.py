"""Wellness goals and barriers in the workspace, and the goals a service note addressed."""

from __future__ import annotations

from caseload_helpers import (
    activate,
    caseload,  # noqa: F401  (fixture)
    choose,
    fill_note,
    keys,
    open_form,
    open_participant,
    sign_in_as,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from recovery_helpers import goals_tab, visible_dialog
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import MakeApp, button_named, click, find_message

from peerdesk.domain.goals import GoalInput
from peerdesk.services import goals
from peerdesk.ui.barrier_dialogs import BarrierDialog
from peerdesk.ui.goal_dialogs import GoalDialog, StatusNoteDialog


def _tree_groups(tab) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found = {}
    for n in range(tab.tree.topLevelItemCount()):
        group = tab.tree.topLevelItem(n)
        found[group.text(0)] = [group.child(c).text(0) for c in range(group.childCount())]
    return found


def test_a_goal_is_created_with_steps_a_step_ticked_by_keyboard_and_achieved(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = goals_tab(ws)
    assert tab.statement.text() == "No goals written yet"
    click(qtbot, tab.new_button)
    dialog = visible_dialog(qtbot, tab, GoalDialog)
    click(qtbot, dialog.save_button)  # nothing written yet
    assert dialog.isVisible()
    problem = dialog.problems["statement"]
    assert "own words" in problem.text()
    assert problem.parentWidget() is dialog.statement.parentWidget()  # next to the field

    keys(qtbot, dialog.statement, "I want my own apartment by spring")
    choose(dialog.life_area, "home")
    keys(qtbot, dialog.why, "So my kids can stay over")
    keys(qtbot, dialog.steps, "Get my birth certificate")
    qtbot.keyClick(dialog.steps, Qt.Key.Key_Return)
    keys(qtbot, dialog.steps, "Apply for the housing voucher")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert tab.statement.text() == "“I want my own apartment by spring”"
    assert "Life area: Home" in tab.facts.text()
    assert [tab.steps.item(n).text() for n in range(tab.steps.count())] == [
        "Get my birth certificate", "Apply for the housing voucher"]
    groups = _tree_groups(tab)
    assert groups["Active (1)"][0] == "I want my own apartment by spring\nHome · 0 of 2 steps done"

    # Space ticks the chosen step.
    tab.steps.setFocus()
    activate(qtbot, tab.steps)
    tab.steps.setCurrentRow(0)
    qtbot.keyClick(tab.steps, Qt.Key.Key_Space)
    assert tab.steps.item(0).checkState() == Qt.CheckState.Checked
    assert tab.steps.item(0).text().startswith("Get my birth certificate — done")
    assert app.store is not None
    with app.store.session() as s:
        goal = goals.goals_for(s, app.store.actor, caseload.pat_participant)[0]
        assert [st.done for st in goal.steps] == [True, False]
        gid = goal.id

    # Mark it achieved, with a note; the history shows both statuses.
    click(qtbot, tab.achieved_button)
    change = visible_dialog(qtbot, tab, StatusNoteDialog)
    assert change.status.currentData() == "achieved"
    keys(qtbot, change.note, "Signed the lease!")
    click(qtbot, change.save_button)
    assert not change.isVisible()
    groups = _tree_groups(tab)
    assert groups["Active (0)"] == [] and len(groups["Achieved (1)"]) == 1
    history = tab.history.toPlainText().splitlines()
    assert [line.split(" · ")[1] for line in history] == ["Active", "Achieved"]
    assert history[1].endswith("Signed the lease!")
    assert tab.reactivate_button.isEnabled() and not tab.achieved_button.isEnabled()
    with app.store.session() as s:
        assert goals.load_goal(s, app.store.actor, gid).status == "achieved"


def test_steps_are_added_and_removed(qtbot: QtBot, make_app: MakeApp,
                                     caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        goals.create_goal(s, pat.actor, caseload.pat_participant,
                          GoalInput("Walk every morning", "health", steps=["Buy shoes"]))
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = goals_tab(ws)
    keys(qtbot, tab.step_text, "Find a walking buddy")
    qtbot.keyClick(tab.step_text, Qt.Key.Key_Return)
    assert tab.steps.count() == 2 and tab.step_text.text() == ""
    tab.steps.setCurrentRow(0)
    click(qtbot, tab.remove_step_button)
    click(qtbot, button_named(find_message(tab), "Remove step"))
    assert [tab.steps.item(n).text() for n in range(tab.steps.count())] == [
        "Find a walking buddy"]


def test_a_barrier_linked_to_a_goal_is_worked_on_then_resolved(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        gid = goals.create_goal(s, pat.actor, caseload.pat_participant, GoalInput(
            "Get to my job interviews", "purpose")).id
    pat.lock()
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    panel = goals_tab(ws).barriers
    click(qtbot, panel.new_button)
    dialog = visible_dialog(qtbot, panel, BarrierDialog)
    choose(dialog.category, "other")
    click(qtbot, dialog.save_button)
    assert "describe the barrier" in dialog.problems["description"].text()
    choose(dialog.category, "transportation")
    keys(qtbot, dialog.description, "No bus pass; the route changed")
    dialog.goals.setFocus()
    activate(qtbot, dialog.goals)
    dialog.goals.setCurrentRow(0)
    qtbot.keyClick(dialog.goals, Qt.Key.Key_Space)  # link the goal
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == "Transportation"
    assert panel.model.index(0, 1).data().startswith("Identified since ")
    assert panel.model.index(0, 3).data() == "Get to my job interviews"

    for expected, then in (("working", None), ("resolved", "resolved")):
        click(qtbot, panel.status_button)
        change = visible_dialog(qtbot, panel, StatusNoteDialog)
        assert change.status.currentData() == expected  # the next step is offered first
        if then:
            choose(change.status, then)
            keys(qtbot, change.note, "Got a monthly pass from the county")
        click(qtbot, change.save_button)
        assert not change.isVisible()
    assert panel.model.index(0, 1).data().startswith("Resolved since ")
    lines = panel.history.toPlainText().splitlines()
    assert [line.split(" · ")[1] for line in lines] == ["Identified", "Working on it",
                                                         "Resolved"]
    assert lines[-1].endswith("Got a monthly pass from the county")
    assert app.store is not None
    with app.store.session() as s:
        barrier = goals.barriers_for(s, app.store.actor, caseload.pat_participant)[0]
        assert barrier.status == "resolved"
        assert goals.barrier_goal_ids(s, barrier.id) == [gid]


def test_a_note_records_the_goals_it_addressed_fixed_once_signed(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        walk = goals.create_goal(s, pat.actor, caseload.pat_participant,
                                 GoalInput("Walk every morning", "health")).id
        goals.create_goal(s, pat.actor, caseload.pat_participant,
                          GoalInput("Call my sister on Sundays", "community"))
    pat.lock()
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    click(qtbot, ws.new_note_button)
    form = open_form(qtbot, ws)
    box = form.fields.goals
    assert box.isVisible() and box.count() == 2
    fill_note(qtbot, form)
    box.setFocus()
    activate(qtbot, box)
    box.setCurrentRow(0)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert form.fields.goal_ids() == [walk]
    click(qtbot, form.save_button)
    assert form.encounter_id is not None
    assert app.store is not None
    with app.store.session() as s:
        assert goals.encounter_goal_ids(s, form.encounter_id) == [walk]
    click(qtbot, form.sign_button)
    click(qtbot, button_named(find_message(form), "Sign note"))
    assert form.note is not None and form.note.signed
    assert not box.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable  # read-only now
    nid = form.encounter_id
    form.close()
    tab = goals_tab(ws)  # the goal says when notes worked on it
    tab.refresh()
    assert tab.current() is not None and tab.current().statement == "Walk every morning"
    assert "Worked on in 1 note(s), latest " in tab.facts.text()
    ws.open_note(nid)
    again = open_form(qtbot, ws)
    assert again.fields.goal_ids() == [walk]
    assert not again.fields.goals.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_a_program_manager_sees_goals_but_cannot_change_them(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        goals.create_goal(s, pat.actor, caseload.pat_participant,
                          GoalInput("Walk every morning", "health", steps=["Buy shoes"]))
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pm")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = goals_tab(ws)
    assert tab.statement.text() == "“Walk every morning”"
    for widget in (tab.new_button, tab.step_text, tab.add_step_button, tab.remove_step_button,
                   tab.edit_button, tab.achieved_button, tab.aside_button,
                   tab.reactivate_button, tab.barriers.new_button, tab.barriers.edit_button,
                   tab.barriers.status_button):
        assert not widget.isVisible()
    assert not tab.steps.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_goal_screens_are_named_and_labelled(qtbot: QtBot, make_app: MakeApp,
                                             caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        goals.create_goal(s, pat.actor, caseload.pat_participant,
                          GoalInput("Walk every morning", "health", steps=["Buy shoes"]))
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = goals_tab(ws)
    assert unnamed_controls(tab) == [] and unlabelled_fields(tab) == []
    for button, kind in ((tab.new_button, GoalDialog), (tab.edit_button, GoalDialog),
                         (tab.achieved_button, StatusNoteDialog),
                         (tab.barriers.new_button, BarrierDialog)):
        click(qtbot, button)
        dialog = visible_dialog(qtbot, tab, kind)
        assert unnamed_controls(dialog) == [] and unlabelled_fields(dialog) == []
        dialog.reject()
