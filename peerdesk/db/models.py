"""SQLAlchemy models. Portable SQL only: SQLite-specific pieces live in migrations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Setting(Base):
    """Organization-wide settings (name, password rules, idle minutes). No participant data."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    credential: Mapped[str] = mapped_column(String(60), default="")
    roles: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AuditEvent(Base):
    """Append-only, hash-chained. ``at`` is kept as ISO text so the hash is stable."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    preferred_name: Mapped[str] = mapped_column(String(80), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    postal_code: Mapped[str] = mapped_column(String(12), default="")
    preferred_language: Mapped[str] = mapped_column(String(12), default="en")
    gender: Mapped[str] = mapped_column(String(24), default="")
    race: Mapped[str] = mapped_column(String(24), default="")
    ethnicity: Mapped[str] = mapped_column(String(24), default="")
    veteran: Mapped[str] = mapped_column(String(8), default="unknown")
    justice_involved: Mapped[str] = mapped_column(String(8), default="unknown")
    payer: Mapped[str] = mapped_column(String(80), default="")
    member_id: Mapped[str] = mapped_column(String(20), default="")
    assigned_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    enrolled_on: Mapped[date] = mapped_column(Date)
    status_since: Mapped[date] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Kept by the participant service: accent- and case-folded names, phone digits,
    # member id and date of birth, for search as you type.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Kept by the encounter and family-contact services.
    last_contact_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)

    assigned_worker: Mapped[User | None] = relationship(foreign_keys=[assigned_worker_id])
    status_history: Mapped[list[ParticipantStatusChange]] = relationship(
        back_populates="participant", order_by="ParticipantStatusChange.id"
    )

    __table_args__ = (Index("ix_participants_name", "last_name", "first_name"),)

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"


class ParticipantStatusChange(Base):
    __tablename__ = "participant_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)

    participant: Mapped[Participant] = relationship(back_populates="status_history")

