"""42 CFR Part 2 consents: record (before or after signing), revoke, mark the expiry event,
find the consent in force that covers a recipient, and the alerts the workspace shows.

Reading follows participant visibility; writing needs the right to write notes for a
participant on the user's caseload. A signed consent's elements never change (a database
trigger enforces it): to change one, revoke it and record a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from peerdesk.db.models import Participant, User
from peerdesk.db.resource_models import Consent
from peerdesk.domain.consents import (
    PURPOSE_SUGGESTIONS,
    RECIPIENT_CLASSES,
    REVOCATION_METHODS,
    REVOKE_DEFAULT,
    STATES,
    ConsentFacts,
    ConsentInput,
    RecipientTarget,
    SignedConsent,
    consent_state,
    covers,
    split_recipients,
    validate_consent,
)
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.reports.consent_form import ConsentFormData
from peerdesk.services import audit, clock, settings
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import (
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)
from peerdesk.services.participants import load_visible, may_edit

ALERT_DAYS = 30


class ConsentRequired(ServiceError):
    """A referral would share information but no consent in force covers the recipient.
    ``str()`` is the plain explanation; the fields let the UI offer to record one."""

    def __init__(self, message: str, participant_id: int, recipient: str,
                 recipient_kind: str) -> None:
        super().__init__(message)
        self.participant_id = participant_id
        self.recipient = recipient
        self.recipient_kind = recipient_kind




def one_year_after(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return day + timedelta(days=365)
    return day.replace(year=day.year + 1)


@dataclass(frozen=True)
class ConsentView:
    id: int
    participant_id: int
    discloser: str
    information: str
    recipients: tuple[str, ...]
    recipient_classes: tuple[str, ...]
    purpose: str
    revocation_how: str
    expires_on: date | None
    expiry_event: str
    expiry_event_occurred_on: date | None
    signer_name: str
    signer_relationship: str
    signed_on: date | None
    revoked_on: date | None
    revocation_method: str
    state: str
    recorded_by: str

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    @property
    def recipients_label(self) -> str:
        parts = list(self.recipients) + [RECIPIENT_CLASSES[c][0] for c in self.recipient_classes
                                         if c in RECIPIENT_CLASSES]
        return "; ".join(parts)

    @property
    def short_recipients(self) -> str:
        if self.recipients:
            more = len(self.recipients) + len(self.recipient_classes) - 1
            return self.recipients[0] + (_(" and {n} more").format(n=more) if more else "")
        return RECIPIENT_CLASSES[self.recipient_classes[0]][0] if self.recipient_classes \
            else ""


def facts(consent: Consent) -> ConsentFacts:
    return ConsentFacts(consent.signed_on, consent.expires_on,
                        consent.expiry_event_occurred_on, consent.revoked_on)


def _view(consent: Consent, recorded_by: str, today: date) -> ConsentView:
    return ConsentView(
        consent.id, consent.participant_id, consent.discloser, consent.information,
        tuple(split_recipients(consent.recipients)),
        tuple(c for c in consent.recipient_classes.split(",") if c), consent.purpose,
        consent.revocation_how, consent.expires_on, consent.expiry_event,
        consent.expiry_event_occurred_on, consent.signer_name, consent.signer_relationship,
        consent.signed_on, consent.revoked_on, consent.revocation_method,
        consent_state(facts(consent), today), recorded_by)


def _writable(session: Session, actor: Actor, participant_id: int) -> Participant:
    participant = load_visible(session, actor, participant_id)
    if not actor.can(Permission.WRITE_NOTES) or not may_edit(session, actor, participant):
        raise PermissionDenied(_("You can record consents only for participants on your "
                                 "caseload."))
    return participant


def _load(session: Session, actor: Actor, consent_id: int) -> Consent:
    consent = session.get(Consent, consent_id)
    if consent is None:
        raise NotFound(_("That consent was not found."))
    load_visible(session, actor, consent.participant_id)
    return consent


def consents_for(session: Session, actor: Actor, participant_id: int,
                 today: date | None = None) -> list[ConsentView]:
    """A participant's consents, newest first."""
    load_visible(session, actor, participant_id)
    today = today or clock.today()
    rows = session.execute(select(Consent, User.full_name).outerjoin(
        User, User.id == Consent.recorded_by_id).where(
            Consent.participant_id == participant_id).order_by(Consent.id.desc())).all()
    return [_view(c, name or "", today) for c, name in rows]


