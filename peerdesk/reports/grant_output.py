"""The grant report as PDF (tables and charts, no participant names) and CSV (every table,
one row per number: table, row, column, value)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

from peerdesk.db.atomic import write_atomic
from peerdesk.i18n import _
from peerdesk.reports.grant import GrantReport, Table
from peerdesk.reports.pdf_pages import calling_back
from peerdesk.reports.report_pages import (
    BODY,
    H1,
    H2,
    MARGIN,
    PAGE,
    SMALL,
    PageInfo,
    canvasmaker,
    para,
    table,
)

TITLE = _("Grant report")
DEFINITIONS = _(
    "Served = at least one signed service note in the period. Demographic tables count the "
    "served participants, so each adds up to that total. Recovery capital compares each "
    "participant's first signed score with their latest (paired). Follow-up rate = referrals "
    "made in the period that moved past 'made'.")


def _period(report: GrantReport) -> str:
    return f"{report.start:%b %-d, %Y} – {report.end:%b %-d, %Y}"


def write_csv(report: GrantReport, path: str | os.PathLike[str]) -> None:
    write_atomic(Path(path), csv_bytes(report))


def csv_bytes(report: GrantReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    for label, value in report.headline.items():
        writer.writerow(["summary", label, "value", value])
    for t in report.tables:
        for row in t.rows:
            for column, value in zip(t.columns[1:], row[1:], strict=False):
                writer.writerow([t.key, row[0], column, value])
    return buffer.getvalue().encode("utf-8")


def _bar_chart(t: Table, value_column: int, title: str) -> Drawing:
    rows = [r for r in t.rows if r[0] != _("Total")][:10]
    height = 28 + 18 * len(rows)
    drawing = Drawing(7.5 * inch, height + 20)
    chart = HorizontalBarChart()
    chart.x, chart.y = 2.3 * inch, 10
    chart.width, chart.height = 4.6 * inch, height
    chart.data = [[float(r[value_column]) for r in rows]]
    chart.categoryAxis.categoryNames = [str(r[0])[:38] for r in rows]
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#4a7bb7")
    chart.barLabelFormat = "%g"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    drawing.add(chart)
    drawing.add(String(0, height + 12, title, fontName="Helvetica-Bold", fontSize=9))
    return drawing


def _rc_chart(t: Table) -> Drawing | None:
    rows = [r for r in t.rows if isinstance(r[2], float | int) and isinstance(r[3], float | int)]
    if not rows:
        return None
    drawing = Drawing(5 * inch, 2.4 * inch)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 30, 3.6 * inch, 1.5 * inch
    chart.data = [[float(r[2]) for r in rows], [float(r[3]) for r in rows]]
    chart.categoryAxis.categoryNames = [str(r[0]) for r in rows]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(d) for d in chart.data) * 1.2
    chart.bars[0].fillColor = colors.HexColor("#b0b0b0")
    chart.bars[1].fillColor = colors.HexColor("#2f5d8a")
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7
    drawing.add(chart)
    drawing.add(String(50, 2.25 * inch, _("Mean first score (grey) and latest (blue), labelled"),
                       fontName="Helvetica-Bold", fontSize=9))
    return drawing


def _table_flowable(t: Table) -> KeepTogether:
    first = 2.8 * inch if len(t.columns) > 4 else 3.6 * inch
    rest = (9.6 * inch - first) / max(1, len(t.columns) - 1)
    rest = min(rest, 1.4 * inch)
    rows = [t.columns] + [[str(v) for v in r] for r in t.rows]
    return KeepTogether([para(t.title, H2),
                         table(rows, [first] + [rest] * (len(t.columns) - 1), numeric_from=1,
                               total_rows=1 if t.total_row else 0)])


def _story(report: GrantReport) -> list:
    story: list = [para(TITLE, H1),
                   para(f"{report.organization} · {_period(report)}", BODY),
                   para(DEFINITIONS, SMALL), Spacer(1, 6),
                   para(_("Summary"), H2)]
    rows = [[_("Measure"), _("Value")]] + [[k, str(v)] for k, v in report.headline.items()]
    story.append(table(rows, [4.2 * inch, 1.4 * inch], numeric_from=1))
    charts = {"setting": (2, _("Hours of service by setting")),
              "referrals": (1, _("Referrals made by category"))}
    for t in report.tables:
        story.append(_table_flowable(t))
        if t.key in charts and len(t.rows) > 1:
            column, title = charts[t.key]
            story.append(_bar_chart(t, column, title))
        if t.key == "recovery_capital" and (chart := _rc_chart(t)) is not None:
            story.append(chart)
    return story


def estimated_pages(report: GrantReport) -> int:
    """About how many pages the PDF will have (for a progress bar)."""
    return 2 + len(report.tables) // 2


def pdf_bytes(report: GrantReport, on_page: Callable[[int], None] | None = None) -> bytes:
    """The PDF, in memory. ``on_page(pages so far)`` is called as pages are laid out."""
    buffer = io.BytesIO()
    info = PageInfo(report.organization, TITLE, _period(report),
                    _("Generated {at} by {who}").format(
                        at=report.generated_at.strftime("%Y-%m-%d %H:%M"),
                        who=report.generated_by), names_participants=False,
                    logo=report.logo)
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=0.65 * inch, bottomMargin=0.8 * inch, title=TITLE,
                            author=report.organization)
    doc.build(_story(report), canvasmaker=calling_back(canvasmaker(info), on_page))
    return buffer.getvalue()


def write_pdf(report: GrantReport, path: str | os.PathLike[str]) -> None:
    write_atomic(Path(path), pdf_bytes(report))
