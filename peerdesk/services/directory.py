"""The resource directory: search (words, category, city/ZIP), details, hand edits, notes,
favourites and the active flag. No participant data lives here.

Search text is kept per service like ``participants.search_text``: folded names,
description, notes and category names, plus ``@city`` and ``#zip`` markers for the
place filter (a prefix of either matches).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
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
from peerdesk.domain.consents import RecipientTarget
from peerdesk.domain.resources import (
    CATEGORIES,
    HSDS_INACTIVE,
    ServiceInput,
    validate_service,
)
from peerdesk.domain.roles import Permission
from peerdesk.domain.search import digits, fold, search_terms
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.directory_edit import apply_service
from peerdesk.services.errors import NotFound, PermissionDenied, ValidationFailed


@dataclass(frozen=True)
class ServiceRow:
    id: int
    name: str
    organization: str
    categories: str
    city: str
    postal_code: str
    phone: str
    favourite: bool
    active: bool
    has_notes: bool


@dataclass(frozen=True)
class PlaceView:
    name: str
    address: str  # one line: street, city, state ZIP
    transportation: str


@dataclass(frozen=True)
class ServiceDetail:
    id: int
    name: str
    organization: str
    organization_id: int
    description: str
    url: str
    email: str
    application_process: str
    eligibility: str
    fees: str
    hsds_status: str
    imported: bool
    notes: str
    favourite: bool
    active: bool
    categories: tuple[str, ...]
    category_keys: tuple[str, ...]  # choice keys, for the edit form
    recipient_kind: str
    places: tuple[PlaceView, ...]
    phones: tuple[str, ...]

    @property
    def recipient_label(self) -> str:
        return f"{self.name} — {self.organization}" if self.organization else self.name


@dataclass(frozen=True)
class CategoryChoice:
    key: str  # "pd:housing" (a PeerDesk category) or "t:12" (an imported term)
    label: str
    count: int


def _require_edit(actor: Actor) -> None:
    if not actor.can(Permission.EDIT_DIRECTORY):
        raise PermissionDenied(_("Your role does not allow changing the resource directory."))


def effectively_active(service: ResourceService) -> bool:
    return service.active and service.status not in HSDS_INACTIVE


def address_line(a: ResourceAddress) -> str:
    region = " ".join(p for p in (a.state_province, a.postal_code) if p)
    return ", ".join(p for p in (a.address_1, a.address_2, a.city, region) if p)


def _first_addresses(session: Session, service_ids: list[int]) -> dict[int, ResourceAddress]:
    """Each service's main address: physical before postal, first location first."""
    rows = session.execute(
        select(ResourceServiceLocation.service_id, ResourceAddress)
        .join(ResourceAddress, ResourceAddress.location_id == ResourceServiceLocation.location_id)
        .where(ResourceServiceLocation.service_id.in_(service_ids))
        .order_by(ResourceServiceLocation.id, ResourceAddress.id)).all()
    best: dict[int, ResourceAddress] = {}
    for sid, address in rows:
        current = best.get(sid)
        if current is None or (current.address_type != "physical"
                               and address.address_type == "physical"):
            best[sid] = address
    return best


def _term_names(session: Session, service_ids: list[int]) -> dict[int, list[ResourceTaxonomyTerm]]:
    out: dict[int, list[ResourceTaxonomyTerm]] = defaultdict(list)
    for sid, term in session.execute(
            select(ResourceServiceTerm.service_id, ResourceTaxonomyTerm)
            .join(ResourceTaxonomyTerm, ResourceTaxonomyTerm.id == ResourceServiceTerm.term_id)
            .where(ResourceServiceTerm.service_id.in_(service_ids))
            .order_by(ResourceTaxonomyTerm.name)):
        out[sid].append(term)
    return out


def term_label(term: ResourceTaxonomyTerm) -> str:
    return CATEGORIES[term.category] if term.category else term.name


def refresh_search_text(session: Session, service_ids: list[int] | None = None) -> None:
    query = select(ResourceService, ResourceOrganization).join(
        ResourceOrganization, ResourceOrganization.id == ResourceService.organization_id)
    if service_ids is not None:
        query = query.where(ResourceService.id.in_(service_ids))
    pairs = session.execute(query).all()
    ids = [s.id for s, _org in pairs]
    places: dict[int, set[str]] = defaultdict(set)
    for sid, address in session.execute(
            select(ResourceServiceLocation.service_id, ResourceAddress)
            .join(ResourceAddress,
                  ResourceAddress.location_id == ResourceServiceLocation.location_id)
            .where(ResourceServiceLocation.service_id.in_(ids))).all():
        if address.city:
            places[sid].add("@" + fold(address.city))
        if digits(address.postal_code):
            places[sid].add("#" + digits(address.postal_code))
    terms = _term_names(session, ids)
    for service, org in pairs:
        words = [service.name, service.alternate_name, org.name, org.alternate_name,
                 service.description, service.notes,
                 *(term_label(t) for t in terms.get(service.id, []))]
        text = "|".join(fold(w) for w in words if w)
        service.search_text = f"|{text}|{'|'.join(sorted(places[service.id]))}|"


