"""Page furniture for management reports: the organization's logo (if set) and name, title
and period on every page; confidentiality (and, where participants are named, the 42 CFR
Part 2 notice) in the footer; generated-at/by and page X of Y."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from peerdesk.i18n import _
from peerdesk.reports.fonts import builtin_can_show, draw_string, markup, string_width
from peerdesk.reports.pdf_pages import TwoPassCanvas

PAGE = landscape(LETTER)
MARGIN = 0.6 * inch
BODY = ParagraphStyle("rbody", fontName="Helvetica", fontSize=9.5, leading=12)
SMALL = ParagraphStyle("rsmall", parent=BODY, fontSize=8, leading=10)
H1 = ParagraphStyle("rh1", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20,
                    spaceAfter=4)
H2 = ParagraphStyle("rh2", parent=BODY, fontName="Helvetica-Bold", fontSize=12.5, leading=16,
                    spaceBefore=10, spaceAfter=4)
H3 = ParagraphStyle("rh3", parent=BODY, fontName="Helvetica-Bold", fontSize=10.5, leading=13,
                    spaceBefore=6, spaceAfter=2)
HEAD = ParagraphStyle("rhead", parent=BODY, fontName="Helvetica-Bold", fontSize=8.5,
                      leading=10)
HEAD_RIGHT = ParagraphStyle("rheadr", parent=HEAD, alignment=2)
CONFIDENTIAL = _("Confidential: contains participant information.")


@dataclass(frozen=True)
class PageInfo:
    organization: str
    title: str
    period: str
    generated: str  # "Generated 2026-11-25 14:02 by Dana Whitfield"
    names_participants: bool
    short_notice: str = ""
    # The organization's logo as PNG (settings.organization_logo), left of the name.
    logo: bytes | None = field(default=None, repr=False)


HEADER_LOGO_HEIGHT = 0.3 * inch
HEADER_LOGO_MAX_WIDTH = 1.6 * inch


class Logo:
    """A logo embedded in the PDF once (an image inside a form XObject) and drawn on as many
    pages as needed: a 1,500-page report carries one copy of the picture, not 1,500.

    One instance per document (per canvas)."""

    def __init__(self, png: bytes, name: str = "PeerDeskLogo") -> None:
        self.reader = ImageReader(io.BytesIO(png))
        self.pixels: tuple[int, int] = self.reader.getSize()
        self.name = name
        self._defined = False

    def fit(self, max_width: float, max_height: float) -> tuple[float, float]:
        """Width and height (points) of the logo scaled to fit the box, aspect kept."""
        width, height = self.pixels
        scale = min(max_width / width, max_height / height)
        return width * scale, height * scale

    def draw(self, canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
        """Draw with the lower-left corner at (x, y), ``width`` by ``height`` points."""
        px_width, px_height = self.pixels
        if not self._defined:
            canvas.beginForm(self.name, 0, 0, px_width, px_height)
            canvas.drawImage(self.reader, 0, 0, px_width, px_height, mask="auto")
            canvas.endForm()
            self._defined = True
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / px_width, height / px_height)
        canvas.doForm(self.name)
        canvas.restoreState()


def logo_image(png: bytes, max_width: float, max_height: float) -> Image:
    """The logo as a flowable, scaled to fit the box with its aspect kept."""
    width, height = Logo(png).fit(max_width, max_height)
    return Image(io.BytesIO(png), width=width, height=height)


def beside_logo(block: list[Flowable], png: bytes | None, width: float, *,
                max_width: float = 2.2 * inch, max_height: float = 0.8 * inch,
                gap: float = 0.2 * inch) -> list[Flowable]:
    """A title block with the logo at its top right (unchanged when there is no logo)."""
    if not png:
        return block
    image = logo_image(png, max_width, max_height)
    logo_column = image.drawWidth + gap
    t = Table([[block, image]], colWidths=[width - logo_column, logo_column])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    t.hAlign = "LEFT"
    return [t]


def table(rows: list[list[Any]], widths: list[float], *, numeric_from: int | None = None,
          total_rows: int = 0) -> Table:
    """A ruled table whose header row repeats on every page it spans (headers wrap)."""
    head = [Paragraph(markup(str(c), HEAD.fontName), HEAD_RIGHT if numeric_from is not None
                      and i >= numeric_from else HEAD) if isinstance(c, str) else c
            for i, c in enumerate(rows[0])]
    body = [_showable(row, bold=n >= len(rows) - 1 - total_rows)
            for n, row in enumerate(rows[1:])]
    # A row of plain one-line text is as tall as the table would work out, so say so: long
    # tables (a month's notes left out) then lay out many times faster.
    heights = [None] + [PLAIN_ROW if all(isinstance(v, str) and "\n" not in v for v in row)
                        else None for row in body]
    t = Table([head, *body], colWidths=widths, rowHeights=heights, repeatRows=1,
              splitByRow=1)
    style = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9a9a9a")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if numeric_from is not None:
        style.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    if total_rows:
        style += [("FONT", (0, -total_rows), (-1, -1), "Helvetica-Bold", 8.5),
                  ("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.8, colors.black)]
    t.setStyle(TableStyle(style))
    t.hAlign = "LEFT"
    return t


CELL = ParagraphStyle("rcell", parent=BODY, fontSize=8.5, leading=10.5)
PLAIN_ROW = 8.5 * 1.2 + 2 + 2  # one line of the tables' 8.5-point text, and its padding
CELL_BOLD = ParagraphStyle("rcellb", parent=CELL, fontName="Helvetica-Bold")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; any name prints, see ``fonts``)."""
    return Paragraph(markup(text, style.fontName), style)


