"""Reports screen (program managers and administrators): the monthly billing report and the
grant report, as PDF or CSV files.

The report is built and written off the UI thread (:mod:`peerdesk.ui.background`) with a
cancellable progress dialog; the work opens its own session and never touches a widget.
The file is written beside the chosen name and moved into place only when complete, so a
cancelled or failed report leaves no file (and an older file of that name untouched).
After a billing report the page shows the totals and, on request, every note left out and
why, so a manager can check before sending anything.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.roles import Permission
from peerdesk.reports import billing_output, grant_output
from peerdesk.reports.billing import BillingException
from peerdesk.services import reports
from peerdesk.services.actor import PERMISSION_MESSAGES
from peerdesk.services.store import Store
from peerdesk.ui.background import BackgroundTask, TaskControl, run_with_progress
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel, add_row, format_date
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading
from peerdesk.ui.report_period import PeriodPicker, period_slug

BILLING, GRANT = "billing", "grant"


@dataclass(frozen=True)
class MadeReport:
    """What the worker hands back: plain values only."""

    kind: str
    path: Path
    start: date
    end: date
    lines: int = 0
    units: int = 0
    total: Decimal = Decimal(0)
    exceptions: list[BillingException] = field(default_factory=list)
    headline: dict[str, object] = field(default_factory=dict)


def make_report(store: Store, kind: str, fmt: str, start: date, end: date, target: Path,
                control: TaskControl) -> MadeReport:
    """Runs in the worker thread: build the report, write it beside ``target``, move it in."""
    control.progress(0, 3)
    with store.session() as s:
        if kind == BILLING:
            report: object = reports.billing_report(s, store.actor, start, end)
        else:
            report = reports.grant_report(s, store.actor, start, end)
    control.progress(1, 3)
    output = billing_output if kind == BILLING else grant_output
    partial = target.with_name(f".{target.name}.partial")
    try:
        (output.write_pdf if fmt == "pdf" else output.write_csv)(report, partial)  # type: ignore[arg-type]
        control.progress(2, 3)  # stops here if Cancel was pressed meanwhile
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    if kind == BILLING:
        return MadeReport(kind, target, start, end, len(report.lines),  # type: ignore[attr-defined]
                          report.total_units, report.total,  # type: ignore[attr-defined]
                          list(report.exceptions))  # type: ignore[attr-defined]
    return MadeReport(kind, target, start, end,
                      headline=dict(report.headline))  # type: ignore[attr-defined]


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class ReportsPage(QWidget):
    """``report_saved(path)`` after a file is written (a ``str``)."""

    report_saved = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: BackgroundTask | None = None
        self.progress_dialog: QWidget | None = None
        self.folder: Path | None = None  # where the last report was saved
        self.made: MadeReport | None = None
        self.setAccessibleName(self.tr("Reports"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Reports"), 1.4))
        self.denied = QLabel()
        self.denied.setWordWrap(True)
        self.denied.setTextFormat(Qt.TextFormat.PlainText)
        self.denied.setAccessibleName(self.tr("Reports not available"))
        layout.addWidget(self.denied)

        self.controls = QWidget()
        column = QVBoxLayout(self.controls)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Monthly billing report"), BILLING)
        self.kind.addItem(self.tr("Grant report"), GRANT)
        add_row(form, self.tr("&Report:"), self.kind, accessible_name=self.tr("Report"))
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setAccessibleName(self.tr("About this report"))
        form.addRow(self.about)
        self.billing_period = PeriodPicker(form, ["month"], "month", parent=self)
        self.grant_period = PeriodPicker(form, ["month", "quarter", "year", "custom"],
                                         "quarter", parent=self)
        column.addLayout(form)
        bar = QHBoxLayout()
        self.pdf_button = self._button(self.tr("Make P&DF…"), self.tr("Make PDF"),
                                       lambda: self.make("pdf"))
        self.csv_button = self._button(self.tr("Make &CSV…"), self.tr("Make CSV"),
                                       lambda: self.make("csv"))
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.csv_button)
        bar.addStretch(1)
        column.addLayout(bar)
        layout.addWidget(self.controls)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.result.setAccessibleName(self.tr("Result"))
        layout.addWidget(self.result)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.totals.setAccessibleName(self.tr("Totals"))
        layout.addWidget(self.totals)
        after = QHBoxLayout()
        self.open_button = self._button(self.tr("Op&en the file"), self.tr("Open the file"),
                                        self.open_file)
        self.exceptions_button = self._button("", self.tr("Show the notes left out"),
                                              self.toggle_exceptions)
        after.addWidget(self.open_button)
        after.addWidget(self.exceptions_button)
        after.addStretch(1)
        layout.addLayout(after)
        self.exceptions_heading = heading(self.tr("Notes left out of the bill, and why"), 1.1)
        layout.addWidget(self.exceptions_heading)
        self.exceptions_model = RowsModel([
            (self.tr("Date"), lambda x: format_date(x.date)),
            (self.tr("Participant"), lambda x: f"{x.participant_name} (#{x.participant_id})"),
            (self.tr("Worker"), lambda x: x.worker),
            (self.tr("Minutes"), lambda x: str(x.minutes)),
            (self.tr("Reason"), lambda x: x.reason),
        ], self)
        self.exceptions = RowsTable(self.exceptions_model, self.tr("Notes left out"))
        self.exceptions_heading.setBuddy(self.exceptions)
        layout.addWidget(self.exceptions, 1)
        self.spacer = QWidget()
        layout.addWidget(self.spacer, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for picker in (self.billing_period, self.grant_period):
            picker.changed.connect(self.problem.clear_problem)
        QWidget.setTabOrder(self.kind, self.billing_period.first_field())
        self._kind_changed()
        self._show_made(None)
        self.refresh()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    @property
    def allowed(self) -> bool:
        return self.store.actor.can(Permission.RUN_REPORTS)

    def refresh(self) -> None:
        """Shown again: say plainly when this role cannot run reports."""
        if not self.allowed:
            self.denied.setText(f"{WARNING_SIGN} " + self.tr(
                "{reason} Ask your administrator if you need a report.").format(
                    reason=PERMISSION_MESSAGES[Permission.RUN_REPORTS]))
        self.denied.setVisible(not self.allowed)
        self.controls.setEnabled(self.allowed)
        self._set_busy(self.task is not None)

    def clear_sensitive(self) -> None:
        """The lock is near: forget the names of the notes left out."""
        self._show_made(None)

    def _kind_changed(self) -> None:
        billing = self.kind.currentData() == BILLING
        self.billing_period.set_shown(billing)
        self.grant_period.set_shown(not billing)
        if billing:
            self.about.setText(self.tr(
                "Every billable line, by payer and participant, with every note left out and "
                "why. It names participants: keep it confidential."))
        else:
            self.about.setText(self.tr(
                "Counts of people and services for a funder. It names no participant."))
        self.problem.clear_problem()

    def period_picker(self) -> PeriodPicker:
        return self.billing_period if self.kind.currentData() == BILLING else self.grant_period

    def suggested_path(self, fmt: str) -> Path:
        start, end = self.period_picker().period()
        folder = self.folder or documents_folder()
        return folder / f"{self.kind.currentData()}-{period_slug(start, end)}.{fmt}"

    def make(self, fmt: str) -> None:
        """Ask where to save, then build and write the report with progress."""
        self.problem.clear_problem()
        if self.task is not None or self.store.closed:
            return
        if not self.allowed:
            self.problem.show_problem(PERMISSION_MESSAGES[Permission.RUN_REPORTS])
            return
        picker = self.period_picker()
        try:
            start, end = picker.period()
        except ValueError as exc:
            self.problem.show_problem(str(exc))
            picker.first_field().setFocus()
            return
        kind = self.kind.currentData()
        title = self.tr("Save the report as PDF") if fmt == "pdf" \
            else self.tr("Save the report as CSV")
        wanted = self.tr("PDF files (*.pdf)") if fmt == "pdf" \
            else self.tr("CSV files (*.csv)")
        chosen, _filter = QFileDialog.getSaveFileName(self, title,
                                                      str(self.suggested_path(fmt)), wanted)
        if not chosen:
            return
        target = Path(chosen if chosen.lower().endswith(f".{fmt}") else f"{chosen}.{fmt}")
        self.folder = target.parent
        store = self.store
        name = self.kind.currentText()

        def work(control: TaskControl) -> MadeReport:
            return make_report(store, kind, fmt, start, end, target, control)

        self._show_made(None)
        self.task, self.progress_dialog = run_with_progress(
            self, name, self.tr("Making the {report} for {start} to {end}…").format(
                report=name.lower(), start=format_date(start), end=format_date(end)),
            work, on_success=self._made, on_failure=self._failed,
            on_cancel=self._cancelled, kind="report")
        self.task.done.connect(self._finished)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(self.allowed and not busy)

    def _finished(self) -> None:
        self.task = None
        self.progress_dialog = None
        self._set_busy(False)

    def _failed(self, message: str) -> None:
        self.problem.show_problem(self.tr("The report was not made. {reason}").format(
            reason=message))

    def _cancelled(self) -> None:
        self.result.setText(self.tr("Cancelled: no file was written."))

    def _made(self, made: MadeReport) -> None:
        self._show_made(made)
        self.report_saved.emit(str(made.path))

    def _show_made(self, made: MadeReport | None) -> None:
        self.made = made
        self.exceptions_model.set_rows(made.exceptions if made else [])
        self.exceptions.hide()
        self.exceptions_heading.hide()
        self.spacer.show()
        self.result.setText(self.tr("Saved: {path}").format(path=made.path) if made else "")
        self.open_button.setVisible(made is not None)
        billing = made is not None and made.kind == BILLING
        self.exceptions_button.setVisible(billing and bool(made and made.exceptions))
        if made is None:
            self.totals.clear()
        elif billing:
            left_out = self.tr("Notes left out: {n}.").format(n=len(made.exceptions))
            if made.exceptions:  # a sign and words, not colour alone
                left_out = f"{WARNING_SIGN} {left_out}"
            self.totals.setText(self.tr("Billed: {lines} lines, {units} units, {amount}.")
                                .format(lines=made.lines, units=made.units,
                                        amount=f"${made.total:,.2f}") + " " + left_out)
            self._label_exceptions_button()
        else:
            self.totals.setText("  ·  ".join(f"{k}: {v}" for k, v in
                                             list(made.headline.items())[:5]))
        self.totals.setVisible(made is not None)

    def _label_exceptions_button(self) -> None:
        count = len(self.made.exceptions) if self.made else 0
        showing = self.exceptions.isVisibleTo(self)
        self.exceptions_button.setText(
            self.tr("Hide the notes &left out") if showing
            else self.tr("Show the notes &left out ({n})").format(n=count))
        self.exceptions_button.setAccessibleName(
            self.tr("Hide the notes left out") if showing
            else self.tr("Show the notes left out ({n})").format(n=count))

    def toggle_exceptions(self) -> None:
        show = not self.exceptions.isVisibleTo(self)
        self.exceptions.setVisible(show)
        self.exceptions_heading.setVisible(show)
        self.spacer.setVisible(not show)
        self._label_exceptions_button()
        if show:
            self.exceptions.select_row(0)
            self.exceptions.setFocus()

    def open_file(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made.path)))
