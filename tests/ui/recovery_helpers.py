"""Shared steps for the recovery-planning GUI tests: the Assessments and Goals tabs, the
assessment form, and dialogs opened from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from peerdesk.ui.assessment_form import AssessmentForm
from peerdesk.ui.assessment_tab import AssessmentsTab
from peerdesk.ui.goals_tab import GoalsTab
from peerdesk.ui.workspace import WorkspacePage

D = TypeVar("D", bound=QDialog)

BARC_47 = [5, 4, 6, 3, 5, 5, 4, 6, 5, 4]  # total 47: at the published cut-off


def assessments_tab(ws: WorkspacePage) -> AssessmentsTab:
    ws.tabs.setCurrentWidget(ws.assessments)
    return ws.assessments


def goals_tab(ws: WorkspacePage) -> GoalsTab:
    ws.tabs.setCurrentWidget(ws.goals)
    return ws.goals


def visible_dialog(qtbot: QtBot, parent: QWidget, kind: type[D]) -> D:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(kind)))
    return [d for d in parent.findChildren(kind) if d.isVisible()][-1]


def assessment_form(qtbot: QtBot, ws: WorkspacePage) -> AssessmentForm:
    return visible_dialog(qtbot, ws, AssessmentForm)


def answer_by_keys(qtbot: QtBot, form: AssessmentForm, answers: list[int]) -> None:
    """Each answer's number key, then Enter to move on, as a person at the keyboard does."""
    panel = form.fields.panel
    for value in answers:
        qtbot.keyClicks(panel, str(value))
        qtbot.keyClick(panel, Qt.Key.Key_Return)


def wait_for(qtbot: QtBot, condition: Callable[[], object]) -> None:
    qtbot.waitUntil(lambda: bool(condition()))