def _showable(row: list[Any], bold: bool) -> list[Any]:
    """A body row whose plain-text cells the table's built-in font cannot show become
    paragraphs that can (a name such as "Łukasz" prints, not a black box)."""
    if all(not isinstance(v, str) or builtin_can_show(v) for v in row):
        return row
    style = CELL_BOLD if bold else CELL
    return [Paragraph(markup(v, style.fontName), style)
            if isinstance(v, str) and not builtin_can_show(v) else v for v in row]


def cell(text: str, width: float | None = None) -> Paragraph | str:
    """A table cell that wraps: plain text when it fits ``width`` on one line (far
    quicker to lay out for long tables), a paragraph in the table's own font otherwise."""
    if width is not None and string_width(text, "Helvetica", 8.5) <= width - 6:
        return text
    return Paragraph(markup(text), CELL)


def canvasmaker(info: PageInfo) -> Any:
    class _ReportCanvas(TwoPassCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Set before any page is kept, so every page's saved state shares this one object.
            self._logo = Logo(info.logo) if info.logo else None

        def furniture(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            name_x = MARGIN
            if self._logo is not None:
                logo_width, logo_height = self._logo.fit(HEADER_LOGO_MAX_WIDTH,
                                                         HEADER_LOGO_HEIGHT)
                self._logo.draw(self, MARGIN, height - 0.42 * inch, logo_width, logo_height)
                name_x += logo_width + 0.12 * inch
            draw_string(self, name_x, height - 0.4 * inch, info.organization,
                        "Helvetica-Bold", 9)
            draw_string(self, width - MARGIN, height - 0.4 * inch,
                        f"{info.title} · {info.period}", "Helvetica", 9, "right")
            self.line(MARGIN, height - 0.45 * inch, width - MARGIN, height - 0.45 * inch)
            self.line(MARGIN, 0.62 * inch, width - MARGIN, 0.62 * inch)
            self.setFont("Helvetica", 7.5)
            left = CONFIDENTIAL if info.names_participants else _(
                "Contains no participant names; counts only.")
            if info.names_participants and info.short_notice:
                left = f"{left} {info.short_notice}"
            draw_string(self, MARGIN, 0.48 * inch, left, "Helvetica", 7.5)
            draw_string(self, MARGIN, 0.34 * inch, info.generated, "Helvetica", 7.5)
            self.setFont("Helvetica", 8)
            self.drawRightString(width - MARGIN, 0.34 * inch,
                                 _("Page {x} of {y}").format(x=self._pageNumber, y=total))
            self.restoreState()

    return _ReportCanvas
