"""Make a referral (to a directory service or someone typed by hand) and move one along
its loop. When sharing needs a consent that is not in force, the referral dialog says why
in plain words and offers to record one, pre-filled with the recipient."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from peerdesk.db.errors import StoreError
from peerdesk.domain.referrals import ReferralInput
from peerdesk.domain.resources import CATEGORIES
from peerdesk.services import directory, referrals
from peerdesk.services.actor import Actor
from peerdesk.services.consents import ConsentRequired
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    WARNING_SIGN,
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    fit_to_font,
    format_date,
    set_min_width_chars,
)
from peerdesk.ui.forms import heading, share_window_actions, tab_chain
from peerdesk.ui.referral_status_dialog import (
    FOLLOW_UP_DAYS,
    StatusChangeDialog,
    person_name,
    text_box,
)

__all__ = ["ReferralDialog", "StatusChangeDialog"]

class ReferralDialog(QDialog):
    """``participant_id`` or ``family_member_id``. Emits ``saved(referral id)``."""

    saved = Signal(int)

    def __init__(self, store: Store, participant_id: int | None = None,
                 family_member_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id, self.member_id = participant_id, family_member_id
        self.consent_dialog: QDialog | None = None
        self.needed: ConsentRequired | None = None
        self.name = person_name(store, participant_id, family_member_id)
        share_window_actions(self, parent)
        self.setWindowTitle(self.tr("New referral — PeerDesk"))
        self.setAccessibleName(self.tr("New referral"))
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("New referral for {name}").format(name=self.name), 1.2))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget, accessible: str | None = None) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget, accessible_name=accessible)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("words, a category or a city"))
        self.search.setClearButtonEnabled(True)
        row("search", self.tr("&Find in the directory:"), self.search)
        self.results = QListWidget()
        self.results.setFixedHeight(self.results.fontMetrics().lineSpacing() * 7)
        row("service_id", self.tr("Directory &services:"), self.results)
        self.free_text = QLineEdit()
        self.free_text.setMaxLength(300)
        self.free_text.setPlaceholderText(self.tr("a person or organization not in the "
                                                  "directory"))
        row("recipient", self.tr("Or someone &else:"), self.free_text,
            self.tr("Recipient not in the directory"))
        self.kind = QComboBox()
        for key, label in CATEGORIES.items():
            self.kind.addItem(label, key)
        row("recipient_kind", self.tr("&Kind of help:"), self.kind)
        self.barrier = QComboBox()
        self.goal = QComboBox()
        row("barrier_id", self.tr("&Barrier it addresses:"), self.barrier)
        row("goal_id", self.tr("&Goal it supports:"), self.goal)
        self.warm = QCheckBox(self.tr("&Warm hand-off (introduce them to each other)"))
        self.shares = QCheckBox(self.tr("S&hares {name}'s information with the recipient")
                                .format(name=self.name))
        form.addRow(self.warm)
        form.addRow(self.shares)
        self.referred_on = DateField()
        self.referred_on.set_value(date.today())
        row("referred_on", self.tr("Referral &date ({format}):").format(format=date_hint()),
            self.referred_on, self.tr("Referral date"))
        self.follow_up = DateField()
        self.follow_up.set_value(date.today() + timedelta(days=FOLLOW_UP_DAYS))
        row("follow_up_on", self.tr("&Follow up on ({format}):").format(format=date_hint()),
            self.follow_up, self.tr("Follow-up date"))
        self.reason = text_box(3)
        row("reason", self.tr("&Note:"), self.reason, self.tr("Note about the referral"))

        self.consent_box = QFrame()
        self.consent_box.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self.consent_box)
        self.consent_text = QLabel()
        self.consent_text.setWordWrap(True)
        self.consent_text.setTextFormat(Qt.TextFormat.PlainText)
        self.consent_text.setAccessibleName(self.tr("Consent"))
        self.consent_button = QPushButton(self.tr("Record a &consent…"))
        self.consent_button.setAccessibleName(self.tr("Record a consent"))
        self.consent_button.clicked.connect(self.open_consent)
        column.addWidget(self.consent_text)
        column.addWidget(self.consent_button)
        outer.addWidget(self.consent_box)
        self.consent_box.hide()
        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save referral"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._fill_links()
        self.search.textChanged.connect(self._search)
        self.results.currentItemChanged.connect(lambda *_: self._service_chosen())
        self.free_text.textEdited.connect(self._typed)
        for box in (self.warm, self.shares):
            box.toggled.connect(lambda _on: self._check_consent())
        self.kind.currentIndexChanged.connect(lambda _i: self._check_consent())
        tab_chain(self.search, self.results, self.free_text, self.kind, self.barrier, self.goal,
                  self.warm, self.shares, self.referred_on, self.follow_up, self.reason,
                  self.consent_button, self.save_button)
        self._search()
        set_min_width_chars(self, 70)
        fit_to_font(self, 90, 46)
        self.search.setFocus()

    def _fill_links(self) -> None:
        self.barrier.addItem(self.tr("None"), None)
        self.goal.addItem(self.tr("None"), None)
        if self.participant_id is None:
            self.barrier.setEnabled(False)
            self.goal.setEnabled(False)
            self.shares.setEnabled(False)
            self.shares.setToolTip(self.tr("Referrals for family members share no "
                                           "participant's records."))
            return
        pid = self.participant_id
        links = ops.read(self.store, lambda s, actor: referrals.link_choices(s, actor, pid))
        for choice in links.barriers:
            self.barrier.addItem(choice.label, choice.id)
        for choice in links.goals:
            self.goal.addItem(choice.label, choice.id)

    # -- choosing the recipient -----------------------------------------------------------
    def _search(self) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        text = self.search.text()
        out = ops.run(self, self.store, lambda s, actor: directory.search_services(
            s, actor, text, limit=60), problem=self.general_problem)
        for r in out.value or []:
            place = f" ({r.city})" if r.city else ""
            item = QListWidgetItem(f"{r.name} — {r.organization}{place}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.results.addItem(item)
        self.results.blockSignals(False)

    def service_id(self) -> int | None:
        item = self.results.currentItem()
        if item is None or self.free_text.text().strip():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole))

    def choose_service(self, service_id: int) -> bool:
        for i in range(self.results.count()):
            if self.results.item(i).data(Qt.ItemDataRole.UserRole) == service_id:
                self.results.setCurrentRow(i)
                return True
        return False

    def _service_chosen(self) -> None:
        service_id = self.service_id()
        if service_id is not None:
            self.free_text.clear()
            out = ops.run(self, self.store, lambda s, actor: directory.service_detail(
                s, actor, service_id).recipient_kind, problem=self.general_problem)
            if out:
                self.kind.setCurrentIndex(max(0, self.kind.findData(out.value)))
        self._check_consent()

    def _typed(self) -> None:
        if self.free_text.text().strip():
            self.results.setCurrentRow(-1)
        self._check_consent()

    # -- consent --------------------------------------------------------------------------
    def collect(self) -> ReferralInput:
        """The form as service input; ValueError (with the field) when a date is unreadable."""
        dates = {}
        for name, field in (("referred_on", self.referred_on), ("follow_up_on", self.follow_up)):
            try:
                dates[name] = field.value()
            except ValueError as exc:
                raise ValueError(name, str(exc)) from exc
        return ReferralInput(
            participant_id=self.participant_id, family_member_id=self.member_id,
            service_id=self.service_id(), recipient_name=self.free_text.text(),
            recipient_kind=str(self.kind.currentData()), barrier_id=self.barrier.currentData(),
            goal_id=self.goal.currentData(), warm_handoff=self.warm.isChecked(),
            shares_information=self.shares.isChecked(), reason=self.reason.toPlainText(),
            referred_on=dates["referred_on"], follow_up_on=dates["follow_up_on"])

    def _check_consent(self) -> None:
        try:
            data = self.collect()
        except ValueError:
            return
        if data.participant_id is None or not data.needs_consent or (
                data.service_id is None and not data.recipient_name.strip()):
            self.needed = None
            self.consent_box.hide()
            return
        try:
            consent = ops.read(self.store, lambda s, actor: referrals.check_consent(
                s, actor, data))
        except ConsentRequired as exc:
            self.show_consent_needed(exc)
            return
        except StoreError:  # checked again, and explained, on saving
            return
        self.needed = None
        self.consent_text.setText(self.tr("✓ A consent in force covers this recipient "
                                          "(signed {day}).").format(
            day=format_date(consent.signed_on) if consent and consent.signed_on else ""))
        self.consent_button.hide()
        self.consent_box.show()

    def show_consent_needed(self, exc: ConsentRequired) -> None:
        self.needed = exc
        self.consent_text.setText(f"{WARNING_SIGN} {exc}")
        self.consent_text.setAccessibleDescription(str(exc))
        self.consent_button.setText(self.tr("Record a &consent for {who}…").format(
            who=exc.recipient))
        self.consent_button.setAccessibleName(self.tr("Record a consent for {who}").format(
            who=exc.recipient))
        self.consent_button.show()
        self.consent_box.show()

    def open_consent(self) -> None:
        from peerdesk.ui.consent_dialogs import ConsentDialog

        if self.participant_id is None or self.needed is None:
            return
        dialog = ConsentDialog(self.store, self.participant_id, recipient=self.needed.recipient,
                               parent=self)
        if self.consent_dialog is not None:
            self.consent_dialog.deleteLater()
        dialog.saved.connect(lambda _cid: self._check_consent())
        self.consent_dialog = dialog
        dialog.open()

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()
        try:
            data = self.collect()
        except ValueError as exc:
            field, message = exc.args
            self.problems[field].show_problem(message)
            self.fields[field].setFocus()
            return
        def make(s: Session, actor: Actor) -> int | ConsentRequired:
            try:
                return referrals.make_referral(s, actor, data).id
            except ConsentRequired as exc:  # nothing was written; the form offers a consent
                return exc

        out = ops.run(self, self.store, make, fields=ops.FieldTargets(
            self.problems, self.fields, self.general_problem))
        if not out or out.value is None:
            return
        if isinstance(out.value, ConsentRequired):
            self.show_consent_needed(out.value)
            self.consent_button.setFocus()
            return
        referral_id = out.value
        ops.announce(ops.REFERRALS)
        self.accept()
        self.saved.emit(referral_id)
