"""Settings screen (administrators): organization name, automatic lock, password rules,
after how many days without contact a participant shows on the "no contact" list, and the
assessment instruments in use (adding the organization's own instrument files)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.passwords import PasswordRules
from peerdesk.services import settings, supervision
from peerdesk.services.store import Store
from peerdesk.ui.common import ProblemLabel, add_row
from peerdesk.ui.fit_scroll import FitScrollArea
from peerdesk.ui.instrument_admin import InstrumentsSection


class SettingsPage(QWidget):
    """Emits ``saved(OrgSettings)`` so the window title and the lock timer follow."""

    saved = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.tr("Settings"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        outer.addWidget(FitScrollArea(content))  # scrolls only when the window is small
        layout = QVBoxLayout(content)
        title = QLabel(self.tr("Settings"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.organization = QLineEdit()
        self.organization.setMaxLength(120)
        add_row(form, self.tr("&Organization name:"), self.organization)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        add_row(form, self.tr("&Lock automatically after:"), self.idle_minutes,
                accessible_name=self.tr("Lock automatically after this many idle minutes"))
        self.no_contact_days = QSpinBox()
        self.no_contact_days.setRange(1, 365)
        self.no_contact_days.setSuffix(self.tr(" days"))
        add_row(form, self.tr("\"&No contact\" list after:"), self.no_contact_days,
                accessible_name=self.tr("List participants with no contact in this many days"))
        self.min_length = QSpinBox()
        self.min_length.setRange(4, 128)
        self.min_length.setSuffix(self.tr(" characters"))
        add_row(form, self.tr("&Minimum password length:"), self.min_length)
        self.letter_digit = QCheckBox(self.tr("Passwords need a l&etter and a digit"))
        self.letter_digit.setAccessibleName(self.tr("Passwords need a letter and a digit"))
        form.addRow("", self.letter_digit)
        layout.addLayout(form)
        note = QLabel(self.tr("New password rules apply the next time someone sets a "
                              "password."))
        note.setWordWrap(True)
        layout.addWidget(note)
        bar = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save settings"))
        self.save_button.setAccessibleName(self.tr("Save settings"))
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.notice = QLabel()
        self.notice.setAccessibleName(self.tr("Save result"))
        layout.addWidget(self.notice)
        self.instruments = InstrumentsSection(store)
        layout.addWidget(self.instruments)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        with self.store.session() as s:
            current = settings.load(s)
            days = supervision.no_contact_days(s)
        self.organization.setText(current.organization_name)
        self.idle_minutes.setValue(current.idle_lock_minutes)
        self.min_length.setValue(current.password_rules.min_length)
        self.letter_digit.setChecked(current.password_rules.require_letter_and_digit)
        self.no_contact_days.setValue(days)

    def save(self) -> None:
        self.notice.clear()
        try:
            with self.store.session() as s:
                result = settings.update(
                    s, self.store.actor, organization_name=self.organization.text(),
                    idle_lock_minutes=self.idle_minutes.value(),
                    password_rules=PasswordRules(
                        min_length=self.min_length.value(),
                        require_letter_and_digit=self.letter_digit.isChecked()))
                if self.no_contact_days.value() != supervision.no_contact_days(s):
                    supervision.set_no_contact_days(s, self.store.actor,
                                                    self.no_contact_days.value())
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.problem.clear_problem()
        self.notice.setText(self.tr("Settings saved."))
        self.saved.emit(result)
