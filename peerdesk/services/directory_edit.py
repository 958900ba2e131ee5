"""Applying a hand edit of a service: its organization, main address, main phone and
categories. Called by :func:`peerdesk.services.directory.save_service` (which checks the
permission, validates and audits); imports run one way, directory -> directory_edit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
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
from peerdesk.domain.consents import name_key
from peerdesk.domain.participants import FieldProblem, normalize_phone
from peerdesk.domain.resources import CATEGORIES, PEERDESK_TAXONOMY, ServiceInput
from peerdesk.i18n import _
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import ValidationFailed


def apply_service(session: Session, data: ServiceInput,
                  service: ResourceService | None) -> ResourceService:
    now = _now()
    org = find_organization(session, data.organization_name)
    if org is None:
        org = ResourceOrganization(name=data.organization_name.strip(), alternate_name="",
                                   description="", email="", website="", parent_hsds_id="",
                                   notes="", active=True, created_at=now, updated_at=now)
        session.add(org)
        session.flush()
    if service is None:
        service = ResourceService(created_at=now, status="active", alternate_name="",
                                  eligibility="", fees="", wait_time="",
                                  interpretation_services="", search_text="")
        session.add(service)
    service.organization_id = org.id
    service.name = data.name.strip()
    service.description = data.description.strip()
    service.url = data.url.strip()
    service.email = data.email.strip()
    service.application_process = data.application_process.strip()
    service.notes = data.notes.strip()
    service.favourite = data.favourite
    service.active = data.active
    service.updated_at = now
    session.flush()
    _address(session, data, service, org, now)
    _phone(session, data, service)
    keep: set[int] = set()
    for choice in data.categories:
        if choice.startswith("pd:"):
            keep.add(peerdesk_term(session, choice[3:]).id)
        elif session.get(ResourceTaxonomyTerm, int(choice[2:])) is not None:
            keep.add(int(choice[2:]))
        else:
            raise ValidationFailed([FieldProblem("categories", _("Please choose from the "
                                                                 "list."))])
    remove_service_terms(session, service.id, keep)
    have = set(session.execute(select(ResourceServiceTerm.term_id).where(
        ResourceServiceTerm.service_id == service.id)).scalars())
    for term_id in keep - have:
        session.add(ResourceServiceTerm(service_id=service.id, term_id=term_id,
                                        imported=False))
    session.flush()
    return service


def _address(session: Session, data: ServiceInput, service: ResourceService,
             org: ResourceOrganization, now: datetime) -> None:
    wanted = [data.address_1.strip(), data.city.strip(), data.state_province.strip(),
              data.postal_code.strip()]
    location_id = session.execute(select(ResourceServiceLocation.location_id).where(
        ResourceServiceLocation.service_id == service.id).order_by(
            ResourceServiceLocation.id)).scalar()
    if location_id is None:
        if not any(wanted):
            return
        location = ResourceLocation(organization_id=org.id, name=org.name, alternate_name="",
                                    description="", transportation="", created_at=now,
                                    updated_at=now)
        session.add(location)
        session.flush()
        location_id = location.id
        session.add(ResourceServiceLocation(service_id=service.id, location_id=location_id,
                                            description=""))
    addresses = list(session.execute(select(ResourceAddress).where(
        ResourceAddress.location_id == location_id).order_by(ResourceAddress.id)).scalars())
    addresses.sort(key=lambda a: a.address_type != "physical")
    if addresses:
        address = addresses[0]
    elif any(wanted):
        address = ResourceAddress(location_id=location_id, address_type="physical",
                                  attention="", address_2="", region="", country="US")
        session.add(address)
    else:
        return
    address.address_1, address.city, address.state_province, address.postal_code = wanted


def _phone(session: Session, data: ServiceInput, service: ResourceService) -> None:
    phone = session.execute(select(ResourcePhone).where(
        ResourcePhone.service_id == service.id).order_by(ResourcePhone.id)).scalar()
    number = normalize_phone(data.phone) if data.phone.strip() else ""
    if phone is None and number:
        session.add(ResourcePhone(service_id=service.id, number=number[:60], extension="",
                                  phone_type="voice", description="", languages=""))
    elif phone is not None and number:
        phone.number = number[:60]
    elif phone is not None:
        session.delete(phone)


def find_organization(session: Session, name: str) -> ResourceOrganization | None:
    key = name_key(name)
    for org in session.execute(select(ResourceOrganization).order_by(
            ResourceOrganization.hsds_id.is_not(None), ResourceOrganization.id)).scalars():
        if name_key(org.name) == key:
            return org
    return None


def peerdesk_term(session: Session, category: str) -> ResourceTaxonomyTerm:
    """The term for a PeerDesk category, made on first use."""
    term = session.execute(select(ResourceTaxonomyTerm).where(
        ResourceTaxonomyTerm.category == category).order_by(
            ResourceTaxonomyTerm.hsds_id.is_not(None), ResourceTaxonomyTerm.id)).scalar()
    if term is None:
        term = ResourceTaxonomyTerm(code=category, name=CATEGORIES[category],
                                    taxonomy=PEERDESK_TAXONOMY, category=category,
                                    description="", parent_hsds_id="")
        session.add(term)
        session.flush()
    return term


def remove_service_terms(session: Session, service_id: int, keep: set[int]) -> None:
    session.execute(delete(ResourceServiceTerm).where(
        ResourceServiceTerm.service_id == service_id,
        ResourceServiceTerm.term_id.not_in(keep)))
