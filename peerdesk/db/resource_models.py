"""Resource navigation: the HSDS-shaped directory, referrals with their history, and
42 CFR Part 2 consents.

Directory rows carry ``hsds_id`` (the id in the package they were imported from; None
for records made by hand), so a re-import updates them instead of adding duplicates.
``notes``, ``favourite`` and ``active`` are PeerDesk's own and an import never touches them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from peerdesk.db.models import Base

HSDS_ID_LENGTH = 200


class ResourceOrganization(Base):
    __tablename__ = "resource_organizations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(Text, default="")
    parent_hsds_id: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ResourceService(Base):
    __tablename__ = "resource_services"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("resource_organizations.id"),
                                                 index=True)
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(40), default="active")  # as HSDS gives it
    application_process: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[str] = mapped_column(Text, default="")
    wait_time: Mapped[str] = mapped_column(Text, default="")
    interpretation_services: Mapped[str] = mapped_column(Text, default="")
    # PeerDesk's own: never changed by an import.
    notes: Mapped[str] = mapped_column(Text, default="")
    favourite: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Kept by the directory service: folded names, description, categories, cities, ZIPs.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ResourceLocation(Base):
    __tablename__ = "resource_locations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_organizations.id"), nullable=True, index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    alternate_name: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    transportation: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ResourceAddress(Base):
    __tablename__ = "resource_addresses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("resource_locations.id"), index=True)
    address_type: Mapped[str] = mapped_column(String(20), default="physical")
    attention: Mapped[str] = mapped_column(Text, default="")
    address_1: Mapped[str] = mapped_column(Text, default="")
    address_2: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")
    state_province: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(40), default="")


class ResourcePhone(Base):
    __tablename__ = "resource_phones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_organizations.id"), nullable=True, index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_services.id"), nullable=True, index=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_locations.id"), nullable=True, index=True)
    number: Mapped[str] = mapped_column(String(60))
    extension: Mapped[str] = mapped_column(String(20), default="")
    phone_type: Mapped[str] = mapped_column(String(20), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(Text, default="")


class ResourceServiceLocation(Base):
    """HSDS service_at_location: a service offered at a location."""

    __tablename__ = "resource_service_locations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("resource_services.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("resource_locations.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")


class ResourceTaxonomyTerm(Base):
    __tablename__ = "resource_taxonomy_terms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hsds_id: Mapped[str | None] = mapped_column(String(HSDS_ID_LENGTH), unique=True,
                                                nullable=True)
    code: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    taxonomy: Mapped[str] = mapped_column(Text, default="")  # the vocabulary's name
    parent_hsds_id: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(24), default="")  # a PeerDesk category


class ResourceServiceTerm(Base):
    __tablename__ = "resource_service_terms"
    service_id: Mapped[int] = mapped_column(ForeignKey("resource_services.id"),
                                            primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("resource_taxonomy_terms.id"),
                                         primary_key=True, index=True)
    imported: Mapped[bool] = mapped_column(Boolean, default=False)


class Consent(Base):
    """A written consent to disclose (42 CFR § 2.31). Signed = its elements are fixed
    (a trigger enforces it); it ends by expiry, by its event, or by revocation."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    discloser: Mapped[str] = mapped_column(Text)
    information: Mapped[str] = mapped_column(Text)
    recipients: Mapped[str] = mapped_column(Text, default="")  # one per line
    recipient_classes: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    purpose: Mapped[str] = mapped_column(Text)
    revocation_how: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    expiry_event: Mapped[str] = mapped_column(Text, default="")
    expiry_event_occurred_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_relationship: Mapped[str] = mapped_column(String(40), default="")
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    revoked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    revocation_method: Mapped[str] = mapped_column(String(40), default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Referral(Base):
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True)
    family_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("family_members.id"), nullable=True, index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_services.id"), nullable=True, index=True)
    # The recipient as it was when the referral was made (directory names can change).
    recipient_name: Mapped[str] = mapped_column(Text)
    recipient_kind: Mapped[str] = mapped_column(String(24), default="other")
    barrier_id: Mapped[int | None] = mapped_column(ForeignKey("barriers.id"), nullable=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("wellness_goals.id"), nullable=True)
    warm_handoff: Mapped[bool] = mapped_column(Boolean, default=False)
    shares_information: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # free text: hidden from managers
    status: Mapped[str] = mapped_column(String(16), default="made")
    status_since: Mapped[date] = mapped_column(Date)
    referred_on: Mapped[date] = mapped_column(Date)
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_referrals_status_follow_up", "status", "follow_up_on"),)


class ReferralStatusChange(Base):
    """Every step of the loop: when, to what, by whom. Append-only."""

    __tablename__ = "referral_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
