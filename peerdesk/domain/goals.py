"""Wellness goals and barriers: choices and validation. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from peerdesk.domain.participants import FieldProblem
from peerdesk.i18n import _

# SAMHSA's four dimensions that support a life in recovery.
LIFE_AREAS = {
    "health": _("Health"),
    "home": _("Home"),
    "purpose": _("Purpose"),
    "community": _("Community"),
}
GOAL_STATUSES = {
    "active": _("Active"),
    "achieved": _("Achieved"),
    "set_aside": _("Set aside"),
}
BARRIER_CATEGORIES = {
    "housing": _("Housing"),
    "transportation": _("Transportation"),
    "id_documents": _("ID / documents"),
    "legal": _("Legal"),
    "childcare": _("Childcare"),
    "insurance": _("Insurance"),
    "employment": _("Employment"),
    "income": _("Income"),
    "food": _("Food"),
    "safety": _("Safety"),
    "health_care_access": _("Health care access"),
    "other": _("Other"),
}
BARRIER_STATUSES = {
    "identified": _("Identified"),
    "working": _("Working on it"),
    "resolved": _("Resolved"),
    "no_longer": _("No longer a barrier"),
}
CLOSED_BARRIER = ("resolved", "no_longer")


@dataclass
class GoalInput:
    statement: str
    life_area: str
    why_it_matters: str = ""
    target_date: date | None = None
    steps: list[str] = field(default_factory=list)


@dataclass
class BarrierInput:
    category: str
    description: str = ""
    goal_ids: list[int] = field(default_factory=list)


def validate_goal(data: GoalInput, today: date) -> list[FieldProblem]:
    problems = []
    if len(data.statement.strip()) < 3:
        problems.append(FieldProblem(
            "statement", _("Please write the goal in the participant's own words.")))
    if len(data.statement) > 1000:
        problems.append(FieldProblem("statement", _("A goal is limited to 1,000 characters.")))
    if data.life_area not in LIFE_AREAS:
        problems.append(FieldProblem(
            "life_area", _("Please choose a life area: health, home, purpose or community.")))
    if data.target_date is not None and data.target_date < today.replace(year=today.year - 1):
        problems.append(FieldProblem("target_date", _("Please check the target date.")))
    for n, step in enumerate(data.steps, start=1):
        if len(step) > 300:
            problems.append(FieldProblem(
                "steps", _("Step {n} is longer than 300 characters.").format(n=n)))
    return problems


def validate_barrier(data: BarrierInput) -> list[FieldProblem]:
    problems = []
    if data.category not in BARRIER_CATEGORIES:
        problems.append(FieldProblem("category", _("Please choose what kind of barrier.")))
    if data.category == "other" and not data.description.strip():
        problems.append(FieldProblem(
            "description", _("Please describe the barrier when the kind is 'Other'.")))
    return problems
