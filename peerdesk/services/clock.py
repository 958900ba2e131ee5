"""The one clock services ask: the time as the database stores it (naive UTC), today's
date, and the local time printed on papers. Tests can set it in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date on this computer (the working day a peer worker sees)."""
    return date.today()


def utc_now_aware() -> datetime:
    """Now in UTC with its time zone (audit stamps, backup ages)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """Now on this computer's clock, with its time zone (what a printed page says)."""
    return datetime.now().astimezone()
