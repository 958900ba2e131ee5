"""Caseload records: sharing, service notes (encounters), addenda, drafts, families."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerdesk.db.models import Base, Participant, User


class ParticipantShare(Base):
    """A participant explicitly shared with a worker who is not the assigned one."""

    __tablename__ = "participant_shares"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    granted_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class GroupSession(Base):
    """A group entered once; each attendee gets their own (editable) note."""

    __tablename__ = "group_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    service_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    topic: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Encounter(Base):
    """A service note. Once signed its content never changes (a trigger enforces it)."""

    __tablename__ = "encounters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    worker_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    service_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    setting: Mapped[str] = mapped_column(String(24))
    service_type: Mapped[str] = mapped_column(String(40))
    service_code: Mapped[str] = mapped_column(String(12), default="")
    modifier: Mapped[str] = mapped_column(String(8), default="")
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    group_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_sessions.id"), nullable=True, index=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    naloxone_kits: Mapped[int] = mapped_column(Integer, default=0)
    test_strips: Mapped[int] = mapped_column(Integer, default=0)
    other_supplies: Mapped[str] = mapped_column(String(120), default="")
    other_supplies_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signed_by_name: Mapped[str] = mapped_column(String(120), default="")
    signed_by_credential: Mapped[str] = mapped_column(String(60), default="")
    # Supervision: "" (not yet signed), pending, cosigned, returned.
    review_status: Mapped[str] = mapped_column(String(12), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_by_name: Mapped[str] = mapped_column(String(120), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")

    participant: Mapped[Participant] = relationship()
    worker: Mapped[User] = relationship(foreign_keys=[worker_id])
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="encounter", order_by="Addendum.id")

    __table_args__ = (
        Index("ix_encounters_participant_date", "participant_id", "service_date"),
        Index("ix_encounters_worker_date", "worker_id", "service_date"),
        Index("ix_encounters_review", "review_status"),
        Index("ix_encounters_service_date", "service_date"),
    )

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class Addendum(Base):
    """A dated correction or addition to a signed note; itself never changed."""

    __tablename__ = "addenda"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    encounter_id: Mapped[int | None] = mapped_column(
        ForeignKey("encounters.id"), nullable=True, index=True)
    family_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("family_contacts.id"), nullable=True, index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id"), nullable=True, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(120))
    author_credential: Mapped[str] = mapped_column(String(60), default="")
    written_at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)

    encounter: Mapped[Encounter | None] = relationship(back_populates="addenda")


class Draft(Base):
    """Autosaved form contents (inside the encrypted file), one per user, form and record."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(40), default="")
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("user_id", "kind", "ref", name="uq_drafts_user_kind_ref"),)


class FamilyMember(Base):
    """A family member or significant other, linked to a participant or standing alone."""

    __tablename__ = "family_members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    relationship_to_participant: Mapped[str] = mapped_column(String(40), default="")
    loved_one_description: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    preferred_language: Mapped[str] = mapped_column(String(12), default="en")
    consent_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_to_contact_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    assigned_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), nullable=True, index=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    last_contact_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    participant: Mapped[Participant | None] = relationship()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class FamilyContact(Base):
    """A logged contact with a family member; signed like a service note."""

    __tablename__ = "family_contacts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_member_id: Mapped[int] = mapped_column(ForeignKey("family_members.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20))
    topics: Mapped[str] = mapped_column(String(200), default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signed_by_name: Mapped[str] = mapped_column(String(120), default="")
    signed_by_credential: Mapped[str] = mapped_column(String(60), default="")

    family_member: Mapped[FamilyMember] = relationship()

    @property
    def signed(self) -> bool:
        return self.signed_at is not None
