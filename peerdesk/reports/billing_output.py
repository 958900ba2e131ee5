"""The billing report as PDF (reportlab) and CSV (one row per billable line)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from peerdesk.db.atomic import write_atomic
from peerdesk.domain.billing import UNIT_RULE_LABELS, UnitRule
from peerdesk.i18n import _
from peerdesk.reports import part2_notice
from peerdesk.reports.billing import CSV_COLUMNS, BillingReport
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
    table,
)

TITLE = _("Monthly billing report")


def _period(report: BillingReport) -> str:
    return f"{report.start:%b %-d, %Y} – {report.end:%b %-d, %Y}"


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


LINE_HEADER = [_("Date"), _("Code"), _("Mod"), _("Minutes"), _("Units"), _("Rate"),
               _("Amount"), _("Worker"), _("POS")]
LINE_WIDTHS = [w * inch for w in (0.9, 0.7, 0.45, 0.65, 0.55, 0.75, 0.9, 3.6, 0.5)]
ROWS_PER_TABLE = 40  # rows per drawn block (about a page)
_PDF_ESCAPES = str.maketrans({"\\": "\\\\", "(": "\\(", ")": "\\)"})


_WIDTHS: dict[tuple[str, str, float], float] = {}
_WIN_ANSI_BYTE = [chr(b) if 32 <= b < 127 and chr(b) not in "\\()" else f"\\{b:03o}"
                  for b in range(256)]


def _pdf_literal(value: str) -> str | None:
    """The inside of a PDF string for the built-in fonts (WinAnsi, which is cp1252), or
    None if the text has a character those fonts lack."""
    if value.isascii() and value.isprintable():
        return value.translate(_PDF_ESCAPES)
    try:
        encoded = value.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return "".join([_WIN_ANSI_BYTE[b] for b in encoded])


def _width(value: str, font: str, size: float) -> float:
    """stringWidth, remembered: a month's bill repeats the same minutes, units and rates."""
    key = (value, font, size)
    found = _WIDTHS.get(key)
    if found is None:
        if len(_WIDTHS) > 50_000:
            _WIDTHS.clear()
        found = _WIDTHS[key] = stringWidth(value, font, size)
    return found