def _view_of(session: Session, consent: Consent) -> ConsentView:
    user = session.get(User, consent.recorded_by_id) if consent.recorded_by_id else None
    return _view(consent, user.full_name if user else "", clock.today())


def get_consent(session: Session, actor: Actor, consent_id: int) -> ConsentView:
    return _view_of(session, _load(session, actor, consent_id))


def consent_input(session: Session, actor: Actor, consent_id: int) -> ConsentInput:
    view = get_consent(session, actor, consent_id)
    return ConsentInput(view.discloser, view.information, list(view.recipients),
                        list(view.recipient_classes), view.purpose, view.revocation_how,
                        view.expires_on, view.expiry_event, view.signer_name,
                        view.signer_relationship, view.signed_on)


def new_consent_input(session: Session, actor: Actor, participant_id: int,
                      recipient: str = "", today: date | None = None) -> ConsentInput:
    """A new consent as the form starts: this organization discloses, one year, the usual
    purpose and way to revoke, the participant signs."""
    participant = load_visible(session, actor, participant_id)
    today = today or clock.today()
    org = settings.get(session, "organization_name")
    return ConsentInput(
        discloser=org, information="", recipients=[recipient] if recipient else [],
        purpose=PURPOSE_SUGGESTIONS[0], revocation_how=REVOKE_DEFAULT,
        expires_on=one_year_after(today),
        signer_name=f"{participant.first_name} {participant.last_name}")


def save_consent(session: Session, actor: Actor, participant_id: int, data: ConsentInput,
                 consent_id: int | None = None) -> ConsentView:
    """Record a consent (``data.signed_on`` None: not signed yet), or change one that is
    not signed yet."""
    _writable(session, actor, participant_id)
    problems = validate_consent(data, clock.today())
    if problems:
        raise ValidationFailed(problems)
    now = _now()
    if consent_id is None:
        consent = Consent(participant_id=participant_id, recorded_by_id=actor.id,
                          created_at=now, revocation_method="")
        session.add(consent)
    else:
        consent = _load(session, actor, consent_id)
        if consent.participant_id != participant_id:
            raise ServiceError(_("That consent belongs to another participant."))
        if consent.signed_on is not None:
            raise ServiceError(_("A signed consent cannot be changed. Revoke it and record a "
                                 "new one."))
    consent.discloser = data.discloser.strip()
    consent.information = data.information.strip()
    consent.recipients = "\n".join(r.strip() for r in data.recipients if r.strip())
    consent.recipient_classes = ",".join(dict.fromkeys(data.recipient_classes))
    consent.purpose = data.purpose.strip()
    consent.revocation_how = data.revocation_how.strip()
    consent.expires_on = data.expires_on
    consent.expiry_event = data.expiry_event.strip()
    consent.signer_name = data.signer_name.strip()
    consent.signer_relationship = data.signer_relationship
    consent.signed_on = data.signed_on
    consent.updated_at = now
    session.flush()
    audit.record(session, actor, "consent.save" if consent_id else "consent.create",
                 "participant", participant_id,
                 {"consent": consent.id, "signed": data.signed_on is not None})
    return _view_of(session, consent)


def revoke_consent(session: Session, actor: Actor, consent_id: int, on: date,
                   method: str) -> ConsentView:
    consent = _load(session, actor, consent_id)
    _writable(session, actor, consent.participant_id)
    problems = []
    if consent.revoked_on is not None:
        raise ServiceError(_("This consent was already revoked on {d}.").format(
            d=consent.revoked_on.isoformat()))
    if on > clock.today():
        problems.append(FieldProblem("revoked_on", _("The date cannot be in the future.")))
    if consent.signed_on is not None and on < consent.signed_on:
        problems.append(FieldProblem("revoked_on", _("The date cannot be before the consent "
                                                     "was signed.")))
    if method not in REVOCATION_METHODS:
        problems.append(FieldProblem("revocation_method", _("Please say how it was "
                                                            "revoked.")))
    if problems:
        raise ValidationFailed(problems)
    consent.revoked_on, consent.revocation_method = on, method
    consent.revoked_by_id, consent.updated_at = actor.id, _now()
    audit.record(session, actor, "consent.revoke", "participant", consent.participant_id,
                 {"consent": consent.id})
    return _view_of(session, consent)


