"""Follow-ups due: open referrals whose follow-up date is today or past, for the signed-in
user's caseload (everyone's for supervisors). Most overdue first."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from peerdesk.db.errors import StoreError
from peerdesk.domain.roles import Permission
from peerdesk.services import referrals
from peerdesk.services.referrals import FollowUpRow
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, format_date
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading
from peerdesk.ui.referral_dialogs import StatusChangeDialog

MOST_ROWS = 8


class FollowUpsWidget(QWidget):
    """Construct with the open store; ``refresh()`` when shown, ``clear_sensitive()`` on
    lock. ``open_participant(id)`` / ``open_family_member(id)`` ask for the person's record;
    "Update referral…" records the follow-up here; ``changed()`` after it is saved."""

    open_participant = Signal(int)
    open_family_member = Signal(int)
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.dialog: StatusChangeDialog | None = None
        self.setAccessibleName(self.tr("Follow-ups due"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading(self.tr("Follow-ups due"))
        layout.addWidget(self.heading)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAccessibleName(self.tr("Follow-ups due: none"))
        layout.addWidget(self.empty)
        self.model = RowsModel([
            (self.tr("Due"), self._due_text),
            (self.tr("Person"), lambda r: r.person if r.participant_id else
             self.tr("{name} (family)").format(name=r.person)),
            (self.tr("Referred to"), lambda r: r.recipient),
            (self.tr("Status"), lambda r: r.status_label),
            (self.tr("Worker"), lambda r: r.worker or self.tr("Not assigned")),
        ], self)
        self.table = RowsTable(self.model, self.tr("Follow-ups due"), 2)
        self.table.open_row.connect(lambda _row: self.update_referral())
        self.heading.setBuddy(self.table)
        layout.addWidget(self.table)
        bar = QHBoxLayout()
        self.update_button = QPushButton(self.tr("&Update referral…"))
        self.update_button.setAccessibleName(self.tr("Update the selected referral"))
        self.open_button = QPushButton(self.tr("Open &record"))
        self.open_button.setAccessibleName(self.tr("Open the selected person's record"))
        self.update_button.clicked.connect(self.update_referral)
        self.open_button.clicked.connect(self.open_record)
        bar.addWidget(self.update_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.setVisible(store.actor.can(Permission.WRITE_NOTES))
        self.refresh()

    def _due_text(self, row: FollowUpRow) -> str:
        if row.days_overdue == 0:
            return self.tr("Today")
        return self.tr("{day} ({n} days overdue)").format(day=format_date(row.follow_up_on),
                                                          n=row.days_overdue)

    def rows(self) -> list[FollowUpRow]:
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def refresh(self) -> None:
        if self.store.closed:
            self.clear_sensitive()
            return
        out = ops.run(self, self.store, lambda s, actor: referrals.follow_ups_due(s, actor),
                      problem=self.problem)
        if not out or out.value is None:
            return
        rows = out.value
        everyone = self.store.actor.can(Permission.SUPERVISE)
        text = self.tr("Follow-ups due ({n})").format(n=len(rows))
        self.heading.setText(text)
        self.heading.setAccessibleName(text)
        self.model.set_rows(rows)
        self.empty.setText(self.tr("No follow-ups are due in the program.") if everyone
                           else self.tr("No follow-ups are due on your caseload."))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.table.fit_rows(MOST_ROWS)
        if rows:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.table.current() is not None
        for button in (self.update_button, self.open_button):
            button.setVisible(self.model.rowCount() > 0)
            button.setEnabled(chosen)

    def update_referral(self) -> None:
        row = self.table.current()
        if row is None:
            return
        try:
            dialog = StatusChangeDialog(self.store, row.referral_id, self)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()

    def _saved(self, _referral_id: int) -> None:
        self.refresh()
        self.changed.emit()

    def open_record(self) -> None:
        row = self.table.current()
        if row is None:
            return
        if row.participant_id is not None:
            self.open_participant.emit(row.participant_id)
        elif row.family_member_id is not None:
            self.open_family_member.emit(row.family_member_id)

    def clear_sensitive(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        self.model.clear()
        self.heading.setText(self.tr("Follow-ups due"))
        self.problem.clear_problem()
