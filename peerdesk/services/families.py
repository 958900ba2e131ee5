"""Family members (linked to a participant or on their own) and the family contact log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Addendum, FamilyContact, FamilyMember
from peerdesk.db.models import Participant, User
from peerdesk.domain.families import (
    FamilyContactInput,
    FamilyMemberInput,
    validate_contact,
    validate_member,
)
from peerdesk.domain.participants import FieldProblem, normalize_phone
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from peerdesk.services.participants import load_visible, visible_clause


def _may_see(session: Session, actor: Actor, member: FamilyMember) -> bool:
    if actor.can(Permission.VIEW_ALL_FAMILIES):
        return True
    if member.assigned_worker_id == actor.id:
        return True
    if member.participant_id is not None:
        try:
            load_visible(session, actor, member.participant_id)
            return True
        except (NotFound, PermissionDenied):
            return False
    return False


def load_member(session: Session, actor: Actor, member_id: int) -> FamilyMember:
    member = session.get(FamilyMember, member_id)
    if member is None or member.archived:
        raise NotFound(_("That family member was not found."))
    if not _may_see(session, actor, member):
        raise PermissionDenied(_("This family is not on your caseload."))
    return member


def _apply(member: FamilyMember, data: FamilyMemberInput) -> None:
    member.first_name = data.first_name.strip()
    member.last_name = data.last_name.strip()
    member.relationship_to_participant = data.relationship
    member.participant_id = data.participant_id
    member.loved_one_description = data.loved_one_description.strip()
    member.phone = normalize_phone(data.phone) if data.phone.strip() else ""
    member.email = data.email.strip()
    member.preferred_language = data.preferred_language
    member.consent_to_contact = data.consent_to_contact
    member.consent_to_contact_on = data.consent_to_contact_on if data.consent_to_contact else None
    member.assigned_worker_id = data.assigned_worker_id


def save_member(session: Session, actor: Actor, data: FamilyMemberInput,
                member_id: int | None = None) -> FamilyMember:
    if not actor.can(Permission.WRITE_NOTES):
        raise PermissionDenied(_("Your role does not allow recording family members."))
    problems = validate_member(data, clock.today())
    if problems:
        raise ValidationFailed(problems)
    if data.participant_id is not None:
        load_visible(session, actor, data.participant_id)
    if data.assigned_worker_id is None:
        data.assigned_worker_id = actor.id
    now = _now()
    if member_id is None:
        member = FamilyMember(created_at=now, updated_at=now, archived=False)
        _apply(member, data)
        session.add(member)
        session.flush()
        audit.record(session, actor, "family_member.create", "family_member", member.id)
    else:
        member = load_member(session, actor, member_id)
        _apply(member, data)
        member.updated_at = now
        audit.record(session, actor, "family_member.update", "family_member", member.id)
    return member


def my_families(session: Session, actor: Actor, include_all: bool = False) -> list[FamilyMember]:
    """A family peer specialist's list: assigned to them (everyone's for supervisors)."""
    query = select(FamilyMember).where(FamilyMember.archived.is_(False))
    if not (include_all and actor.can(Permission.VIEW_ALL_FAMILIES)):
        query = query.where(FamilyMember.assigned_worker_id == actor.id)
    return list(session.execute(
        query.order_by(FamilyMember.last_name, FamilyMember.first_name)).scalars())


def members_for_participant(session: Session, actor: Actor,
                            participant_id: int) -> list[FamilyMember]:
    load_visible(session, actor, participant_id)
    return list(session.execute(select(FamilyMember).where(
        FamilyMember.participant_id == participant_id,
        FamilyMember.archived.is_(False))).scalars())


def save_contact(session: Session, actor: Actor, data: FamilyContactInput,
                 contact_id: int | None = None) -> FamilyContact:
    member = load_member(session, actor, data.family_member_id)
    if not actor.can(Permission.WRITE_NOTES):
        raise PermissionDenied(_("Your role does not allow logging family contacts."))
    problems = validate_contact(data, clock.today())
    if problems:
        raise ValidationFailed(problems)
    now = _now()
    if contact_id is None:
        contact = FamilyContact(worker_id=actor.id, created_at=now)
        session.add(contact)
    else:
        contact = _load_contact(session, actor, contact_id)
        if contact.signed:
            raise ServiceError(_("This contact is signed and cannot be changed. Add an "
                                 "addendum to correct it."))
        if contact.worker_id != actor.id:
            raise PermissionDenied(_("Only the author can edit a draft."))
    contact.family_member_id = member.id
    contact.contact_date = data.contact_date
    contact.minutes = data.minutes
    contact.mode = data.mode
    contact.topics = ",".join(data.topics)
    contact.narrative = data.narrative.strip()
    contact.updated_at = now
    session.flush()
    latest = max(d for d in [member.last_contact_on, data.contact_date] if d is not None)
    member.last_contact_on = latest
    audit.record(session, actor, "family_contact.save", "family_contact", contact.id)
    return contact


def _load_contact(session: Session, actor: Actor, contact_id: int) -> FamilyContact:
    contact = session.get(FamilyContact, contact_id)
    if contact is None:
        raise NotFound(_("That family contact was not found."))
    load_member(session, actor, contact.family_member_id)
    return contact


def sign_contact(session: Session, actor: Actor, contact_id: int) -> FamilyContact:
    contact = _load_contact(session, actor, contact_id)
    if contact.worker_id != actor.id:
        raise PermissionDenied(_("Only the author can sign."))
    if contact.signed:
        raise ServiceError(_("This contact is already signed."))
    if len(contact.narrative.strip()) < 10:
        raise ValidationFailed([FieldProblem(
            "narrative", _("Please write the note (at least a sentence) before signing."))])
    contact.signed_at = _now()
    contact.signed_by_name = actor.full_name
    contact.signed_by_credential = actor.credential
    audit.record(session, actor, "family_contact.sign", "family_contact", contact.id)
    return contact


def add_contact_addendum(session: Session, actor: Actor, contact_id: int,
                         text: str) -> Addendum:
    contact = _load_contact(session, actor, contact_id)
    if not contact.signed:
        raise ServiceError(_("This contact is still a draft: edit it directly."))
    if contact.worker_id != actor.id and not actor.can(Permission.SUPERVISE):
        raise PermissionDenied(_("Only the author or a supervisor can add an addendum."))
    if len(text.strip()) < 3:
        raise ValidationFailed([FieldProblem("text", _("Please write the addendum."))])
    addendum = Addendum(family_contact_id=contact.id, author_id=actor.id,
                        author_name=actor.full_name, author_credential=actor.credential,
                        written_at=_now(), text=text.strip())
    session.add(addendum)
    session.flush()
    audit.record(session, actor, "family_contact.addendum", "family_contact", contact.id)
    return addendum


def contacts_for(session: Session, actor: Actor, member_id: int) -> list[FamilyContact]:
    load_member(session, actor, member_id)
    query = select(FamilyContact).where(FamilyContact.family_member_id == member_id)
    if not actor.can(Permission.SUPERVISE):
        query = query.where(or_(FamilyContact.signed_at.is_not(None),
                                FamilyContact.worker_id == actor.id))
    contacts = list(session.execute(query.order_by(FamilyContact.contact_date.desc())).scalars())
    if not actor.can(Permission.VIEW_NARRATIVES):
        for c in contacts:
            session.expunge(c)
            c.narrative = ""
    return contacts


# -- plain rows for lists and forms -------------------------------------------------------

@dataclass(frozen=True)
class FamilyRow:
    id: int
    name: str
    relationship: str  # a key of RELATIONSHIPS, or ""
    participant_id: int | None  # the linked (enrolled) loved one, if any
    participant_name: str  # "" when not linked, or linked but not visible to this user
    loved_one_description: str
    last_contact_on: date | None
    consent_to_contact: bool
    consent_to_contact_on: date | None
    worker_name: str


def family_rows(session: Session, actor: Actor, include_all: bool = False) -> list[FamilyRow]:
    """:func:`my_families` as plain rows; a linked participant is named only if visible."""
    members = my_families(session, actor, include_all)
    linked = {m.participant_id for m in members if m.participant_id is not None}
    names: dict[int, str] = {}
    if linked:
        names = {pid: f"{first} {last}" for pid, first, last in session.execute(
            select(Participant.id, Participant.first_name, Participant.last_name)
            .where(Participant.id.in_(linked), Participant.archived.is_(False),
                   visible_clause(actor)))}
    workers = dict(session.execute(select(User.id, User.full_name).where(
        User.id.in_({m.assigned_worker_id for m in members if m.assigned_worker_id}))).all())
    return [FamilyRow(
        m.id, m.display_name, m.relationship_to_participant, m.participant_id,
        names.get(m.participant_id, "") if m.participant_id is not None else "",
        m.loved_one_description, m.last_contact_on, m.consent_to_contact,
        m.consent_to_contact_on, workers.get(m.assigned_worker_id, "")) for m in members]


def member_input(session: Session, actor: Actor, member_id: int) -> FamilyMemberInput:
    """A family member's details as the edit form starts from them."""
    m = load_member(session, actor, member_id)
    return FamilyMemberInput(
        m.first_name, m.last_name, m.relationship_to_participant, m.participant_id,
        m.loved_one_description, m.phone, m.email, m.preferred_language,
        m.consent_to_contact, m.consent_to_contact_on, m.assigned_worker_id)