def mark_event_occurred(session: Session, actor: Actor, consent_id: int,
                        on: date) -> ConsentView:
    """The event the consent named as its end has happened: it is no longer in force."""
    consent = _load(session, actor, consent_id)
    _writable(session, actor, consent.participant_id)
    if not consent.expiry_event:
        raise ServiceError(_("This consent names no event that ends it."))
    if consent.expiry_event_occurred_on is not None:
        raise ServiceError(_("The event was already recorded."))
    if on > clock.today():
        raise ValidationFailed([FieldProblem("occurred_on", _("The date cannot be in the "
                                                              "future."))])
    consent.expiry_event_occurred_on, consent.updated_at = on, _now()
    audit.record(session, actor, "consent.event", "participant", consent.participant_id,
                 {"consent": consent.id})
    return _view_of(session, consent)


def covering_consent(session: Session, participant_id: int, target: RecipientTarget,
                     on: date) -> Consent | None:
    """The newest consent in force on ``on`` that names the target or its class (the row:
    for other services, which check permission themselves)."""
    for consent in session.execute(select(Consent).where(
            Consent.participant_id == participant_id).order_by(Consent.id.desc())).scalars():
        if consent_state(facts(consent), on) == "in_force" and covers(
                split_recipients(consent.recipients),
                [c for c in consent.recipient_classes.split(",") if c], target):
            return consent
    return None


def signed_consents(session: Session, start: date, end: date) -> dict[int, list[SignedConsent]]:
    """The signed consents that may be in force on some day from ``start`` to ``end``, by
    participant (for billing, which checks thousands of notes against them at once).
    Reports only: no permission of its own, no audit."""
    found: dict[int, list[SignedConsent]] = {}
    for pid, signed, expires, event, revoked, recipients, classes in session.execute(select(
            Consent.participant_id, Consent.signed_on, Consent.expires_on,
            Consent.expiry_event_occurred_on, Consent.revoked_on, Consent.recipients,
            Consent.recipient_classes)
            .where(Consent.signed_on.is_not(None), Consent.signed_on <= end,
                   or_(Consent.expires_on.is_(None), Consent.expires_on >= start),
                   or_(Consent.revoked_on.is_(None), Consent.revoked_on > start))):
        found.setdefault(pid, []).append(SignedConsent(
            ConsentFacts(signed, expires, event, revoked), recipients, classes))
    return found


def require_consent(session: Session, participant: Participant, target: RecipientTarget,
                    on: date) -> Consent:
    """The consent in force that allows sharing with ``target``; ConsentRequired if none
    (the row: for other services)."""
    found = covering_consent(session, participant.id, target, on)
    if found is not None:
        return found
    name = participant.preferred_name or participant.first_name
    why = ""
    for consent in session.execute(select(Consent).where(
            Consent.participant_id == participant.id).order_by(Consent.id.desc())).scalars():
        if not covers(split_recipients(consent.recipients),
                      [c for c in consent.recipient_classes.split(",") if c], target):
            continue
        state = consent_state(facts(consent), on)
        if state == "revoked":
            why = _("The consent signed on {s} was revoked on {r}. ").format(
                s=consent.signed_on, r=consent.revoked_on)
        elif state == "expired":
            why = _("The consent signed on {s} has expired. ").format(s=consent.signed_on)
        elif state == "draft":
            why = _("A consent for {who} is recorded but not signed yet. ").format(
                who=target.label)
        break
    message = _(
        "Sharing information with {who} needs {name}'s written consent, and no consent in "
        "force names them. {why}Record a signed consent first (print the form for {name} to "
        "sign), or make the referral without sharing information: give {name} the contact "
        "details instead.").format(who=target.label, name=name, why=why)
    raise ConsentRequired(message, participant.id, target.label, target.kind)


