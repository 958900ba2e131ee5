"""The grant report as PDF (tables and charts, no participant names) and CSV (every table,
one row per number: table, row, column, value)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from peerdesk.db.atomic import write_atomic
from peerdesk.i18n import _
from peerdesk.reports.gc_pause import paused_gc
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
    cell,
    para,
    table,
)

TITLE = _("Grant report")
DEFINITIONS = _(
    "Served = at least one signed service note in the period. Demographic tables count the "
    "served participants, so each adds up to that total; the participants in a table's total "
    "are counted once even when served in several rows. Recovery capital compares each "
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


def _number(value: object) -> str:
    """How a count or an amount of hours reads on the page: 2,978 and 2,431.6."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


CHART_ROWS = 16  # more bars than this and a chart stops being easier than the table


def _bar_chart(t: Table, value_column: int, title: str) -> Drawing:
    """A horizontal bar per row (largest first, the total left out), each labelled with its
    value, so it reads without the colours."""
    rows = sorted((r for r in t.rows if r[0] != _("Total")),
                  key=lambda r: -float(r[value_column]))  # type: ignore[arg-type]
    if len(rows) > CHART_ROWS:
        title = _("{title} (the {n} largest of {m})").format(title=title, n=CHART_ROWS,
                                                             m=len(rows))
        rows = rows[:CHART_ROWS]
    height = 24 + 15 * len(rows)
    drawing = Drawing(7.5 * inch, height + 20)
    chart = HorizontalBarChart()
    chart.x, chart.y = 2.6 * inch, 10
    chart.width, chart.height = 4.3 * inch, height
    values = [float(r[value_column]) for r in rows]  # type: ignore[arg-type]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [_shorten(str(r[0]), 44) for r in rows]
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*values, 1.0]) * 1.15  # room for the last label
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.bars[0].fillColor = colors.HexColor("#4a7bb7")
    chart.barLabelFormat = lambda v: _number(int(v) if float(v).is_integer() else v)
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"  # the label starts just past the end of its bar
    chart.barLabels.dx = 3
    chart.barLabels.nudge = 0
    drawing.add(chart)
    drawing.add(String(0, height + 12, title, fontName="Helvetica-Bold", fontSize=9))
    return drawing


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _short_name(title: str) -> str:
    """'Brief Assessment of Recovery Capital (BARC-10)' -> 'BARC-10'."""
    if title.endswith(")") and "(" in title:
        return title[title.rindex("(") + 1:-1]
    return _shorten(title, 30)


def _rc_chart(t: Table) -> Drawing | None:
    """Mean first and latest score per instrument, side by side, labelled and with a key."""
    rows = [r for r in t.rows if isinstance(r[2], float | int) and isinstance(r[3], float | int)]
    if not rows:
        return None
    drawing = Drawing(7.5 * inch, 2.5 * inch)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width = 50, 30, min(5.0 * inch, 1.6 * inch * len(rows))
    chart.height = 1.5 * inch
    chart.data = [[float(r[2]) for r in rows], [float(r[3]) for r in rows]]
    chart.categoryAxis.categoryNames = [_short_name(str(r[0])) for r in rows]
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(d) for d in chart.data) * 1.2
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#b0b0b0")
    chart.bars[1].fillColor = colors.HexColor("#2f5d8a")
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7
    drawing.add(chart)
    key = Legend()
    key.x, key.y = chart.x + chart.width + 20, chart.y + chart.height
    key.fontName, key.fontSize = "Helvetica", 8
    key.alignment = "right"
    key.colorNamePairs = [(chart.bars[0].fillColor, _("Mean first score")),
                          (chart.bars[1].fillColor, _("Mean latest score"))]
    drawing.add(key)
    drawing.add(String(0, 2.3 * inch, _("Recovery capital: mean first and latest score"),
                       fontName="Helvetica-Bold", fontSize=9))
    return drawing


def _table_flowable(t: Table) -> list[Flowable]:
    """The table under its title, kept on one page where it fits."""
    first = 2.8 * inch if len(t.columns) > 4 else 3.6 * inch
    rest = (9.6 * inch - first) / max(1, len(t.columns) - 1)
    rest = min(rest, 1.4 * inch)
    rows = [t.columns] + [[cell(str(r[0]), first), *[_number(v) for v in r[1:]]]
                          for r in t.rows]
    return [KeepTogether([para(t.title, H2),
                          table(rows, [first] + [rest] * (len(t.columns) - 1), numeric_from=1,
                                total_rows=1 if t.total_row else 0)])]


def _story(report: GrantReport) -> list:
    story: list = [para(TITLE, H1),
                   para(f"{report.organization} · {_period(report)}", BODY),
                   para(DEFINITIONS, SMALL), Spacer(1, 6),
                   para(_("Summary"), H2)]
    rows = [[_("Measure"), _("Value")]] + [[k, _number(v)] for k, v in report.headline.items()]
    story.append(table(rows, [4.2 * inch, 1.4 * inch], numeric_from=1))
    charts = {"setting": (2, _("Hours of service by setting")),
              "referrals": (1, _("Referrals made, by category"))}
    for t in report.tables:
        block = _table_flowable(t)
        if t.key in charts and len(t.rows) > 1:
            column, title = charts[t.key]
            block += [Spacer(1, 6), _bar_chart(t, column, title)]
        if t.key == "recovery_capital" and (chart := _rc_chart(t)) is not None:
            block += [Spacer(1, 6), chart]
        story += block  # a chart goes on with its table, or at the top of the next page
    return story


def estimated_pages(report: GrantReport) -> int:
    """About how many pages the PDF will have (for a progress bar)."""
    return 2 + len(report.tables) // 2


@paused_gc()
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
