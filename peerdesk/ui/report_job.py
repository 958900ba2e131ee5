"""The Reports screen's work in the worker thread: build a report, lay out its PDF in memory,
write a PDF or CSV file. Plain values in and out; never a widget.

The PDF is kept in memory (for the preview, Print… and Save PDF…); nothing is written to
disk except the file the user chose, and that through :func:`write_atomic` so a cancelled
or failed save leaves no partial file and an older file of that name untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from peerdesk.db.atomic import write_atomic
from peerdesk.reports import billing_output, grant_output
from peerdesk.reports.billing import BillingException, BillingFilter, BillingReport
from peerdesk.reports.grant import GrantReport
from peerdesk.services import reports
from peerdesk.services.store import Store
from peerdesk.ui.background import TaskControl

BILLING, GRANT = "billing", "grant"


@dataclass(frozen=True)
class ReportChoice:
    """What the user asked for: which report, which days, narrowed to what."""

    kind: str
    start: date
    end: date
    wanted: BillingFilter = field(default_factory=BillingFilter)


def output_for(kind: str):  # type: ignore[no-untyped-def]
    """The module that writes this kind of report as PDF and CSV."""
    return billing_output if kind == BILLING else grant_output


@dataclass(frozen=True)
class BuiltReport:
    """A report made for ``choice``, and its PDF (laid out in memory)."""

    choice: ReportChoice
    report: BillingReport | GrantReport
    pdf: bytes

    @property
    def output(self):  # type: ignore[no-untyped-def]
        return output_for(self.choice.kind)

    @property
    def exceptions(self) -> list[BillingException]:
        return list(self.report.exceptions) if isinstance(self.report, BillingReport) else []

    def billed(self) -> tuple[int, int, Decimal]:
        """Lines, units and amount billed (zeros for the grant report)."""
        if isinstance(self.report, BillingReport):
            return len(self.report.lines), self.report.total_units, self.report.total
        return 0, 0, Decimal(0)

    def headline(self) -> dict[str, object]:
        return dict(self.report.headline) if isinstance(self.report, GrantReport) else {}


def build(store: Store, choice: ReportChoice, earlier: BuiltReport | None,
          control: TaskControl) -> BuiltReport:
    """The report for ``choice`` with its PDF laid out (``earlier`` itself if it is for
    the same choice). Progress: one step for the data, then one per page (estimated)."""
    if earlier is not None and earlier.choice == choice:
        return earlier
    control.progress(0, 100)
    with store.session() as s:
        if choice.kind == BILLING:
            wanted = reports.billing_filter(s, payer=choice.wanted.payer,
                                            worker_id=choice.wanted.worker_id)
            made: BillingReport | GrantReport = reports.billing_report(
                s, store.actor, choice.start, choice.end, wanted)
        else:
            made = reports.grant_report(s, store.actor, choice.start, choice.end)
    output = output_for(choice.kind)
    pages = max(1, output.estimated_pages(made))  # type: ignore[arg-type]
    total = pages + pages // 10 + 2  # the data was one step; estimates run short

    def laid_out(page: int) -> None:
        control.progress(1 + min(page, total - 2), total)

    laid_out(0)
    pdf = output.pdf_bytes(made, on_page=laid_out)  # type: ignore[arg-type]
    control.check()
    return BuiltReport(choice, made, pdf)


def save(store: Store, built: BuiltReport, fmt: str, target: Path,
         control: TaskControl) -> Path:
    """Write the PDF or CSV to ``target`` and note the export in the audit trail."""
    data = built.pdf if fmt == "pdf" else built.output.csv_bytes(built.report)
    control.check()
    write_atomic(target, data)
    choice = built.choice
    with store.session() as s:
        reports.record_export(s, store.actor, choice.kind, fmt, choice.start, choice.end,
                              str(target), wanted=choice.wanted)
    return target
