"""The resource directory: PeerDesk's own categories and the hand-edit rules. Pure.

The directory follows Open Referral HSDS (organizations, services, locations, phones,
taxonomy terms). Any taxonomy an imported package brings is kept as it is; PeerDesk's own
categories are terms of the vocabulary :data:`PEERDESK_TAXONOMY` whose code is a key of
:data:`CATEGORIES`. They drive the recipient kinds that consents can name as a class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peerdesk.domain.participants import FieldProblem
from peerdesk.i18n import _

PEERDESK_TAXONOMY = "PeerDesk categories"

CATEGORIES: dict[str, str] = {
    "housing": _("Housing and shelter"),
    "treatment": _("Treatment for substance use"),
    "moud": _("Medication for opioid use disorder (MOUD)"),
    "health": _("Health care"),
    "mental_health": _("Mental health"),
    "harm_reduction": _("Harm reduction"),
    "food": _("Food"),
    "id_documents": _("ID and documents"),
    "benefits": _("Benefits and insurance"),
    "employment": _("Jobs and training"),
    "legal": _("Legal aid"),
    "transportation": _("Transportation"),
    "mutual_aid": _("Mutual-aid meetings"),
    "family": _("Family support"),
    "other": _("Other"),
}

# The status HSDS gives a service (free text in 1.x; these are the documented values).
HSDS_INACTIVE = {"inactive", "defunct", "temporarily closed"}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def category_key(code: str, taxonomy: str) -> str:
    """The PeerDesk category a taxonomy term stands for, or ""."""
    code = code.strip().lower()
    return code if taxonomy.strip() == PEERDESK_TAXONOMY and code in CATEGORIES else ""


@dataclass
class ServiceInput:
    """A service as the edit form gives it. ``categories`` are choice keys from
    :func:`peerdesk.services.directory.category_choices` ("pd:housing", "t:12")."""

    name: str
    organization_name: str
    description: str = ""
    categories: list[str] = field(default_factory=list)
    address_1: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    phone: str = ""
    url: str = ""
    email: str = ""
    application_process: str = ""
    notes: str = ""
    favourite: bool = False
    active: bool = True


def validate_service(data: ServiceInput) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if len(data.name.strip()) < 2:
        problems.append(FieldProblem("name", _("Please enter the service's name.")))
    if len(data.name) > 300:
        problems.append(FieldProblem("name", _("A name is limited to 300 characters.")))
    if not data.organization_name.strip():
        problems.append(FieldProblem("organization_name",
                                     _("Please enter the organization that runs it.")))
    if data.email.strip() and not _EMAIL.match(data.email.strip()):
        problems.append(FieldProblem("email", _("Please check the email address.")))
    if data.url.strip() and any(c.isspace() for c in data.url.strip()):
        problems.append(FieldProblem("url", _("A web address has no spaces.")))
    if len(data.postal_code.strip()) > 12:
        problems.append(FieldProblem("postal_code", _("Please check the ZIP code.")))
    if len(data.notes) > 4000:
        problems.append(FieldProblem("notes", _("Notes are limited to 4,000 characters.")))
    for choice in data.categories:
        if not (choice.startswith("pd:") and choice[3:] in CATEGORIES) and not (
                choice.startswith("t:") and choice[2:].isdigit()):
            problems.append(FieldProblem("categories", _("Please choose from the list.")))
            break
    return problems