class _LineBlock(Flowable):
    """A page-sized block of bill lines drawn straight onto the canvas: a 1,500-page month
    in seconds, where platypus tables take minutes. Rows: (kind, cells)."""

    ROW = 11.5

    def __init__(self, rows: list[tuple[str, list[str]]]) -> None:
        super().__init__()
        self.rows = rows
        self.width = sum(LINE_WIDTHS)
        self.height = self.ROW * (len(rows) + 1) + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Fill the rest of the page and carry on (with the header again) on the next."""
        fits = int((avail_height - 2) // self.ROW) - 1
        if fits < 3 or fits >= len(self.rows):
            return []
        return [_LineBlock(self.rows[:fits]), _LineBlock(self.rows[fits:])]

    def draw(self) -> None:
        c = self.canv
        top = self.height
        lefts = [sum(LINE_WIDTHS[:i]) for i in range(len(LINE_WIDTHS))]
        rights = [lefts[i] + LINE_WIDTHS[i] - 3 for i in range(len(LINE_WIDTHS))]
        right_aligned = {3, 4, 5, 6}
        # Backgrounds and rules first, then all text through one text object (a text
        # object per string is what makes long reports slow).
        c.setFillColor(colors.HexColor("#e6e6e6"))
        c.rect(0, top - self.ROW, self.width, self.ROW, stroke=0, fill=1)
        c.setFillColor(colors.HexColor("#f3f3f3"))
        for n, (kind, _cells) in enumerate(self.rows, start=2):
            if kind == "who":
                c.rect(0, top - n * self.ROW, self.width, self.ROW, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.setLineWidth(0.25)
        c.setStrokeColor(colors.HexColor("#9a9a9a"))
        c.lines([(0, top - n * self.ROW, self.width, top - n * self.ROW)
                 for n in range(len(self.rows) + 2)])
        text = c.beginText()
        code = text._code  # plain ASCII goes straight in as PDF operators (see _put)
        current = ""

        def font(name: str, size: float) -> None:
            nonlocal current
            if current != f"{name}{size}":
                text.setFont(name, size)
                current = f"{name}{size}"

        def put(x: float, y: float, value: str) -> None:
            literal = _pdf_literal(value)
            if literal is not None:
                code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({literal}) Tj")
            else:  # reportlab draws the rest (with a stand-in mark outside WinAnsi)
                text.setTextOrigin(x, y)
                text.textOut(value)

        def cells_at(y: float, cells: list[str], name: str, size: float) -> None:
            font(name, size)
            for i, value in enumerate(cells):
                if value:
                    put(rights[i] - _width(value, name, size) if i in right_aligned
                        else lefts[i] + 3, y + 3, value)

        cells_at(top - self.ROW, LINE_HEADER, "Helvetica-Bold", 8)
        for n, (kind, cells) in enumerate(self.rows, start=2):
            y = top - n * self.ROW
            if kind == "who":
                font("Helvetica-Bold", 8.5)
                put(3, y + 3, cells[0])
            else:
                cells_at(y, cells, "Helvetica-Bold" if kind == "sub" else "Helvetica", 8)
        c.drawText(text)


def _payer_tables(people: dict[int, list]) -> list:  # type: ignore[type-arg]
    """One payer's lines in page-sized blocks: a row naming each participant, their lines,
    and their subtotal."""
    rows: list[tuple[str, list[str]]] = []
    for lines in people.values():
        first = lines[0]
        rows.append(("who", [_("{name} (#{id}) · member id {mid}").format(
            name=first.participant_name, id=first.participant_id,
            mid=first.member_id or "—")]))
        for x in lines:
            rows.append(("line", [x.date.isoformat(), x.code, x.modifier, str(x.minutes),
                                  str(x.units), _money(x.rate), _money(x.amount),
                                  f"{x.worker}, {x.credential}".rstrip(", ")[:60],
                                  x.place_of_service]))
        rows.append(("sub", [_("Subtotal"), "", "", str(sum(x.minutes for x in lines)),
                             str(sum(x.units for x in lines)), "",
                             _money(sum((x.amount for x in lines), first.amount * 0)), "",
                             ""]))
    return [_LineBlock(rows[i:i + ROWS_PER_TABLE]) for i in range(0, len(rows),
                                                                  ROWS_PER_TABLE)]


def _story(report: BillingReport) -> list:
    story: list = [
        Paragraph(escape(TITLE), H1),
        Paragraph(escape(f"{report.organization} · {_period(report)}"), BODY),
        Paragraph(escape(_("Units: {rule}. Only signed notes are billed; every note left "
                           "out is listed under Exceptions with the reason.").format(
            rule=UNIT_RULE_LABELS.get(UnitRule(report.unit_rule), report.unit_rule))), SMALL),
        Spacer(1, 6),
    ]
    if report.narrowed_to.narrows:
        story.append(Paragraph(escape(_("Narrowed to {what}.").format(
            what=report.narrowed_to.describe())), BODY))
        if report.narrowed_to.payer is not None:
            story.append(Paragraph(escape(_(
                "Notes whose participant has no payer, or a payer that is not set up, are "
                "listed only in the report for all payers.")), SMALL))
    story.append(Paragraph(escape(_("Summary")), H2))
    payer_totals = report.subtotal("payer")
    rows = [[_("Payer"), _("Lines"), _("Units"), _("Amount")]]
    for payer, amount in payer_totals.items():
        lines = [x for x in report.lines if x.payer == payer]
        rows.append([payer, str(len(lines)), str(sum(x.units for x in lines)), _money(amount)])
    rows.append([_("Total"), str(len(report.lines)), str(report.total_units),
                 _money(report.total)])
    story.append(table(rows, [3.6 * inch, 1 * inch, 1 * inch, 1.4 * inch], numeric_from=1,
                       total_rows=1))
    story.append(Paragraph(escape(_("{n} note(s) left out: see Exceptions.").format(
        n=len(report.exceptions))), SMALL))
    for payer, people in report.by_payer().items():
        story.append(Paragraph(escape(_("{payer} — {total}").format(
            payer=payer, total=_money(payer_totals[payer]))), H2))
        story += _payer_tables(people)
    story.append(Paragraph(escape(_("Subtotals by worker")), H2))
    rows = [[_("Worker"), _("Amount")]] + [[w, _money(a)] for w, a in
                                           report.subtotal("worker").items()]
    story.append(table(rows, [4 * inch, 1.4 * inch], numeric_from=1))
    story.append(Paragraph(escape(_("Exceptions: notes not billed")), H2))
    if report.exceptions:
        rows = [[_("Date"), _("Participant"), _("Worker"), _("Minutes"), _("Reason")]]
        for x in report.exceptions:
            rows.append([x.date.isoformat(), cell(f"{x.participant_name} (#{x.participant_id})"),
                         cell(x.worker), str(x.minutes), cell(x.reason)])
        story.append(table(rows, [0.85 * inch, 2.1 * inch, 1.6 * inch, 0.7 * inch,
                                  4.1 * inch]))
    else:
        story.append(Paragraph(escape(
            _("None: every note in the period for this report ({what}) was billed.").format(
                what=report.narrowed_to.describe()) if report.narrowed_to.narrows
            else _("None: every note in the period was billed.")), BODY))
    story += [Spacer(1, 10), Paragraph(escape(part2_notice.TITLE), H3),
              Paragraph(escape(part2_notice.NOTICE), SMALL)]
    return story


def estimated_pages(report: BillingReport) -> int:
    """About how many pages the PDF will have (for a progress bar)."""
    people = len({(x.payer, x.participant_id) for x in report.lines})
    return 2 + (len(report.lines) + 2 * people) // (ROWS_PER_TABLE - 2) \
        + len(report.exceptions) // 30


def pdf_bytes(report: BillingReport, on_page: Callable[[int], None] | None = None) -> bytes:
    """The PDF, in memory. ``on_page(pages so far)`` is called as pages are laid out."""
    buffer = io.BytesIO()
    period = _period(report)
    if report.narrowed_to.narrows:
        period = f"{period} · {report.narrowed_to.describe()}"
    info = PageInfo(report.organization, TITLE, period,
                    _("Generated {at} by {who}").format(
                        at=report.generated_at.strftime("%Y-%m-%d %H:%M"),
                        who=report.generated_by),
                    names_participants=True, short_notice=part2_notice.SHORT_NOTICE,
                    logo=report.logo)
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=0.65 * inch, bottomMargin=0.8 * inch, title=TITLE,
                            author=report.organization)
    doc.build(_story(report), canvasmaker=calling_back(canvasmaker(info), on_page))
    return buffer.getvalue()


def write_pdf(report: BillingReport, path: str | os.PathLike[str]) -> None:
    write_atomic(Path(path), pdf_bytes(report))