@dataclass(frozen=True)
class ContactView:
    """A family contact as lists and forms show it; ``narrative`` and addendum texts are None
    for roles that may not read them. The flags say what this user may do with it."""

    id: int
    family_member_id: int
    contact_date: date
    minutes: int
    mode: str
    topics: tuple[str, ...]
    narrative: str | None
    worker_name: str
    signed: bool
    signed_by: str
    signed_at: datetime | None
    editable: bool  # a draft written by this user
    addendum_allowed: bool
    addenda: tuple[tuple[datetime, str, str | None], ...]


def contact_views(session: Session, actor: Actor, member_id: int) -> list[ContactView]:
    """:func:`contacts_for` (newest first) with addenda, as plain rows."""
    contacts = contacts_for(session, actor, member_id)
    return _views(session, actor, contacts)


def get_contact(session: Session, actor: Actor, contact_id: int) -> ContactView:
    """One contact, for opening it (audited as a view)."""
    contact = _load_contact(session, actor, contact_id)
    if not contact.signed and contact.worker_id != actor.id \
            and not actor.can(Permission.SUPERVISE):
        raise PermissionDenied(_("Another worker's unsigned draft is private."))
    audit.record(session, actor, "family_contact.view", "family_contact", contact.id)
    return _views(session, actor, [contact])[0]


