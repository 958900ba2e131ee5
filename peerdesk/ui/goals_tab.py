"""The Goals tab of the participant workspace: wellness goals grouped by status, the chosen
goal's steps as a checklist (Space ticks a step), its status history and status changes,
and below them the barriers that stand in the way."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.goals import GOAL_STATUSES, LIFE_AREAS
from peerdesk.domain.roles import Permission
from peerdesk.services import goal_views, goals
from peerdesk.services.goal_views import GoalRow
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.barrier_dialogs import BarriersPanel
from peerdesk.ui.common import ProblemLabel, confirm, format_date
from peerdesk.ui.fit_scroll import FitScrollArea
from peerdesk.ui.forms import tab_chain
from peerdesk.ui.goal_dialogs import GoalDialog, StatusNoteDialog
from peerdesk.ui.list_widgets import heading, reading_pane

_ROLE = Qt.ItemDataRole.UserRole


class GoalsTab(QWidget):
    """``set_participant(id)`` then ``refresh()``; ``changed()`` after any change."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id: int | None = None
        self.goals: list[GoalRow] = []
        self.dialog: QDialog | None = None
        self.writes = store.actor.can(Permission.WRITE_NOTES)
        self.setAccessibleName(self.tr("Goals and barriers"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        outer.addWidget(FitScrollArea(content))
        layout = QVBoxLayout(content)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        top = QWidget()
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Wellness goals")))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Goals by status"))
        self.tree.setWordWrap(True)
        left.addWidget(self.tree, 1)
        self.new_button = QPushButton(self.tr("Ne&w goal…"))
        self.new_button.clicked.connect(self.new_goal)
        self.new_button.setVisible(self.writes)
        left.addWidget(self.new_button)
        row.addLayout(left, 2)
        row.addWidget(self._build_detail(), 3)
        splitter.addWidget(top)
        self.barriers = BarriersPanel(store)
        self.barriers.changed.connect(self._changed)
        splitter.addWidget(self.barriers)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self._sized = False
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        tab_chain(self.tree, self.new_button, self.steps, self.step_text, self.add_step_button,
                  self.remove_step_button, self.edit_button, self.achieved_button,
                  self.aside_button, self.reactivate_button, self.history, self.barriers.table)
        self.tree.currentItemChanged.connect(lambda *_: self._show_goal())
        self.steps.itemChanged.connect(self._step_toggled)
        self.steps.currentRowChanged.connect(lambda _r: self._update_buttons())
        self._show_goal()

    def _build_detail(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.statement = heading("", 1.3)
        self.statement.setTextFormat(Qt.TextFormat.PlainText)
        self.statement.setAccessibleName(self.tr("Goal"))
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName(self.tr("About the goal"))
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.why.setAccessibleName(self.tr("Why it matters"))
        for label in (self.statement, self.facts, self.why):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(label)
        steps_label = QLabel(self.tr("Steps (Space tic&ks the chosen one):"))
        self.steps = QListWidget()
        self.steps.setAccessibleName(self.tr("Steps"))
        self.steps.setWordWrap(True)
        steps_label.setBuddy(self.steps)
        column.addWidget(steps_label)
        column.addWidget(self.steps, 1)
        adder = QHBoxLayout()
        add_label = QLabel(self.tr("New step te&xt:"))
        self.step_text = QLineEdit()
        self.step_text.setMaxLength(300)
        self.step_text.setAccessibleName(self.tr("New step"))
        add_label.setBuddy(self.step_text)
        self.step_text.returnPressed.connect(self.add_step)
        self.add_step_button = QPushButton(self.tr("A&dd step"))
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button = QPushButton(self.tr("Remo&ve step…"))
        self.remove_step_button.clicked.connect(self.remove_step)
        for widget in (add_label, self.step_text, self.add_step_button,
                       self.remove_step_button):
            adder.addWidget(widget, 1 if widget is self.step_text else 0)
            widget.setVisible(self.writes)
        column.addLayout(adder)
        actions = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Ed&it goal…"))
        self.edit_button.clicked.connect(self.edit_goal)
        self.achieved_button = QPushButton(self.tr("Mark ac&hieved…"))
        self.achieved_button.clicked.connect(lambda: self.change_status("achieved"))
        self.aside_button = QPushButton(self.tr("Set aside…"))
        self.aside_button.clicked.connect(lambda: self.change_status("set_aside"))
        self.reactivate_button = QPushButton(self.tr("Rea&ctivate…"))
        self.reactivate_button.clicked.connect(lambda: self.change_status("active"))
        for button in (self.edit_button, self.achieved_button, self.aside_button,
                       self.reactivate_button):
            button.setVisible(self.writes)
            actions.addWidget(button)
        actions.addStretch(1)
        column.addLayout(actions)
        history_label = QLabel(self.tr("Histor&y:"))
        self.history = reading_pane(self.tr("Goal history"))
        self.history.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        history_label.setBuddy(self.history)
        column.addWidget(history_label)
        column.addWidget(self.history)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # goals first: three fifths of the height
            self._sized = True
            height = max(self.splitter.height(), 10)
            self.splitter.setSizes([height * 3 // 5, height - height * 3 // 5])

    # -- loading ------------------------------------------------------------------------
    def set_participant(self, participant_id: int | None) -> None:
        self.participant_id = participant_id

    def refresh(self, select_goal: int | None = None) -> None:
        if self.participant_id is None or self.store.closed:
            return
        keep = select_goal if select_goal is not None else getattr(self.current(), "id", None)
        try:
            plan = ops.read(self.store, lambda s, actor: goal_views.plan_rows(
                s, actor, self.participant_id))
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.problem.clear_problem()
        goal_rows, barrier_rows = plan.goals, plan.barriers
        self.goals = goal_rows
        self._fill_tree(keep)
        self.barriers.show_barriers(self.participant_id, barrier_rows, goal_rows)

    def _fill_tree(self, keep: int | None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        for status, label in GOAL_STATUSES.items():
            members = [g for g in self.goals if g.status == status]
            group = QTreeWidgetItem([self.tr("{status} ({n})").format(status=label,
                                                                        n=len(members))])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            for goal in members:
                item = QTreeWidgetItem([self._goal_line(goal)])
                item.setData(0, _ROLE, goal.id)
                group.addChild(item)
                first = first or item
                if goal.id == keep:
                    chosen = item
            group.setExpanded(True)
        self.tree.blockSignals(False)
        self.tree.setCurrentItem(chosen or first or self.tree.topLevelItem(0))
        self._show_goal()

    def _goal_line(self, goal: GoalRow) -> str:
        """The goal's words on the first line; life area, steps and target on the second."""
        parts = [LIFE_AREAS.get(goal.life_area, goal.life_area)]
        if goal.steps:
            parts.append(self.tr("{d} of {n} steps done").format(
                d=sum(s.done for s in goal.steps), n=len(goal.steps)))
        if goal.target and goal.status == "active":
            parts.append(self.tr("target {day}").format(day=format_date(goal.target)))
        return f"{goal.statement}\n{' · '.join(parts)}"

    def clear(self) -> None:
        self.participant_id = None
        self.goals = []
        self.tree.clear()
        self.barriers.show_barriers(None, [], [])
        self._show_goal()

    # -- the chosen goal ----------------------------------------------------------------
    def current(self) -> GoalRow | None:
        item = self.tree.currentItem()
        gid = item.data(0, _ROLE) if item is not None else None
        return next((g for g in self.goals if g.id == gid), None)

    def _show_goal(self) -> None:
        goal = self.current()
        keep_row = self.steps.currentRow()
        self.steps.blockSignals(True)
        self.steps.clear()
        if goal is None:
            self.statement.setText(self.tr("No goal chosen") if self.goals
                                   else self.tr("No goals written yet"))
            for label in (self.facts, self.why):
                label.clear()
            self.history.clear()
        else:
            self.statement.setText(f"“{goal.statement}”")
            facts = [self.tr("Life area: {a}").format(a=LIFE_AREAS.get(goal.life_area,
                                                                        goal.life_area)),
                     self.tr("{status} since {day}").format(
                         status=GOAL_STATUSES.get(goal.status, goal.status),
                         day=format_date(goal.since))]
            if goal.target:
                facts.append(self.tr("Target: {day}").format(day=format_date(goal.target)))
            if goal.note_dates:
                facts.append(self.tr("Worked on in {n} note(s), latest {day}").format(
                    n=len(goal.note_dates), day=format_date(goal.note_dates[0])))
            self.facts.setText(" · ".join(facts))
            self.why.setText(self.tr("Why it matters: {why}").format(why=goal.why)
                             if goal.why else "")
            for step in goal.steps:
                item = QListWidgetItem(self._step_text(step.text, step.done, step.done_on))
                item.setData(_ROLE, step.id)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if self.writes:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if step.done
                                   else Qt.CheckState.Unchecked)
                self.steps.addItem(item)
            self.history.setPlainText("\n".join(
                "{day} · {status}{note}".format(
                    day=format_date(h.changed_on),
                    status=GOAL_STATUSES.get(h.status, h.status),
                    note=f" · {h.note}" if h.note else "") for h in goal.history))
        if self.steps.count():
            self.steps.setCurrentRow(max(0, min(keep_row, self.steps.count() - 1)))
        self.steps.blockSignals(False)
        self._update_buttons()

    def _step_text(self, text: str, done: bool, done_on: date | None) -> str:
        if done and done_on is not None:
            return self.tr("{step} — done {day}").format(step=text, day=format_date(done_on))
        return self.tr("{step} — done").format(step=text) if done else text

    def _update_buttons(self) -> None:
        goal = self.current()
        self.new_button.setEnabled(self.participant_id is not None)
        for widget in (self.step_text, self.add_step_button, self.edit_button):
            widget.setEnabled(goal is not None)
        self.remove_step_button.setEnabled(goal is not None and self.steps.currentRow() >= 0)
        active = goal is not None and goal.status == "active"
        self.achieved_button.setEnabled(active)
        self.aside_button.setEnabled(active)
        self.reactivate_button.setEnabled(goal is not None and not active)

    # -- actions ------------------------------------------------------------------------
    def _run(self, action: Any) -> bool:
        return bool(ops.run(self, self.store, lambda s, _actor: action(s),
                            problem=self.problem, changed=ops.GOALS))

    def _step_toggled(self, item: QListWidgetItem) -> None:
        step_id = int(item.data(_ROLE))
        done = item.checkState() == Qt.CheckState.Checked
        actor = self.store.actor
        self._run(lambda s: goals.set_step_done(s, actor, step_id, done))
        self._changed()

    def add_step(self) -> None:
        goal = self.current()
        if goal is None or not self.writes:
            return
        text, actor = self.step_text.text(), self.store.actor
        if self._run(lambda s: goals.add_step(s, actor, goal.id, text)):
            self.step_text.clear()
            self._changed()

    def remove_step(self) -> None:
        item = self.steps.currentItem()
        if item is None:
            return
        step_id, actor = int(item.data(_ROLE)), self.store.actor

        def remove() -> None:
            if self._run(lambda s: goals.remove_step(s, actor, step_id)):
                self._changed()

        confirm(self, self.tr("Remove this step?"),
                self.tr("Remove the step “{step}” from the goal?").format(
                    step=item.text()), self.tr("&Remove step"), remove)

    def new_goal(self) -> None:
        if self.participant_id is not None:
            dialog = GoalDialog(self.store, self.participant_id, None, self)
            dialog.saved.connect(self._goal_saved)
            self._show(dialog)

    def edit_goal(self) -> None:
        goal = self.current()
        if goal is not None and self.participant_id is not None:
            dialog = GoalDialog(self.store, self.participant_id, goal, self)
            dialog.saved.connect(self._goal_saved)
            self._show(dialog)

    def change_status(self, status: str) -> None:
        goal = self.current()
        if goal is None:
            return
        titles = {"achieved": self.tr("Mark the goal achieved"),
                  "set_aside": self.tr("Set the goal aside"),
                  "active": self.tr("Reactivate the goal")}
        actor = self.store.actor

        def action(s: Any, new: str, note: str, on: date) -> None:
            goals.change_goal_status(s, actor, goal.id, new, note, on)

        choices = {k: v for k, v in GOAL_STATUSES.items() if k != goal.status}
        dialog = StatusNoteDialog(self.store, titles[status], f"“{goal.statement}”", choices,
                                  action, status, self)
        dialog.saved.connect(lambda: self._goal_saved(goal.id))
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def _goal_saved(self, goal_id: int) -> None:
        self.refresh(select_goal=goal_id)
        self.changed.emit()

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def close_windows(self) -> None:
        """On lock: close any open dialog."""
        for dialog in (self.dialog, self.barriers.dialog):
            if dialog is not None:
                dialog.close()
