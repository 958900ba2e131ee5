"""Importing an HSDS package into the directory: all or nothing, in one transaction.

Records are matched by their HSDS id, so importing the same (or an updated) package again
updates what changed and adds nothing twice; PeerDesk's own notes, favourites and active
flags are never touched. A package with problems imports nothing: the report lists each
problem with its file and line. Long imports report progress and can be cancelled (the
transaction is then rolled back).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.resource_models import (
    ResourceAddress,
    ResourceLocation,
    ResourceOrganization,
    ResourcePhone,
    ResourceService,
    ResourceServiceLocation,
    ResourceServiceTerm,
    ResourceTaxonomyTerm,
)
from peerdesk.domain.resources import HSDS_INACTIVE
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, directory
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import PermissionDenied, ServiceError
from peerdesk.services.hsds_package import read_package
from peerdesk.services.hsds_records import Problem

Progress = Callable[[int, int, str], None]

KINDS: dict[str, str] = {
    "organizations": _("Organizations"),
    "taxonomy_terms": _("Taxonomy terms"),
    "locations": _("Locations"),
    "addresses": _("Addresses"),
    "services": _("Services"),
    "service_locations": _("Services at locations"),
    "phones": _("Phones"),
    "service_terms": _("Service categories"),
}
# kind -> (model, {reference key: (column, kind it points to)})
_MODELS: dict[str, tuple[type, dict[str, tuple[str, str]]]] = {
    "organizations": (ResourceOrganization, {}),
    "taxonomy_terms": (ResourceTaxonomyTerm, {}),
    "locations": (ResourceLocation, {"organization": ("organization_id", "organizations")}),
    "addresses": (ResourceAddress, {"location": ("location_id", "locations")}),
    "services": (ResourceService, {"organization": ("organization_id", "organizations")}),
    "service_locations": (ResourceServiceLocation, {"service": ("service_id", "services"),
                                                    "location": ("location_id", "locations")}),
    "phones": (ResourcePhone, {"organization": ("organization_id", "organizations"),
                               "service": ("service_id", "services"),
                               "location": ("location_id", "locations")}),
}
_STAMPED = {"organizations", "locations", "services"}


class ImportCancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__(_("The import was cancelled. Nothing was changed."))


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class ImportReport:
    folder: str
    layout: str = ""
    imported: bool = False
    cancelled: bool = False
    counts: dict[str, Counts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count_lines(self) -> list[str]:
        lines = []
        for kind, label in KINDS.items():
            c = self.counts.get(kind, Counts())
            text = _("{label}: {a} added, {u} updated, {n} unchanged").format(
                label=label, a=c.added, u=c.updated, n=c.unchanged)
            if c.removed:
                text += _(", {r} removed").format(r=c.removed)
            lines.append(text)
        return lines

    def warning_lines(self) -> list[str]:
        lines = [str(w) for w in self.warnings]
        if self.unused:
            lines.append(_("Not used by PeerDesk: {files}").format(files=", ".join(self.unused)))
        return lines




def import_package(session: Session, actor: Actor, folder: Path | str, *,
                   progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Read, check and (only if there are no problems) import. Raises ImportCancelled."""
    if not actor.can(Permission.IMPORT_DIRECTORY):
        raise PermissionDenied(_("Only a supervisor or an administrator can import a "
                                 "resource directory."))
    started = time.monotonic()
    package = read_package(folder)
    report = ImportReport(str(folder), package.layout, problems=package.problems,
                          warnings=package.warnings, unused=package.unused)
    if not package.ok:
        report.seconds = time.monotonic() - started
        return report
    total = sum(len(r) for r in package.records.values()) + len(package.service_terms)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None and (done % 25 == 0 or done == total):
            progress(done, total, label)

    if progress is not None:
        progress(0, total, _("Checking the package"))
    now = _now()
    ids: dict[str, dict[str, int]] = {}
    for kind, (model, refs) in _MODELS.items():
        records = package.records.get(kind, {})
        counts = report.counts.setdefault(kind, Counts())
        existing = _existing(session, model, list(records))
        for hsds_id, record in records.items():
            step(KINDS[kind])
            values = {k: v for k, v in record.items() if k not in refs}
            for key, (column, target) in refs.items():
                ref = record.get(key)
                values[column] = ids[target].get(str(ref)) if ref else None
            row = existing.get(hsds_id)
            if row is None:
                row = model(hsds_id=hsds_id, **values, **_defaults(kind, values, now))
                session.add(row)
                counts.added += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                if kind == "services" and values["status"] != row.status:
                    row.active = values["status"] not in HSDS_INACTIVE
                for k, v in values.items():
                    setattr(row, k, v)
                if kind in _STAMPED:
                    row.updated_at = now
                if kind == "services":
                    row.imported_at = now
                counts.updated += 1
            else:
                counts.unchanged += 1
            existing[hsds_id] = row
        session.flush()
        ids[kind] = {h: r.id for h, r in existing.items()}
    _service_terms(session, package.service_terms, ids, report.counts, step)
    service_ids = list(ids["services"].values())
    directory.refresh_search_text(session, service_ids)
    _not_in_package(session, service_ids, report)
    report.imported = True
    report.seconds = time.monotonic() - started
    audit.record(session, actor, "directory.import", "directory", "", {
        "folder": Path(folder).name, "layout": package.layout,
        "counts": {k: vars(c) for k, c in report.counts.items()}})
    return report


