"""Written consent to disclose under 42 CFR Part 2 (2024 final rule): the elements
§ 2.31(a) requires, when a consent is in force, and whom it covers. Pure.

A consent is in force on a day when it is signed (on or before that day), not revoked,
not past its expiration date, and its expiry event (if it names one) has not been marked
as having happened.

Recipients are named (one per line: a person or an organization), or a class of persons
(§ 2.31(a)(4)(i) allows "class of persons"). PeerDesk's classes are defined by the
directory categories they cover, so a referral to a housing program is covered by
"housing programs" but not by "my treating providers".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.search import fold
from peerdesk.i18n import _

# The kind of recipient a payer is (a health plan or funder billed for services): covered
# by naming the payer on the consent, or by the "treating providers" class, whose printed
# words include health plans and third-party payers.
PAYER_KIND = "payer"

# class key -> (words printed on the form, directory categories it covers)
RECIPIENT_CLASSES: dict[str, tuple[str, frozenset[str]]] = {
    "treating_providers": (
        _("My treating providers, health plans, third-party payers, and people helping to "
          "operate this program"),
        frozenset({"treatment", "moud", "health", "mental_health", "harm_reduction",
                   PAYER_KIND})),
    "housing_programs": (_("Housing programs and shelters I am referred to"),
                         frozenset({"housing"})),
    "basic_needs": (_("Food, benefits, ID-document and transportation programs I am "
                      "referred to"),
                    frozenset({"food", "benefits", "id_documents", "transportation"})),
    "employment_programs": (_("Job and training programs I am referred to"),
                            frozenset({"employment"})),
    "legal_services": (_("Legal aid organizations I am referred to"), frozenset({"legal"})),
    "family_support": (_("Family support programs I am referred to"), frozenset({"family"})),
}
PURPOSE_SUGGESTIONS = [
    _("To connect me with the services I am referred to and follow up on the referral"),
    _("At the request of the patient"),
    _("For treatment, payment, and health care operations"),
]
REVOKE_DEFAULT = _("In writing, at any time: give or send a signed note to my peer worker or "
                   "to the program office (staff will help me write it)")
SIGNER_RELATIONSHIPS: dict[str, str] = {
    "": _("The participant"),
    "parent_guardian": _("Parent or guardian (participant is a minor)"),
    "legal_guardian": _("Court-appointed guardian"),
    "health_care_agent": _("Health care agent or power of attorney"),
    "personal_representative": _("Personal representative (participant is deceased)"),
}
REVOCATION_METHODS: dict[str, str] = {
    "in_writing": _("In writing"),
    "orally": _("Orally (noted by staff)"),
}
VAGUE = {"all", "everything", "any", "all records", "all information", "any information",
         "all my records", "my records", "records", "information", "anything"}
STATES: dict[str, str] = {
    "draft": _("Not signed yet"),
    "in_force": _("In force"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
}
LONGEST = timedelta(days=5 * 366)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass
class ConsentInput:
    discloser: str  # who may disclose: the organization (or a named part of it)
    information: str  # a specific description of what may be disclosed
    recipients: list[str] = field(default_factory=list)  # named people or organizations
    recipient_classes: list[str] = field(default_factory=list)  # keys of RECIPIENT_CLASSES
    purpose: str = ""
    revocation_how: str = ""
    expires_on: date | None = None
    expiry_event: str = ""
    signer_name: str = ""
    signer_relationship: str = ""  # "" = the participant signs
    signed_on: date | None = None  # None: recorded before signing (print, then sign)


def validate_consent(data: ConsentInput, today: date) -> list[FieldProblem]:
    """Every § 2.31(a) element, in words next to the field it belongs to."""
    problems: list[FieldProblem] = []

    def need(name: str, text: str) -> None:
        problems.append(FieldProblem(name, text))

    if len(data.discloser.strip()) < 2:
        need("discloser", _("Please name who may disclose the information (usually this "
                            "organization)."))
    info = data.information.strip()
    if len(info) < 10 or fold(info).strip(" .") in VAGUE:
        need("information", _("Please describe the information specifically, for example "
                              "'name, date of birth, that I take part in peer recovery "
                              "support, and my housing needs'."))
    names = [r.strip() for r in data.recipients if r.strip()]
    unknown = [c for c in data.recipient_classes if c not in RECIPIENT_CLASSES]
    if unknown:
        need("recipient_classes", _("Please choose classes of recipients from the list."))
    if not names and not data.recipient_classes:
        need("recipients", _("Please name at least one recipient (a person or an "
                             "organization), or choose a class of recipients."))
    if any(len(n) > 200 for n in names):
        need("recipients", _("Each recipient's name is limited to 200 characters."))
    if len(data.purpose.strip()) < 5:
        need("purpose", _("Please describe the purpose of the disclosure."))
    if len(data.revocation_how.strip()) < 5:
        need("revocation_how", _("Please say how the participant can revoke the consent."))
    if data.expires_on is None and not data.expiry_event.strip():
        need("expires_on", _("Please give an expiration date or an event that ends the "
                             "consent."))
    start = data.signed_on or today
    if data.expires_on is not None and data.expires_on <= start:
        need("expires_on", _("The expiration date must be after the date it is signed."))
    elif data.expires_on is not None and data.expires_on - start > LONGEST:
        need("expires_on", _("A consent should last no longer than needed: choose an "
                             "expiration within five years."))
    if data.signed_on is not None:
        if data.signed_on > today:
            need("signed_on", _("The date signed cannot be in the future."))
        if len(data.signer_name.strip()) < 2:
            need("signer_name", _("Please enter the name of the person who signed."))
    if data.signer_relationship not in SIGNER_RELATIONSHIPS:
        need("signer_relationship", _("Please choose who signed."))
    return problems


@dataclass(frozen=True)
class ConsentFacts:
    signed_on: date | None
    expires_on: date | None
    expiry_event_occurred_on: date | None
    revoked_on: date | None


def consent_state(facts: ConsentFacts, on: date) -> str:
    """draft, in_force, expired or revoked, on the day ``on``."""
    if facts.signed_on is None or facts.signed_on > on:
        return "draft"
    if facts.revoked_on is not None and facts.revoked_on <= on:
        return "revoked"
    if facts.expires_on is not None and on > facts.expires_on:
        return "expired"
    if facts.expiry_event_occurred_on is not None and facts.expiry_event_occurred_on <= on:
        return "expired"
    return "in_force"


def in_force(facts: ConsentFacts, on: date) -> bool:
    return consent_state(facts, on) == "in_force"


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """'St. Luke’s Clinic, Inc.' and 'st lukes clinic inc' match: folded, letters and digits.
    Remembered: billing checks thousands of notes against the same few names."""
    return _NOT_WORD.sub(" ", fold(name)).strip()


@dataclass(frozen=True)
class RecipientTarget:
    """Who a referral shares with: the names it goes by (service, organization or the
    typed name) and its kind (a directory category)."""

    names: tuple[str, ...]
    kind: str

    @property
    def label(self) -> str:
        return next((n for n in self.names if n.strip()), "")


def covers(recipients: list[str], classes: list[str], target: RecipientTarget) -> bool:
    """Whether a consent's recipients include the target, by name or by class."""
    wanted = {name_key(n) for n in target.names if name_key(n)}
    if any(name_key(r) in wanted for r in recipients):
        return True
    return any(target.kind in RECIPIENT_CLASSES[c][1] for c in classes
               if c in RECIPIENT_CLASSES)


@dataclass(frozen=True)
class SignedConsent:
    """What billing needs to know of one consent: when it is in force (``facts``) and whom
    it covers (recipients one per line and classes comma-separated, as stored)."""

    facts: ConsentFacts
    recipients_text: str
    classes_text: str

    def covers(self, key: str, kind: str) -> bool:
        """Whether it covers a recipient known by its :func:`name_key` and kind: the rule
        of :func:`covers`, in the quick form billing uses for thousands of notes."""
        if self.classes_text and any(kind in RECIPIENT_CLASSES[c][1]
                                     for c in self.classes_text.split(",")
                                     if c in RECIPIENT_CLASSES):
            return True
        return bool(key) and any(name_key(line) == key
                                 for line in self.recipients_text.splitlines())


def split_recipients(text: str) -> list[str]:
    """Named recipients as typed, one per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]
