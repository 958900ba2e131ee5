"""The billing report as PDF (reportlab) and CSV (one row per billable line)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer

from peerdesk.db.atomic import write_atomic
from peerdesk.domain.billing import UNIT_RULE_LABELS, UnitRule
from peerdesk.i18n import _
from peerdesk.reports import part2_notice
from peerdesk.reports.bill_lines import ROWS_PER_PAGE, payer_blocks
from peerdesk.reports.billing import CSV_COLUMNS, BillingReport
from peerdesk.reports.gc_pause import paused_gc
from peerdesk.reports.pdf_pages import calling_back
from peerdesk.reports.report_pages import (
    BODY,
    H1,
    H2,
    H3,
    MARGIN,
    PAGE,
    SMALL,
    PageInfo,
    canvasmaker,
    cell,
    para,
    table,
)

TITLE = _("Monthly billing report")


def title(report: BillingReport) -> str:
    """'Monthly billing report' for a calendar month, 'Billing report' for other periods."""
    start, end = report.start, report.end
    whole_month = start.day == 1 and (start.year, start.month) == (end.year, end.month) \
        and (end + timedelta(days=1)).day == 1
    return TITLE if whole_month else _("Billing report")


def _period(report: BillingReport) -> str:
    return f"{report.start:%b %-d, %Y} – {report.end:%b %-d, %Y}"


@paused_gc()
def csv_bytes(report: BillingReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in sorted(report.lines, key=lambda x: (x.payer, x.participant_id, x.date)):
        writer.writerow(line.csv_row())
    return buffer.getvalue().encode("utf-8")


def write_csv(report: BillingReport, path: str | os.PathLike[str]) -> None:
    write_atomic(Path(path), csv_bytes(report))


def _money(value: object) -> str:
    return f"${value:,.2f}"


def _story(report: BillingReport) -> list:
    story: list = [
        para(title(report), H1),
        para(f"{report.organization} · {_period(report)}", BODY),
        para(_("Units: {rule}. Only signed notes are billed; every note left "
               "out is listed under Exceptions with the reason.").format(
            rule=UNIT_RULE_LABELS.get(UnitRule(report.unit_rule), report.unit_rule)), SMALL),
        Spacer(1, 6),
    ]
    if report.narrowed_to.narrows:
        story.append(para(_("Narrowed to {what}.").format(
            what=report.narrowed_to.describe()), BODY))
        if report.narrowed_to.payer is not None:
            story.append(para(_(
                "Notes whose participant has no payer, or a payer that is not set up, are "
                "listed only in the report for all payers."), SMALL))
    story.append(para(_("Summary"), H2))
    payer_totals = report.subtotal("payer")
    rows = [[_("Payer"), _("Lines"), _("Units"), _("Amount")]]
    for payer, amount in payer_totals.items():
        lines = [x for x in report.lines if x.payer == payer]
        rows.append([payer, f"{len(lines):,}", f"{sum(x.units for x in lines):,}",
                     _money(amount)])
    rows.append([_("Total"), f"{len(report.lines):,}", f"{report.total_units:,}",
                 _money(report.total)])
    story.append(table(rows, [3.6 * inch, 1 * inch, 1 * inch, 1.4 * inch], numeric_from=1,
                       total_rows=1))
    if report.exceptions:
        story.append(para(_("Notes left out, by reason (each one is listed under "
                            "Exceptions)"), H3))
        by_reason = report.left_out_by_kind()
        rows = [[_("Reason"), _("Notes"), _("Minutes")]]
        rows += [[reason, f"{n:,}", f"{m:,}"] for reason, n, m in by_reason]
        rows.append([_("Total"), f"{sum(n for _r, n, _m in by_reason):,}",
                     f"{sum(m for _r, _n, m in by_reason):,}"])
        story.append(table(rows, [3.6 * inch, 1 * inch, 1 * inch], numeric_from=1,
                           total_rows=1))
    else:
        story.append(para(_("No note was left out."), SMALL))
    for payer, people in report.by_payer().items():
        story.append(para(_("{payer} — {total}").format(
            payer=payer, total=_money(payer_totals[payer])), H2))
        story += payer_blocks(people)
    story.append(para(_("Subtotals by worker"), H2))
    rows = [[_("Worker"), _("Amount")]] + [[w, _money(a)] for w, a in
                                           report.subtotal("worker").items()]
    story.append(table(rows, [4 * inch, 1.4 * inch], numeric_from=1))
    story.append(para(_("Exceptions: notes not billed"), H2))
    if report.exceptions:
        widths = [0.85 * inch, 2.1 * inch, 1.6 * inch, 0.7 * inch, 4.1 * inch]
        rows = [[_("Date"), _("Participant"), _("Worker"), _("Minutes"), _("Reason")]]
        for x in report.exceptions:
            rows.append([x.date.isoformat(),
                         cell(f"{x.participant_name} (#{x.participant_id})", widths[1]),
                         cell(x.worker, widths[2]), str(x.minutes), cell(x.reason, widths[4])])
        story.append(table(rows, widths))
    else:
        story.append(para(
            _("None: every note in the period for this report ({what}) was billed.").format(
                what=report.narrowed_to.describe()) if report.narrowed_to.narrows
            else _("None: every note in the period was billed."), BODY))
    story += [Spacer(1, 10), para(part2_notice.TITLE, H3),
              para(part2_notice.NOTICE, SMALL)]
    return story


def estimated_pages(report: BillingReport) -> int:
    """About how many pages the PDF will have (for a progress bar)."""
    people = len({(x.payer, x.participant_id) for x in report.lines})
    return 2 + (len(report.lines) + 2 * people) // ROWS_PER_PAGE \
        + len(report.exceptions) // 30


@paused_gc()
def pdf_bytes(report: BillingReport, on_page: Callable[[int], None] | None = None) -> bytes:
    """The PDF, in memory. ``on_page(pages so far)`` is called as pages are laid out."""
    buffer = io.BytesIO()
    period = _period(report)
    if report.narrowed_to.narrows:
        period = f"{period} · {report.narrowed_to.describe()}"
    info = PageInfo(report.organization, title(report), period,
                    _("Generated {at} by {who}").format(
                        at=report.generated_at.strftime("%Y-%m-%d %H:%M"),
                        who=report.generated_by),
                    names_participants=True, short_notice=part2_notice.SHORT_NOTICE,
                    logo=report.logo)
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=0.65 * inch, bottomMargin=0.8 * inch, title=title(report),
                            author=report.organization)
    doc.build(_story(report), canvasmaker=calling_back(canvasmaker(info), on_page))
    return buffer.getvalue()


def write_pdf(report: BillingReport, path: str | os.PathLike[str]) -> None:
    write_atomic(Path(path), pdf_bytes(report))
