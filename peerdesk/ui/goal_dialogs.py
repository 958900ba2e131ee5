"""The goal dialog (new or edit), and one
dialog for any status change with an optional note (goals and barriers alike)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.goals import LIFE_AREAS, GoalInput
from peerdesk.domain.participants import FieldProblem
from peerdesk.services import goals
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.goal_views import GoalRow
from peerdesk.services.store import Store
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    fit_to_font,
    set_min_width_chars,
)
from peerdesk.ui.forms import heading, share_window_actions, show_field_problems, tab_chain


def _text_box(lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(parent.fontMetrics().lineSpacing() * (lines + 1))
    return box


class GoalDialog(QDialog):
    """New goal (with its first steps) or edit one. Emits ``saved(goal id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, participant_id: int, goal: GoalRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self.goal = goal
        title = self.tr("New goal") if goal is None else self.tr("Edit goal")
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, 1.2))
        intro = QLabel(self.tr("Write the goal the way the participant says it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(form)
        self.statement = _text_box(2, self)
        self.statement.setPlaceholderText(self.tr("for example: I want my own apartment by "
                                                  "spring"))
        self.life_area = QComboBox()
        for value, text in LIFE_AREAS.items():
            self.life_area.addItem(text, value)
        self.why = _text_box(2, self)
        self.target = DateField()
        self.target.setMaxLength(10)
        self.target.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.steps = _text_box(4, self)
        self.steps.setPlaceholderText(self.tr("One step per line"))
        self.problems: dict[str, ProblemLabel] = {
            "statement": add_checked_row(form, self.tr("The goal, in the participant's &own "
                                                       "words:"), self.statement,
                                         accessible_name=self.tr("Goal statement")),
            "life_area": add_checked_row(form, self.tr("&Life area:"), self.life_area),
            "why_it_matters": add_checked_row(form, self.tr("&Why it matters:"), self.why,
                                              accessible_name=self.tr("Why it matters")),
            "target_date": add_checked_row(
                form, self.tr("&Target date ({format}, optional):").format(format=date_hint()),
                self.target, accessible_name=self.tr("Target date")),
        }
        self.fields: dict[str, QWidget] = {"statement": self.statement,
                                           "life_area": self.life_area,
                                           "why_it_matters": self.why,
                                           "target_date": self.target, "steps": self.steps}
        self.problems["steps"] = add_checked_row(
            form, self.tr("&Steps (one per line):"), self.steps,
            accessible_name=self.tr("Steps, one per line"))
        if goal is not None:  # steps are then added and ticked in the goal's checklist
            form.setRowVisible(self.steps.parentWidget(), False)
            self.statement.setPlainText(goal.statement)
            self.life_area.setCurrentIndex(max(0, self.life_area.findData(goal.life_area)))
            self.why.setPlainText(goal.why)
            self.target.set_value(goal.target)
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save goal"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)
        tab_chain(self.statement, self.life_area, self.why, self.target, self.steps,
                  self.save_button)
        share_window_actions(self, parent)
        set_min_width_chars(self, 60)
        fit_to_font(self, 80, 30)
        self.statement.setFocus()

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        try:
            target = self.target.value()
        except ValueError as exc:
            show_field_problems(ValidationFailed([FieldProblem("target_date", str(exc))]),
                                self.problems, self.fields, self.general_problem)
            return
        steps = [line.strip() for line in self.steps.toPlainText().splitlines() if line.strip()]
        data = GoalInput(self.statement.toPlainText(), str(self.life_area.currentData()),
                         self.why.toPlainText(), target, steps if self.goal is None else [])
        try:
            with self.store.session() as s:
                if self.goal is None:
                    goal_id = goals.create_goal(s, self.store.actor, self.participant_id,
                                                data).id
                else:
                    goal_id = goals.update_goal(s, self.store.actor, self.goal.id, data).id
        except ValidationFailed as exc:
            show_field_problems(exc, self.problems, self.fields, self.general_problem)
            return
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self.accept()
        self.saved.emit(goal_id)


class StatusNoteDialog(QDialog):
    """A new status, the date it took effect and an optional note. ``action(session, status,
    note, date)`` runs the service; problems show under their fields. Emits ``saved()``."""

    saved = Signal()

    def __init__(self, store: Store, title: str, about: str, choices: dict[str, str],
                 action: Callable[[Any, str, str, date], object], preselect: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._action = action
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, 1.2))
        self.about = QLabel(about)
        self.about.setWordWrap(True)
        self.about.setAccessibleName(self.tr("About this"))
        layout.addWidget(self.about)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addLayout(form)
        self.status = QComboBox()
        for value, text in choices.items():
            self.status.addItem(text, value)
        self.status.setCurrentIndex(max(0, self.status.findData(preselect)))
        self.changed_on = DateField()
        self.changed_on.setMaxLength(10)
        self.changed_on.set_value(date.today())
        self.note = QLineEdit()
        self.note.setMaxLength(300)
        self.problems = {
            "status": add_checked_row(form, self.tr("&New status:"), self.status),
            "changed_on": add_checked_row(
                form, self.tr("&Date ({format}):").format(format=date_hint()),
                self.changed_on, accessible_name=self.tr("Date of the change")),
            "note": add_checked_row(form, self.tr("N&ote (optional):"), self.note,
                                    accessible_name=self.tr("Note")),
        }
        self.fields: dict[str, QWidget] = {"status": self.status,
                                           "changed_on": self.changed_on, "note": self.note}
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(self.tr("Save the status"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)
        tab_chain(self.status, self.changed_on, self.note, self.save_button)
        share_window_actions(self, parent)
        set_min_width_chars(self, 56)
        (self.note if preselect else self.status).setFocus()

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        try:
            on = self.changed_on.value()
            if on is None:
                raise ValueError(self.tr("Please enter the date."))
        except ValueError as exc:
            self.problems["changed_on"].show_problem(str(exc))
            self.changed_on.setFocus()
            return
        try:
            with self.store.session() as s:
                self._action(s, str(self.status.currentData()), self.note.text(), on)
        except ValidationFailed as exc:
            show_field_problems(exc, self.problems, self.fields, self.general_problem)
            return
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self.accept()
        self.saved.emit()
