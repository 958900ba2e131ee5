"""The billing report's bill lines, drawn straight onto the canvas in page-sized blocks: a
1,500-page month in seconds, where platypus tables take minutes.

Each row's text is turned into PDF text operators once, when the rows are made (positions
within the row, relative to its left end); drawing a block then only places each row at its
height. Text the built-in fonts cannot show (outside WinAnsi) goes through reportlab, in
the fallback font (see ``fonts``).
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable

from peerdesk.i18n import _
from peerdesk.reports.billing import BillingLine
from peerdesk.reports.fonts import string_width, text_out

LINE_HEADER = [_("Date"), _("Code"), _("Mod"), _("Minutes"), _("Units"), _("Rate"),
               _("Amount"), _("Worker"), _("POS")]
LINE_WIDTHS = [w * inch for w in (0.9, 0.7, 0.45, 0.65, 0.55, 0.75, 0.9, 3.6, 0.5)]
LEFTS = [sum(LINE_WIDTHS[:i]) for i in range(len(LINE_WIDTHS))]
RIGHTS = [LEFTS[i] + LINE_WIDTHS[i] - 3 for i in range(len(LINE_WIDTHS))]
RIGHT_ALIGNED = {3, 4, 5, 6}
ROWS_PER_PAGE = 42  # about, on a landscape letter page
FONTS = {"head": ("Helvetica-Bold", 8.0), "who": ("Helvetica-Bold", 8.5),
         "line": ("Helvetica", 8.0), "sub": ("Helvetica-Bold", 8.0)}

_PDF_ESCAPES = str.maketrans({"\\": "\\\\", "(": "\\(", ")": "\\)"})
_WIN_ANSI_BYTE = [chr(b) if 32 <= b < 127 and chr(b) not in "\\()" else f"\\{b:03o}"
                  for b in range(256)]


def pdf_literal(value: str) -> str | None:
    """The inside of a PDF string for the built-in fonts (WinAnsi, which is cp1252), or
    None if the text has a character those fonts lack."""
    if value.isascii() and value.isprintable():
        return value.translate(_PDF_ESCAPES)
    try:
        encoded = value.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return "".join([_WIN_ANSI_BYTE[b] for b in encoded])


def _start(kind: str, column: int, value: str) -> float:
    """Where a cell's text starts in its row: numbers end at their column's right edge."""
    if kind == "who":
        return 3.0
    if column in RIGHT_ALIGNED:
        return RIGHTS[column] - string_width(value, *FONTS[kind])
    return LEFTS[column] + 3


_OPS: dict[tuple[str, int, str, float], tuple[str, float] | None] = {}


def _op(kind: str, column: int, value: str, at: float) -> tuple[str, float] | None:
    """A cell's text operator, moving on from the previous cell's start ``at``, and where
    this cell starts (None: not WinAnsi). Remembered, as a month's bill repeats the same
    dates, codes, rates and workers in the same places."""
    key = (kind, column, value, at)
    found = _OPS.get(key, False)
    if found is not False:
        return found  # type: ignore[return-value]
    literal = pdf_literal(value)
    if literal is None:
        found = None
    else:
        x = _start(kind, column, value)
        found = (f"{x - at:.2f} 0 Td ({literal}) Tj", x)
    if len(_OPS) > 200_000:
        _OPS.clear()
    _OPS[key] = found
    return found


class Row:
    """One row: its kind ("head", "who", "line", "sub"), its cells, and their text
    operators (``None`` when a cell needs reportlab's own encoding)."""

    __slots__ = ("cells", "kind", "ops")

    def __init__(self, kind: str, cells: list[str]) -> None:
        self.kind, self.cells = kind, cells
        ops: list[str] = []
        at = 0.0
        for i, value in enumerate(cells):
            if not value:
                continue
            found = _op(kind, i, value, at)
            if found is None:
                self.ops: str | None = None
                return
            ops.append(found[0])
            at = found[1]
        self.ops = " ".join(ops)


HEADER = Row("head", LINE_HEADER)


class LineBlock(Flowable):
    """A block of rows under the column headings; it splits to fill a page and carries on
    (with the headings again) on the next."""

    ROW = 11.5

    def __init__(self, rows: list[Row], start: int = 0, lead: Row | None = None) -> None:
        """``rows[start:]``, after ``lead`` if given (a name carried over from the page
        before). Splitting keeps the one list and moves ``start``: no copying per page."""
        super().__init__()
        self.all_rows, self.start, self.lead = rows, start, lead
        self.count = len(rows) - start + (lead is not None)
        self.width = sum(LINE_WIDTHS)
        self.height = self.ROW * (self.count + 1) + 2

    def row(self, n: int) -> Row:
        if self.lead is not None:
            return self.lead if n == 0 else self.all_rows[self.start + n - 1]
        return self.all_rows[self.start + n]

    @property
    def rows(self) -> list[Row]:
        return [self.row(n) for n in range(self.count)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """What fits on this page, and the rest. A participant's name never ends a page;
        a subtotal never starts one alone (its last line goes over with it); a participant
        whose lines go on to the next page is named there again."""
        fits = int((avail_height - 2) // self.ROW) - 1
        if fits < 3 or fits >= self.count:
            return []
        if self.row(fits).kind == "sub" and self.row(fits - 1).kind == "line":
            fits -= 1
        while fits > 1 and self.row(fits - 1).kind == "who":
            fits -= 1
        here = [self.row(n) for n in range(fits)]
        lead = None
        if self.row(fits).kind != "who":
            who = next((r for r in reversed(here) if r.kind == "who"), None)
            if who is not None:
                lead = Row("who", [_("{who} (continued)").format(who=who.cells[0])])
        rest_start = self.start + fits - (self.lead is not None)
        return [LineBlock(here), LineBlock(self.all_rows, rest_start, lead)]

    def draw(self) -> None:
        c = self.canv
        top = self.height
        rows = self.rows
        # Backgrounds and rules first, then the text.
        c.setFillColor(colors.HexColor("#e6e6e6"))
        c.rect(0, top - self.ROW, self.width, self.ROW, stroke=0, fill=1)
        c.setFillColor(colors.HexColor("#f3f3f3"))
        for n, row in enumerate(rows, start=2):
            if row.kind == "who":
                c.rect(0, top - n * self.ROW, self.width, self.ROW, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.setLineWidth(0.25)
        c.setStrokeColor(colors.HexColor("#9a9a9a"))
        c._code.append(_rules(len(rows), top, self.width))
        # Text in row order (so it reads and copies in order), with the built-in fonts'
        # switches written as ready-made operators.
        text = c.beginText()
        code = text._code  # the rows' own operators go straight in
        switch = {font: f"{c._doc.getInternalFontName(font[0])} {font[1]:g} Tf"
                  for font in set(FONTS.values())}
        current: tuple[str, float] | None = None
        for n, row in enumerate([HEADER, *rows], start=1):
            font = FONTS[row.kind]
            y = top - n * self.ROW + 3
            if row.ops is not None:
                if font != current:
                    code.append(switch[font])
                    current = font
                code.append(f"1 0 0 1 0 {y:.2f} Tm {row.ops}")
                continue
            text.setFont(*font)  # reportlab's own writing needs its font state right
            current = font
            for i, value in enumerate(row.cells):
                if value:
                    text.setTextOrigin(_start(row.kind, i, value), y)
                    text_out(text, value, *font)
        c.drawText(text)


@lru_cache(maxsize=64)
def _rules(count: int, top: float, width: float) -> str:
    """The stroked rules between ``count`` rows under the headings: the same for every
    full page, so made once."""
    ys = [top - n * LineBlock.ROW for n in range(count + 2)]
    return "n " + " ".join(f"0 {y:.2f} m {width:.2f} {y:.2f} l" for y in ys) + " S"


def _money(value: object) -> str:
    return f"${value:,.2f}"


def payer_blocks(people: dict[int, list[BillingLine]]) -> list[LineBlock]:
    """One payer's lines: a row naming each participant, their lines, and their
    subtotal."""
    rows: list[Row] = []
    for lines in people.values():
        first = lines[0]
        rows.append(Row("who", [_("{name} (#{id}) · member id {mid}").format(
            name=first.participant_name, id=first.participant_id,
            mid=first.member_id or "—")]))
        for x in lines:
            rows.append(Row("line", [x.date.isoformat(), x.code, x.modifier, str(x.minutes),
                                     str(x.units), _money(x.rate), _money(x.amount),
                                     f"{x.worker}, {x.credential}".rstrip(", ")[:60],
                                     x.place_of_service]))
        rows.append(Row("sub", [_("Subtotal"), "", "", str(sum(x.minutes for x in lines)),
                                str(sum(x.units for x in lines)), "",
                                _money(sum((x.amount for x in lines), first.amount * 0)), "",
                                ""]))
    return [LineBlock(rows)]  # split page by page, the headings at the top of each
