"""A small line chart of one instrument's signed scores over time, drawn with QPainter.

Points are joined by a line and each value is written beside its point; the published
cut-off is a dashed line with its meaning in words. Nothing is told by colour alone, and
the same facts are given as text (:meth:`TrendChart.summary`) for screen readers and for
anyone who prefers to read them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFocusEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from peerdesk.services.assessments import Trend
from peerdesk.ui.common import format_date


def _num(value: float) -> str:
    return f"{value:g}"


def cutoff_meaning(label: str) -> str:
    """'At or above the score associated with …' -> 'the score associated with …'."""
    for prefix in ("at or above ", "at least "):
        if label.lower().startswith(prefix):
            return label[len(prefix):]
    return label


def _ticks(low: float, high: float) -> list[float]:
    """About five round values from low to high (both ends included)."""
    span = high - low
    if span <= 0:
        return [low]
    step = next((s for s in (0.5, 1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 6), span / 5)
    first = (int(low / step) + (low % step > 0)) * step
    values = [low]
    value = first
    while value < high:
        if value - low >= step / 2 and high - value >= step / 2:
            values.append(value)
        value += step
    return [*values, high]


class TrendChart(QWidget):
    """``set_trend(trend)`` shows it; ``summary()`` says the same in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trend: Trend | None = None
        self.setAccessibleName(self.tr("Score trend chart"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so a screen reader can reach it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 9)
        self.set_trend(None)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 30, line * 13)

    # -- data ---------------------------------------------------------------------------
    def set_trend(self, trend: Trend | None) -> None:
        self.trend = trend
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary())
        self.update()

    def points(self) -> list[tuple[date, float]]:
        return list(self.trend.points) if self.trend is not None else []

    def cutoff_text(self) -> str:
        trend = self.trend
        if trend is None or trend.cutoff is None:
            return ""
        return self.tr("{n}: {meaning}").format(n=_num(trend.cutoff),
                                                meaning=cutoff_meaning(trend.cutoff_label))

    def summary(self) -> str:
        """'3 scores: 30 on …, 40 on …, 50 on ….' and the cut-off, in words."""
        trend = self.trend
        if trend is None:
            return self.tr("No instrument chosen.")
        points = trend.points
        if not points:
            return self.tr("No signed {title} scores yet.").format(title=trend.title)
        listed = ", ".join(self.tr("{v} on {day}").format(v=_num(v), day=format_date(d))
                           for d, v in points)
        if len(points) == 1:
            text = self.tr("1 score: {list}.").format(list=listed)
        else:
            text = self.tr("{n} scores: {list}.").format(n=len(points), list=listed)
        text += " " + self.tr("Possible range {low} to {high}.").format(
            low=_num(trend.low), high=_num(trend.high))
        if trend.cutoff is not None:
            text += " " + self.tr("Dashed line at {text}.").format(text=self.cutoff_text())
        return text

    # -- drawing ------------------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _plot_area(self) -> QRectF:
        metrics = self.fontMetrics()
        trend = self.trend
        widest = max((metrics.horizontalAdvance(_num(v)) for v in
                      (_ticks(trend.low, trend.high) if trend else [0])), default=0)
        left = widest + metrics.averageCharWidth() * 2
        line = metrics.lineSpacing()
        return QRectF(left, line * 1.6, self.width() - left - metrics.averageCharWidth() * 4,
                      self.height() - line * 3.4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self.hasFocus():
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        trend = self.trend
        painter.setPen(text_colour)
        if trend is None or not trend.points:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter)
                             | int(Qt.TextFlag.TextWordWrap), self.summary())
            return
        area = self._plot_area()
        if area.width() < 40 or area.height() < 20:
            return
        self._axes(painter, area, trend)
        if trend.cutoff is not None:
            self._cutoff(painter, area, trend)
        self._series(painter, area, trend)

    def _y(self, area: QRectF, trend: Trend, value: float) -> float:
        span = (trend.high - trend.low) or 1
        return area.bottom() - (value - trend.low) / span * area.height()

    def _x(self, area: QRectF, points: list[tuple[date, float]], day: date) -> float:
        first, last = points[0][0], points[-1][0]
        span = (last - first).days
        if span <= 0:
            return area.center().x()
        return area.left() + (day - first).days / span * area.width()

    def _axes(self, painter: QPainter, area: QRectF, trend: Trend) -> None:
        metrics = self.fontMetrics()
        faint = QPen(self.palette().color(QPalette.ColorRole.Mid), 1)
        for value in _ticks(trend.low, trend.high):
            y = self._y(area, trend, value)
            painter.setPen(faint)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            text = _num(value)
            painter.drawText(QPointF(area.left() - metrics.horizontalAdvance(text)
                                     - metrics.averageCharWidth(),
                                     y + metrics.ascent() / 2 - 1), text)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())

    def _cutoff(self, painter: QPainter, area: QRectF, trend: Trend) -> None:
        assert trend.cutoff is not None
        y = self._y(area, trend, trend.cutoff)
        pen = QPen(self.palette().color(QPalette.ColorRole.WindowText), 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        metrics = self.fontMetrics()
        text = metrics.elidedText(self.cutoff_text(), Qt.TextElideMode.ElideRight,
                                  int(area.width() - metrics.averageCharWidth() * 2))
        painter.drawText(QPointF(area.left() + metrics.averageCharWidth(),
                                 y - metrics.descent() - 2), text)

    def _series(self, painter: QPainter, area: QRectF, trend: Trend) -> None:
        points = list(trend.points)
        spots = [QPointF(self._x(area, points, d), self._y(area, trend, v)) for d, v in points]
        palette = self.palette()
        line_colour = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(line_colour, 2.5))
        if len(spots) > 1:
            painter.drawPolyline(spots)
        metrics = self.fontMetrics()
        radius = max(3.5, metrics.height() / 4)
        painter.setBrush(QBrush(line_colour))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 1))
        for spot in spots:
            painter.drawEllipse(spot, radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        bold = painter.font()
        bold.setBold(True)
        # Values above their points (below when at the top), dates under the axis. A label
        # that would overlap the next one is left out (the summary lists them all); the
        # latest is always shown.
        values, dates = [], []
        for (day, value), spot in zip(points, spots, strict=True):
            text = _num(value)
            width = metrics.horizontalAdvance(text) + 4
            x = min(max(spot.x() - width / 2, area.left()), area.right() - width + 8)
            y = spot.y() - radius - 3
            if y - metrics.ascent() < 0:
                y = spot.y() + radius + metrics.ascent() + 2
            values.append((x, width, y, text))
            label = format_date(day)
            width = metrics.horizontalAdvance(label) + metrics.averageCharWidth() * 2
            x = min(max(spot.x() - width / 2, 0.0), self.width() - width)
            dates.append((x, width, area.bottom() + metrics.lineSpacing() * 1.2, label))
        painter.setFont(bold)
        for x, _w, y, text in _spaced(values):
            painter.drawText(QPointF(x, y), text)
        painter.setFont(self.font())
        for x, _w, y, text in _spaced(dates):
            painter.drawText(QPointF(x, y), text)


def _spaced(labels: list[tuple[float, float, float, str]]
            ) -> list[tuple[float, float, float, str]]:
    """The labels (x, width, y, text) that fit without overlapping: the latest first, then
    the earliest, then the others from the latest back."""
    if not labels:
        return []
    order = [labels[-1], *labels[:1], *reversed(labels[1:-1])] if len(labels) > 1 else labels
    shown: list[tuple[float, float, float, str]] = []
    for label in order:
        x, width = label[0], label[1]
        if all(x + width <= other[0] or x >= other[0] + other[1] for other in shown):
            shown.append(label)
    return shown