def _views(session: Session, actor: Actor, contacts: list[FamilyContact]) -> list[ContactView]:
    words = actor.can(Permission.VIEW_NARRATIVES)
    ids = [c.id for c in contacts]
    addenda: dict[int, list[tuple[datetime, str, str | None]]] = {}
    if ids:
        for a in session.execute(select(Addendum).where(Addendum.family_contact_id.in_(ids))
                                 .order_by(Addendum.id)).scalars():
            who = f"{a.author_name}, {a.author_credential}".rstrip(", ")
            addenda.setdefault(a.family_contact_id or 0, []).append(
                (a.written_at, who, a.text if words else None))
    workers = dict(session.execute(select(User.id, User.full_name).where(
        User.id.in_({c.worker_id for c in contacts}))).all())
    supervise = actor.can(Permission.SUPERVISE)
    return [ContactView(
        c.id, c.family_member_id, c.contact_date, c.minutes, c.mode,
        tuple(t for t in c.topics.split(",") if t), c.narrative if words else None,
        workers.get(c.worker_id, ""), c.signed,
        f"{c.signed_by_name}, {c.signed_by_credential}".rstrip(", ") if c.signed else "",
        c.signed_at, not c.signed and c.worker_id == actor.id,
        c.signed and (c.worker_id == actor.id or supervise),
        tuple(addenda.get(c.id, []))) for c in contacts]
