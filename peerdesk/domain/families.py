"""Family members and family contacts: choices and validation. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from peerdesk.domain.participants import LANGUAGES, FieldProblem
from peerdesk.i18n import _

RELATIONSHIPS = {
    "parent": _("Parent"),
    "spouse_partner": _("Spouse / partner"),
    "child": _("Adult child"),
    "sibling": _("Sibling"),
    "grandparent": _("Grandparent"),
    "other_relative": _("Other relative"),
    "friend": _("Friend / chosen family"),
    "other": _("Other"),
}
MODES = {
    "in_person": _("In person"),
    "phone": _("Phone"),
    "video": _("Video"),
    "text": _("Text / email"),
}
TOPICS = {
    "education": _("Education about substance use and recovery"),
    "support": _("Emotional support"),
    "navigation": _("Resource navigation"),
    "craft": _("CRAFT-style coaching"),
    "naloxone": _("Naloxone / overdose prevention"),
    "self_care": _("Self-care"),
    "crisis": _("Crisis support"),
    "other": _("Other"),
}


@dataclass
class FamilyMemberInput:
    first_name: str
    last_name: str
    relationship: str = ""
    participant_id: int | None = None
    loved_one_description: str = ""
    phone: str = ""
    email: str = ""
    preferred_language: str = "en"
    consent_to_contact: bool = False
    consent_to_contact_on: date | None = None
    assigned_worker_id: int | None = None


@dataclass
class FamilyContactInput:
    family_member_id: int
    contact_date: date
    minutes: int
    mode: str
    topics: list[str] = field(default_factory=list)
    narrative: str = ""


def validate_member(data: FamilyMemberInput, today: date) -> list[FieldProblem]:
    problems = []
    if not data.first_name.strip():
        problems.append(FieldProblem("first_name", _("Please enter a first name.")))
    if not data.last_name.strip():
        problems.append(FieldProblem("last_name", _("Please enter a last name.")))
    if data.relationship and data.relationship not in RELATIONSHIPS:
        problems.append(FieldProblem("relationship", _("Please choose a relationship.")))
    if data.preferred_language not in LANGUAGES:
        problems.append(FieldProblem("preferred_language", _("Please choose a language.")))
    if data.consent_to_contact and data.consent_to_contact_on is None:
        problems.append(FieldProblem("consent_to_contact_on",
                                     _("Please enter the date consent to contact was given.")))
    if data.consent_to_contact_on and data.consent_to_contact_on > today:
        problems.append(FieldProblem("consent_to_contact_on",
                                     _("The consent date cannot be in the future.")))
    digits = "".join(c for c in data.phone if c.isdigit())
    if data.phone.strip() and not 7 <= len(digits) <= 15:
        problems.append(FieldProblem("phone", _("Please enter a phone number with 7 to 15 "
                                                "digits.")))
    return problems


def validate_contact(data: FamilyContactInput, today: date) -> list[FieldProblem]:
    problems = []
    if data.contact_date > today:
        problems.append(FieldProblem("contact_date", _("The date cannot be in the future.")))
    if not 1 <= data.minutes <= 12 * 60:
        problems.append(FieldProblem("minutes", _("Please enter the length in minutes "
                                                  "(1 to 720).")))
    if data.mode not in MODES:
        problems.append(FieldProblem("mode", _("Please choose how the contact happened.")))
    unknown = [t for t in data.topics if t not in TOPICS]
    if unknown:
        problems.append(FieldProblem("topics", _("Please choose topics from the list.")))
    return problems
