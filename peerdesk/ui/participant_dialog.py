"""The participant form, for intake and for editing: each problem is shown under the field it
belongs to. A possible duplicate (same name and date of birth) asks before saving."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.participants import (
    ETHNICITIES,
    GENDERS,
    LANGUAGES,
    RACES,
    YES_NO_UNKNOWN,
    ParticipantInput,
)
from peerdesk.domain.roles import Permission
from peerdesk.services import participants, users
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
from peerdesk.ui.forms import share_window_actions, show_field_problems


def _choices(options: dict[str, str], blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, "")
    for value, label in options.items():
        combo.addItem(label, value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class ParticipantDialog(QDialog):
    """Add a participant (``participant_id`` None) or edit one.

    Emits ``saved(participant id, display name)`` after the participant is stored."""

    saved = Signal(int, str)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 participant_id: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self._current_worker: tuple[int | None, str] = (None, "")
        if participant_id is None:
            self.setWindowTitle(self.tr("Add participant — PeerDesk"))
            self.setAccessibleName(self.tr("Add participant"))
        else:
            self.setWindowTitle(self.tr("Edit participant — PeerDesk"))
            self.setAccessibleName(self.tr("Edit participant"))
        outer = QVBoxLayout(self)
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

        def row(name: str, text: str, widget: QWidget) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget)

        not_asked = self.tr("Not asked / not recorded")
        self.first_name = QLineEdit()
        row("first_name", self.tr("&First name:"), self.first_name)
        self.last_name = QLineEdit()
        row("last_name", self.tr("&Last name:"), self.last_name)
        self.preferred_name = QLineEdit()
        row("preferred_name", self.tr("P&referred name:"), self.preferred_name)
        for edit in (self.first_name, self.last_name, self.preferred_name):
            edit.setMaxLength(100)
        self.date_of_birth = DateField()
        self.date_of_birth.setMaxLength(10)
        self.date_of_birth.setPlaceholderText(self.tr("empty if not known"))
        row("date_of_birth", self.tr("&Date of birth ({format}):").format(format=date_hint()),
            self.date_of_birth)
        self.phone = QLineEdit()
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        row("phone", self.tr("P&hone:"), self.phone)
        self.email = QLineEdit()
        self.email.setMaxLength(120)
        row("email", self.tr("Ema&il:"), self.email)
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        row("address", self.tr("Street address:"), self.address)
        self.city = QLineEdit()
        self.city.setMaxLength(80)
        row("city", self.tr("&City:"), self.city)
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(12)
        row("postal_code", self.tr("P&ostal code:"), self.postal_code)
        self.preferred_language = _choices(LANGUAGES)
        row("preferred_language", self.tr("Preferred lan&guage:"), self.preferred_language)
        self.gender = _choices(GENDERS, not_asked)
        row("gender", self.tr("G&ender:"), self.gender)
        self.race = _choices(RACES, not_asked)
        row("race", self.tr("R&ace:"), self.race)
        self.ethnicity = _choices(ETHNICITIES, not_asked)
        row("ethnicity", self.tr("E&thnicity:"), self.ethnicity)
        self.veteran = _choices(YES_NO_UNKNOWN)
        _select(self.veteran, "unknown")
        row("veteran", self.tr("&Veteran:"), self.veteran)
        self.justice_involved = _choices(YES_NO_UNKNOWN)
        _select(self.justice_involved, "unknown")
        row("justice_involved", self.tr("&Justice involvement:"), self.justice_involved)
        self.payer = QLineEdit()
        self.payer.setMaxLength(80)
        self.payer.setPlaceholderText(self.tr("for example: State Medicaid"))
        row("payer", self.tr("Pa&yer:"), self.payer)
        self.member_id = QLineEdit()
        self.member_id.setMaxLength(20)
        row("member_id", self.tr("&Member id:"), self.member_id)
        self.assigned_worker = QComboBox()
        row("assigned_worker_id", self.tr("Assigned &worker:"), self.assigned_worker)
        if participant_id is not None:
            self._load(participant_id)
        self._fill_workers()

        self.general_problem = ProblemLabel(self)
        outer.addWidget(self.general_problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Save participant"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        # Only once the box is in the dialog does QDialog take it as Enter's button.
        self.save_button.setDefault(True)
        share_window_actions(self, parent)  # Ctrl+L locks from here too
        set_min_width_chars(self, 74)
        fit_to_font(self, 80, 44)
        self.first_name.setFocus()

    def _load(self, participant_id: int) -> None:
        """Fill the form from the record (the workspace already audited the view)."""
        out = ops.run(self, self.store, lambda s, actor: participants.details_for_editing(
            s, actor, participant_id))
        if not out or out.value is None:
            return
        p = out.value
        for name in ("first_name", "last_name", "preferred_name", "phone", "email",
                     "address", "city", "postal_code", "payer", "member_id"):
            edit = getattr(self, name)
            assert isinstance(edit, QLineEdit)
            edit.setText(str(p.value(name) or ""))
        born = p.value("date_of_birth")
        self.date_of_birth.set_value(born)  # type: ignore[arg-type]
        for name in ("preferred_language", "gender", "race", "ethnicity", "veteran",
                     "justice_involved"):
            _select(getattr(self, name), p.value(name) or "")
        self._current_worker = (p.assigned_worker_id, p.worker_label)

    def _fill_workers(self) -> None:
        actor = self.store.actor
        current_id, current_label = self._current_worker
        if not actor.can(Permission.REASSIGN_PARTICIPANTS):
            # A worker's new participant joins their own caseload; only a supervisor
            # reassigns.
            if self.participant_id is None:
                self.assigned_worker.addItem(actor.full_name, actor.id)
            else:
                self.assigned_worker.addItem(current_label or self.tr("Not assigned"),
                                             current_id)
            self.assigned_worker.setEnabled(False)
            return
        self.assigned_worker.addItem(self.tr("Not assigned"), None)
        out = ops.run(self, self.store, lambda s, a: users.workers(s, a))
        for user in out.value or []:
            self.assigned_worker.addItem(user.label, user.id)
        if current_id is not None and self.assigned_worker.findData(current_id) < 0:
            self.assigned_worker.addItem(
                self.tr("{name} (no longer active)").format(name=current_label), current_id)
        _select(self.assigned_worker, current_id)

    def collect(self) -> ParticipantInput:
        """The form as input for the service; ValueError when the date cannot be read."""
        born = self.date_of_birth.value()
        worker = self.assigned_worker.currentData()
        return ParticipantInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            preferred_name=self.preferred_name.text(),
            date_of_birth=born,
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            city=self.city.text(),
            postal_code=self.postal_code.text(),
            preferred_language=str(self.preferred_language.currentData()),
            gender=str(self.gender.currentData()),
            race=str(self.race.currentData()),
            ethnicity=str(self.ethnicity.currentData()),
            veteran=str(self.veteran.currentData()),
            justice_involved=str(self.justice_involved.currentData()),
            payer=self.payer.text(),
            member_id=self.member_id.text(),
            assigned_worker_id=int(worker) if worker is not None else None,
        )

    def clear_problems(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
        self.general_problem.clear_problem()

    def save(self, allow_duplicate: bool = False) -> None:
        self.clear_problems()
        try:
            data = self.collect()
        except ValueError as exc:
            self.problems["date_of_birth"].show_problem(str(exc))
            self.date_of_birth.setFocus()
            return
        pid = self.participant_id
        out = ops.run(
            self, self.store,
            lambda s, actor: participants.save_participant(s, actor, pid, data,
                                                           allow_duplicate=allow_duplicate),
            fields=ops.FieldTargets(self.problems, self.fields, self.general_problem),
            confirm_again=lambda: self.save(allow_duplicate=True),
            confirmation=ops.Confirmation(title=self.tr("Possible duplicate"),
                                          yes=self.tr("Save &anyway")),
            changed=ops.PARTICIPANTS)
        if not out:
            return
        saved = out.value
        assert saved is not None
        self.accept()
        self.saved.emit(saved.id, saved.display_name)

    def show_problems(self, exc: ValidationFailed) -> None:
        show_field_problems(exc, self.problems, self.fields, self.general_problem)


AddParticipantDialog = ParticipantDialog  # the intake form (kept for older callers)
