"""Recovery planning records: assessments, instrument definitions, wellness goals, barriers."""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerdesk.db.models import Base


class InstrumentDefinition(Base):
    """An instrument file an administrator added; kept in the database so it travels with it."""

    __tablename__ = "instrument_definitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(8))
    source_text: Mapped[str] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("instrument_id", "version",
                                       name="uq_instrument_definitions_id_version"),)


class Assessment(Base):
    """Answers to an instrument and the scores computed from them. Signed = read-only."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"))
    instrument_id: Mapped[str] = mapped_column(String(40))
    instrument_version: Mapped[str] = mapped_column(String(20))
    administered_on: Mapped[date] = mapped_column(Date)
    worker_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answers: Mapped[str] = mapped_column(Text)  # JSON list, null for a missing answer
    answered: Mapped[int] = mapped_column(Integer)
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    subscales: Mapped[str] = mapped_column(Text, default="{}")  # JSON {id: score}
    band: Mapped[str] = mapped_column(String(200), default="")
    prorated: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signed_by_name: Mapped[str] = mapped_column(String(120), default="")
    signed_by_credential: Mapped[str] = mapped_column(String(60), default="")

    __table_args__ = (
        Index("ix_assessments_participant", "participant_id", "instrument_id",
              "administered_on"),
    )

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class WellnessGoal(Base):
    """A goal in the participant's own words, in one of SAMHSA's four dimensions."""

    __tablename__ = "wellness_goals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    life_area: Mapped[str] = mapped_column(String(20))
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="active")
    status_since: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    steps: Mapped[list[GoalStep]] = relationship(
        order_by="GoalStep.position", primaryjoin="and_(GoalStep.goal_id == WellnessGoal.id, "
        "GoalStep.removed_at.is_(None))", viewonly=True)
    history: Mapped[list[GoalStatusChange]] = relationship(order_by="GoalStatusChange.id",
                                                           viewonly=True)


class GoalStep(Base):
    __tablename__ = "goal_steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("wellness_goals.id"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class GoalStatusChange(Base):
    __tablename__ = "goal_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("wellness_goals.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class EncounterGoal(Base):
    """Goals a service note addressed (fixed once the note is signed)."""

    __tablename__ = "encounter_goals"
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("wellness_goals.id"), primary_key=True,
                                         index=True)


class Barrier(Base):
    __tablename__ = "barriers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    category: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="identified")
    status_since: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    history: Mapped[list[BarrierStatusChange]] = relationship(
        order_by="BarrierStatusChange.id", viewonly=True)


class BarrierStatusChange(Base):
    __tablename__ = "barrier_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    barrier_id: Mapped[int] = mapped_column(ForeignKey("barriers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class BarrierGoal(Base):
    __tablename__ = "barrier_goals"
    barrier_id: Mapped[int] = mapped_column(ForeignKey("barriers.id"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("wellness_goals.id"), primary_key=True,
                                         index=True)
