"""The time as the database stores it: naive UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date on this computer (the working day a peer worker sees)."""
    return date.today()
