"""Assessments in the workspace: entered by keyboard alone with the score filling in, saved,
signed and then read-only; the trend chart and its words; drafts kept through a lock."""

from __future__ import annotations

from datetime import date, timedelta

from caseload_helpers import (
    activate,
    caseload,  # noqa: F401  (fixture)
    open_participant,
    sign_in_as,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from recovery_helpers import (
    BARC_47,
    answer_by_keys,
    assessment_form,
    assessments_tab,
    visible_dialog,
)
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import MakeApp, button_named, click, find_message, sign_in

from peerdesk.domain.instruments import running_total
from peerdesk.services import assessments, drafts, instrument_catalog
from peerdesk.ui.assessment_tab import NewAssessmentDialog
from peerdesk.ui.common import format_date
from peerdesk.ui.list_widgets import TextEntryDialog


def test_an_assessment_entered_by_keyboard_alone_is_scored_saved_signed_then_read_only(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = assessments_tab(ws)
    assert tab.model.rowCount() == 0
    assert tab.summary.text() == "No signed Brief Assessment of Recovery Capital (BARC-10) " \
                                 "scores yet."
    click(qtbot, tab.new_button)
    chooser = visible_dialog(qtbot, tab, NewAssessmentDialog)
    assert chooser.instrument.currentData() == "barc10"
    assert "Vilsaint" in chooser.about.text()
    activate(qtbot, chooser)
    qtbot.keyClick(chooser.instrument, Qt.Key.Key_Return)  # Enter starts
    form = assessment_form(qtbot, ws)
    activate(qtbot, form)
    panel = form.fields.panel
    assert QApplication.focusWidget() is panel
    assert panel.position.text() == "Item 1 of 10"
    assert panel.wording.text() == ("There are more important things to me in life than using "
                                    "substances.")
    assert panel.buttons[1].text() == "1  Strongly disagree"
    assert form.fields.score_label.text() == "Total so far: — · 0 of 10 answered"

    answer_by_keys(qtbot, form, BARC_47[:4])
    assert form.fields.score_label.text() == "Total so far: 18 · 4 of 10 answered"
    assert "Not scored yet: Every item must be answered" in form.fields.score_note.text()
    assert panel.position.text() == "Item 5 of 10"
    # Backspace goes back; a number key changes the answer; Shift+Tab also goes back.
    qtbot.keyClick(panel, Qt.Key.Key_Backspace)
    assert panel.position.text() == "Item 4 of 10"
    assert panel.answer_label.text() == "Answer: 3 — Somewhat disagree"
    qtbot.keyClicks(panel, "1")
    assert form.fields.score_label.text() == "Total so far: 16 · 4 of 10 answered"
    qtbot.keyClick(panel, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert panel.position.text() == "Item 3 of 10"
    qtbot.keyClicks(panel, "9")  # not on the scale: ignored
    assert panel.answers[2] == 6
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    qtbot.keyClicks(panel, "3")  # item 4 back to 3
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    answer_by_keys(qtbot, form, BARC_47[4:])
    assert panel.answers == BARC_47
    assert form.fields.score_label.text() == \
        "Total: 47 (possible 10 to 60) · 10 of 10 answered"
    assert form.fields.score_note.text() == \
        "At or above the score associated with sustained remission"
    assert QApplication.focusWidget() is form.save_button  # Enter on the last item

    qtbot.keyClick(panel, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.assessment_id is not None
    assert form.state.text() == "Saved, not signed yet."
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 2).data() == "47"
    assert tab.model.index(0, 4).data() == "Not signed"
    assert tab.chart.points() == []  # only signed scores are charted

    click(qtbot, form.sign_button)
    box = find_message(form)
    assert "cannot be changed; corrections are addenda" in box.text()
    click(qtbot, button_named(box, "Sign assessment"))
    assert form.record is not None and form.record.signed
    assert form.state.text().startswith("Signed by Pat Rivera, CARC on ")
    assert panel.read_only and not form.fields.administered_on.isEnabled()
    assert form.fields.notes.isReadOnly()
    assert not form.save_button.isVisible() and not form.sign_button.isVisible()
    assert form.addendum_button.isVisible()
    qtbot.keyClicks(panel, "1")  # read-only: number keys change nothing
    assert panel.answers == BARC_47
    assert tab.model.index(0, 4).data() == "Signed by Pat Rivera, CARC"
    assert [v for _d, v in tab.chart.points()] == [47]
    assert app.store is not None
    with app.store.session() as s:
        row = assessments.assessments_for(s, app.store.actor, caseload.pat_participant)[0]
        assert (row.total, row.signed) == (47, True)
        assert drafts.list_drafts(s, app.store.actor) == []

    click(qtbot, form.addendum_button)
    addendum = visible_dialog(qtbot, form, TextEntryDialog)
    qtbot.keyClicks(addendum.text, "Answers read aloud; participant agreed with each.")
    click(qtbot, addendum.ok_button)
    assert "Answers read aloud" in form.fields.addenda.toPlainText()
    assert form.fields.addenda.isVisible()


def test_the_trend_chart_shows_signed_scores_and_says_them_in_words(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    today = date.today()
    days = [today - timedelta(90), today - timedelta(30), today - timedelta(1)]
    with pat.session() as s:
        for day, answers in zip(days, ([3] * 10, [4] * 10, [5] * 10), strict=True):
            row = assessments.save_assessment(s, pat.actor, caseload.pat_participant, "barc10",
                                              answers, administered_on=day)
            assessments.sign_assessment(s, pat.actor, row.id)
        assessments.save_assessment(s, pat.actor, caseload.pat_participant, "barc10",
                                    [6] * 10)  # a draft: not charted
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = assessments_tab(ws)
    assert tab.model.rowCount() == 4
    chart = tab.chart
    assert [v for _d, v in chart.points()] == [30, 40, 50]
    expected = "3 scores: 30 on {}, 40 on {}, 50 on {}.".format(*map(format_date, days))
    assert chart.summary().startswith(expected)
    assert "Dashed line at 47: the score associated with sustained remission." \
        in chart.summary()
    assert chart.accessibleDescription() == chart.summary() == tab.summary.text()
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus  # reachable by keyboard
    image = chart.grab()  # draws without error, at any size
    assert not image.isNull()
    chart.resize(120, 60)
    assert not chart.grab().isNull()


def test_an_unscorable_assessment_is_not_signed_and_answers_survive_a_lock(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    app, window = sign_in_as(qtbot, make_app, caseload, "pat")
    pid = caseload.pat_participant
    ws = open_participant(qtbot, window, pid)
    tab = assessments_tab(ws)
    click(qtbot, tab.new_button)
    click(qtbot, visible_dialog(qtbot, tab, NewAssessmentDialog).start_button)
    form = assessment_form(qtbot, ws)
    answer_by_keys(qtbot, form, [6, 5, 4])
    click(qtbot, form.sign_button)
    problem = form.fields.problems["answers"]
    assert problem.isVisible() and "cannot be signed until it can be scored" in problem.text()
    assert form.assessment_id is None

    activate(qtbot, form)
    qtbot.keyClick(form.fields.panel, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.main_window is None)
    sign_in(qtbot, app, "pat", caseload.passwords["pat"])
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert app.main_window is not None and app.store is not None
    with app.store.session() as s:
        kept = [(k, r) for k, r, _ in drafts.list_drafts(s, app.store.actor)]
    assert kept == [("assessment", f"new:{pid}:barc10")]
    ws = open_participant(qtbot, app.main_window, pid)
    tab = assessments_tab(ws)
    click(qtbot, tab.new_button)
    click(qtbot, visible_dialog(qtbot, tab, NewAssessmentDialog).start_button)
    form = assessment_form(qtbot, ws)
    assert form.restored.isVisible()
    assert form.fields.panel.answers[:4] == [6, 5, 4, None]
    assert form.fields.panel.position.text() == "Item 4 of 10"  # where the answers stopped
    assert form.fields.score_label.text() == "Total so far: 15 · 3 of 10 answered"


def test_a_program_manager_sees_scores_but_no_assessment_actions(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    pat = caseload.login("pat")
    with pat.session() as s:
        row = assessments.save_assessment(s, pat.actor, caseload.pat_participant, "barc10",
                                          BARC_47)
        assessments.sign_assessment(s, pat.actor, row.id)
    pat.lock()
    _, window = sign_in_as(qtbot, make_app, caseload, "pm")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = assessments_tab(ws)
    assert tab.model.rowCount() == 1
    for button in (tab.new_button, tab.sign_button, tab.addendum_button):
        assert not button.isVisible()
    assert [v for _d, v in tab.chart.points()] == [47]
    click(qtbot, tab.open_button)
    form = assessment_form(qtbot, ws)
    assert form.fields.panel.read_only and not form.save_button.isVisible()


def test_assessment_screens_are_named_and_labelled(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = assessments_tab(ws)
    assert unnamed_controls(tab) == [] and unlabelled_fields(tab) == []
    click(qtbot, tab.new_button)
    chooser = visible_dialog(qtbot, tab, NewAssessmentDialog)
    assert unnamed_controls(chooser) == [] and unlabelled_fields(chooser) == []
    click(qtbot, chooser.start_button)
    form = assessment_form(qtbot, ws)
    assert unnamed_controls(form) == [] and unlabelled_fields(form) == []
    # Every choice is said in words (and its number), not by colour or position alone.
    assert [b.accessibleName() for b in form.fields.panel.buttons.values()][-1] == \
        "6 Strongly agree"
    assert "Item 1 of 10: There are more important things" in \
        form.fields.panel.accessibleDescription()


def test_running_total_is_the_sum_so_far_and_never_prorated(team) -> None:
    inst = instrument_catalog.builtins()["barc10"]
    assert running_total(inst, [None] * 10) is None
    assert running_total(inst, [6, None, 1] + [None] * 7) == 7
    assert running_total(inst, BARC_47) == 47


def test_the_assessment_form_tabs_in_reading_order(
        qtbot: QtBot, make_app: MakeApp, caseload) -> None:  # noqa: F811
    _, window = sign_in_as(qtbot, make_app, caseload, "pat")
    ws = open_participant(qtbot, window, caseload.pat_participant)
    tab = assessments_tab(ws)
    click(qtbot, tab.new_button)
    click(qtbot, visible_dialog(qtbot, tab, NewAssessmentDialog).start_button)
    form = assessment_form(qtbot, ws)
    activate(qtbot, form)
    f = form.fields
    assert QApplication.focusWidget() is f.panel
    qtbot.keyClick(f.panel, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is f.administered_on  # before item 1: the date
    qtbot.keyClick(f.administered_on, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is f.panel
    for n in range(2, 11):  # Tab moves through the items, then leaves them
        qtbot.keyClick(f.panel, Qt.Key.Key_Tab)
        assert f.panel.position.text() == f"Item {n} of 10"
    for expected in (f.answers_list, f.notes, form.save_button):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected, expected.accessibleName()
    f.answers_list.setFocus()
    f.answers_list.setCurrentRow(2)
    qtbot.keyClick(f.answers_list, Qt.Key.Key_Return)  # Enter on an answer goes to its item
    assert QApplication.focusWidget() is f.panel
    assert f.panel.position.text() == "Item 3 of 10"
