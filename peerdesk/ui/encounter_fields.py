"""The fields of a service note, in the order a peer worker fills them in.

Kept apart from the dialog (encounter_form.py) so the form logic stays short. The fields
can be turned into service input (:meth:`collect`), into an autosave payload
(:meth:`payload`) and back (:meth:`apply_payload`), and made read-only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.encounters import SERVICE_TYPES, SETTINGS, EncounterInput, minutes_between
from peerdesk.services.encounters import NoteView
from peerdesk.ui.common import DateField, ProblemLabel, add_checked_row, add_row, date_hint
from peerdesk.ui.forms import tab_chain
from peerdesk.ui.time_field import TimeField, parse_time

PAYLOAD_VERSION = 1


def _spin(maximum: int = 500) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    return spin


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class EncounterFields(QWidget):
    """``changed()`` is emitted on every edit (the dialog autosaves from it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

        def row(name: str, text: str, widget: QWidget, accessible: str | None = None) -> None:
            self.fields[name] = widget
            self.problems[name] = add_checked_row(form, text, widget, accessible_name=accessible)

        self.service_date = DateField()
        self.service_date.setMaxLength(10)
        row("service_date", self.tr("&Date of service ({format}):").format(format=date_hint()),
            self.service_date, self.tr("Date of service"))
        self.start_time = TimeField()
        row("start_time", self.tr("Sta&rt time:"), self.start_time)
        self.end_time = TimeField()
        row("end_time", self.tr("St&op time:"), self.end_time)
        self.minutes = QLabel()
        self.minutes.setAccessibleName(self.tr("Minutes"))
        self.minutes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        form.addRow(self.tr("Minutes:"), self.minutes)
        self.setting = QComboBox()
        for value, text in SETTINGS.items():
            self.setting.addItem(text, value)
        row("setting", self.tr("Se&tting:"), self.setting, self.tr("Setting"))
        self.service_type = QComboBox()
        for value, kind in SERVICE_TYPES.items():
            self.service_type.addItem(kind.label, value)
        row("service_type", self.tr("Ser&vice type:"), self.service_type)
        self.service_code = QLineEdit()
        self.service_code.setMaxLength(12)
        self.service_code.setToolTip(self.tr("Filled in from the service type; change it only "
                                             "if your payer uses another code."))
        row("service_code", self.tr("Service &code:"), self.service_code)
        self.group = QComboBox()
        self.group.addItem(self.tr("Individual"), False)
        self.group.addItem(self.tr("Group"), True)
        row("is_group", self.tr("&Individual or group:"), self.group)
        self.naloxone_kits = _spin()
        row("naloxone_kits", self.tr("&Naloxone kits given:"), self.naloxone_kits)
        self.test_strips = _spin()
        row("test_strips", self.tr("&Fentanyl test strips given:"), self.test_strips)
        self.other_supplies = QLineEdit()
        self.other_supplies.setMaxLength(120)
        self.other_supplies.setPlaceholderText(self.tr("for example: bus pass, hygiene kit"))
        row("other_supplies", self.tr("Ot&her supplies:"), self.other_supplies)
        self.other_supplies_count = _spin()
        row("other_supplies_count", self.tr("Other supplies co&unt:"), self.other_supplies_count)
        # Goals addressed: the participant's goals as check boxes (shown once there are any).
        self.goals = QListWidget()
        self.goals.setAccessibleDescription(self.tr("Space ticks the chosen goal."))
        self.goals.setWordWrap(True)
        self.goals.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.goals_label = add_row(form, self.tr("&Goals addressed:"), self.goals)
        form.setRowVisible(self.goals, False)
        width = self.fontMetrics().averageCharWidth()
        for edit in (self.service_date, self.start_time, self.end_time, self.service_code):
            edit.setMaximumWidth(width * 18)
        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.narrative.setPlaceholderText(self.tr(
            "What happened, in plain words: what the participant worked on, what you did "
            "together, and next steps."))
        # The note's words, or (for roles that may not read them) a line saying so.
        self.withheld = QLabel(self.tr("Not shown for your role."))
        self.withheld.setAccessibleName(self.tr("Note (narrative)"))
        self.withheld.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.narrative)
        column.addWidget(self.withheld)
        self.fields["narrative"] = self.narrative
        self.problems["narrative"] = ProblemLabel(box, self.narrative)
        column.addWidget(self.problems["narrative"])
        label = QLabel(self.tr("Not&e:"))
        label.setBuddy(self.narrative)
        self.narrative.setAccessibleName(self.tr("Note (narrative)"))
        form.addRow(label, box)
        tab_chain(self.service_date, self.start_time, self.end_time, self.setting,
                  self.service_type, self.service_code, self.group, self.naloxone_kits,
                  self.test_strips, self.other_supplies, self.other_supplies_count,
                  self.goals, self.narrative)

        self.service_type.currentIndexChanged.connect(self._type_changed)
        for edit in (self.service_date, self.start_time, self.end_time, self.service_code,
                     self.other_supplies):
            edit.textChanged.connect(self.changed)
        for combo in (self.setting, self.service_type, self.group):
            combo.currentIndexChanged.connect(self.changed)
        for spin in (self.naloxone_kits, self.test_strips, self.other_supplies_count):
            spin.valueChanged.connect(self.changed)
        self.narrative.textChanged.connect(self.changed)
        self.goals.itemChanged.connect(self.changed)
        self.start_time.textChanged.connect(self._update_minutes)
        self.end_time.textChanged.connect(self._update_minutes)
        self.set_defaults()

    # -- values -------------------------------------------------------------------------
    def set_defaults(self) -> None:
        self.service_date.set_value(date.today())
        _select(self.setting, "community")
        _select(self.service_type, "recovery_coaching")
        self._type_changed()
        self._update_minutes()

    def _type_changed(self) -> None:
        kind = SERVICE_TYPES.get(str(self.service_type.currentData()))
        if kind is not None:
            self.service_code.setText(kind.code)

    def _update_minutes(self) -> None:
        try:
            start, end = self.start_time.value(), self.end_time.value()
        except ValueError:
            start = end = None
        if start is None or end is None:
            self.minutes.setText(self.tr("Type the start and stop times"))
            return
        minutes = minutes_between(start, end)
        if minutes <= 0:
            self.minutes.setText(self.tr("The stop time must be after the start time"))
        else:
            self.minutes.setText(self.tr("{n} minutes").format(n=minutes))

    def show_note(self, note: NoteView) -> None:
        self.service_date.set_value(note.service_date)
        self.start_time.set_value(note.start_time)
        self.end_time.set_value(note.end_time)
        _select(self.setting, note.setting)
        self.service_type.blockSignals(True)
        _select(self.service_type, note.service_type)
        self.service_type.blockSignals(False)
        self.service_code.setText(note.service_code)
        _select(self.group, note.is_group)
        self.naloxone_kits.setValue(note.naloxone_kits)
        self.test_strips.setValue(note.test_strips)
        self.other_supplies.setText(note.other_supplies)
        self.other_supplies_count.setValue(note.other_supplies_count)
        if note.narrative is None:  # this role may not read what was said
            self.narrative.hide()
            self.withheld.show()
            self.narrative.clear()
        else:
            self.narrative.setPlainText(note.narrative)
        self._update_minutes()

    def set_goal_choices(self, choices: list[tuple[int, str]], checked: list[int]) -> None:
        """The goals this note may address (id, the goal's words) and those it does."""
        self.goals.blockSignals(True)
        self.goals.clear()
        for goal_id, statement in choices:
            item = QListWidgetItem(statement)
            item.setData(Qt.ItemDataRole.UserRole, goal_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if goal_id in checked
                               else Qt.CheckState.Unchecked)
            self.goals.addItem(item)
        self.goals.blockSignals(False)
        self.layout_form().setRowVisible(self.goals, bool(choices))

    def goal_ids(self) -> list[int]:
        return [int(self.goals.item(n).data(Qt.ItemDataRole.UserRole))
                for n in range(self.goals.count())
                if self.goals.item(n).checkState() == Qt.CheckState.Checked]

    def _tick_goals(self, ids: list[int]) -> None:
        for n in range(self.goals.count()):
            item = self.goals.item(n)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)

    def layout_form(self) -> QFormLayout:
        form = self.layout()
        assert isinstance(form, QFormLayout)
        return form

    def payload(self) -> dict[str, Any]:
        """Everything typed, as text (even what cannot be read yet), for autosaving."""
        return {
            "v": PAYLOAD_VERSION,
            "service_date": self.service_date.text(),
            "start_time": self.start_time.text(),
            "end_time": self.end_time.text(),
            "setting": self.setting.currentData(),
            "service_type": self.service_type.currentData(),
            "service_code": self.service_code.text(),
            "is_group": bool(self.group.currentData()),
            "naloxone_kits": self.naloxone_kits.value(),
            "test_strips": self.test_strips.value(),
            "other_supplies": self.other_supplies.text(),
            "other_supplies_count": self.other_supplies_count.value(),
            "narrative": self.narrative.toPlainText(),
            "goals": self.goal_ids(),
        }

    def apply_payload(self, payload: dict[str, Any]) -> None:
        self.service_date.setText(str(payload.get("service_date", "")))
        self.start_time.setText(str(payload.get("start_time", "")))
        self.end_time.setText(str(payload.get("end_time", "")))
        _select(self.setting, payload.get("setting"))
        self.service_type.blockSignals(True)
        _select(self.service_type, payload.get("service_type"))
        self.service_type.blockSignals(False)
        self.service_code.setText(str(payload.get("service_code", "")))
        _select(self.group, bool(payload.get("is_group")))
        for name in ("naloxone_kits", "test_strips", "other_supplies_count"):
            spin = getattr(self, name)
            assert isinstance(spin, QSpinBox)
            spin.setValue(int(payload.get(name) or 0))
        self.other_supplies.setText(str(payload.get("other_supplies", "")))
        self.narrative.setPlainText(str(payload.get("narrative", "")))
        if isinstance(payload.get("goals"), list):
            self._tick_goals([g for g in payload["goals"] if isinstance(g, int)])
        self._update_minutes()

    def collect(self, participant_id: int) -> tuple[EncounterInput | None, dict[str, str]]:
        """Service input, or the fields that cannot be read (name -> message)."""
        unreadable: dict[str, str] = {}
        service_date = start = end = None
        try:
            service_date = self.service_date.value()
        except ValueError as exc:
            unreadable["service_date"] = str(exc)
        if service_date is None and "service_date" not in unreadable:
            unreadable["service_date"] = self.tr("Please enter the date of service.")
        for name, field in (("start_time", self.start_time), ("end_time", self.end_time)):
            try:
                value = parse_time(field.text())
            except ValueError as exc:
                unreadable[name] = str(exc)
                continue
            if value is None:
                unreadable[name] = (self.tr("Please enter the start time.")
                                    if name == "start_time"
                                    else self.tr("Please enter the stop time."))
            elif name == "start_time":
                start = value
            else:
                end = value
        if unreadable or service_date is None or start is None or end is None:
            return None, unreadable
        return EncounterInput(
            participant_id=participant_id, service_date=service_date, start_time=start,
            end_time=end, setting=str(self.setting.currentData()),
            service_type=str(self.service_type.currentData()),
            narrative=self.narrative.toPlainText(), service_code=self.service_code.text(),
            is_group=bool(self.group.currentData()),
            naloxone_kits=self.naloxone_kits.value(), test_strips=self.test_strips.value(),
            other_supplies=self.other_supplies.text(),
            other_supplies_count=self.other_supplies_count.value()), {}

    def set_read_only(self, read_only: bool) -> None:
        """Signed notes (and others' notes): every input is disabled; the note's words stay
        focusable (read-only) so they can be read with the keyboard and copied."""
        for widget in (self.service_date, self.start_time, self.end_time, self.setting,
                       self.service_type, self.service_code, self.group, self.naloxone_kits,
                       self.test_strips, self.other_supplies, self.other_supplies_count):
            widget.setEnabled(not read_only)
        self.narrative.setReadOnly(read_only)
        for n in range(self.goals.count()):  # still readable, no longer tickable
            item = self.goals.item(n)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable if read_only
                          else item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        if read_only:
            for edit in (self.other_supplies, self.start_time, self.end_time):
                edit.setPlaceholderText("")
            self.narrative.setPlaceholderText("")

    def clear_problems(self) -> None:
        for label in self.problems.values():
            label.clear_problem()
