"""Choosing a report's period: a month (billing), or a month, quarter, year or custom dates
(grant). Lists run newest first; the default is the last whole month or quarter."""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from peerdesk.ui.common import DateField, ProblemLabel, date_hint, format_date, plain_label

MONTHS_LISTED = 36
QUARTERS_LISTED = 12
YEARS_LISTED = 6

Period = tuple[date, date]


def month_bounds(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), month_bounds(year, first + 2)[1]


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    found = []
    for _i in range(count):
        found.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found


def _quarters_back(today: date, count: int) -> list[tuple[int, int]]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _i in range(count):
        found.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return found


def last_month(today: date) -> Period:
    year, month = _months_back(today, 2)[1]
    return month_bounds(year, month)


def last_quarter(today: date) -> Period:
    year, quarter = _quarters_back(today, 2)[1]
    return quarter_bounds(year, quarter)


def period_slug(start: date, end: date) -> str:
    """For file names: '2026-10', '2026-Q3', '2026', or '2026-07-01-to-2026-09-30'."""
    if start.day == 1 and (start.year, start.month) == (end.year, end.month) \
            and end == month_bounds(start.year, start.month)[1]:
        return f"{start:%Y-%m}"
    if start.day == 1 and start.month % 3 == 1 and start.year == end.year \
            and end == quarter_bounds(start.year, (start.month - 1) // 3 + 1)[1]:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) \
            and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}-to-{end.isoformat()}"


class PeriodPicker(QObject):
    """Rows in a form: what kind of period (unless only months), which one, or from/to dates,
    and a line saying the dates covered. ``changed()`` when the choice changes. Two pickers
    can share one form (their labels line up); :meth:`set_shown` shows one of them."""

    changed = Signal()

    def __init__(self, form: QFormLayout, kinds: list[str], default_kind: str,
                 today: date | None = None, parent: QObject | None = None) -> None:
        """``kinds``: some of "month", "quarter", "year", "custom"."""
        super().__init__(parent)
        self.form = form
        self.kinds = kinds
        self.shown = True
        self.today = today or date.today()
        names = {"month": self.tr("A month"), "quarter": self.tr("A quarter"),
                 "year": self.tr("A calendar year"), "custom": self.tr("Dates I choose")}
        self.kind = QComboBox()
        for kind in kinds:
            self.kind.addItem(names[kind], kind)
        self.kind_label = self._row(self.tr("Peri&od:"), self.kind,
                                    self.tr("Kind of period"))
        self.choice = QComboBox()
        self.choice_label = self._row(self.tr("&Month:"), self.choice, self.tr("Month"))
        self.start = DateField()
        self.start.setPlaceholderText(date_hint())
        self.start_label = self._row(self.tr("Fro&m:"), self.start, self.tr("First day"))
        self.end = DateField()
        self.end.setPlaceholderText(date_hint())
        self.end_label = self._row(self.tr("&To:"), self.end, self.tr("Last day"))
        for field in (self.start, self.end):  # room for a date, and no more
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("x") * 24)
        self.covers = QLabel()
        self.covers.setTextFormat(Qt.TextFormat.PlainText)
        self.covers.setAccessibleName(self.tr("Dates covered"))
        self.covers_label = QLabel(self.tr("Covers:"))
        form.addRow(self.covers_label, self.covers)
        self.problem = ProblemLabel(None, self.end)
        form.addRow("", self.problem)
        self.kind.setCurrentIndex(max(0, self.kind.findData(default_kind)))
        self._fill()
        self.kind.currentIndexChanged.connect(self._fill)
        self.choice.currentIndexChanged.connect(self._update)
        self.start.textEdited.connect(self._update)
        self.end.textEdited.connect(self._update)

    def _row(self, text: str, widget: QWidget, name: str) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(name or plain_label(text))
        self.form.addRow(label, widget)
        return label

    def set_shown(self, shown: bool) -> None:
        self.shown = shown
        self._show_rows()

    def _show_rows(self) -> None:
        custom = self.kind.currentData() == "custom"
        self.form.setRowVisible(self.kind, self.shown and len(self.kinds) > 1)
        self.form.setRowVisible(self.choice, self.shown and not custom)
        self.form.setRowVisible(self.start, self.shown and custom)
        self.form.setRowVisible(self.end, self.shown and custom)
        self.form.setRowVisible(self.covers, self.shown)
        self.form.setRowVisible(self.problem, self.shown and bool(self.problem.problem()))

    def _fill(self) -> None:
        kind = self.kind.currentData()
        locale = QLocale()
        self.choice.blockSignals(True)
        self.choice.clear()
        if kind == "month":
            self.choice_label.setText(self.tr("&Month:"))
            self.choice.setAccessibleName(self.tr("Month"))
            for year, month in _months_back(self.today, MONTHS_LISTED):
                text = self.tr("{month} {year}").format(
                    month=locale.standaloneMonthName(month), year=year)
                if (year, month) == (self.today.year, self.today.month):
                    text = self.tr("{period} (so far)").format(period=text)
                self.choice.addItem(text, month_bounds(year, month))
            self.choice.setCurrentIndex(1)
        elif kind == "quarter":
            self.choice_label.setText(self.tr("&Quarter:"))
            self.choice.setAccessibleName(self.tr("Quarter"))
            for year, quarter in _quarters_back(self.today, QUARTERS_LISTED):
                start, end = quarter_bounds(year, quarter)
                text = self.tr("Q{q} {year} ({first} – {last})").format(
                    q=quarter, year=year, first=locale.standaloneMonthName(start.month),
                    last=locale.standaloneMonthName(end.month))
                if start <= self.today <= end:
                    text = self.tr("{period} (so far)").format(period=text)
                self.choice.addItem(text, (start, end))
            self.choice.setCurrentIndex(1)
        elif kind == "year":
            self.choice_label.setText(self.tr("&Year:"))
            self.choice.setAccessibleName(self.tr("Year"))
            for n in range(YEARS_LISTED):
                year = self.today.year - n
                text = str(year) if n else self.tr("{year} (so far)").format(year=year)
                self.choice.addItem(text, (date(year, 1, 1), date(year, 12, 31)))
            self.choice.setCurrentIndex(1)
        elif not self.start.text() and not self.end.text():
            start, end = last_quarter(self.today)
            self.start.set_value(start)
            self.end.set_value(end)
        self.choice.blockSignals(False)
        self._update()

    def _update(self) -> None:
        try:
            start, end = self.period()
        except ValueError as exc:
            self.covers.setText(self.tr("—"))
            self.problem.show_problem(str(exc))
        else:
            self.problem.clear_problem()
            self.covers.setText(self.tr("{start} to {end}").format(
                start=format_date(start), end=format_date(end)))
        self._show_rows()
        self.changed.emit()

    def period(self) -> Period:
        """The first and last day; ValueError with a message when dates cannot be read."""
        if self.kind.currentData() != "custom":
            start, end = self.choice.currentData()
            return start, end
        start, end = self.start.value(), self.end.value()
        if start is None or end is None:
            raise ValueError(self.tr("Please type the first and the last day ({hint}).")
                             .format(hint=date_hint()))
        if end < start:
            raise ValueError(self.tr("The last day is before the first day."))
        return start, end

    def first_field(self) -> QWidget:
        return self.kind if len(self.kinds) > 1 else self.choice
