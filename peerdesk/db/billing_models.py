"""Billing settings: payers, service codes, rates with effective dates, daily caps, and the
place-of-service code for each setting."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerdesk.db.models import Base


class Payer(Base):
    __tablename__ = "payers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default="medicaid")  # medicaid/grant/other
    requires_member_id: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ServiceCode(Base):
    __tablename__ = "service_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    modifier: Mapped[str] = mapped_column(String(8), default="")
    description: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("code", "modifier", name="uq_service_codes_code"),)


class BillingRate(Base):
    __tablename__ = "billing_rates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    modifier: Mapped[str] = mapped_column(String(8), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    payer: Mapped[Payer] = relationship()


class DailyCap(Base):
    """At most ``max_units`` of a code per participant per day (for one payer, or all)."""

    __tablename__ = "daily_caps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_id: Mapped[int | None] = mapped_column(ForeignKey("payers.id"), nullable=True)
    code: Mapped[str] = mapped_column(String(12))
    modifier: Mapped[str] = mapped_column(String(8), default="")
    max_units: Mapped[int] = mapped_column(Integer)


class PlaceOfService(Base):
    __tablename__ = "place_of_service"
    setting: Mapped[str] = mapped_column(String(24), primary_key=True)
    code: Mapped[str] = mapped_column(String(4))
