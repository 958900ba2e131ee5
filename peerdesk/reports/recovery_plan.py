"""The participant's recovery plan: plain data, and a large-type PDF to take home.

Built by :func:`peerdesk.services.recovery_plan.plan_data`; rendered here with reportlab.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from peerdesk.db.atomic import write_atomic
from peerdesk.i18n import _
from peerdesk.reports.fonts import with_fallback
from peerdesk.reports.pdf_pages import NumberedCanvasFactory
from peerdesk.reports.report_pages import beside_logo


@dataclass(frozen=True)
class PlanStep:
    text: str
    done: bool


@dataclass(frozen=True)
class PlanGoal:
    statement: str
    life_area: str
    why: str
    target: date | None
    status: str
    steps: list[PlanStep]


@dataclass(frozen=True)
class PlanBarrier:
    category: str
    description: str
    status: str


@dataclass(frozen=True)
class PlanScore:
    instrument: str
    latest: float
    latest_on: date
    low: float
    high: float
    cutoff: float | None
    cutoff_label: str
    points: list[tuple[date, float]]


@dataclass(frozen=True)
class RecoveryPlan:
    organization: str
    participant_name: str
    worker: str
    printed_at: datetime
    active_goals: list[PlanGoal]
    achieved_goals: list[PlanGoal]
    barriers: list[PlanBarrier]
    score: PlanScore | None
    contacts: list[tuple[str, str]] = field(default_factory=list)
    logo: bytes | None = field(default=None, repr=False)  # PNG, top right of the title


TEXT_WIDTH = LETTER[0] - 1.8 * inch
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=13, leading=18,
                       alignment=TA_LEFT, spaceAfter=4)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=11, leading=15,
                        textColor=colors.HexColor("#333333"))
_H1 = ParagraphStyle("h1", parent=_BODY, fontName="Helvetica-Bold", fontSize=24, leading=30,
                     spaceAfter=6)
_H2 = ParagraphStyle("h2", parent=_BODY, fontName="Helvetica-Bold", fontSize=17, leading=22,
                     spaceBefore=12, spaceAfter=6)
_GOAL = ParagraphStyle("goal", parent=_BODY, fontName="Helvetica-Bold", fontSize=14,
                       leading=19)
_STEP = ParagraphStyle("step", parent=_BODY, leftIndent=22, firstLineIndent=-16)



class _Box(Flowable):
    """A drawn tick box (fonts such as ZapfDingbats are not embedded, so viewers vary)."""

    def __init__(self, done: bool, size: float = 11) -> None:
        super().__init__()
        self.done, self.size = done, size
        self.width = self.height = size

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setLineWidth(1)
        c.rect(0, 1, s, s)
        if self.done:
            c.setLineWidth(2)
            c.lines([(2, 1 + s * 0.5, s * 0.4, 3), (s * 0.4, 3, s - 1, s - 1)])


def _step(text: str, done: bool) -> Table:
    words = escape(text) + (f' <font color="#555555">— {_("done")}</font>' if done else "")
    table = Table([[_Box(done), _p(words)]], colWidths=[36, TEXT_WIDTH - 36])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (0, 0), 16),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    table.hAlign = "LEFT"
    return table


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(with_fallback(text, style.fontName), style)


def _goal_block(goal: PlanGoal) -> KeepTogether:
    parts = [_p(f"“{escape(goal.statement)}”", _GOAL)]
    facts = [_("Life area: {a}").format(a=escape(goal.life_area))]
    if goal.target:
        facts.append(_("Target: {d}").format(d=goal.target.strftime("%B %-d, %Y")))
    parts.append(_p(" · ".join(facts), _SMALL))
    if goal.why:
        parts.append(_p(_("Why it matters: {w}").format(w=escape(goal.why))))
    for step in goal.steps:
        parts.append(_step(step.text, step.done))
    parts.append(Spacer(1, 8))
    return KeepTogether(parts)


def _chart(score: PlanScore) -> Drawing:
    width, height = 6.5 * inch, 2.4 * inch
    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, width - 60, height - 50
    start = score.points[0][0]
    data = [[((d - start).days, v) for d, v in score.points]]
    plot.data = data
    plot.lines[0].strokeColor = colors.HexColor("#1f4e79")
    plot.lines[0].strokeWidth = 2.5
    plot.lines[0].symbol = makeMarker("FilledCircle", size=7)
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = score.low, score.high
    plot.yValueAxis.labels.fontSize = 10
    span = max(1, (score.points[-1][0] - start).days)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, span
    plot.xValueAxis.valueSteps = [(d - start).days for d, _v in score.points]
    plot.xValueAxis.labelTextFormat = lambda days: _month_label(start, days)
    plot.xValueAxis.labels.fontSize = 9
    drawing.add(plot)
    if score.cutoff is not None:
        y = plot.y + (score.cutoff - score.low) / (score.high - score.low) * plot.height
        drawing.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=colors.black,
                         strokeDashArray=[4, 3], strokeWidth=1))
        drawing.add(String(plot.x + 4, y + 4, _("{n:g}: the research cut-off")
                           .format(n=score.cutoff), fontSize=9, textAnchor="start"))
    return drawing


def _month_label(start: date, days: float) -> str:
    from datetime import timedelta
    return (start + timedelta(days=int(days))).strftime("%b %-d")


def _story(plan: RecoveryPlan) -> list:
    story: list = beside_logo([
        _p(_("My Recovery Plan"), _H1),
        _p(_("<b>{name}</b> · with {worker} at {org}").format(
            name=escape(plan.participant_name), worker=escape(plan.worker),
            org=escape(plan.organization))),
        _p(_("Printed {d}").format(d=plan.printed_at.strftime("%B %-d, %Y")), _SMALL),
    ], plan.logo, TEXT_WIDTH)
    story.append(_p(_("My goals"), _H2))
    if plan.active_goals:
        story += [_goal_block(g) for g in plan.active_goals]
    else:
        story.append(_p(_("No goals written yet. We can set one together next time.")))
    if plan.achieved_goals:
        story.append(_p(_("Goals I reached"), _H2))
        for goal in plan.achieved_goals:
            story.append(_step(f"“{goal.statement}”", True))
    story.append(_p(_("What stands in the way, and what we are doing"), _H2))
    if plan.barriers:
        for barrier in plan.barriers:
            text = f"<b>{escape(barrier.category)}</b> ({escape(barrier.status)})"
            if barrier.description:
                text += f": {escape(barrier.description)}"
            story.append(_p(text, _STEP))
    else:
        story.append(_p(_("Nothing recorded right now.")))
    if plan.score is not None:
        score = plan.score
        block = [
            _p(_("My recovery capital"), _H2),
            _p(_("My latest {inst} score is <b>{v:g}</b> out of {hi:g} ({d}). Higher scores "
                 "mean more strengths and supports for recovery.").format(
                inst=escape(score.instrument), v=score.latest, hi=score.high,
                d=score.latest_on.strftime("%B %-d, %Y"))),
        ]
        if score.cutoff is not None:
            block.append(_p(_("In research, {n:g} or more was linked with lasting recovery. "
                              "It is a guide to resources, not a diagnosis.").format(
                n=score.cutoff), _SMALL))
        if len(score.points) >= 2:
            block.append(_chart(score))
        story.append(KeepTogether(block))
    if plan.contacts:
        story.append(_p(_("People to call"), _H2))
        for who, how in plan.contacts:
            story.append(_p(f"<b>{escape(who)}</b>: {escape(how)}", _STEP))
    return story


FOOTER = _("Confidential: this plan holds your personal information. It is yours; share it "
           "only if you choose.")


def render_recovery_plan(plan: RecoveryPlan, path: str | os.PathLike[str]) -> None:
    """Write the PDF atomically with file mode 0600."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, leftMargin=0.9 * inch,
                            rightMargin=0.9 * inch, topMargin=0.8 * inch,
                            bottomMargin=0.9 * inch, title=_("My Recovery Plan"),
                            author=plan.organization)
    doc.build(_story(plan), canvasmaker=NumberedCanvasFactory(FOOTER))
    write_atomic(Path(path), buffer.getvalue())
