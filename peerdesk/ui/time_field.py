"""A time of day typed as text ("9:30", "0930", "2:15 pm"), so Tab never gets stuck in a
section the way it does in QTimeEdit."""

from __future__ import annotations

import re
from datetime import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap])?\.?\s*m?\.?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """'9:30' -> 09:30, '1415' -> 14:15, '2pm' -> 14:00, '12:05 am' -> 00:05; None if empty.

    ValueError (with a message for the user) when it cannot be read."""
    if not text.strip():
        return None
    match = _TIME.match(text)
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        half = (match.group(3) or "").lower()
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half == "p" else 0)
        elif half:
            hour = -1
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return time(hour, minute)
    raise ValueError(QCoreApplication.translate(
        "PeerDesk", "Please type a time such as 9:30 or 14:15."))


def format_time(value: time) -> str:
    return value.strftime("%H:%M")


class TimeField(QLineEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setMaxLength(10)
        self.setPlaceholderText(QCoreApplication.translate("PeerDesk", "HH:MM"))

    def set_value(self, value: time | None) -> None:
        self.setText("" if value is None else format_time(value))

    def value(self) -> time | None:
        return parse_time(self.text())
