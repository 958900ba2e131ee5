"""Making a report and sending it out of PeerDesk: the one use case both the Reports screen
and ``peerdesk report ...`` call, so both build the same report, write files the same way and
leave the same audit rows.

- :func:`choose` checks what was asked for (a payer by name, a worker by user name or id);
- :func:`build` gathers the report in one short transaction (audited as ``report.billing``
  or ``report.grant``), then lays out its PDF in memory *outside* that transaction, with
  page progress through a plain callback;
- :func:`save` writes the PDF or CSV with :func:`~peerdesk.db.atomic.write_atomic` and
  records ``report.export`` in one call: a failed or cancelled write leaves no partial
  file (an older file of that name untouched) and no audit row;
- :func:`record_print` audits pages sent to a printer (``report.print``).

Plain values in and out: no ORM object and no Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from peerdesk.db.atomic import write_atomic
from peerdesk.reports import billing_output, grant_output
from peerdesk.reports.billing import BillingException, BillingFilter, BillingReport
from peerdesk.reports.grant import GrantReport
from peerdesk.services import reports
from peerdesk.services.store import Store

BILLING, GRANT = "billing", "grant"
KINDS = (BILLING, GRANT)
FILE_FORMATS = ("pdf", "csv")

Progress = Callable[[int, int], None]
"""``progress(done, total)``; it may raise to stop the work (a cancel)."""
Check = Callable[[], None]
"""Raises to stop the work (a cancel); called between steps."""


def _no_progress(_done: int, _total: int) -> None:
    return None


def _no_check() -> None:
    return None


@dataclass(frozen=True)
class ReportChoice:
    """What was asked for: which report, which days, narrowed to what (billing only)."""

    kind: str
    start: date
    end: date
    wanted: BillingFilter = field(default_factory=BillingFilter)


def output_for(kind: str) -> ModuleType:
    """The module that writes this kind of report as PDF and CSV."""
    return billing_output if kind == BILLING else grant_output


@dataclass(frozen=True)
class BuiltReport:
    """A report made for ``choice``, and its PDF laid out in memory (``None`` until laid
    out: a CSV alone needs no pages)."""

    choice: ReportChoice
    report: BillingReport | GrantReport
    pdf: bytes | None = None

    @property
    def output(self) -> ModuleType:
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

    def data(self, fmt: str) -> bytes:
        """The bytes of the PDF (laid out now if need be) or of the CSV."""
        if fmt == "pdf":
            return self.pdf if self.pdf is not None else lay_out(self).pdf  # type: ignore[return-value]
        if fmt == "csv":
            return self.output.csv_bytes(self.report)  # type: ignore[no-any-return]
        raise ValueError(f"unknown file format {fmt}")


def choose(store: Store, kind: str, start: date, end: date, *, payer: str | None = None,
           worker_username: str | None = None,
           worker_id: int | None = None) -> ReportChoice:
    """The choice for ``kind``, with the payer and worker checked (the payer by its name in
    billing settings, any capitals; the worker by user name or id). ServiceError if one is
    not known."""
    if kind not in KINDS:
        raise ValueError(f"unknown report {kind}")
    if kind == GRANT:
        return ReportChoice(kind, start, end)
    with store.session() as s:
        wanted = reports.billing_filter(s, payer=payer, worker_id=worker_id,
                                        worker_username=worker_username)
    return ReportChoice(kind, start, end, wanted)


def _gather(store: Store, choice: ReportChoice) -> BillingReport | GrantReport:
    with store.session() as s:
        if choice.kind == BILLING:
            wanted = reports.billing_filter(s, payer=choice.wanted.payer,
                                            worker_id=choice.wanted.worker_id)
            return reports.billing_report(s, store.actor, choice.start, choice.end, wanted)
        return reports.grant_report(s, store.actor, choice.start, choice.end)


def lay_out(built: BuiltReport, progress: Progress | None = None,
            check: Check | None = None) -> BuiltReport:
    """``built`` with its PDF laid out in memory. Progress: step 1 was the data, then one
    step per page (estimated, with room because estimates run short)."""
    progress = progress or _no_progress
    output = built.output
    pages = max(1, output.estimated_pages(built.report))
    total = pages + pages // 10 + 2

    def laid_out(page: int) -> None:
        progress(1 + min(page, total - 2), total)

    laid_out(0)
    pdf = output.pdf_bytes(built.report, on_page=laid_out)
    (check or _no_check)()
    return replace(built, pdf=pdf)


def build(store: Store, choice: ReportChoice, *, earlier: BuiltReport | None = None,
          pdf: bool = True, progress: Progress | None = None,
          check: Check | None = None) -> BuiltReport:
    """The report for ``choice`` (``earlier`` itself if it is for the same choice and has
    what is wanted), its PDF laid out unless ``pdf`` is false. The data is gathered in one
    transaction that ends before the (long) layout starts."""
    if earlier is not None and earlier.choice == choice and (earlier.pdf or not pdf):
        return earlier
    (progress or _no_progress)(0, 100)
    if earlier is not None and earlier.choice == choice:
        built = earlier
    else:
        built = BuiltReport(choice, _gather(store, choice))
    (check or _no_check)()
    return lay_out(built, progress, check) if pdf else built


def save(store: Store, built: BuiltReport, fmt: str, target: Path,
         check: Check | None = None) -> Path:
    """Write the report as ``fmt`` ("pdf" or "csv") to exactly ``target`` and record the
    export in the audit trail, in one transaction: if the file cannot be written (or the
    work is stopped) there is no partial file and no audit row. Returns the full path."""
    if fmt not in FILE_FORMATS:
        raise ValueError(f"unknown file format {fmt}")
    target = Path(target).resolve()
    data = built.data(fmt)
    (check or _no_check)()
    choice = built.choice
    with store.session() as s:
        reports.record_export(s, store.actor, choice.kind, fmt, choice.start, choice.end,
                              str(target), wanted=choice.wanted)
        s.flush()  # the audit row is good before the file goes down
        write_atomic(target, data)
    return target


def record_print(store: Store, choice: ReportChoice, printer: str, pages: int) -> None:
    """Audit ``pages`` of the report for ``choice`` sent to ``printer`` (its name)."""
    with store.session() as s:
        reports.record_export(s, store.actor, choice.kind, "print", choice.start, choice.end,
                              printer, wanted=choice.wanted, pages=pages)
