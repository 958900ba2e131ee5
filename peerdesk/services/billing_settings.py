"""Billing settings (administrators): payers, codes, rates, caps, place of service, unit rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.billing_models import BillingRate, DailyCap, Payer, PlaceOfService, ServiceCode
from peerdesk.db.models import Participant
from peerdesk.domain.billing import (
    DEFAULT_PLACE_OF_SERVICE,
    Rate,
    UnitRule,
    UnitSettings,
)
from peerdesk.domain.encounters import SETTINGS
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, settings
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import NotFound, ServiceError, ValidationFailed

PAYER_KINDS = {"medicaid": _("Medicaid plan"), "grant": _("Grant"), "other": _("Other")}
# Codes every organization starts with (an administrator can add more or re-describe these).
DEFAULT_CODES = [("H0038", "", _("Peer support, individual")),
                 ("H0038", "HQ", _("Peer support, group"))]


def unit_settings(session: Session) -> UnitSettings:
    rule = settings.get(session, "billing_unit_rule") or UnitRule.EIGHT_MINUTE.value
    return UnitSettings(rule=UnitRule(rule),
                        unit_minutes=int(settings.get(session, "billing_unit_minutes") or 15),
                        sum_per_day=settings.get(session, "billing_sum_per_day") != "0")


def require_cosign(session: Session) -> bool:
    return settings.get(session, "billing_require_cosign") == "1"


def require_consent(session: Session) -> bool:
    """Whether a note is billed only when a signed consent in force on the day of service
    covers the participant's payer (42 CFR Part 2). On unless an administrator turns it off
    (for example, an organization that is not a Part 2 program)."""
    return settings.get(session, "billing_require_consent") != "0"


def set_unit_settings(session: Session, actor: Actor, value: UnitSettings,
                      cosign_required: bool, consent_required: bool | None = None) -> None:
    """The unit rule and what a note needs to be billed (``consent_required`` None: leave
    that setting as it is)."""
    actor.require(Permission.MANAGE_SETTINGS)
    if not 1 <= value.unit_minutes <= 120:
        raise ValidationFailed([FieldProblem("unit_minutes",
                                             _("A unit is between 1 and 120 minutes."))])
    settings.put(session, "billing_unit_rule", value.rule.value)
    settings.put(session, "billing_unit_minutes", str(value.unit_minutes))
    settings.put(session, "billing_sum_per_day", "1" if value.sum_per_day else "0")
    settings.put(session, "billing_require_cosign", "1" if cosign_required else "0")
    if consent_required is not None:
        settings.put(session, "billing_require_consent", "1" if consent_required else "0")
    audit.record(session, actor, "settings.update", "settings", "", {"changed": ["billing"]})


def payers(session: Session, include_inactive: bool = False) -> list[Payer]:
    query = select(Payer).order_by(Payer.name)
    if not include_inactive:
        query = query.where(Payer.active.is_(True))
    return list(session.execute(query).scalars())


def payer_names_not_set_up(session: Session) -> list[str]:
    """Payer names written on participant records that match no active payer: their notes
    are left out of the bill until an administrator sets the payer up."""
    known = {p.name.casefold() for p in payers(session)}
    names = session.execute(select(Participant.payer).distinct()).scalars()
    found = {n.strip() for n in names if n and n.strip() and n.strip().casefold() not in known}
    return sorted(found, key=str.casefold)


def save_payer(session: Session, actor: Actor, name: str, kind: str,
               requires_member_id: bool = True, payer_id: int | None = None,
               active: bool = True) -> Payer:
    actor.require(Permission.MANAGE_SETTINGS)
    problems = []
    if not name.strip():
        problems.append(FieldProblem("name", _("Please name the payer.")))
    if kind not in PAYER_KINDS:
        problems.append(FieldProblem("kind", _("Please choose Medicaid plan, grant or other.")))
    clash = session.execute(select(Payer).where(Payer.name == name.strip())).scalar_one_or_none()
    if clash is not None and clash.id != payer_id:
        problems.append(FieldProblem("name", _("There is already a payer with that name.")))
    if problems:
        raise ValidationFailed(problems)
    payer = session.get(Payer, payer_id) if payer_id else None
    if payer_id and payer is None:
        raise NotFound(_("That payer was not found."))
    if payer is None:
        payer = Payer(created_at=_now())
        session.add(payer)
    payer.name, payer.kind = name.strip(), kind
    payer.requires_member_id, payer.active = requires_member_id, active
    session.flush()
    audit.record(session, actor, "billing.payer", "payer", payer.id)
    return payer


def save_code(session: Session, actor: Actor, code: str, modifier: str,
              description: str) -> ServiceCode:
    actor.require(Permission.MANAGE_SETTINGS)
    code, modifier = code.strip().upper(), modifier.strip().upper()
    if not code or len(code) > 12 or len(modifier) > 8:
        raise ValidationFailed([FieldProblem("code", _("A code is 1–12 characters, a modifier "
                                                       "up to 8."))])
    row = session.execute(select(ServiceCode).where(
        ServiceCode.code == code, ServiceCode.modifier == modifier)).scalar_one_or_none()
    if row is None:
        row = ServiceCode(code=code, modifier=modifier, active=True)
        session.add(row)
    row.description = description.strip()
    session.flush()
    audit.record(session, actor, "billing.code", "service_code", row.id)
    return row


def service_codes(session: Session) -> list[tuple[str, str, str]]:
    """(code, modifier, description) of the default codes and every saved active code."""
    found = {(c, m): d for c, m, d in DEFAULT_CODES}
    for row in session.execute(select(ServiceCode).where(ServiceCode.active.is_(True))).scalars():
        found[(row.code, row.modifier)] = row.description
    return [(c, m, d) for (c, m), d in sorted(found.items())]


@dataclass(frozen=True)
class RateRow(Rate):
    """A saved rate with the ids the settings screen needs to act on it."""

    id: int = 0
    payer_id: int = 0


def _checked_rate(session: Session, payer_id: int, code: str, modifier: str,
                  amount: str | Decimal, start: date, end: date | None,
                  rate_id: int | None = None) -> Decimal:
    """The amount as a Decimal, or ValidationFailed with every problem of a rate (the rate
    ``rate_id`` itself does not count as a clash)."""
    problems = []
    if session.get(Payer, payer_id) is None:
        problems.append(FieldProblem("payer", _("Please choose a payer.")))
    try:
        value = Decimal(str(amount).replace("$", "").replace(",", "").strip())
        # dollars and cents: a rate the database would round is refused, not changed
        if not value.is_finite() or value < 0 or value > Decimal("100000") \
                or value != value.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        problems.append(FieldProblem("amount", _("Please enter an amount in dollars and "
                                                 "cents, such as 21.50.")))
        value = Decimal(0)
    if end is not None and end < start:
        problems.append(FieldProblem("end", _("The end date is before the start date.")))
    overlapping = [r for r in session.execute(select(BillingRate).where(
        BillingRate.payer_id == payer_id, BillingRate.code == code,
        BillingRate.modifier == modifier)).scalars()
        if (r.end_date is None or r.end_date >= start) and (end is None or r.start_date <= end)
        and r.start_date == start and r.id != rate_id]
    if overlapping:
        problems.append(FieldProblem("start", _("A rate for this payer and code already starts "
                                                "on that date.")))
    if problems:
        raise ValidationFailed(problems)
    return value


def add_rate(session: Session, actor: Actor, payer_id: int, code: str, modifier: str,
             amount: str | Decimal, start: date, end: date | None = None) -> BillingRate:
    actor.require(Permission.MANAGE_SETTINGS)
    code, modifier = code.strip().upper(), modifier.strip().upper()
    value = _checked_rate(session, payer_id, code, modifier, amount, start, end)
    rate = BillingRate(payer_id=payer_id, code=code, modifier=modifier, amount=value,
                       start_date=start, end_date=end, created_at=_now(),
                       created_by_id=actor.id)
    session.add(rate)
    session.flush()
    audit.record(session, actor, "billing.rate", "billing_rate", rate.id)
    return rate


def _rate_values(rate: BillingRate) -> dict[str, object]:
    return {"amount": f"{Decimal(rate.amount):.2f}", "start": rate.start_date.isoformat(),
            "end": rate.end_date.isoformat() if rate.end_date else None}


def _saved_rate(session: Session, rate_id: int) -> BillingRate:
    rate = session.get(BillingRate, rate_id)
    if rate is None:
        raise NotFound(_("That rate was not found: it may have been removed. Please look at "
                         "the list of rates again."))
    return rate


def correct_rate(session: Session, actor: Actor, rate_id: int, amount: str | Decimal,
                 start: date, end: date | None = None) -> BillingRate:
    """Fix a rate entered by mistake, or give it an end date: its amount, start and end
    change in place (payer and code stay). Every billing report made afterwards, for any
    period, prices notes with the corrected rate."""
    actor.require(Permission.MANAGE_SETTINGS)
    rate = _saved_rate(session, rate_id)
    value = _checked_rate(session, rate.payer_id, rate.code, rate.modifier, amount, start, end,
                          rate_id=rate.id)
    old = _rate_values(rate)
    rate.amount, rate.start_date, rate.end_date = value, start, end
    new = _rate_values(rate)
    if new == old:
        return rate  # nothing changed: nothing to record
    session.flush()
    audit.record(session, actor, "billing.rate.correct", "billing_rate", rate.id, {
        "payer": rate.payer.name, "code": rate.code, "modifier": rate.modifier,
        "old": old, "new": new})
    return rate


def remove_rate(session: Session, actor: Actor, rate_id: int) -> None:
    """Delete a rate entered by mistake (a setting, not participant data); the audit trail
    keeps what it was."""
    actor.require(Permission.MANAGE_SETTINGS)
    rate = _saved_rate(session, rate_id)
    audit.record(session, actor, "billing.rate.remove", "billing_rate", rate.id, {
        "payer": rate.payer.name, "code": rate.code, "modifier": rate.modifier,
        "removed": _rate_values(rate)})
    session.delete(rate)
    session.flush()


def rates(session: Session) -> list[Rate]:
    """Every saved rate (as billing reads them)."""
    return list(rate_rows(session))


def rate_rows(session: Session) -> list[RateRow]:
    """Every saved rate with its id, by payer, code, modifier and start."""
    rows = session.execute(select(BillingRate, Payer.name).join(Payer)).all()
    found = [RateRow(name, r.code, r.modifier, Decimal(r.amount), r.start_date, r.end_date,
                     id=r.id, payer_id=r.payer_id) for r, name in rows]
    return sorted(found, key=lambda r: (r.payer.casefold(), r.code, r.modifier, r.start))


def set_cap(session: Session, actor: Actor, code: str, modifier: str, max_units: int | None,
            payer_id: int | None = None) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    row = session.execute(select(DailyCap).where(
        DailyCap.code == code.upper(), DailyCap.modifier == modifier.upper(),
        DailyCap.payer_id.is_(None) if payer_id is None else DailyCap.payer_id == payer_id)
    ).scalar_one_or_none()
    if max_units is None:
        if row is not None:
            session.delete(row)  # a setting, not participant data
    else:
        if max_units < 1:
            raise ValidationFailed([FieldProblem("max_units", _("A cap is at least 1 unit."))])
        if row is None:
            row = DailyCap(code=code.upper(), modifier=modifier.upper(), payer_id=payer_id)
            session.add(row)
        row.max_units = max_units
    audit.record(session, actor, "billing.cap", "daily_cap", code)


def caps(session: Session) -> dict[tuple[str | None, str, str], int]:
    """(payer name or None for all, code, modifier) -> max units per participant per day."""
    rows = session.execute(select(DailyCap, Payer.name).outerjoin(Payer)).all()
    return {(name, c.code, c.modifier): c.max_units for c, name in rows}


def place_of_service(session: Session) -> dict[str, str]:
    found = dict(DEFAULT_PLACE_OF_SERVICE)
    found.update({r.setting: r.code for r in session.execute(select(PlaceOfService)).scalars()})
    return found


def set_place_of_service(session: Session, actor: Actor, setting: str, code: str) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    if setting not in SETTINGS:
        raise ServiceError(_("Unknown setting."))
    if not (code.isdigit() and len(code) == 2):
        raise ValidationFailed([FieldProblem("code", _("A place-of-service code is two digits, "
                                                       "such as 11 or 02."))])
    session.merge(PlaceOfService(setting=setting, code=code))
    audit.record(session, actor, "billing.place_of_service", "settings", setting)


def set_places_of_service(session: Session, actor: Actor, codes: dict[str, str]) -> None:
    """Save the place-of-service codes of several settings together: the first problem
    (under the setting's key) stops them all, so nothing is saved."""
    for setting, code in codes.items():
        try:
            set_place_of_service(session, actor, setting, code)
        except ServiceError as exc:
            raise ValidationFailed([FieldProblem(setting, _(
                "{setting}: {problem} Nothing was saved.").format(
                    setting=SETTINGS.get(setting, ""), problem=str(exc)))]) from exc


@dataclass(frozen=True)
class PayerRow:
    """A payer as the billing settings show it (a frozen copy)."""

    id: int
    name: str
    kind: str
    requires_member_id: bool
    active: bool


@dataclass(frozen=True)
class BillingScreen:
    """Everything the billing settings screen shows, read in one transaction."""

    units: UnitSettings
    require_cosign: bool
    require_consent: bool
    payers: list[PayerRow]
    codes: list[tuple[str, str, str]]
    rates: list[RateRow]
    caps: dict[tuple[str | None, str, str], int]
    places: dict[str, str]
    not_set_up: list[str]


def screen(session: Session, actor: Actor) -> BillingScreen:
    """The billing settings as the screen shows them (administrators)."""
    actor.require(Permission.MANAGE_SETTINGS)
    return BillingScreen(
        unit_settings(session), require_cosign(session), require_consent(session),
        [PayerRow(p.id, p.name, p.kind, p.requires_member_id, p.active)
         for p in payers(session, include_inactive=True)],
        service_codes(session), rate_rows(session), caps(session), place_of_service(session),
        payer_names_not_set_up(session))
