"""Running reports: permission, audit, and the settings each report needs."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.models import User
from peerdesk.domain.roles import Permission
from peerdesk.domain.usernames import normalize_username
from peerdesk.i18n import _
from peerdesk.reports.billing import BillingFilter, BillingReport, build_billing
from peerdesk.reports.gc_pause import paused_gc
from peerdesk.reports.grant import GrantReport, build_grant
from peerdesk.services import (
    audit,
    billing_settings,
    consents,
    instrument_catalog,
    settings,
)
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


@dataclass(frozen=True)
class FilterChoices:
    """What the billing report can be narrowed to: payers set up in billing settings, and
    workers as (user id, name) — people no longer working here are marked so."""

    payers: list[str]
    workers: list[tuple[int, str]]


def billing_filter_choices(session: Session, actor: Actor) -> FilterChoices:
    actor.require(Permission.RUN_REPORTS)
    users = session.execute(select(User).order_by(User.full_name, User.id)).scalars()
    return FilterChoices(
        [p.name for p in billing_settings.payers(session)],
        [(u.id, u.full_name if u.active else _("{name} (no longer active)").format(
            name=u.full_name)) for u in users])


def billing_filter(session: Session, *, payer: str | None = None,
                   worker_id: int | None = None,
                   worker_username: str | None = None) -> BillingFilter:
    """Check a payer name and a worker (by id, or by user name for the command line)."""
    name = None
    if payer is not None and payer.strip():
        known = {p.name.casefold(): p.name for p in billing_settings.payers(session)}
        name = known.get(payer.strip().casefold())
        if name is None:
            raise ServiceError(_("There is no payer called '{p}' in billing settings. "
                                 "Payers: {known}.").format(
                p=payer.strip(), known=", ".join(known.values()) or _("none yet")))
    user = None
    if worker_username is not None and worker_username.strip():
        user = session.execute(select(User).where(
            User.username == normalize_username(worker_username))).scalar_one_or_none()
        if user is None:
            raise ServiceError(_("There is no user called '{u}'.").format(
                u=worker_username.strip()))
    elif worker_id is not None:
        user = session.get(User, worker_id)
        if user is None:
            raise ServiceError(_("That worker is not in this database."))
    return BillingFilter(name, user.id if user else None, user.full_name if user else "")


@paused_gc()
def billing_report(session: Session, actor: Actor, start: date, end: date,
                   wanted: BillingFilter | None = None) -> BillingReport:
    """The billing report for a period, narrowed to one payer and/or worker if wanted."""
    actor.require(Permission.RUN_REPORTS)
    check_period(start, end)
    wanted = wanted or BillingFilter()
    report = build_billing(
        session, start, end, organization=settings.get(session, "organization_name"),
        generated_by=f"{actor.full_name}, {actor.credential}".rstrip(", "),
        unit_settings=billing_settings.unit_settings(session),
        require_cosign=billing_settings.require_cosign(session),
        rates=billing_settings.rates(session), caps=billing_settings.caps(session),
        places=billing_settings.place_of_service(session),
        consents=consents.signed_consents(session, start, end)
        if billing_settings.require_consent(session) else None)
    report.narrow(wanted)
    report.logo = settings.organization_logo(session)
    audit.record(session, actor, "report.billing", "report", "",
                 {"start": start.isoformat(), "end": end.isoformat(),
                  "lines": len(report.lines), "exceptions": len(report.exceptions),
                  **_filter_detail(wanted)})
    return report


def _filter_detail(wanted: BillingFilter | None) -> dict[str, object]:
    detail: dict[str, object] = {}
    if wanted is not None and wanted.payer is not None:
        detail["payer"] = wanted.payer
    if wanted is not None and wanted.worker_id is not None:
        detail["worker_id"] = wanted.worker_id
    return detail


EXPORT_FORMATS = ("pdf", "csv", "print")


def record_export(session: Session, actor: Actor, kind: str, fmt: str, start: date,
                  end: date, destination: str, *, wanted: BillingFilter | None = None,
                  pages: int | None = None) -> None:
    """Audit a report leaving PeerDesk: a PDF or CSV file written (``destination`` is its
    path) or pages sent to a printer (``destination`` is the printer's name)."""
    actor.require(Permission.RUN_REPORTS)
    if kind not in ("billing", "grant") or fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown report export {kind}/{fmt}")
    detail: dict[str, object] = {"report": kind, "format": fmt, "start": start.isoformat(),
                                 "end": end.isoformat(), "to": destination,
                                 **_filter_detail(wanted)}
    if pages is not None:
        detail["pages"] = pages
    audit.record(session, actor, "report.print" if fmt == "print" else "report.export",
                 "report", "", detail)


@paused_gc()
def grant_report(session: Session, actor: Actor, start: date, end: date) -> GrantReport:
    actor.require(Permission.RUN_REPORTS)
    check_period(start, end)
    cutoffs, names = {}, {}
    for inst_id, inst in instrument_catalog.available(session).items():
        names[inst_id] = inst.title
        band = next((b for b in inst.bands if b.applies_to == "total"), None)
        if band is not None:
            cutoffs[inst_id] = band.low
    report = build_grant(session, start, end,
                         organization=settings.get(session, "organization_name"),
                         generated_by=f"{actor.full_name}, {actor.credential}".rstrip(", "),
                         cutoffs=cutoffs, instrument_names=names)
    report.logo = settings.organization_logo(session)
    audit.record(session, actor, "report.grant", "report", "",
                 {"start": start.isoformat(), "end": end.isoformat()})
    return report