def _category_clause(key: str):  # type: ignore[no-untyped-def]
    if key.startswith("pd:"):
        terms = select(ResourceTaxonomyTerm.id).where(ResourceTaxonomyTerm.category == key[3:])
    else:
        terms = select(ResourceTaxonomyTerm.id).where(
            ResourceTaxonomyTerm.id == int(key[2:] or 0))
    return ResourceService.id.in_(select(ResourceServiceTerm.service_id).where(
        ResourceServiceTerm.term_id.in_(terms)))


def search_services(session: Session, actor: Actor, text: str = "", category: str = "",
                    place: str = "", favourites_only: bool = False,
                    include_inactive: bool = False, limit: int = 500) -> list[ServiceRow]:
    """Services matching every word; favourites first, then by name."""
    query = select(ResourceService, ResourceOrganization.name).join(
        ResourceOrganization, ResourceOrganization.id == ResourceService.organization_id)
    for term in search_terms(text):
        query = query.where(ResourceService.search_text.contains(term, autoescape=True))
    if category:
        query = query.where(_category_clause(category))
    place = place.strip()
    if place:
        marker = "#" + digits(place) if digits(place) == place.replace(" ", "") \
            else "@" + fold(place)
        query = query.where(ResourceService.search_text.contains(marker, autoescape=True))
    if favourites_only:
        query = query.where(ResourceService.favourite.is_(True))
    if not include_inactive:
        query = query.where(ResourceService.active.is_(True),
                            ResourceService.status.not_in(sorted(HSDS_INACTIVE)))
    query = query.order_by(ResourceService.favourite.desc(), func.lower(ResourceService.name))
    found = session.execute(query.limit(limit)).all()
    ids = [s.id for s, _name in found]
    addresses = _first_addresses(session, ids)
    terms = _term_names(session, ids)
    phones: dict[int, str] = {}
    for sid, number in session.execute(select(ResourcePhone.service_id, ResourcePhone.number)
                                       .where(ResourcePhone.service_id.in_(ids))
                                       .order_by(ResourcePhone.id.desc())):
        phones[sid] = number
    rows = []
    for service, org_name in found:
        address = addresses.get(service.id)
        rows.append(ServiceRow(
            service.id, service.name, org_name,
            ", ".join(dict.fromkeys(term_label(t) for t in terms.get(service.id, []))),
            address.city if address else "", address.postal_code if address else "",
            phones.get(service.id, ""), service.favourite, effectively_active(service),
            bool(service.notes.strip())))
    return rows


def _load(session: Session, service_id: int) -> ResourceService:
    service = session.get(ResourceService, service_id)
    if service is None:
        raise NotFound(_("That service is not in the directory."))
    return service


def recipient_kind(terms: list[ResourceTaxonomyTerm]) -> str:
    return next((t.category for t in terms if t.category and t.category != "other"), "other")


def service_detail(session: Session, actor: Actor, service_id: int) -> ServiceDetail:
    service = _load(session, service_id)
    org = session.get(ResourceOrganization, service.organization_id)
    assert org is not None
    terms = _term_names(session, [service.id]).get(service.id, [])
    places = []
    for location in session.execute(
            select(ResourceLocation).join(ResourceServiceLocation,
                                          ResourceServiceLocation.location_id
                                          == ResourceLocation.id)
            .where(ResourceServiceLocation.service_id == service.id)
            .order_by(ResourceServiceLocation.id)).scalars():
        addresses = list(session.execute(select(ResourceAddress).where(
            ResourceAddress.location_id == location.id).order_by(ResourceAddress.id)).scalars())
        addresses.sort(key=lambda a: a.address_type != "physical")
        places.append(PlaceView(location.name, address_line(addresses[0]) if addresses else "",
                                location.transportation))
    phones = []
    for phone in session.execute(select(ResourcePhone).where(or_(
            ResourcePhone.service_id == service.id,
            (ResourcePhone.organization_id == org.id) & ResourcePhone.service_id.is_(None)))
            .order_by(ResourcePhone.service_id.is_(None), ResourcePhone.id)).scalars():
        text = phone.number + (_(" ext. {x}").format(x=phone.extension) if phone.extension
                               else "")
        phones.append(f"{text} — {phone.description}" if phone.description else text)
    keys = tuple(f"pd:{t.category}" if t.category else f"t:{t.id}" for t in terms)
    return ServiceDetail(
        service.id, service.name, org.name, org.id, service.description, service.url,
        service.email, service.application_process, service.eligibility, service.fees,
        service.status, service.hsds_id is not None, service.notes, service.favourite,
        effectively_active(service), tuple(dict.fromkeys(term_label(t) for t in terms)),
        keys, recipient_kind(terms), tuple(places), tuple(phones))


