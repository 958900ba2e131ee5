"""Add or edit a family member: each problem is shown under the field it belongs to."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.families import RELATIONSHIPS, FamilyMemberInput
from peerdesk.domain.participants import LANGUAGES
from peerdesk.domain.roles import Permission, Role
from peerdesk.services import families, participants, users
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import (
    DateField,
    ProblemLabel,
    add_checked_row,
    date_hint,
    fit_to_font,
    set_min_width_chars,
)


class _Saved(Protocol):
    id: int
    display_name: str


def _id_and_name(member: _Saved) -> tuple[int, str]:
    """What the dialog keeps of a saved member (read inside the transaction)."""
    return member.id, member.display_name


_WORKER_ROLES = {Role.PEER_WORKER, Role.FAMILY_PEER_SPECIALIST, Role.SUPERVISOR}
NOT_ENROLLED = -1  # the "loved one not enrolled" choice


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class MemberDialog(QDialog):
    """``member_id`` None adds a family member. Emits ``saved(member id, name)``."""

    saved = Signal(int, str)

    def __init__(self, store: Store, member_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.member_id = member_id
        title = self.tr("Edit family member") if member_id else self.tr("Add family member")
        self.setWindowTitle(self.tr("{title} — PeerDesk").format(title=title))
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget)

        self.first_name = QLineEdit()
        row("first_name", self.tr("&First name:"), self.first_name)
        self.last_name = QLineEdit()
        row("last_name", self.tr("&Last name:"), self.last_name)
        for edit in (self.first_name, self.last_name):
            edit.setMaxLength(80)
        self.relationship = QComboBox()
        self.relationship.addItem(self.tr("Not recorded"), "")
        for value, label in RELATIONSHIPS.items():
            self.relationship.addItem(label, value)
        row("relationship", self.tr("&Relationship to the loved one:"), self.relationship)
        self.find_participant = QLineEdit()
        self.find_participant.setPlaceholderText(self.tr("type part of a name"))
        self.find_participant.setClearButtonEnabled(True)
        row("find_participant", self.tr("Fi&nd an enrolled loved one:"), self.find_participant)
        self.participant = QComboBox()
        self.participant.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row("participant_id", self.tr("Lo&ved one:"), self.participant)
        self.loved_one = QLineEdit()
        self.loved_one.setMaxLength(200)
        self.loved_one.setPlaceholderText(self.tr("for example: her son, 24"))
        row("loved_one_description", self.tr("About the loved one (&if not enrolled):"),
            self.loved_one)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        row("phone", self.tr("P&hone:"), self.phone)
        self.email = QLineEdit()
        self.email.setMaxLength(120)
        row("email", self.tr("E&mail:"), self.email)
        self.preferred_language = QComboBox()
        for value, label in LANGUAGES.items():
            self.preferred_language.addItem(label, value)
        row("preferred_language", self.tr("Preferred lan&guage:"), self.preferred_language)
        self.consent = QCheckBox(self.tr("Agrees to be &contacted"))
        row("consent_to_contact", self.tr("Consent to contact:"), self.consent)
        self.consent_on = DateField()
        self.consent_on.setMaxLength(10)
        row("consent_to_contact_on", self.tr("Consent &given on ({format}):").format(
            format=date_hint()), self.consent_on)
        self.assigned_worker = QComboBox()
        row("assigned_worker_id", self.tr("Assigned &worker:"), self.assigned_worker)

        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save family member"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.save_button.setDefault(True)  # after the box is in the dialog, or Qt ignores it
        QWidget.setTabOrder(self.assigned_worker, self.save_button)
        QWidget.setTabOrder(self.save_button,
                            buttons.button(QDialogButtonBox.StandardButton.Cancel))
        self.consent.toggled.connect(self._consent_toggled)
        self.find_participant.textChanged.connect(self._find)
        self.participant.currentIndexChanged.connect(self._participant_chosen)
        self.participant.activated.connect(self._participant_picked)

        current = FamilyMemberInput("", "")
        if member_id is not None:
            current = ops.read(store, lambda s, actor: families.member_input(
                s, actor, member_id))
        self._fill_workers(current.assigned_worker_id)
        self._load(current)
        set_min_width_chars(self, 74)
        fit_to_font(self, 80, 40)
        self.first_name.setFocus()

    # -- filling ------------------------------------------------------------------------
    def _load(self, data: FamilyMemberInput) -> None:
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        select_data(self.relationship, data.relationship)
        self._kept: tuple[int, str] | None = None
        if data.participant_id is not None:
            self._kept = (data.participant_id, self._linked_name(data.participant_id))
        self._find()
        self.loved_one.setText(data.loved_one_description)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        select_data(self.preferred_language, data.preferred_language)
        self.consent.setChecked(data.consent_to_contact)
        self.consent_on.set_value(data.consent_to_contact_on)
        self._consent_toggled(data.consent_to_contact)

    def _find(self) -> None:
        """Fill the loved-one choices: not enrolled, the one chosen so far, and matches for
        the search text (the first match is chosen as you type)."""
        previous = self.participant.currentData()
        kept = self._kept[0] if self._kept is not None else None
        self.participant.blockSignals(True)
        self.participant.clear()
        self.participant.addItem(self.tr("Loved one not enrolled"), NOT_ENROLLED)
        if self._kept is not None:
            self.participant.addItem(self._kept[1], self._kept[0])
        first_match = self.participant.count()
        text = self.find_participant.text().strip()
        if text:
            found = ops.read(self.store, lambda s, actor: participants.search_participants(
                s, actor, text, limit=30))
            for p in found:
                if p.id != kept:
                    self.participant.addItem(p.display_name, p.id)
        if text and self.participant.count() > first_match:
            self.participant.setCurrentIndex(first_match)
        else:
            select_data(self.participant, previous if previous in (NOT_ENROLLED, kept)
                        else (kept if kept is not None else NOT_ENROLLED))
        self.participant.blockSignals(False)
        self._participant_chosen()

    def _linked_name(self, participant_id: int) -> str:
        try:
            return ops.read(self.store, lambda s, actor: participants.summary(
                s, actor, participant_id)).display_name
        except StoreError:
            return self.tr("Enrolled participant (not on your caseload)")

    def _participant_chosen(self) -> None:
        self.loved_one.setEnabled(self.participant.currentData() == NOT_ENROLLED)

    def _participant_picked(self) -> None:
        """The user chose from the list: keep that choice while they search again."""
        chosen = self.participant.currentData()
        if chosen not in (None, NOT_ENROLLED):
            self._kept = (int(chosen), self.participant.currentText())

    def _fill_workers(self, current: int | None) -> None:
        actor = self.store.actor
        if not actor.can(Permission.REASSIGN_PARTICIPANTS):
            if current is None or current == actor.id:
                self.assigned_worker.addItem(actor.full_name, actor.id)
            else:
                named = {u.id: u.full_name
                         for u in ops.read(self.store, lambda s, a: users.list_users(s, a))}
                self.assigned_worker.addItem(named.get(current, self.tr("Another worker")),
                                             current)
            self.assigned_worker.setEnabled(False)
            return
        for user in ops.read(self.store, lambda s, a: users.list_users(
                s, a, include_inactive=False)):
            if user.role_set & _WORKER_ROLES:
                self.assigned_worker.addItem(user.label, user.id)
        select_data(self.assigned_worker, current if current is not None else actor.id)

    def _consent_toggled(self, checked: bool) -> None:
        self.consent_on.setEnabled(checked)

    # -- saving -------------------------------------------------------------------------
    def collect(self) -> FamilyMemberInput:
        """The form as service input; ValueError when the consent date cannot be read."""
        chosen = self.participant.currentData()
        worker = self.assigned_worker.currentData()
        consent = self.consent.isChecked()
        return FamilyMemberInput(
            first_name=self.first_name.text(), last_name=self.last_name.text(),
            relationship=str(self.relationship.currentData()),
            participant_id=None if chosen in (None, NOT_ENROLLED) else int(chosen),
            loved_one_description=self.loved_one.text() if chosen == NOT_ENROLLED else "",
            phone=self.phone.text(), email=self.email.text(),
            preferred_language=str(self.preferred_language.currentData()),
            consent_to_contact=consent,
            consent_to_contact_on=self.consent_on.value() if consent else None,
            assigned_worker_id=int(worker) if worker is not None else None)

    def clear_problems(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()

    def save(self) -> None:
        self.clear_problems()
        try:
            data = self.collect()
        except ValueError as exc:
            self.problems["consent_to_contact_on"].show_problem(str(exc))
            self.consent_on.setFocus()
            return
        out = ops.run(self, self.store, lambda s, actor: _id_and_name(
                          families.save_member(s, actor, data, self.member_id)),
                      fields=ops.FieldTargets(self.problems, self.fields, self.general_problem),
                      changed=ops.FAMILIES)
        if not out or out.value is None:
            return
        saved_id, name = out.value
        self.accept()
        self.saved.emit(saved_id, name)

    def show_problems(self, exc: ValidationFailed) -> None:
        first: QWidget | None = None
        general: list[str] = []
        by_field: dict[str, list[str]] = {}
        for problem in exc.problems:
            if problem.field in self.problems:
                by_field.setdefault(problem.field, []).append(problem.message)
                first = first or self.fields[problem.field]
            else:
                general.append(problem.message)
        for name, messages in by_field.items():
            self.problems[name].show_problem(" ".join(messages))
        if general:
            self.general_problem.show_problem(" ".join(general))
        if first is not None:
            first.setFocus()

    def clear_sensitive(self) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        self.participant.clear()
        self.assigned_worker.clear()
        for label in self.findChildren(QLabel):
            if isinstance(label, ProblemLabel):
                label.clear_problem()
