"""Discharge, mark inactive or re-enroll a participant, with a date and a reason.

The history is kept: every change appears in the participant's timeline."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.participants import STATUS_LABELS, ParticipantStatus
from peerdesk.services import participant_status
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    format_date,
    set_min_width_chars,
)
from peerdesk.ui.forms import heading, share_window_actions, tab_chain


class StatusDialog(QDialog):
    """Emits ``saved()`` once the new status is stored."""

    saved = Signal()

    def __init__(self, store: Store, participant_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        now = ops.read(store, lambda s, actor: participant_status.current_status(
            s, actor, participant_id))
        name, current, since = now.name, now.status, now.since
        self.current = current
        self.setWindowTitle(self.tr("Change status — PeerDesk"))
        self.setAccessibleName(self.tr("Change status"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Change status: {name}").format(name=name), 1.2))
        self.current_label = QLabel(self.tr("Now: {status} since {day}").format(
            status=STATUS_LABELS[current], day=format_date(since)))
        self.current_label.setAccessibleName(self.tr("Current status"))
        layout.addWidget(self.current_label)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addLayout(form)
        self.new_status = QComboBox()
        choices = {
            ParticipantStatus.ACTIVE: self.tr("Re-enroll (active again)"),
            ParticipantStatus.INACTIVE: self.tr("Mark inactive"),
            ParticipantStatus.DISCHARGED: self.tr("Discharge"),
        }
        for status, text in choices.items():
            if status != current:
                self.new_status.addItem(text, status.value)
        self.effective_on = DateField()
        self.effective_on.setMaxLength(10)
        self.effective_on.set_value(date.today())
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("for example: goals met, moved away"))
        self.problems = {
            "status": add_checked_row(form, self.tr("&Change to:"), self.new_status),
            "effective_on": add_checked_row(
                form, self.tr("&Date ({format}):").format(format=date_hint()),
                self.effective_on, accessible_name=self.tr("Date the change takes effect")),
            "reason": add_checked_row(form, self.tr("&Reason:"), self.reason),
        }
        self.fields: dict[str, QWidget] = {"status": self.new_status,
                                           "effective_on": self.effective_on,
                                           "reason": self.reason}
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save status"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Only once the box is in the dialog does QDialog take it as Enter's button.
        self.save_button.setDefault(True)
        tab_chain(self.new_status, self.effective_on, self.reason)
        share_window_actions(self, parent)
        set_min_width_chars(self, 60)
        self.new_status.setFocus()

    def choose(self, status: ParticipantStatus) -> None:
        index = self.new_status.findData(status.value)
        if index >= 0:
            self.new_status.setCurrentIndex(index)

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        try:
            effective = self.effective_on.value()
        except ValueError as exc:
            self.problems["effective_on"].show_problem(str(exc))
            self.effective_on.setFocus()
            return
        if effective is None:
            self.problems["effective_on"].show_problem(self.tr("Please enter the date."))
            self.effective_on.setFocus()
            return
        status = ParticipantStatus(str(self.new_status.currentData()))
        reason = self.reason.text()
        if not ops.run(self, self.store, lambda s, actor: participant_status.change_status(
                s, actor, self.participant_id, status, effective, reason),
                fields=ops.FieldTargets(self.problems, self.fields, self.general_problem),
                changed=ops.PARTICIPANTS):
            return
        self.accept()
        self.saved.emit()
