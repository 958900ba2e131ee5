"""Billing rules: minutes to units, daily caps, rates in force. Pure, and easy to test.

Default unit rule ("8-minute rule"): 15-minute units; under 8 minutes is 0 units, 8–22 is 1,
23–37 is 2, 38–52 is 3 and so on; minutes are summed per participant, code and day before
converting. Other rules: "whole units only" (floor) and "any part of a unit" (ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from peerdesk.i18n import _


class UnitRule(StrEnum):
    EIGHT_MINUTE = "eight_minute"
    WHOLE_UNITS = "whole_units"
    ANY_PART = "any_part"


UNIT_RULE_LABELS = {
    UnitRule.EIGHT_MINUTE: _("15-minute units, 8-minute threshold (under 8 minutes: none)"),
    UnitRule.WHOLE_UNITS: _("Whole units only (drop any part of a unit)"),
    UnitRule.ANY_PART: _("Any part of a unit counts as a unit"),
}

# Place of service (CMS codes) by setting; an administrator can change these.
DEFAULT_PLACE_OF_SERVICE = {
    "recovery_center": "11",
    "home": "12",
    "phone": "02",
    "video": "10",
    "community": "99",
    "hospital": "23",
    "jail": "09",
    "treatment": "57",
}


@dataclass(frozen=True)
class UnitSettings:
    rule: UnitRule = UnitRule.EIGHT_MINUTE
    unit_minutes: int = 15
    sum_per_day: bool = True  # sum minutes per participant, code and day, then convert


def units_for(minutes: int, settings: UnitSettings) -> int:
    if minutes <= 0:
        return 0
    size = settings.unit_minutes
    if settings.rule == UnitRule.WHOLE_UNITS:
        return minutes // size
    if settings.rule == UnitRule.ANY_PART:
        return -(-minutes // size)
    # the 8-minute rule, generalised: a unit counts once more than half of it is reached
    threshold = size // 2 + 1  # 8 for 15-minute units
    if minutes < threshold:
        return 0
    return (minutes - threshold) // size + 1


@dataclass(frozen=True)
class Rate:
    payer: str
    code: str
    modifier: str
    amount: Decimal  # per unit
    start: date
    end: date | None = None

    def in_force(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


def rate_for(rates: list[Rate], payer: str, code: str, modifier: str, on: date) -> Rate | None:
    """The rate for this payer, code and modifier on that day (latest start wins)."""
    matches = [r for r in rates if r.payer.casefold() == payer.casefold() and r.code == code
               and r.modifier == modifier and r.in_force(on)]
    return max(matches, key=lambda r: r.start) if matches else None


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def apply_cap(units: int, already: int, cap: int | None) -> tuple[int, int]:
    """(units billable now, units over the cap) given units already billed that day."""
    if cap is None:
        return units, 0
    room = max(0, cap - already)
    return min(units, room), max(0, units - room)
