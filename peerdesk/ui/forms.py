"""Helpers shared by the caseload forms: tab order, headings, problems shown per field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QLabel, QWidget

from peerdesk.services.errors import ValidationFailed
from peerdesk.ui.common import ProblemLabel, format_date


def tab_chain(*widgets: QWidget) -> None:
    """Tab moves through these widgets in this order (the order of the form)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def share_window_actions(dialog: QWidget, parent: QWidget | None) -> None:
    """Application-wide shortcuts of the parent's window (Ctrl+L locks) also work while
    this window-modal dialog is open."""
    if parent is None:
        return
    for action in parent.window().actions():
        if action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut:
            dialog.addAction(action)


def heading(text: str, scale: float = 1.4) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def show_field_problems(exc: ValidationFailed, problems: Mapping[str, ProblemLabel],
                        fields: Mapping[str, QWidget], general: ProblemLabel) -> None:
    """Each problem under its own field (the first of them gets focus); the rest below."""
    first: QWidget | None = None
    by_field: dict[str, list[str]] = {}
    rest: list[str] = []
    for problem in exc.problems:
        if problem.field in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
            if first is None:
                first = fields.get(problem.field)
        else:
            rest.append(problem.message)
    for name, messages in by_field.items():
        problems[name].show_problem(" ".join(messages))
    if rest:
        general.show_problem(" ".join(rest))
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)


def local_time(utc_naive: datetime) -> datetime:
    """Times are stored in UTC without a zone; show them in the computer's time zone."""
    return utc_naive.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def format_clock(utc_naive: datetime) -> str:
    return QLocale().toString(local_time(utc_naive).time(), "HH:mm")


def format_stamp(utc_naive: datetime) -> str:
    """'2025-03-04 14:05' in the user's date format and local time."""
    moment = local_time(utc_naive)
    return QCoreApplication.translate("PeerDesk", "{day} at {time}").format(
        day=format_date(moment.date()), time=moment.strftime("%H:%M"))
