"""Small dialogs of the billing settings screen: a payer, a service code, a rate, a daily cap.

Each saves in one transaction when the user presses Save; the service's problems show under
their own fields and the dialog stays open. ``saved()`` is emitted after a save.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.participants import FieldProblem
from peerdesk.services import billing_settings
from peerdesk.services.errors import ValidationFailed
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import DateField, ProblemLabel, add_checked_row, date_hint, fit_to_font
from peerdesk.ui.forms import share_window_actions, show_field_problems

PayerRow = billing_settings.PayerRow


def _discard(_saved: object) -> None:
    """What a dialog keeps of a saved record: nothing (the screen reads it again)."""


def code_text(code: str, modifier: str) -> str:
    return f"{code} {modifier}".strip()


class BillingDialog(QDialog):
    """A form whose Save runs the service call :meth:`change` gives, in one transaction
    (through ops.run: problems under their fields, ``changed=BILLING``)."""

    saved = Signal()

    def __init__(self, store: Store, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        if intro:
            about = QLabel(intro)
            about.setWordWrap(True)
            about.setTextFormat(Qt.TextFormat.PlainText)
            about.setAccessibleName(self.tr("About this"))
            layout.addWidget(about)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.general = ProblemLabel(self)
        self.problems: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(self.tr("&Save"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._layout = layout
        share_window_actions(self, parent)

    def finish_layout(self) -> None:
        self._layout.addWidget(self.general)
        self._layout.addStretch(1)
        self._layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # Enter saves (once the button is in the dialog)
        fit_to_font(self, 72, 22)

    def add_field(self, key: str, text: str, widget: QWidget, name: str | None = None) -> None:
        self.problems[key] = add_checked_row(self.form, text, widget, accessible_name=name)
        self.fields[key] = widget

    def add_box(self, box: QCheckBox) -> None:
        box.setAccessibleName(box.text().replace("&", ""))
        self.form.addRow("", box)

    def submit(self) -> None:
        for problem in (*self.problems.values(), self.general):
            problem.clear_problem()
        try:
            action = self.change()
        except ValidationFailed as exc:  # what the form itself could not read
            show_field_problems(exc, self.problems, self.fields, self.general)
            return
        if not ops.run(self, self.store, lambda s, actor: _discard(action(s, actor)),
                       fields=ops.FieldTargets(self.problems, self.fields, self.general),
                       changed=ops.BILLING):
            return
        self.saved.emit()
        self.accept()

    def change(self) -> ops.Action[object]:
        """The service call for what the form holds (``ValidationFailed`` if it cannot be
        read)."""
        raise NotImplementedError

    def date_of(self, key: str) -> date | None:
        field = self.fields[key]
        assert isinstance(field, DateField)
        try:
            return field.value()
        except ValueError as exc:
            raise ValidationFailed([FieldProblem(key, str(exc))]) from exc


class PayerDialog(BillingDialog):
    def __init__(self, store: Store, payer: PayerRow | None, suggestions: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(store, self.tr("Edit payer") if payer else self.tr("Add payer"),
                         self.tr("Use the payer name exactly as it is written on participants' "
                                 "records: notes are billed to the payer of that name."), parent)
        self.payer = payer
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        completer = QCompleter(suggestions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.name.setCompleter(completer)
        self.add_field("name", self.tr("&Name:"), self.name, self.tr("Payer name"))
        self.kind = QComboBox()
        for key, label in billing_settings.PAYER_KINDS.items():
            self.kind.addItem(label, key)
        self.add_field("kind", self.tr("&Kind:"), self.kind, self.tr("Kind of payer"))
        self.member_id = QCheckBox(self.tr("A &member id is required"))
        self.add_box(self.member_id)
        self.active = QCheckBox(self.tr("A&ctive: bill notes to this payer"))
        self.add_box(self.active)
        self.finish_layout()
        if payer is None:
            self.member_id.setChecked(True)
            self.active.setChecked(True)
            self.kind.currentIndexChanged.connect(
                lambda: self.member_id.setChecked(self.kind.currentData() == "medicaid"))
        else:
            self.name.setText(payer.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(payer.kind)))
            self.member_id.setChecked(payer.requires_member_id)
            self.active.setChecked(payer.active)
        self.name.setFocus()

    def change(self) -> ops.Action[object]:
        name, kind, member_id = (self.name.text(), self.kind.currentData(),
                                 self.member_id.isChecked())
        payer_id, active = self.payer.id if self.payer else None, self.active.isChecked()
        return lambda s, actor: billing_settings.save_payer(s, actor, name, kind, member_id,
                                                            payer_id, active)


class CodeDialog(BillingDialog):
    def __init__(self, store: Store, code: tuple[str, str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, self.tr("Service code"), self.tr(
            "A billing code (such as H0038) and its modifier (such as HQ for group), if any. "
            "Saving an existing code and modifier changes its description."), parent)
        self.code = QLineEdit()
        self.code.setMaxLength(12)
        self.add_field("code", self.tr("&Code:"), self.code, self.tr("Billing code"))
        self.modifier = QLineEdit()
        self.modifier.setMaxLength(8)
        self.modifier.setPlaceholderText(self.tr("none"))
        self.add_field("modifier", self.tr("&Modifier:"), self.modifier, self.tr("Modifier"))
        self.description = QLineEdit()
        self.description.setMaxLength(120)
        self.add_field("description", self.tr("&Description:"), self.description,
                       self.tr("Description"))
        self.finish_layout()
        if code is not None:
            self.code.setText(code[0])
            self.modifier.setText(code[1])
            self.description.setText(code[2])
        self.code.setFocus()

    def change(self) -> ops.Action[object]:
        code, modifier, description = (self.code.text(), self.modifier.text(),
                                       self.description.text())
        return lambda s, actor: billing_settings.save_code(s, actor, code, modifier,
                                                           description)


def _code_combo(codes: list[tuple[str, str, str]]) -> QComboBox:
    combo = QComboBox()
    for code, modifier, description in codes:
        combo.addItem(f"{code_text(code, modifier)} — {description}" if description
                      else code_text(code, modifier), (code, modifier))
    return combo


class _RateForm(BillingDialog):
    """The amount and the days of a rate, shared by adding and correcting one."""

    def add_amount_and_days(self) -> None:
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("for example 21.50"))
        self.add_field("amount", self.tr("&Amount per unit ($):"), self.amount,
                       self.tr("Amount per unit in dollars"))
        self.start = DateField()
        self.start.setPlaceholderText(date_hint())
        self.add_field("start", self.tr("S&tarts on:"), self.start, self.tr("Starts on"))
        self.end = DateField()
        self.end.setPlaceholderText(self.tr("{hint}, or empty for no end").format(
            hint=date_hint()))
        self.add_field("end", self.tr("E&nds on:"), self.end, self.tr("Ends on (optional)"))

    def days(self, problems: list[FieldProblem]) -> tuple[date | None, date | None]:
        """The start and end typed; what is wrong with them is added to ``problems``."""
        start = end = None
        for key in ("start", "end"):
            try:
                value = self.date_of(key)
            except ValidationFailed as exc:
                problems += exc.problems
                continue
            if key == "start":
                start = value
            else:
                end = value
        if start is None and not any(p.field == "start" for p in problems):
            problems.append(FieldProblem("start", self.tr("Please give the day the rate "
                                                          "starts.")))
        return start, end


class RateDialog(_RateForm):
    def __init__(self, store: Store, payers: list[PayerRow], codes: list[tuple[str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(store, self.tr("Add rate"), self.tr(
            "The amount paid for one unit. When a rate changes, add the new rate with the day "
            "it starts: from that day it replaces the old one. To fix a rate entered by "
            "mistake, use Correct rate instead."), parent)
        self.payer = QComboBox()
        for payer in payers:
            self.payer.addItem(payer.name, payer.id)
        self.add_field("payer", self.tr("&Payer:"), self.payer, self.tr("Payer"))
        self.code = _code_combo(codes)
        self.add_field("code", self.tr("&Code:"), self.code, self.tr("Billing code and modifier"))
        self.add_amount_and_days()
        self.start.set_value(date.today().replace(day=1))
        self.finish_layout()
        self.payer.setFocus()

    def change(self) -> ops.Action[object]:
        problems: list[FieldProblem] = []
        start, end = self.days(problems)
        if self.payer.currentData() is None:
            problems.append(FieldProblem("payer", self.tr("Please add the payer first.")))
        if self.code.currentData() is None:
            problems.append(FieldProblem("code", self.tr("Please add a service code first.")))
        if problems:
            raise ValidationFailed(problems)
        assert start is not None
        code, modifier = self.code.currentData()
        payer_id, amount = self.payer.currentData(), self.amount.text()
        return lambda s, actor: billing_settings.add_rate(s, actor, payer_id, code, modifier,
                                                          amount, start, end)


class CorrectRateDialog(_RateForm):
    """Fix the amount or the days of a saved rate (payer and code stay as they are)."""

    def __init__(self, store: Store, rate: billing_settings.RateRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(store, self.tr("Correct rate"), self.tr(
            "Fix a rate entered by mistake, or give it the day it ends. Every billing report "
            "made from now on uses the corrected rate, also for months already billed. When "
            "a payer changes its rate from a given day, add a new rate instead."), parent)
        self.rate = rate
        self.payer = QLineEdit(rate.payer)
        self.payer.setReadOnly(True)
        self.add_field("payer", self.tr("Payer:"), self.payer, self.tr("Payer (not changed)"))
        self.code = QLineEdit(code_text(rate.code, rate.modifier))
        self.code.setReadOnly(True)
        self.add_field("code", self.tr("Code:"), self.code,
                       self.tr("Billing code and modifier (not changed)"))
        self.add_amount_and_days()
        self.amount.setText(f"{rate.amount:.2f}")
        self.start.set_value(rate.start)
        self.end.set_value(rate.end)
        self.finish_layout()
        self.amount.setFocus()
        self.amount.selectAll()

    def change(self) -> ops.Action[object]:
        problems: list[FieldProblem] = []
        start, end = self.days(problems)
        if problems:
            raise ValidationFailed(problems)
        assert start is not None
        rate_id, amount = self.rate.id, self.amount.text()
        return lambda s, actor: billing_settings.correct_rate(s, actor, rate_id, amount,
                                                              start, end)


class CapDialog(BillingDialog):
    def __init__(self, store: Store, payers: list[PayerRow], codes: list[tuple[str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(store, self.tr("Set daily cap"), self.tr(
            "The most units of a code one participant can be billed in a day. Units over the "
            "cap are left out and listed with the reason."), parent)
        self.payer = QComboBox()
        self.payer.addItem(self.tr("All payers"), None)
        for payer in payers:
            self.payer.addItem(payer.name, payer.id)
        self.add_field("payer", self.tr("&Payer:"), self.payer, self.tr("Payer"))
        self.code = _code_combo(codes)
        self.add_field("code", self.tr("&Code:"), self.code, self.tr("Billing code and modifier"))
        self.max_units = QSpinBox()
        self.max_units.setRange(1, 96)
        self.max_units.setValue(16)
        self.max_units.setSuffix(self.tr(" units"))
        self.add_field("max_units", self.tr("&Most units a day:"), self.max_units,
                       self.tr("Most units per participant per day"))
        self.finish_layout()
        self.payer.setFocus()

    def change(self) -> ops.Action[object]:
        code, modifier = self.code.currentData()
        units, payer_id = self.max_units.value(), self.payer.currentData()
        return lambda s, actor: billing_settings.set_cap(s, actor, code, modifier, units,
                                                         payer_id)
