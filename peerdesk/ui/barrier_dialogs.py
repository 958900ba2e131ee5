"""Barriers: what stands in the way, linked to goals, with status identified → working on it
→ resolved / no longer a barrier. A panel for the Goals tab and the barrier dialog."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.goals import BARRIER_CATEGORIES, BARRIER_STATUSES, BarrierInput
from peerdesk.domain.roles import Permission
from peerdesk.services import goals
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.goal_views import BarrierRow, GoalRow
from peerdesk.services.store import Store
from peerdesk.ui.common import (
    ProblemLabel,
    add_checked_row,
    fit_to_font,
    format_date,
    set_min_width_chars,
)
from peerdesk.ui.forms import share_window_actions, show_field_problems, tab_chain
from peerdesk.ui.goal_dialogs import StatusNoteDialog
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading, reading_pane


def goal_checklist(choices: list[GoalRow], checked: set[int], name: str) -> QListWidget:
    """Goals as check boxes (Space ticks the current one)."""
    box = QListWidget()
    box.setAccessibleName(name)
    for goal in choices:
        item = QListWidgetItem(goal.statement)
        item.setData(Qt.ItemDataRole.UserRole, goal.id)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if goal.id in checked
                           else Qt.CheckState.Unchecked)
        box.addItem(item)
    return box


def checked_ids(box: QListWidget) -> list[int]:
    return [int(box.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(box.count())
            if box.item(n).checkState() == Qt.CheckState.Checked]


class BarrierDialog(QDialog):
    """New barrier or edit one (kind, description, linked goals). Emits ``saved(id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, participant_id: int, goal_choices: list[GoalRow],
                 barrier: BarrierRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self.barrier = barrier
        title = self.tr("New barrier") if barrier is None else self.tr("Edit barrier")
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(form)
        self.category = QComboBox()
        for value, text in BARRIER_CATEGORIES.items():
            self.category.addItem(text, value)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        linked = set(barrier.goal_ids) if barrier else set()
        self.goals = goal_checklist(goal_choices, linked, self.tr("Goals it stands in the way of"))
        self.goals.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.problems = {
            "category": add_checked_row(form, self.tr("&Kind of barrier:"), self.category),
            "description": add_checked_row(form, self.tr("&Description:"), self.description),
            "goal_ids": add_checked_row(form, self.tr("&Goals it affects:"), self.goals,
                                        accessible_name=self.tr("Goals it stands in the way "
                                                                "of")),
        }
        self.fields: dict[str, QWidget] = {"category": self.category,
                                           "description": self.description,
                                           "goal_ids": self.goals}
        if barrier is not None:
            self.category.setCurrentIndex(max(0, self.category.findData(barrier.category)))
            self.description.setPlainText(barrier.description)
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save barrier"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)
        tab_chain(self.category, self.description, self.goals, self.save_button)
        share_window_actions(self, parent)
        set_min_width_chars(self, 60)
        fit_to_font(self, 76, 28)
        self.category.setFocus()

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        data = BarrierInput(str(self.category.currentData()), self.description.toPlainText(),
                            checked_ids(self.goals))
        try:
            with self.store.session() as s:
                barrier_id = goals.save_barrier(s, self.store.actor, self.participant_id, data,
                                                self.barrier.id if self.barrier else None).id
        except ValidationFailed as exc:
            show_field_problems(exc, self.problems, self.fields, self.general_problem)
            return
        except StoreError as exc:
            self.general_problem.show_problem(str(exc))
            return
        self.accept()
        self.saved.emit(barrier_id)


class BarriersPanel(QWidget):
    """The participant's barriers. ``show_barriers(barriers, goals)``; ``changed()``."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id: int | None = None
        self.goals: list[GoalRow] = []
        self.dialog: QDialog | None = None
        self.select_next: int | None = None  # a barrier just added: select it when shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("What stands in the way (barriers)")))
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        self.model = RowsModel([
            (self.tr("Kind"), lambda b: BARRIER_CATEGORIES.get(b.category, b.category)),
            (self.tr("Status"), self._status_text),
            (self.tr("Description"), lambda b: b.description),
            (self.tr("Goals"), self._goals_text),
        ])
        self.table = RowsTable(self.model, self.tr("Barriers"), stretch=2)
        self.table.setAccessibleDescription(self.tr("Enter edits the selected barrier."))
        self.table.open_row.connect(lambda _row: self.edit_barrier())
        column = QVBoxLayout()
        column.addWidget(self.table, 1)
        history_label = QLabel(self.tr("History of the selected barrier:"))
        self.history = reading_pane(self.tr("Barrier history"))
        self.history.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        history_label.setBuddy(self.history)
        column.addWidget(history_label)
        column.addWidget(self.history)
        body.addLayout(column, 1)
        bar = QVBoxLayout()
        self.new_button = QPushButton(self.tr("Add a ba&rrier…"))
        self.new_button.clicked.connect(self.new_barrier)
        self.edit_button = QPushButton(self.tr("Edit barrier…"))
        self.edit_button.clicked.connect(self.edit_barrier)
        self.status_button = QPushButton(self.tr("Barrier stat&us…"))
        self.status_button.clicked.connect(self.change_status)
        writes = store.actor.can(Permission.WRITE_NOTES)
        for button in (self.new_button, self.edit_button, self.status_button):
            button.setVisible(writes)
            bar.addWidget(button)
        bar.addStretch(1)
        body.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        tab_chain(self.table, self.history, self.new_button, self.edit_button,
                  self.status_button)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected_changed())
        self._selected_changed()

    def _status_text(self, barrier: BarrierRow) -> str:
        return self.tr("{status} since {day}").format(
            status=BARRIER_STATUSES.get(barrier.status, barrier.status),
            day=format_date(barrier.since))

    def _goals_text(self, barrier: BarrierRow) -> str:
        names = {g.id: g.statement for g in self.goals}
        return "; ".join(names.get(gid, "?") for gid in barrier.goal_ids) or "—"

    def show_barriers(self, participant_id: int | None, barriers: list[BarrierRow],
                      goal_rows: list[GoalRow]) -> None:
        keep = self.select_next or getattr(self.selected(), "id", None)
        self.select_next = None
        self.participant_id = participant_id
        self.goals = goal_rows
        self.model.set_rows(barriers)
        self.table.select_row(next((n for n, b in enumerate(barriers) if b.id == keep), 0))
        self._selected_changed()

    def selected(self) -> BarrierRow | None:
        row = self.table.current()
        return row if isinstance(row, BarrierRow) else None

    def _selected_changed(self) -> None:
        barrier = self.selected()
        for button in (self.edit_button, self.status_button):
            button.setEnabled(barrier is not None)
        self.new_button.setEnabled(self.participant_id is not None)
        if barrier is None:
            self.history.clear()
            return
        self.history.setPlainText("\n".join(
            "{day} · {status}{note}".format(
                day=format_date(h.changed_on), status=BARRIER_STATUSES.get(h.status, h.status),
                note=f" · {h.note}" if h.note else "") for h in barrier.history))

    def _goal_choices(self, barrier: BarrierRow | None) -> list[GoalRow]:
        linked = set(barrier.goal_ids) if barrier else set()
        return [g for g in self.goals if g.status == "active" or g.id in linked]

    def new_barrier(self) -> None:
        if self.participant_id is None:
            return
        dialog = BarrierDialog(self.store, self.participant_id, self._goal_choices(None),
                               None, self)
        dialog.saved.connect(self._saved)
        self._show(dialog)

    def edit_barrier(self) -> None:
        barrier = self.selected()
        if barrier is None or self.participant_id is None \
                or not self.store.actor.can(Permission.WRITE_NOTES):
            return
        dialog = BarrierDialog(self.store, self.participant_id, self._goal_choices(barrier),
                               barrier, self)
        dialog.saved.connect(self._saved)
        self._show(dialog)

    def change_status(self) -> None:
        barrier = self.selected()
        if barrier is None:
            return
        choices = {k: v for k, v in BARRIER_STATUSES.items() if k != barrier.status}
        following = {"identified": "working", "working": "resolved"}.get(barrier.status, "")
        actor = self.store.actor

        def action(s: Any, status: str, note: str, on: date) -> None:
            goals.change_barrier_status(s, actor, barrier.id, status, note, on)

        dialog = StatusNoteDialog(
            self.store, self.tr("Change barrier status"),
            self.tr("{kind}: now {status}.").format(
                kind=BARRIER_CATEGORIES.get(barrier.category, barrier.category),
                status=BARRIER_STATUSES.get(barrier.status, barrier.status)),
            choices, action, following, self)
        dialog.saved.connect(lambda: self._saved(barrier.id))
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def _saved(self, barrier_id: int) -> None:
        self.select_next = barrier_id
        self.changed.emit()
