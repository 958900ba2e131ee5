"""A participant's referrals and consents, for a tab of the participant workspace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.referrals import STATUSES
from peerdesk.domain.roles import Permission
from peerdesk.services import consents, referrals
from peerdesk.services.consents import ConsentView
from peerdesk.services.referrals import ReferralView
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel, format_date
from peerdesk.ui.consent_dialogs import ConsentDialog, ConsentEndDialog
from peerdesk.ui.forms import tab_chain
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading, reading_pane
from peerdesk.ui.referral_dialogs import ReferralDialog, StatusChangeDialog


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class ReferralsPanel(QWidget):
    """``(store, participant_id)``; ``set_participant(id)`` to reuse it for another person.
    ``changed()`` after any change here (the workspace header's alerts may change)."""

    changed = Signal()

    def __init__(self, store: Store, participant_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self.dialog: QDialog | None = None
        self.file_dialog: QFileDialog | None = None
        writes = store.actor.can(Permission.WRITE_NOTES)
        self.setAccessibleName(self.tr("Referrals and consents"))
        layout = QVBoxLayout(self)
        self.alerts = QLabel()
        self.alerts.setWordWrap(True)
        self.alerts.setTextFormat(Qt.TextFormat.PlainText)
        self.alerts.setAccessibleName(self.tr("Consent alerts"))
        layout.addWidget(self.alerts)

        self.referrals_model = RowsModel([
            (self.tr("Referred"), lambda r: format_date(r.referred_on)),
            (self.tr("To"), lambda r: r.recipient),
            (self.tr("Status"), lambda r: self.tr("{status} since {day}").format(
                status=r.status_label, day=format_date(r.status_since))),
            (self.tr("Follow up"), lambda r: format_date(r.follow_up_on)
             if r.follow_up_on else ""),
            (self.tr("How"), self._how),
        ], self)
        self.referrals = RowsTable(self.referrals_model, self.tr("Referrals"), 1)
        self.referrals.open_row.connect(lambda _r: self.update_referral())
        self.referrals_heading = heading(self.tr("&Referrals"))
        self.referrals_heading.setBuddy(self.referrals)
        self.new_referral_button = _button(self.tr("&New referral…"), self.tr("New referral"))
        self.update_button = _button(self.tr("&Update referral…"),
                                     self.tr("Update the selected referral"))
        self.new_referral_button.clicked.connect(self.new_referral)
        self.update_button.clicked.connect(self.update_referral)
        detail_label = QLabel(self.tr("Selected referral's &history:"))
        self.detail = reading_pane(self.tr("Selected referral's history"))
        detail_label.setBuddy(self.detail)

        self.consents_model = RowsModel([
            (self.tr("Recipients"), lambda c: c.recipients_label),
            (self.tr("State"), lambda c: c.state_label),
            (self.tr("Signed"), lambda c: format_date(c.signed_on) if c.signed_on else ""),
            (self.tr("Ends"), self._ends),
        ], self)
        self.consents = RowsTable(self.consents_model, self.tr("Consents"), 0)
        self.consents.open_row.connect(lambda _r: self.open_consent())
        self.consents_heading = heading(self.tr("C&onsents (42 CFR Part 2)"))
        self.consents_heading.setBuddy(self.consents)
        self.record_button = _button(self.tr("Record &consent…"), self.tr("Record a consent"))
        self.open_consent_button = _button(self.tr("O&pen…"), self.tr("Open the selected "
                                                                      "consent"))
        self.print_button = _button(self.tr("&Print form…"),
                                    self.tr("Print the selected consent's form"))
        self.revoke_button = _button(self.tr("Re&voke…"), self.tr("Revoke the selected consent"))
        self.event_button = _button(self.tr("&Event happened…"),
                                    self.tr("The event that ends the selected consent happened"))
        self.record_button.clicked.connect(self.record_consent)
        self.open_consent_button.clicked.connect(self.open_consent)
        self.print_button.clicked.connect(lambda: self.print_consent())
        self.revoke_button.clicked.connect(lambda: self.end_consent("revoke"))
        self.event_button.clicked.connect(lambda: self.end_consent("event"))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top, bottom = QWidget(), QWidget()
        upper, lower = QVBoxLayout(top), QVBoxLayout(bottom)
        for column in (upper, lower):
            column.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        for button in (self.new_referral_button, self.update_button):
            bar.addWidget(button)
        bar.addStretch(1)
        upper.addWidget(self.referrals_heading)
        upper.addWidget(self.referrals, 2)
        upper.addLayout(bar)
        upper.addWidget(detail_label)
        upper.addWidget(self.detail, 1)
        consent_bar = QHBoxLayout()
        for button in (self.record_button, self.open_consent_button, self.print_button,
                       self.revoke_button, self.event_button):
            consent_bar.addWidget(button)
        consent_bar.addStretch(1)
        lower.addWidget(self.consents_heading)
        lower.addWidget(self.consents, 1)
        lower.addLayout(consent_bar)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([500, 300])
        layout.addWidget(splitter, 1)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Last action"))
        layout.addWidget(self.notice)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        for button in (self.new_referral_button, self.record_button):
            button.setVisible(writes)
        self.referrals.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.consents.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        tab_chain(self.referrals, self.new_referral_button, self.update_button, self.detail,
                  self.consents, self.record_button, self.open_consent_button,
                  self.print_button, self.revoke_button, self.event_button)
        self.refresh()

    # -- texts ----------------------------------------------------------------------------
    def _how(self, r: ReferralView) -> str:
        parts = []
        if r.warm_handoff:
            parts.append(self.tr("warm hand-off"))
        if r.shares_information:
            parts.append(self.tr("shares information"))
        return ", ".join(parts)

    def _ends(self, c: ConsentView) -> str:
        if c.revoked_on:
            return self.tr("revoked {day}").format(day=format_date(c.revoked_on))
        parts = [format_date(c.expires_on)] if c.expires_on else []
        if c.expiry_event:
            parts.append(c.expiry_event)
        return self.tr(" or ").join(parts)

    # -- loading --------------------------------------------------------------------------
    def set_participant(self, participant_id: int) -> None:
        self.participant_id = participant_id
        self.refresh()

    def refresh(self) -> None:
        if self.store.closed or self.participant_id is None:
            self._forget()
            return
        pid = self.participant_id
        out = ops.run(self, self.store, lambda s, actor: (
            referrals.referrals_for(s, actor, pid), consents.consents_for(s, actor, pid),
            consents.alerts_for(s, actor, pid)), problem=self.problem)
        if not out or out.value is None:
            return
        rows, found, alerts = out.value
        self.referrals_model.set_rows(rows)
        self.consents_model.set_rows(found)
        self.alerts.setText("\n".join(f"{WARNING_SIGN} {a}" for a in alerts))
        self.alerts.setVisible(bool(alerts))
        self.referrals.select_row(0)
        self.consents.select_row(0)
        self._selected()

    def _selected(self) -> None:
        writes = self.store.actor.can(Permission.WRITE_NOTES)
        r = self.referrals.current()
        self.update_button.setEnabled(r is not None and r.editable)
        if r is None:
            self.detail.setPlainText(self.tr("No referrals yet.") if not
                                     self.referrals_model.rowCount() else "")
        else:
            lines = [self.tr("{day}: {status} — {by}").format(
                day=format_date(h.changed_on), status=STATUSES.get(h.status, h.status),
                by=h.by) + (f" — {h.note}" if h.note else "") for h in r.history]
            if r.barrier or r.goal:
                lines.append(self.tr("For: {what}").format(
                    what="; ".join(x for x in (r.barrier, r.goal) if x)))
            if r.reason is None:
                lines.append(self.tr("Note: not shown for your role"))
            elif r.reason:
                lines.append(self.tr("Note: {text}").format(text=r.reason))
            self.detail.setPlainText("\n".join(lines))
        c = self.consents.current()
        self.open_consent_button.setEnabled(c is not None)
        self.print_button.setEnabled(c is not None and writes)
        ends = c is not None and writes and c.state in ("in_force", "draft")
        self.revoke_button.setEnabled(ends and c is not None and c.revoked_on is None)
        self.event_button.setEnabled(ends and c is not None and bool(c.expiry_event))

    # -- actions --------------------------------------------------------------------------
    def _show(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def new_referral(self) -> None:
        if self.participant_id is None:
            return
        dialog = ReferralDialog(self.store, self.participant_id, parent=self)
        dialog.saved.connect(lambda _rid: self._done(self.tr("The referral was saved.")))
        self._show(dialog)

    def update_referral(self) -> None:
        r = self.referrals.current()
        if r is None:
            return
        dialog = StatusChangeDialog(self.store, r.id, self)
        dialog.saved.connect(lambda _rid: self._done(self.tr("The referral was updated.")))
        self._show(dialog)

    def record_consent(self) -> None:
        if self.participant_id is None:
            return
        dialog = ConsentDialog(self.store, self.participant_id, parent=self)
        dialog.saved.connect(lambda _cid: self._done(self.tr("The consent was saved.")))
        self._show(dialog)

    def open_consent(self) -> None:
        c = self.consents.current()
        if c is None or self.participant_id is None:
            return
        dialog = ConsentDialog(self.store, self.participant_id, c.id, parent=self)
        dialog.saved.connect(lambda _cid: self._done(self.tr("The consent was saved.")))
        self._show(dialog)

    def end_consent(self, mode: str) -> None:
        c = self.consents.current()
        if c is None:
            return
        dialog = ConsentEndDialog(self.store, c.id, mode, self)
        dialog.saved.connect(lambda _cid: self._done(
            self.tr("The consent was revoked.") if mode == "revoke"
            else self.tr("The consent has ended.")))
        self._show(dialog)

    def print_consent(self, path: Path | str | None = None) -> None:
        """The selected consent's form; without ``path``, ask where to save it."""
        c = self.consents.current()
        if c is None or self.participant_id is None:
            return
        if path is None:
            dialog = QFileDialog(self, self.tr("Save the consent form"), "",
                                 self.tr("PDF files (*.pdf)"))
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("pdf")
            dialog.fileSelected.connect(lambda chosen: self.print_consent(chosen))
            self.file_dialog = dialog
            dialog.open()
            return
        if not ops.run(self, self.store, lambda s, actor: consents.print_consent_form(
                s, actor, c.id, path), problem=self.problem):
            return
        self.notice.setText(self.tr("The consent form was saved to {path}.").format(path=path))

    def _done(self, message: str) -> None:
        self.refresh()
        self.notice.setText(message)
        self.changed.emit()

    def clear_sensitive(self) -> None:
        """Called on lock: close the dialogs and forget the participant."""
        for dialog in (self.dialog, self.file_dialog):
            if dialog is not None:
                dialog.close()
        self.participant_id = None
        self._forget()

    def _forget(self) -> None:
        self.referrals_model.clear()
        self.consents_model.clear()
        self.detail.clear()
        self.alerts.clear()
        self.notice.clear()
        self.problem.clear_problem()
