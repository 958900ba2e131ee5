"""Running reports: permission, audit, and the settings each report needs."""

from __future__ import annotations

import calendar
import re
from datetime import date

from sqlalchemy.orm import Session

from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.reports.billing import BillingReport, build_billing
from peerdesk.reports.grant import GrantReport, build_grant
from peerdesk.services import audit, billing_settings, instrument_catalog, settings
from peerdesk.services.actor import Actor
from peerdesk.services.errors import ServiceError


def month_period(text: str) -> tuple[date, date]:
    """'2026-10' -> (2026-10-01, 2026-10-31)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ServiceError(_("Give the month as YYYY-MM, for example 2026-10."))
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ServiceError(_("The end of the period is before its start."))
    if (end - start).days > 3 * 366:
        raise ServiceError(_("A report covers at most three years."))


def billing_report(session: Session, actor: Actor, start: date, end: date) -> BillingReport:
    actor.require(Permission.RUN_REPORTS)
    check_period(start, end)
    report = build_billing(
        session, start, end, organization=settings.get(session, "organization_name"),
        generated_by=f"{actor.full_name}, {actor.credential}".rstrip(", "),
        unit_settings=billing_settings.unit_settings(session),
        require_cosign=billing_settings.require_cosign(session),
        rates=billing_settings.rates(session), caps=billing_settings.caps(session),
        places=billing_settings.place_of_service(session))
    audit.record(session, actor, "report.billing", "report", "",
                 {"start": start.isoformat(), "end": end.isoformat(),
                  "lines": len(report.lines), "exceptions": len(report.exceptions)})
    return report


def grant_report(session: Session, actor: Actor, start: date, end: date) -> GrantReport:
    actor.require(Permission.RUN_REPORTS)
    check_period(start, end)
    cutoffs = {}
    for inst_id, inst in instrument_catalog.available(session).items():
        band = next((b for b in inst.bands if b.applies_to == "total"), None)
        if band is not None:
            cutoffs[inst_id] = band.low
    report = build_grant(session, start, end,
                         organization=settings.get(session, "organization_name"),
                         generated_by=f"{actor.full_name}, {actor.credential}".rstrip(", "),
                         cutoffs=cutoffs)
    audit.record(session, actor, "report.grant", "report", "",
                 {"start": start.isoformat(), "end": end.isoformat()})
    return report