def alerts_for(session: Session, actor: Actor, participant_id: int,
               today: date | None = None, within: int = ALERT_DAYS) -> list[str]:
    """Lines for the workspace header: consents about to expire, or waiting for a
    signature."""
    today = today or clock.today()
    alerts = []
    for view in consents_for(session, actor, participant_id, today):
        who = view.short_recipients
        if view.state == "draft":
            alerts.append(_("Consent for {who} is not signed yet").format(who=who))
        elif view.state == "in_force" and view.expires_on is not None:
            days = (view.expires_on - today).days
            if days == 0:
                alerts.append(_("Consent for {who} expires today").format(who=who))
            elif days == 1:
                alerts.append(_("Consent for {who} expires tomorrow").format(who=who))
            elif days <= within:
                alerts.append(_("Consent for {who} expires in {n} days").format(who=who,
                                                                                 n=days))
    return alerts


def form_data(session: Session, actor: Actor, participant_id: int,
              data: ConsentInput) -> ConsentFormData:
    """The consent form, filled in from ``data`` (saved or not), ready to print and sign.
    Printing is recorded in the audit trail."""
    from peerdesk.domain.consents import SIGNER_RELATIONSHIPS

    participant = load_visible(session, actor, participant_id)
    if not actor.can(Permission.WRITE_NOTES):
        raise PermissionDenied(_("Only the participant's workers can print a consent form."))
    audit.record(session, actor, "participant.export", "participant", participant_id,
                 {"document": "consent_form"})
    relationship = SIGNER_RELATIONSHIPS.get(data.signer_relationship, "") \
        if data.signer_relationship else ""
    return ConsentFormData(
        organization=settings.get(session, "organization_name"),
        logo=settings.organization_logo(session),
        participant_name=f"{participant.first_name} {participant.last_name}",
        date_of_birth=participant.date_of_birth, discloser=data.discloser.strip(),
        information=data.information.strip(),
        recipients=[r.strip() for r in data.recipients if r.strip()],
        recipient_classes=[RECIPIENT_CLASSES[c][0] for c in data.recipient_classes
                           if c in RECIPIENT_CLASSES],
        purpose=data.purpose.strip(), revocation_how=data.revocation_how.strip(),
        expires_on=data.expires_on, expiry_event=data.expiry_event.strip(),
        printed_at=clock.local_now(), signer_name=data.signer_name.strip(),
        signer_relationship=relationship, signed_on=data.signed_on,
        treating_providers="treating_providers" in data.recipient_classes)


def print_consent_draft(session: Session, actor: Actor, participant_id: int,
                        data: ConsentInput, path: Path | str) -> Path:
    """Write the consent form as filled in now (saved or not) to ``path``, for signing; the
    printing is audited (and not, if the file cannot be written)."""
    from peerdesk.reports.consent_form import render_consent_form

    form = form_data(session, actor, participant_id, data)
    render_consent_form(form, Path(path))
    return Path(path)


def print_consent_form(session: Session, actor: Actor, consent_id: int,
                       path: Path | str) -> Path:
    """Write a recorded consent's form to ``path`` (one call: read, audit, render)."""
    consent = _load(session, actor, consent_id)
    return print_consent_draft(session, actor, consent.participant_id,
                               consent_input(session, actor, consent_id), path)


@dataclass(frozen=True)
class ConsentFormStart:
    """What the consent form opens with: whose it is, the elements, and whether it is
    signed (then read-only)."""

    participant_name: str
    data: ConsentInput
    read_only: bool


def open_consent_form(session: Session, actor: Actor, participant_id: int,
                      consent_id: int | None = None, recipient: str = "") -> ConsentFormStart:
    """A new consent (``consent_id`` None, optionally naming ``recipient``) or a recorded one,
    as the consent form starts."""
    name = load_visible(session, actor, participant_id).display_name
    if consent_id is None:
        return ConsentFormStart(name, new_consent_input(session, actor, participant_id,
                                                        recipient), False)
    data = consent_input(session, actor, consent_id)
    return ConsentFormStart(name, data, data.signed_on is not None)