def service_target(session: Session, service_id: int) -> tuple[str, RecipientTarget]:
    """What a referral to this service is called, and whom it shares with."""
    service = _load(session, service_id)
    org = session.get(ResourceOrganization, service.organization_id)
    org_name = org.name if org else ""
    label = f"{service.name} — {org_name}" if org_name else service.name
    terms = _term_names(session, [service.id]).get(service.id, [])
    # A consent names the organization (or the service with it): a bare service name such
    # as "Emergency beds" could be anybody's, so it does not count.
    return label, RecipientTarget((org_name, label), recipient_kind(terms))


def category_choices(session: Session) -> list[CategoryChoice]:
    """PeerDesk's categories, then other (imported) terms; with how many services use each."""
    used = dict(session.execute(select(ResourceServiceTerm.term_id, func.count())
                                .group_by(ResourceServiceTerm.term_id)).all())
    by_category: dict[str, int] = defaultdict(int)
    others = []
    for term in session.execute(select(ResourceTaxonomyTerm).order_by(
            ResourceTaxonomyTerm.name)).scalars():
        if term.category:
            by_category[term.category] += used.get(term.id, 0)
        else:
            label = f"{term.name} ({term.taxonomy})" if term.taxonomy else term.name
            others.append(CategoryChoice(f"t:{term.id}", label, used.get(term.id, 0)))
    builtins = [CategoryChoice(f"pd:{k}", v, by_category[k]) for k, v in CATEGORIES.items()]
    return builtins + others


def places(session: Session) -> list[str]:
    """Cities and ZIP codes that services are found in, for the place filter."""
    rows = session.execute(select(ResourceAddress.city, ResourceAddress.postal_code).join(
        ResourceServiceLocation,
        ResourceServiceLocation.location_id == ResourceAddress.location_id)).all()
    cities = sorted({c.strip() for c, _z in rows if c.strip()}, key=str.lower)
    zips = sorted({z.strip() for _c, z in rows if z.strip()})
    return cities + zips


def set_favourite(session: Session, actor: Actor, service_id: int, favourite: bool) -> None:
    _require_edit(actor)
    service = _load(session, service_id)
    service.favourite = favourite
    service.updated_at = _now()
    audit.record(session, actor, "directory.favourite", "resource_service", service.id,
                 {"favourite": favourite})


def set_notes(session: Session, actor: Actor, service_id: int, notes: str) -> None:
    _require_edit(actor)
    if len(notes) > 4000:
        from peerdesk.domain.participants import FieldProblem
        raise ValidationFailed([FieldProblem("notes", _("Notes are limited to 4,000 "
                                                        "characters."))])
    service = _load(session, service_id)
    service.notes = notes.strip()
    service.updated_at = _now()
    refresh_search_text(session, [service.id])
    audit.record(session, actor, "directory.notes", "resource_service", service.id)


def set_active(session: Session, actor: Actor, service_id: int, active: bool) -> None:
    _require_edit(actor)
    service = _load(session, service_id)
    service.active = active
    service.updated_at = _now()
    audit.record(session, actor, "directory.active", "resource_service", service.id,
                 {"active": active})


def service_input(session: Session, actor: Actor, service_id: int) -> ServiceInput:
    """A service as the edit form starts from it."""
    detail = service_detail(session, actor, service_id)
    address = _first_addresses(session, [service_id]).get(service_id)
    phone = session.execute(select(ResourcePhone.number).where(
        ResourcePhone.service_id == service_id).order_by(ResourcePhone.id)).scalar()
    return ServiceInput(
        detail.name, detail.organization, detail.description, list(detail.category_keys),
        address.address_1 if address else "", address.city if address else "",
        address.state_province if address else "", address.postal_code if address else "",
        phone or "", detail.url, detail.email, detail.application_process, detail.notes,
        detail.favourite, _load(session, service_id).active)


def save_service(session: Session, actor: Actor, data: ServiceInput,
                 service_id: int | None = None) -> ServiceDetail:
    """Add a service by hand, or edit one (an imported service's details come back from the
    next import; its notes, favourite and active flag are kept)."""

    _require_edit(actor)
    problems = validate_service(data)
    if problems:
        raise ValidationFailed(problems)
    service = apply_service(session, data, None if service_id is None else _load(
        session, service_id))
    refresh_search_text(session, [service.id])
    audit.record(session, actor, "directory.service_add" if service_id is None
                 else "directory.service_edit", "resource_service", service.id)
    return service_detail(session, actor, service.id)


@dataclass(frozen=True)
class ServiceFormStart:
    """What the add/edit service form opens with."""

    data: ServiceInput
    imported: bool
    choices: tuple[CategoryChoice, ...]


def open_service_form(session: Session, actor: Actor,
                      service_id: int | None = None) -> ServiceFormStart:
    """A new service (``service_id`` None) or one to edit, with the category choices."""
    choices = tuple(category_choices(session))
    if service_id is None:
        return ServiceFormStart(ServiceInput("", ""), False, choices)
    return ServiceFormStart(service_input(session, actor, service_id),
                            service_detail(session, actor, service_id).imported, choices)
