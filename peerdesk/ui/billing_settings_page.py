"""Billing settings screen (administrators): how minutes become units, payers, service codes,
rates with the days they are in force, daily caps, and the place-of-service code for each
setting. Every save is one transaction; problems show beside the field they are about."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from peerdesk.domain.roles import Permission
from peerdesk.services import billing_settings
from peerdesk.services.actor import PERMISSION_MESSAGES
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.billing_dialogs import (
    BillingDialog,
    CapDialog,
    CodeDialog,
    CorrectRateDialog,
    PayerDialog,
    PayerRow,
    RateDialog,
    code_text,
)
from peerdesk.ui.billing_tabs import PlacesTab, UnitsTab, action_button, note_label
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel, confirm, format_date
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading


class BillingSettingsPage(QWidget):
    """``changed()`` after any billing setting is saved."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.payer_rows: list[PayerRow] = []
        self.codes: list[tuple[str, str, str]] = []
        self.not_set_up: list[str] = []
        self.dialog: BillingDialog | None = None
        self.setAccessibleName(self.tr("Billing settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Billing settings"), 1.4))
        self.denied = note_label(name=self.tr("Billing settings not available"))
        layout.addWidget(self.denied)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Billing settings sections"))
        layout.addWidget(self.tabs, 1)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)

        self.units = UnitsTab(store)
        self.units.saved.connect(self.changed)
        self.tabs.addTab(self.units, self.tr("&Units"))

        self.payers_model = RowsModel([
            (self.tr("Payer"), lambda p: p.name),
            (self.tr("Kind"), lambda p: billing_settings.PAYER_KINDS.get(p.kind, p.kind)),
            (self.tr("Member id"), lambda p: self.tr("Required") if p.requires_member_id
             else self.tr("Not required")),
            (self.tr("Status"), lambda p: self.tr("Active") if p.active
             else self.tr("Not active")),
        ], self)
        self.payers = RowsTable(self.payers_model, self.tr("Payers"))
        self.payers.open_row.connect(self.edit_payer)
        self.not_set_up_label = note_label(name=self.tr("Payers not set up"))
        self.add_payer_button = action_button(self.tr("&Add payer…"), self.tr("Add payer"),
                                              lambda: self.edit_payer(None))
        self.edit_payer_button = action_button(self.tr("&Edit payer…"), self.tr("Edit payer"),
                                               lambda: self.edit_payer(self.payers.current()))
        self._tab(self.tr("Pa&yers"), self.payers, [self.not_set_up_label],
                  [self.add_payer_button, self.edit_payer_button])

        self.codes_model = RowsModel([
            (self.tr("Code"), lambda c: c[0]), (self.tr("Modifier"), lambda c: c[1]),
            (self.tr("Description"), lambda c: c[2])], self)
        self.codes_table = RowsTable(self.codes_model, self.tr("Service codes"))
        self.codes_table.open_row.connect(self.edit_code)
        self.add_code_button = action_button(self.tr("&Add service code…"),
                                             self.tr("Add service code"),
                                             lambda: self.edit_code(None))
        self._tab(self.tr("Service c&odes"), self.codes_table, [],
                  [self.add_code_button])

        self.rates_model = RowsModel([
            (self.tr("Payer"), lambda r: r.payer), (self.tr("Code"), lambda r: r.code),
            (self.tr("Modifier"), lambda r: r.modifier),
            (self.tr("Per unit"), lambda r: f"${Decimal(r.amount):,.2f}"),
            (self.tr("Starts"), lambda r: format_date(r.start)),
            (self.tr("Ends"), lambda r: format_date(r.end) if r.end else self.tr("no end"))],
            self)
        self.rates = RowsTable(self.rates_model, self.tr("Rates"))
        self.rates.open_row.connect(self.correct_rate)
        self.rates.selectionModel().selectionChanged.connect(self._rate_chosen)
        self.add_rate_button = action_button(self.tr("&Add rate…"), self.tr("Add rate"),
                                             self.add_rate)
        self.correct_rate_button = action_button(
            self.tr("&Correct rate…"), self.tr("Correct the selected rate"),
            lambda: self.correct_rate(self.selected_rate()))
        self.remove_rate_button = action_button(
            self.tr("Re&move rate…"), self.tr("Remove the selected rate"), self.remove_rate)
        self._tab(self.tr("&Rates"), self.rates, [note_label(self.tr(
            "A note is priced at the rate in force on its date; when two rates apply, the one "
            "that starts later wins. To fix a rate entered by mistake or give it an end date, "
            "select it and choose Correct rate."))],
            [self.add_rate_button, self.correct_rate_button, self.remove_rate_button])
        self._rate_chosen()

        self.caps_model = RowsModel([
            (self.tr("Payer"), lambda c: c[0] or self.tr("All payers")),
            (self.tr("Code"), lambda c: code_text(c[1], c[2])),
            (self.tr("Most units a day"), lambda c: str(c[3]))], self)
        self.caps = RowsTable(self.caps_model, self.tr("Daily caps"))
        self.set_cap_button = action_button(self.tr("&Set cap…"), self.tr("Set daily cap"),
                                            self.set_cap)
        self.clear_cap_button = action_button(self.tr("C&lear cap"),
                                              self.tr("Clear daily cap"), self.clear_cap)
        self._tab(self.tr("&Daily caps"), self.caps, [note_label(self.tr(
            "The most units of a code one participant can be billed in a day. A cap for one "
            "payer comes before a cap for all payers."))],
            [self.set_cap_button, self.clear_cap_button])

        self.places = PlacesTab(store)
        self.tabs.addTab(self.places, self.tr("Place of ser&vice"))
        self.refresh()

    def _tab(self, title: str, table: RowsTable, notes: list[QLabel],
             buttons: list[QPushButton]) -> None:
        tab = QWidget()
        column = QVBoxLayout(tab)
        for label in notes:
            column.addWidget(label)
        column.addWidget(table, 1)
        bar = QHBoxLayout()
        for each in buttons:
            bar.addWidget(each)
        bar.addStretch(1)
        column.addLayout(bar)
        self.tabs.addTab(tab, title)

    @property
    def allowed(self) -> bool:
        return self.store.actor.can(Permission.MANAGE_SETTINGS)

    def refresh(self) -> None:
        self.denied.setVisible(not self.allowed)
        self.denied.setText(f"{WARNING_SIGN} {PERMISSION_MESSAGES[Permission.MANAGE_SETTINGS]}")
        self.tabs.setEnabled(self.allowed)
        if self.store.closed or not self.allowed:
            return
        out = ops.run(self, self.store, billing_settings.screen, problem=self.problem)
        if not out or out.value is None:
            return
        found = out.value
        unit, cosign, consent = found.units, found.require_cosign, found.require_consent
        self.payer_rows, self.codes = found.payers, found.codes
        rates, caps, places = found.rates, found.caps, found.places
        self.not_set_up = found.not_set_up
        self.units.load(unit, cosign, consent)
        self.payers_model.set_rows(self.payer_rows)
        self.codes_model.set_rows(self.codes)
        chosen = self.selected_rate()
        self.rates_model.set_rows(rates)
        again = next((i for i, r in enumerate(rates) if chosen and r.id == chosen.id), None)
        if again is not None:  # the same rate stays selected (after a correction too)
            self.rates.select_row(again)
        self._rate_chosen()
        self.caps_model.set_rows(sorted(((p, c, m, n) for (p, c, m), n in caps.items()),
                                        key=lambda x: (x[0] or "", x[1], x[2])))
        self.places.load(places)
        self.not_set_up_label.setVisible(bool(self.not_set_up))
        self.not_set_up_label.setText(f"{WARNING_SIGN} " + self.tr(
            "Named on participants' records but not set up here, so their notes are left out "
            "of the bill: {names}").format(names="; ".join(self.not_set_up)))
        self.edit_payer_button.setEnabled(bool(self.payer_rows))
        self.add_rate_button.setEnabled(any(p.active for p in self.payer_rows))
        self.clear_cap_button.setEnabled(bool(caps))

    def clear_sensitive(self) -> None:
        """Nothing here names a participant; close an open dialog before the lock."""
        if self.dialog is not None:
            self.dialog.reject()

    def _open(self, dialog: BillingDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    def edit_payer(self, payer: PayerRow | None) -> None:
        self._open(PayerDialog(self.store, payer, self.not_set_up, self))

    def edit_code(self, code: tuple[str, str, str] | None) -> None:
        self._open(CodeDialog(self.store, code, self))

    def add_rate(self) -> None:
        self._open(RateDialog(self.store, [p for p in self.payer_rows if p.active],
                              self.codes, self))

    def selected_rate(self) -> billing_settings.RateRow | None:
        chosen = self.rates.selectionModel().selectedRows()
        return self.rates_model.row_at(chosen[0].row()) if chosen else None

    def _rate_chosen(self) -> None:
        chosen = self.selected_rate() is not None
        self.correct_rate_button.setEnabled(chosen)
        self.remove_rate_button.setEnabled(chosen)

    def correct_rate(self, rate: billing_settings.RateRow | None) -> None:
        if rate is None:
            self.problem.show_problem(self.tr("Please choose the rate to correct in the list."))
            self.rates.setFocus()
            return
        self._open(CorrectRateDialog(self.store, rate, self))

    def remove_rate(self) -> None:
        rate = self.selected_rate()
        if rate is None:
            self.problem.show_problem(self.tr("Please choose the rate to remove in the list."))
            self.rates.setFocus()
            return

        def remove() -> None:
            if not ops.run(self, self.store, lambda s, actor: billing_settings.remove_rate(
                    s, actor, rate.id), problem=self.problem, changed=ops.BILLING):
                return
            self._saved()

        confirm(self, self.tr("Remove rate"), self.tr(
            "Remove the rate of ${amount} a unit for {code} ({payer}), starting {start}? Only "
            "do this for a rate entered by mistake: from now on, billing reports price those "
            "notes at another rate in force, or list them as left out if there is none. The "
            "audit trail keeps what the rate was.").format(
                amount=f"{rate.amount:,.2f}", code=code_text(rate.code, rate.modifier),
                payer=rate.payer, start=format_date(rate.start)),
            self.tr("Remove rate"), remove)

    def set_cap(self) -> None:
        self._open(CapDialog(self.store, [p for p in self.payer_rows if p.active],
                             self.codes, self))

    def clear_cap(self) -> None:
        cap = self.caps.current()
        if cap is None:
            self.problem.show_problem(self.tr("Please choose the cap to clear in the list."))
            self.caps.setFocus()
            return
        payer_id = next((p.id for p in self.payer_rows if p.name == cap[0]), None)

        def clear() -> None:
            if not ops.run(self, self.store, lambda s, actor: billing_settings.set_cap(
                    s, actor, cap[1], cap[2], None, payer_id),
                    problem=self.problem, changed=ops.BILLING):
                return
            self._saved()

        confirm(self, self.tr("Clear daily cap"), self.tr(
            "Clear the daily cap of {n} units for {code} ({payer})? Those units will be "
            "billed without a daily limit.").format(
                n=cap[3], code=code_text(cap[1], cap[2]),
                payer=cap[0] or self.tr("all payers")), self.tr("Clear cap"), clear)
