"""Units from minutes under each rule, rates in force, daily caps: worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from peerdesk.domain.billing import (
    Rate,
    UnitRule,
    UnitSettings,
    apply_cap,
    money,
    rate_for,
    units_for,
)

EIGHT = UnitSettings()


@pytest.mark.parametrize("minutes, units", [
    (0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4),
    (60, 4), (67, 4), (68, 5), (120, 8),
])
def test_eight_minute_rule(minutes: int, units: int) -> None:
    assert units_for(minutes, EIGHT) == units


@pytest.mark.parametrize("rule, minutes, units", [
    (UnitRule.WHOLE_UNITS, 14, 0), (UnitRule.WHOLE_UNITS, 15, 1), (UnitRule.WHOLE_UNITS, 44, 2),
    (UnitRule.ANY_PART, 1, 1), (UnitRule.ANY_PART, 15, 1), (UnitRule.ANY_PART, 16, 2),
])
def test_other_rules(rule: UnitRule, minutes: int, units: int) -> None:
    assert units_for(minutes, UnitSettings(rule=rule)) == units


def test_rates_in_force_and_latest_start_wins() -> None:
    rates = [Rate("Plan A", "H0038", "", Decimal("20.00"), date(2025, 1, 1), date(2025, 12, 31)),
             Rate("Plan A", "H0038", "", Decimal("21.50"), date(2026, 1, 1)),
             Rate("Plan A", "H0038", "HQ", Decimal("6.00"), date(2025, 1, 1))]
    assert rate_for(rates, "plan a", "H0038", "", date(2025, 6, 1)).amount == Decimal("20.00")
    assert rate_for(rates, "Plan A", "H0038", "", date(2026, 3, 1)).amount == Decimal("21.50")
    assert rate_for(rates, "Plan A", "H0038", "HQ", date(2026, 3, 1)).amount == Decimal("6.00")
    assert rate_for(rates, "Plan A", "H0038", "", date(2024, 12, 31)) is None
    assert rate_for(rates, "Plan B", "H0038", "", date(2026, 3, 1)) is None


def test_daily_cap_and_money() -> None:
    assert apply_cap(4, 0, None) == (4, 0)
    assert apply_cap(4, 0, 6) == (4, 0)
    assert apply_cap(4, 4, 6) == (2, 2)
    assert apply_cap(4, 8, 6) == (0, 4)
    assert money(Decimal("21.50") * 3) == Decimal("64.50")
    assert money(Decimal("0.125")) == Decimal("0.13")
