"""Participant fields, choices and validation rules (pure, no storage)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from peerdesk.i18n import _


class ParticipantStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    DISCHARGED = "discharged"


STATUS_LABELS = {
    ParticipantStatus.ACTIVE: _("Active"),
    ParticipantStatus.INACTIVE: _("Inactive"),
    ParticipantStatus.DISCHARGED: _("Discharged"),
}

# Choices follow common federal grant reporting (e.g. SAMHSA GPRA-style categories).
GENDERS = {
    "woman": _("Woman"),
    "man": _("Man"),
    "transgender": _("Transgender"),
    "non_binary": _("Non-binary / gender diverse"),
    "other": _("Another identity"),
    "declined": _("Prefers not to say"),
}
RACES = {
    "american_indian": _("American Indian or Alaska Native"),
    "asian": _("Asian"),
    "black": _("Black or African American"),
    "pacific_islander": _("Native Hawaiian or Other Pacific Islander"),
    "white": _("White"),
    "multiracial": _("More than one race"),
    "other": _("Another race"),
    "declined": _("Prefers not to say"),
}
ETHNICITIES = {
    "hispanic": _("Hispanic or Latino/a/e"),
    "not_hispanic": _("Not Hispanic or Latino/a/e"),
    "declined": _("Prefers not to say"),
}
YES_NO_UNKNOWN = {"yes": _("Yes"), "no": _("No"), "unknown": _("Unknown / not asked")}
LANGUAGES = {
    "en": _("English"),
    "es": _("Spanish"),
    "other": _("Another language"),
}

AGE_BANDS: list[tuple[int, int | None, str]] = [
    (0, 17, "Under 18"),
    (18, 24, "18–24"),
    (25, 34, "25–34"),
    (35, 44, "35–44"),
    (45, 54, "45–54"),
    (55, 64, "55–64"),
    (65, None, "65 and over"),
]

_PHONE_DIGITS = re.compile(r"\d")
_MEMBER_ID = re.compile(r"^[A-Za-z0-9-]{4,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return "Unknown"
    age = age_on(born, on)
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return "Unknown"


def normalize_phone(text: str) -> str:
    """Keep the digits of a phone number; format 10-digit US numbers as (555) 555-0100."""
    digits = "".join(_PHONE_DIGITS.findall(text))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return text.strip()


@dataclass
class ParticipantInput:
    """What a form or the CLI hands to the participant service."""

    first_name: str
    last_name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    postal_code: str = ""
    preferred_language: str = "en"
    gender: str = ""
    race: str = ""
    ethnicity: str = ""
    veteran: str = "unknown"
    justice_involved: str = "unknown"
    payer: str = ""
    member_id: str = ""
    assigned_worker_id: int | None = None
    enrolled_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


def validate_participant(data: ParticipantInput, today: date) -> list[FieldProblem]:
    """Every problem with the input, in the user's words. Empty list = fine."""
    problems: list[FieldProblem] = []

    def add(name: str, message: str) -> None:
        problems.append(FieldProblem(name, message))

    if not data.first_name.strip():
        add("first_name", _("Please enter a first name."))
    if not data.last_name.strip():
        add("last_name", _("Please enter a last name."))
    for name in ("first_name", "last_name", "preferred_name"):
        if len(getattr(data, name)) > 80:
            add(name, _("Names are limited to 80 characters."))
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            add("date_of_birth", _("The date of birth cannot be in the future."))
        elif age_on(data.date_of_birth, today) > 120:
            add("date_of_birth", _("Please check the date of birth: that would be over 120."))
    if data.enrolled_on is not None and data.enrolled_on > today:
        add("enrolled_on", _("The enrollment date cannot be in the future."))
    if data.phone.strip():
        digits = "".join(_PHONE_DIGITS.findall(data.phone))
        if not 7 <= len(digits) <= 15:
            add("phone", _("Please enter a phone number with 7 to 15 digits."))
    if data.email.strip() and not _EMAIL.match(data.email.strip()):
        add("email", _("That does not look like an email address (name@example.org)."))
    if data.member_id.strip() and not _MEMBER_ID.match(data.member_id.strip()):
        add(
            "member_id",
            _("A member id is 4 to 20 letters, digits or dashes, as printed on the card."),
        )
    if data.member_id.strip() and not data.payer.strip():
        add("payer", _("Please name the payer that issued this member id."))
    checks = [
        ("gender", GENDERS),
        ("race", RACES),
        ("ethnicity", ETHNICITIES),
        ("veteran", YES_NO_UNKNOWN),
        ("justice_involved", YES_NO_UNKNOWN),
        ("preferred_language", LANGUAGES),
    ]
    for name, choices in checks:
        value = getattr(data, name)
        if value and value not in choices:
            add(name, _("Please choose one of the listed options."))
    return problems
