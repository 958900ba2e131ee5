"""The first and last tabs of the billing settings screen: how minutes become units (with a
worked example), and the place-of-service code for each setting. Each save is one
transaction; problems show beside the field they are about."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.billing import UNIT_RULE_LABELS, UnitRule, UnitSettings, units_for
from peerdesk.domain.encounters import SETTINGS
from peerdesk.services import billing_settings
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import ProblemLabel, add_checked_row


def note_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setAccessibleName(name)
    return label


def action_button(text: str, name: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


class UnitsTab(QWidget):
    """The unit rule, the unit length, summing per day, and co-signed notes only."""

    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rules = QWidget()
        rules.setAccessibleName(self.tr("Unit rule"))
        column = QVBoxLayout(rules)
        column.setContentsMargins(0, 0, 0, 0)
        self.rule_group = QButtonGroup(self)
        self.rules: dict[UnitRule, QRadioButton] = {}
        for rule in UnitRule:
            button = QRadioButton(UNIT_RULE_LABELS[rule])
            button.setAccessibleName(UNIT_RULE_LABELS[rule])
            self.rule_group.addButton(button)
            self.rules[rule] = button
            column.addWidget(button)
        rule_label = QLabel(self.tr("Unit rul&e:"))
        rule_label.setBuddy(self.rules[UnitRule.EIGHT_MINUTE])
        form.addRow(rule_label, rules)
        self.unit_minutes = QSpinBox()
        self.unit_minutes.setRange(1, 120)
        self.unit_minutes.setSuffix(self.tr(" minutes"))
        self.minutes_problem = add_checked_row(form, self.tr("Unit &length:"), self.unit_minutes,
                                               accessible_name=self.tr("Unit length in minutes"))
        self.sum_per_day = QCheckBox(self.tr(
            "&Add up each participant's minutes per code and day before counting units"))
        self.sum_per_day.setAccessibleName(self.tr("Add up minutes per participant, code and "
                                                   "day before counting units"))
        form.addRow("", self.sum_per_day)
        self.cosigned = QCheckBox(self.tr("Bill only &notes a supervisor has co-signed"))
        self.cosigned.setAccessibleName(self.tr("Bill only co-signed notes"))
        form.addRow("", self.cosigned)
        self.consent = QCheckBox(self.tr(
            "Bill only notes covered by a signed &consent (42 CFR Part 2)"))
        self.consent.setAccessibleName(self.tr("Bill only notes covered by a consent that "
                                               "covers the payer"))
        consent_note = note_label(self.tr(
            "Billing tells the payer who was served and when. A consent covers the payer when "
            "it names the payer, or \u201cmy treating providers, health plans, third-party "
            "payers\u201d; it must be in force on the day of service. Turn this off only if "
            "your organization is not covered by 42 CFR Part 2."),
            name=self.tr("About consent for billing"))
        self.consent.setAccessibleDescription(consent_note.text())
        form.addRow("", self.consent)
        form.addRow("", consent_note)
        layout.addLayout(form)
        self.example = note_label(name=self.tr("Example with these settings"))
        layout.addWidget(self.example)
        bar = QHBoxLayout()
        self.save_button = action_button(self.tr("&Save unit settings"),
                                         self.tr("Save unit settings"), self.save)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.notice = note_label(name=self.tr("Save result"))
        layout.addWidget(self.notice)
        layout.addStretch(1)
        self.rule_group.buttonToggled.connect(self._show_example)
        self.unit_minutes.valueChanged.connect(self._show_example)

    def chosen(self) -> UnitSettings:
        rule = next((r for r, b in self.rules.items() if b.isChecked()), UnitRule.EIGHT_MINUTE)
        return UnitSettings(rule, self.unit_minutes.value(), self.sum_per_day.isChecked())

    def _show_example(self) -> None:
        value = self.chosen()
        size = value.unit_minutes
        threshold = size // 2 + 1
        samples = sorted({threshold - 1, threshold, threshold + size - 1, threshold + size,
                          4 * size} - {0})
        self.example.setText(self.tr("For example: {cases}.").format(cases="; ".join(
            self.tr("{m} minutes make {u} unit(s)").format(m=m, u=units_for(m, value))
            for m in samples)))

    def load(self, value: UnitSettings, cosigned: bool, consent: bool = True) -> None:
        self.rules[value.rule].setChecked(True)
        self.unit_minutes.setValue(value.unit_minutes)
        self.sum_per_day.setChecked(value.sum_per_day)
        self.cosigned.setChecked(cosigned)
        self.consent.setChecked(consent)
        self._show_example()

    def save(self) -> None:
        self.notice.clear()
        self.minutes_problem.clear_problem()
        self.problem.clear_problem()
        chosen, cosigned, consent = (self.chosen(), self.cosigned.isChecked(),
                                     self.consent.isChecked())
        if not ops.run(self, self.store, lambda s, actor: billing_settings.set_unit_settings(
                s, actor, chosen, cosigned, consent),
                fields=ops.FieldTargets({"unit_minutes": self.minutes_problem},
                                        {"unit_minutes": self.unit_minutes}, self.problem),
                changed=ops.BILLING):
            return
        self.notice.setText(self.tr("Unit settings saved. The next billing report uses them."))
        self.saved.emit()


class PlacesTab(QWidget):
    """The place-of-service code for each setting, edited in a table and saved together."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.loaded: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(self.tr(
            "The two-digit place-of-service code put on each bill line, by where the service "
            "took place (for example 11 office, 12 home, 02 or 10 telehealth, 99 other). "
            "Select a code and type to change it.")))
        self.table = QTableWidget(len(SETTINGS), 2)
        self.table.setAccessibleName(self.tr("Place of service by setting"))
        self.table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Code")])
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (key, label) in enumerate(SETTINGS.items()):
            name = QTableWidgetItem(label)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setData(Qt.ItemDataRole.UserRole, key)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(""))
        layout.addWidget(self.table, 1)
        self.problem = ProblemLabel(self, self.table)
        layout.addWidget(self.problem)
        bar = QHBoxLayout()
        self.save_button = action_button(self.tr("&Save places of service"),
                                         self.tr("Save places of service"), self.save)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.notice = note_label(name=self.tr("Save result"))
        layout.addWidget(self.notice)

    def load(self, places: dict[str, str]) -> None:
        self.loaded = dict(places)
        for row, key in enumerate(SETTINGS):
            self.table.item(row, 1).setText(places.get(key, ""))

    def codes(self) -> dict[str, str]:
        return {key: self.table.item(row, 1).text().strip()
                for row, key in enumerate(SETTINGS)}

    def save(self) -> None:
        self.notice.clear()
        self.problem.clear_problem()
        changed = {k: v for k, v in self.codes().items() if v != self.loaded.get(k)}
        out = ops.run(self, self.store, lambda s, actor: billing_settings.set_places_of_service(
            s, actor, changed),
            fields=ops.FieldTargets({k: self.problem for k in SETTINGS},
                                    {k: self.table for k in SETTINGS}, self.problem),
            changed=ops.BILLING)
        if not out:
            # the problem names the setting first: that row is the one to correct
            failed = next((i for i, label in enumerate(SETTINGS.values())
                           if out.message.startswith(f"{label}:")), 0)
            self.table.setCurrentCell(failed, 1)
            self.table.setFocus()
            return
        self.loaded.update(changed)
        self.notice.setText(self.tr("Places of service saved."))
