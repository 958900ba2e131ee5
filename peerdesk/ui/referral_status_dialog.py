"""Move a referral along its loop: the next status, its date, a note and the next
follow-up; the history so far; a warning when the consent it relied on has ended."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.referrals import ENDED, STATUS_HELP, STATUSES
from peerdesk.services import referrals
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    fit_to_font,
    format_date,
    set_min_width_chars,
)
from peerdesk.ui.forms import heading, share_window_actions, tab_chain
from peerdesk.ui.list_widgets import reading_pane

FOLLOW_UP_DAYS = 7


def person_name(store: Store, participant_id: int | None, member_id: int | None) -> str:
    """The participant's or family member's name, as the referral dialogs show it."""
    return ops.read(store, lambda s, actor: referrals.person_name(s, actor, participant_id,
                                                                  member_id))


def text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class StatusChangeDialog(QDialog):
    """Move a referral along its loop (dated, with a note). Emits ``saved(referral id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, referral_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.referral_id = referral_id
        share_window_actions(self, parent)
        start = ops.read(store, lambda s, actor: referrals.open_status_change(
            s, actor, referral_id))
        view, name, warning = start.referral, start.person, start.consent_warning
        self.setWindowTitle(self.tr("Update referral — PeerDesk"))
        self.setAccessibleName(self.tr("Update referral"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Referral to {who}").format(who=view.recipient), 1.2))
        self.current = QLabel(self.tr("For {name} · now {status} since {day}").format(
            name=name, status=view.status_label, day=format_date(view.status_since)))
        self.current.setWordWrap(True)
        self.current.setAccessibleName(self.tr("Current status"))
        layout.addWidget(self.current)
        self.warning = ProblemLabel(self)
        self.warning.show_problem(warning)
        layout.addWidget(self.warning)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addLayout(form)
        self.status = QComboBox()
        for status in view.next_statuses:
            self.status.addItem(STATUSES[status], status)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setAccessibleName(self.tr("What this status means"))
        self.changed_on = DateField()
        self.changed_on.set_value(date.today())
        self.follow_up = DateField()
        self.note = text_box(3)
        self.problems = {
            "status": add_checked_row(form, self.tr("&New status:"), self.status),
            "changed_on": add_checked_row(form, self.tr("&Date ({format}):").format(
                format=date_hint()), self.changed_on, accessible_name=self.tr("Date of the "
                                                                              "change")),
            "follow_up_on": add_checked_row(form, self.tr("Next &follow-up ({format}):").format(
                format=date_hint()), self.follow_up, accessible_name=self.tr("Next follow-up "
                                                                             "date")),
            "note": add_checked_row(form, self.tr("N&ote:"), self.note),
        }
        form.insertRow(1, "", self.help)
        self.fields: dict[str, QWidget] = {"status": self.status, "changed_on": self.changed_on,
                                           "follow_up_on": self.follow_up, "note": self.note}
        history_label = QLabel(self.tr("&History:"))
        self.history = reading_pane(self.tr("Referral history"))
        history_label.setBuddy(self.history)
        self.history.setPlainText("\n".join(
            self.tr("{day}: {status} — {by}{note}").format(
                day=format_date(h.changed_on), status=STATUSES.get(h.status, h.status),
                by=h.by, note=f" — {h.note}" if h.note else "") for h in view.history))
        layout.addWidget(history_label)
        layout.addWidget(self.history, 1)
        self.general_problem = ProblemLabel(self)
        layout.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save change"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not view.editable:
            self.general_problem.show_problem(self.tr(
                "This referral has ended, or you may not change it."))
            for widget in (self.status, self.changed_on, self.follow_up, self.note,
                           self.save_button):
                widget.setEnabled(False)
        self.status.currentIndexChanged.connect(lambda _i: self._status_chosen())
        self._status_chosen()
        tab_chain(self.status, self.changed_on, self.follow_up, self.note, self.history,
                  self.save_button)
        set_min_width_chars(self, 60)
        fit_to_font(self, 80, 34)
        self.status.setFocus()

    def _status_chosen(self) -> None:
        status = self.status.currentData()
        self.help.setText(STATUS_HELP.get(status, ""))
        ended = status in ENDED
        self.follow_up.setEnabled(not ended and self.save_button.isEnabled())
        if ended:
            self.follow_up.clear()
        elif not self.follow_up.text():
            self.follow_up.set_value(date.today() + timedelta(days=FOLLOW_UP_DAYS))

    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        values = {}
        for name, field in (("changed_on", self.changed_on), ("follow_up_on", self.follow_up)):
            try:
                values[name] = field.value()
            except ValueError as exc:
                self.problems[name].show_problem(str(exc))
                field.setFocus()
                return
        status, note = str(self.status.currentData()), self.note.toPlainText()
        if not ops.run(self, self.store, lambda s, actor: referrals.change_status(
                s, actor, self.referral_id, status, values["changed_on"] or date.today(),
                note, values["follow_up_on"]),
                fields=ops.FieldTargets(self.problems, self.fields, self.general_problem),
                changed=ops.REFERRALS):
            return
        self.accept()
        self.saved.emit(self.referral_id)
