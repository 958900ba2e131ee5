"""Reports screen (program managers and administrators): the monthly billing report and the
grant report, shown page by page inside PeerDesk, printed, or saved as PDF or CSV.

The report is built and laid out off the UI thread (:mod:`peerdesk.ui.report_job`, over
:mod:`peerdesk.services.exports`, which ``peerdesk report`` calls too) with a cancellable
progress dialog. The PDF stays in memory for the preview, Print… and Save
PDF…; nothing reaches the disk but the file the user chose. Every file written and every
print is in the audit trail. The billing report can be narrowed to one payer and/or
worker; the notes left out of the bill, and why, are a tab beside the pages so a manager
can check before sending anything. Changing the report, period or filters puts the shown
report away, so what is on screen is always what Print… and Save… would send.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerdesk.domain.roles import Permission
from peerdesk.services.actor import PERMISSION_MESSAGES
from peerdesk.services.store import Store
from peerdesk.ui import ops, report_job
from peerdesk.ui.background import BackgroundTask, TaskControl
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel, add_row, format_date
from peerdesk.ui.list_widgets import RowsModel, RowsTable, heading
from peerdesk.ui.pdf_preview import PdfPreview
from peerdesk.ui.pdf_printing import choose_printer, pages_to_print, print_pdf
from peerdesk.ui.report_filters import BillingFilters
from peerdesk.ui.report_job import BILLING, GRANT, BuiltReport, ReportChoice
from peerdesk.ui.report_period import PeriodPicker, period_slug

__all__ = ["BILLING", "GRANT", "ReportsPage", "documents_folder"]
LONG_PRINT_PAGES = 100  # more than this, and Print… asks first


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


class ReportsPage(QWidget):
    """``report_saved(path)`` after a file is written (a ``str``)."""

    report_saved = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: BackgroundTask | None = None
        self.progress_dialog: QWidget | None = None
        self.folder: Path | None = None  # where the last report was saved
        self.built: BuiltReport | None = None  # the report on screen
        self.saved: Path | None = None
        self.printer: QPrinter | None = None  # kept alive while a worker prints on it
        self.setAccessibleName(self.tr("Reports"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Reports"), 1.4))
        self.denied = _label(self.tr("Reports not available"))
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
        self.about = _label(self.tr("About this report"))
        form.addRow(self.about)
        self.billing_period = PeriodPicker(form, ["month"], "month", parent=self)
        self.grant_period = PeriodPicker(form, ["month", "quarter", "year", "custom"],
                                         "quarter", parent=self)
        self.filters = BillingFilters(form, parent=self)
        column.addLayout(form)
        bar = QHBoxLayout()
        self.show_button = self._button(self.tr("&Show the report"), self.tr("Show the report"),
                                        self.show_report)
        self.show_button.setDefault(True)
        self.print_button = self._button(self.tr("Pr&int…"), self.tr("Print"),
                                         self.print_report)
        self.pdf_button = self._button(self.tr("Save P&DF…"), self.tr("Save PDF"),
                                       lambda: self.save("pdf"))
        self.csv_button = self._button(self.tr("Export &CSV…"), self.tr("Export CSV"),
                                       lambda: self.save("csv"))
        for button in (self.show_button, self.print_button, self.pdf_button, self.csv_button):
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        layout.addWidget(self.controls)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)

        self.totals = _label(self.tr("Totals"))
        layout.addWidget(self.totals)
        after = QHBoxLayout()
        self.result = _label(self.tr("Result"))
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.open_button = self._button(self.tr("Open the fi&le"), self.tr("Open the file"),
                                        self.open_file)
        after.addWidget(self.result, 1)
        after.addWidget(self.open_button)
        self.open_button.hide()
        self.result.hide()
        layout.addLayout(after)

        self.views = QTabWidget()
        self.views.setAccessibleName(self.tr("Report views"))
        self.views.setDocumentMode(True)
        self.preview = PdfPreview()
        self.preview.setAccessibleName(self.tr("Pages of the report"))
        self.views.addTab(self.preview, self.tr("Pages"))
        self.exceptions_model = RowsModel([
            (self.tr("Date"), lambda x: format_date(x.date)),
            (self.tr("Participant"), lambda x: f"{x.participant_name} (#{x.participant_id})"),
            (self.tr("Worker"), lambda x: x.worker),
            (self.tr("Minutes"), lambda x: str(x.minutes)),
            (self.tr("Reason"), lambda x: x.reason),
        ], self)
        self.exceptions = RowsTable(self.exceptions_model, self.tr("Notes left out"))
        self.exceptions_tab = QWidget()
        tab_layout = QVBoxLayout(self.exceptions_tab)
        explained = _label(self.tr("About the notes left out"))
        explained.setText(self.tr(
            "These notes in the period are not on the bill. Each says why; mend the note, the "
            "participant's record (payer, member id, a consent that covers the payer) or the "
            "billing settings, then show the report again."))
        tab_layout.addWidget(explained)
        tab_layout.addWidget(self.exceptions, 1)
        layout.addWidget(self.views, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for picker in (self.billing_period, self.grant_period):
            picker.changed.connect(self._choice_changed)
        self.filters.changed.connect(self._choice_changed)
        self.views.currentChanged.connect(self._tab_changed)
        QWidget.setTabOrder(self.kind, self.billing_period.first_field())
        self._kind_changed()
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
        """Shown again: say plainly when this role cannot run reports; re-read the payers
        and workers (billing settings may have changed)."""
        if not self.allowed:
            self.denied.setText(f"{WARNING_SIGN} " + self.tr(
                "{reason} Ask your administrator if you need a report.").format(
                    reason=PERMISSION_MESSAGES[Permission.RUN_REPORTS]))
        elif not self.store.closed:
            self.filters.load(self.store)
        self.denied.setVisible(not self.allowed)
        self.controls.setEnabled(self.allowed)
        self._set_busy(self.task is not None)

    def clear_sensitive(self) -> None:
        """The lock is near: forget the report on screen (it names participants)."""
        self._show_built(None)
        self._say("")
        self.saved = None
        self.open_button.hide()

    # -- what is asked for --------------------------------------------------------------

    def _kind_changed(self) -> None:
        billing = self.kind.currentData() == BILLING
        self.billing_period.set_shown(billing)
        self.grant_period.set_shown(not billing)
        self.filters.set_shown(billing)
        if billing:
            self.about.setText(self.tr(
                "Every billable line, by payer and participant, with every note left out and "
                "why. It names participants: keep it confidential."))
        else:
            self.about.setText(self.tr(
                "Counts of people and services for a funder. It names no participant."))
        self._choice_changed()

    def period_picker(self) -> PeriodPicker:
        return self.billing_period if self.kind.currentData() == BILLING else self.grant_period

    def choice(self) -> ReportChoice:
        """What the controls ask for; ValueError (with a message) if the dates are wrong."""
        start, end = self.period_picker().period()
        kind = self.kind.currentData()
        if kind == BILLING:
            return ReportChoice(kind, start, end, self.filters.chosen())
        return ReportChoice(kind, start, end)

    def _choice_changed(self) -> None:
        self.problem.clear_problem()
        if self.built is None:
            self._show_built(None)
            return
        try:
            same = self.choice() == self.built.choice
        except ValueError:
            same = False
        if not same:  # what is on screen must be what Print… and Save… send
            self._show_built(None)

    def suggested_path(self, fmt: str) -> Path:
        choice = self.choice()
        folder = self.folder or documents_folder()
        name = f"{choice.kind}-{period_slug(choice.start, choice.end)}"
        if choice.wanted.payer is not None:
            name += "-" + "".join(c if c.isalnum() else "-" for c in choice.wanted.payer)
        if choice.wanted.worker_id is not None:
            name += f"-worker{choice.wanted.worker_id}"
        return folder / f"{name}.{fmt}"

    def _checked_choice(self) -> ReportChoice | None:
        self.problem.clear_problem()
        if self.task is not None or self.store.closed:
            return None
        if not self.allowed:
            self.problem.show_problem(PERMISSION_MESSAGES[Permission.RUN_REPORTS])
            return None
        try:
            return self.choice()
        except ValueError as exc:
            self.problem.show_problem(str(exc))
            self.period_picker().first_field().setFocus()
            return None

    # -- the work ------------------------------------------------------------------------

    def _run(self, title: str, label: str, work: object, on_success: object,
             on_cancel: object) -> None:
        def job(_session: object, _actor: object, control: TaskControl) -> object:
            return work(control)  # type: ignore[operator]

        self.task, self.progress_dialog = ops.run_in_background(
            self, self.store, title, label, job, on_success=on_success,  # type: ignore[arg-type]
            on_failure=self._failed, on_cancel=on_cancel, kind="report",  # type: ignore[arg-type]
            with_session=False)
        self.task.done.connect(self._finished)
        self._set_busy(True)

    def _making(self, choice: ReportChoice) -> tuple[str, str]:
        name = self.kind.itemText(self.kind.findData(choice.kind))
        return name, self.tr("Making the {report} for {start} to {end}…").format(
            report=name.lower(), start=format_date(choice.start), end=format_date(choice.end))

    def show_report(self, then: object = None) -> None:
        """Build and lay out the report, then show its pages (and call ``then()``)."""
        choice = self._checked_choice()
        if choice is None:
            return
        store, earlier = self.store, self.built

        def work(control: TaskControl) -> BuiltReport:
            return report_job.build(store, choice, earlier, control)

        def shown(built: BuiltReport) -> None:
            self._show_built(built)
            if callable(then):  # once this task is done
                QTimer.singleShot(0, then)

        self._run(*self._making(choice), work, shown,
                  lambda: self._say(self.tr("Cancelled.")))

    def save(self, fmt: str) -> None:
        """Ask where, then write the report on screen (made first if need be)."""
        choice = self._checked_choice()
        if choice is None:
            return
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
        store, earlier = self.store, self.built

        def work(control: TaskControl) -> tuple[BuiltReport, Path]:
            built = report_job.build(store, choice, earlier, control)
            return built, report_job.save(store, built, fmt, target, control)

        self._say("")
        self._run(*self._making(choice), work, self._saved,
                  lambda: self._say(self.tr("Cancelled: no file was written.")))

    def _saved(self, outcome: tuple[BuiltReport, Path]) -> None:
        built, path = outcome
        if built is not self.built:
            self._show_built(built)
        self.saved = path
        self._say(self.tr("Saved: {path}").format(path=path))
        self.open_button.show()
        self.report_saved.emit(str(path))

    def print_report(self) -> None:
        """Choose a printer, then print the report on screen (made first if need be)."""
        choice = self._checked_choice()
        if choice is None:
            return
        if self.built is None or self.built.choice != choice:
            self.show_report(then=self.print_report)
            return
        built = self.built
        title = self._making(choice)[0]
        printer = choose_printer(self, self.preview.page_count(),
                                 f"{title} {period_slug(choice.start, choice.end)}")
        if printer is None or not self._long_print_confirmed(printer):
            return
        where = printer.outputFileName() or printer.printerName() or self.tr("the printer")
        store = self.store

        def work(control: TaskControl) -> int:
            pages = print_pdf(built.pdf or b"", printer, control)
            report_job.print_done(store, choice, where, pages)
            return pages

        def printed(pages: int) -> None:
            self._say(self.tr("Sent {n} page(s) to {printer}.").format(
                n=pages, printer=where))
            self.open_button.hide()

        self._say("")
        self.printer = printer
        self._run(self.tr("Printing"), self.tr("Printing the {report}…").format(
            report=title.lower()), work, printed,
            lambda: self._say(self.tr("Printing stopped.")))

    def _say(self, text: str) -> None:
        """The line under the buttons: saved where, printed, cancelled (hidden when empty)."""
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def _long_print_confirmed(self, printer: QPrinter) -> bool:
        """A very long print (a whole billing month can be 1,500 pages) is asked about."""
        pages = len(pages_to_print(printer, self.preview.page_count()))
        if pages <= LONG_PRINT_PAGES:
            return True
        answer = QMessageBox.question(
            self, self.tr("Print {n} pages?").format(n=pages), self.tr(
                "This prints {n} pages, which takes a while and a lot of paper. To print "
                "part of the report, press No and choose the pages in the print dialog; "
                "Save PDF… keeps the whole report without paper.").format(n=pages),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _set_busy(self, busy: bool) -> None:
        for button in (self.show_button, self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(self.allowed and not busy)

    def _finished(self) -> None:
        self.task = None
        self.progress_dialog = None
        self._set_busy(False)

    def _failed(self, message: str) -> None:
        self.problem.show_problem(self.tr("The report was not made. {reason}").format(
            reason=message))

    # -- what is on screen ---------------------------------------------------------------

    def _show_built(self, built: BuiltReport | None) -> None:
        self.built = built
        exceptions = built.exceptions if built else []
        self.exceptions_model.set_rows(exceptions)
        billing = built is not None and built.choice.kind == BILLING
        at = self.views.indexOf(self.exceptions_tab)
        if billing and at < 0:
            self.views.addTab(self.exceptions_tab, "")
        elif not billing and at >= 0:
            self.views.removeTab(at)
        if built is None:
            self.preview.clear()
            self.preview.set_placeholder(self.tr(
                "Choose the report and period, then press Show the report to see its pages "
                "here."))
            self.totals.clear()
            self.totals.hide()
            self.views.setCurrentWidget(self.preview)
            return
        self.preview.set_pdf(built.pdf or b"")
        self.totals.show()
        if billing:
            lines, units, amount = built.billed()
            left_out = self.tr("Notes left out: {n}.").format(n=len(exceptions))
            if exceptions:  # a sign and words, not colour alone
                left_out = f"{WARNING_SIGN} {left_out}"
            self.totals.setText(self.tr("Billed: {lines} lines, {units} units, {amount}.")
                                .format(lines=lines, units=units, amount=f"${amount:,.2f}")
                                + " " + left_out)
            self.views.setTabText(self.views.indexOf(self.exceptions_tab),
                                  self.tr("&Notes left out ({n})").format(n=len(exceptions)))
        else:
            self.totals.setText("  ·  ".join(f"{k}: {v}" for k, v in
                                             list(built.headline().items())[:5]))

    def _tab_changed(self, index: int) -> None:
        if self.views.widget(index) is self.exceptions_tab and self.exceptions_model.rowCount():
            self.exceptions.select_row(0)

    def show_exceptions(self) -> None:
        """Open the notes left out (the tab), with the first selected."""
        if self.views.indexOf(self.exceptions_tab) >= 0:
            self.views.setCurrentWidget(self.exceptions_tab)
            self.exceptions.setFocus()

    def open_file(self) -> None:
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))