def _existing(session: Session, model: type, hsds_ids: list[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    for start in range(0, len(hsds_ids), 500):
        chunk = hsds_ids[start:start + 500]
        for row in session.execute(select(model).where(
                model.hsds_id.in_(chunk))).scalars():  # type: ignore[attr-defined]
            found[row.hsds_id] = row
    return found


def _defaults(kind: str, values: dict[str, object], now: datetime) -> dict[str, object]:
    if kind == "organizations":
        return {"notes": "", "active": True, "created_at": now, "updated_at": now}
    if kind == "locations":
        return {"created_at": now, "updated_at": now}
    if kind == "services":
        return {"notes": "", "favourite": False, "search_text": "", "created_at": now,
                "updated_at": now, "imported_at": now,
                "active": values["status"] not in HSDS_INACTIVE}
    return {}


def _service_terms(session: Session, pairs: set[tuple[str, str]], ids: dict[str, dict[str, int]],
                   counts: dict[str, Counts], step: Callable[[str], None]) -> None:
    """Imported categories follow the package; categories added by hand are kept."""
    tally = counts.setdefault("service_terms", Counts())
    wanted: dict[int, set[int]] = {sid: set() for sid in ids["services"].values()}
    for service, term in sorted(pairs):
        step(KINDS["service_terms"])
        wanted[ids["services"][service]].add(ids["taxonomy_terms"][term])
    links: dict[int, dict[int, ResourceServiceTerm]] = {}
    for link in session.execute(select(ResourceServiceTerm).where(
            ResourceServiceTerm.service_id.in_(list(wanted)))).scalars():
        links.setdefault(link.service_id, {})[link.term_id] = link
    for sid, terms in wanted.items():
        have = links.get(sid, {})
        for term_id in terms:
            link = have.get(term_id)
            if link is None:
                session.add(ResourceServiceTerm(service_id=sid, term_id=term_id, imported=True))
                tally.added += 1
            elif not link.imported:
                link.imported = True
                tally.updated += 1
            else:
                tally.unchanged += 1
        for term_id, link in have.items():
            if link.imported and term_id not in terms:
                session.delete(link)
                tally.removed += 1
    session.flush()


def _not_in_package(session: Session, service_ids: list[int], report: ImportReport) -> None:
    others = session.execute(select(ResourceService.id).where(
        ResourceService.hsds_id.is_not(None), ResourceService.id.not_in(service_ids),
        ResourceService.active.is_(True))).scalars().all()
    if others:
        report.warnings.append(Problem(Path(report.folder).name, None, _(
            "{n} service(s) imported earlier are not in this package. They were kept: mark "
            "them inactive in the directory if they have closed.").format(n=len(others))))


def import_with_store(store, folder: Path | str, *, progress: Progress | None = None,  # type: ignore[no-untyped-def]
                      cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Run an import in its own session (its own connection): safe on a worker thread.
    A report with problems, or a cancelled import, changes nothing."""
    try:
        with store.session() as s:
            return import_package(s, store.actor, folder, progress=progress,
                                  cancelled=cancelled)
    except ImportCancelled:
        return ImportReport(str(folder), cancelled=True)
