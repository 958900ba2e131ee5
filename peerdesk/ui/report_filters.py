"""Narrowing the billing report to one payer and/or one worker: two rows in the Reports
screen's form. The lists come from billing settings and the users; "All payers" and
"All workers" come first and are the default."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel

from peerdesk.reports.billing import BillingFilter
from peerdesk.services import reports
from peerdesk.services.store import Store
from peerdesk.ui import ops
from peerdesk.ui.common import add_row


class BillingFilters(QObject):
    """``changed()`` when either choice changes. :meth:`load` (re)reads the lists and keeps
    the current choices where they still exist."""

    changed = Signal()

    def __init__(self, form: QFormLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.payer = QComboBox()
        self.payer_label: QLabel = add_row(form, self.tr("P&ayer:"), self.payer,
                                           accessible_name=self.tr("Payer"))
        self.worker = QComboBox()
        self.worker_label: QLabel = add_row(form, self.tr("&Worker:"), self.worker,
                                            accessible_name=self.tr("Worker"))
        for box in (self.payer, self.worker):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self.changed)
        self._fill([], [])

    def _fill(self, payers: list[str], workers: list[tuple[int, str]]) -> None:
        kept_payer, kept_worker = self.payer.currentData(), self.worker.currentData()
        for box in (self.payer, self.worker):
            box.blockSignals(True)
            box.clear()
        self.payer.addItem(self.tr("All payers"), None)
        for name in payers:
            self.payer.addItem(name, name)
        self.worker.addItem(self.tr("All workers"), None)
        for user_id, name in workers:
            self.worker.addItem(name, user_id)
        self.payer.setCurrentIndex(max(0, self.payer.findData(kept_payer)))
        self.worker.setCurrentIndex(max(0, self.worker.findData(kept_worker)))
        for box in (self.payer, self.worker):
            box.blockSignals(False)

    def load(self, store: Store) -> None:
        before = self.chosen()
        choices = ops.read(store, reports.billing_filter_choices)
        self._fill(choices.payers, choices.workers)
        if self.chosen() != before:
            self.changed.emit()

    def set_shown(self, shown: bool) -> None:
        self.form.setRowVisible(self.payer, shown)
        self.form.setRowVisible(self.worker, shown)

    def chosen(self) -> BillingFilter:
        worker_id = self.worker.currentData()
        return BillingFilter(self.payer.currentData(), worker_id,
                             self.worker.currentText() if worker_id is not None else "")
