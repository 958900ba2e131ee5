"""Assessments: answers scored by their instrument, signed like notes, charted over time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Addendum
from peerdesk.db.recovery_models import Assessment
from peerdesk.domain.instruments import Instrument, ScoringError, score
from peerdesk.domain.participants import FieldProblem
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock, instrument_catalog
from peerdesk.services.actor import Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from peerdesk.services.participants import load_visible, may_edit


def load_assessment(session: Session, actor: Actor, assessment_id: int) -> Assessment:
    row = session.get(Assessment, assessment_id)
    if row is None or row.voided_at is not None:
        raise NotFound(_("That assessment was not found."))
    load_visible(session, actor, row.participant_id)
    return row


def answers_of(row: Assessment) -> list[int | None]:
    return list(json.loads(row.answers))


def save_assessment(session: Session, actor: Actor, participant_id: int, instrument_id: str,
                    answers: list[int | None], administered_on: date | None = None,
                    notes: str = "", assessment_id: int | None = None) -> Assessment:
    """Create or update an unsigned assessment; scores are computed here, never typed."""
    participant = load_visible(session, actor, participant_id)
    if not actor.can(Permission.WRITE_NOTES) or not may_edit(session, actor, participant):
        raise PermissionDenied(_("You can record assessments only for participants on your "
                                 "caseload."))
    when = administered_on or clock.today()
    if when > clock.today():
        raise ValidationFailed([FieldProblem("administered_on",
                                             _("The date cannot be in the future."))])
    if assessment_id is None:
        inst = instrument_catalog.get(session, instrument_id)
        row = Assessment(participant_id=participant_id, instrument_id=inst.id,
                         instrument_version=inst.version, worker_id=actor.id,
                         created_at=_now())
        session.add(row)
    else:
        row = load_assessment(session, actor, assessment_id)
        if row.signed:
            raise ServiceError(_("This assessment is signed and cannot be changed. Add an "
                                 "addendum instead."))
        if row.worker_id != actor.id:
            raise PermissionDenied(_("Only the person who entered it can edit a draft."))
        inst = instrument_catalog.get(session, row.instrument_id, row.instrument_version)
    try:
        result = score(inst, answers)
    except ScoringError as exc:
        raise ValidationFailed([FieldProblem("answers", str(exc))]) from exc
    row.administered_on = when
    row.answers = json.dumps(answers)
    row.answered = result.answered
    row.total = result.total
    row.subscales = json.dumps(result.subscales, sort_keys=True)
    row.band = result.bands.get("total", "")
    row.prorated = result.prorated
    row.notes = notes.strip()
    row.updated_at = _now()
    session.flush()
    audit.record(session, actor, "assessment.save", "participant", participant_id,
                 {"assessment": row.id})
    return row


def sign_assessment(session: Session, actor: Actor, assessment_id: int) -> Assessment:
    row = load_assessment(session, actor, assessment_id)
    if row.worker_id != actor.id:
        raise PermissionDenied(_("Only the person who entered the assessment can sign it."))
    if row.signed:
        raise ServiceError(_("This assessment is already signed."))
    if row.total is None:
        inst = instrument_catalog.get(session, row.instrument_id, row.instrument_version)
        raise ValidationFailed([FieldProblem("answers", _(
            "This assessment cannot be scored yet: {why}").format(
                why=_missing_reason(inst)))])
    row.signed_at = _now()
    row.signed_by_name, row.signed_by_credential = actor.full_name, actor.credential
    audit.record(session, actor, "assessment.sign", "participant", row.participant_id,
                 {"assessment": row.id})
    return row


def _missing_reason(inst: Instrument) -> str:
    if inst.total.missing == "refuse":
        return _("every item must be answered.")
    return _("at least {n} items must be answered.").format(n=inst.total.min_answered)


def add_addendum(session: Session, actor: Actor, assessment_id: int, text: str) -> Addendum:
    row = load_assessment(session, actor, assessment_id)
    if not row.signed:
        raise ServiceError(_("This assessment is still a draft: edit it directly."))
    if row.worker_id != actor.id and not actor.can(Permission.SUPERVISE):
        raise PermissionDenied(_("Only the author or a supervisor can add an addendum."))
    if len(text.strip()) < 3:
        raise ValidationFailed([FieldProblem("text", _("Please write the addendum."))])
    addendum = Addendum(assessment_id=row.id, author_id=actor.id, author_name=actor.full_name,
                        author_credential=actor.credential, written_at=_now(),
                        text=text.strip())
    session.add(addendum)
    session.flush()
    audit.record(session, actor, "assessment.addendum", "participant", row.participant_id,
                 {"assessment": row.id})
    return addendum


def addenda_for(session: Session, actor: Actor, assessment_id: int) -> list[Addendum]:
    """The addenda of an assessment, oldest first."""
    load_assessment(session, actor, assessment_id)
    return list(session.execute(select(Addendum).where(
        Addendum.assessment_id == assessment_id).order_by(Addendum.id)).scalars())


def assessments_for(session: Session, actor: Actor, participant_id: int) -> list[Assessment]:
    load_visible(session, actor, participant_id)
    return list(session.execute(select(Assessment).where(
        Assessment.participant_id == participant_id, Assessment.voided_at.is_(None))
        .order_by(Assessment.administered_on.desc(), Assessment.id.desc())).scalars())


@dataclass(frozen=True)
class Trend:
    instrument_id: str
    title: str
    low: float
    high: float
    cutoff: float | None
    cutoff_label: str
    points: list[tuple[date, float]]  # signed, scored assessments, oldest first


def trend(session: Session, actor: Actor, participant_id: int, instrument_id: str) -> Trend:
    load_visible(session, actor, participant_id)
    inst = instrument_catalog.get(session, instrument_id)
    rows = session.execute(select(Assessment.administered_on, Assessment.total).where(
        Assessment.participant_id == participant_id, Assessment.instrument_id == instrument_id,
        Assessment.signed_at.is_not(None), Assessment.total.is_not(None),
        Assessment.voided_at.is_(None)).order_by(Assessment.administered_on)).all()
    low, high = inst.range_of(inst.total)
    band = next((b for b in inst.bands if b.applies_to == "total"), None)
    return Trend(inst.id, inst.title, low, high, band.low if band else None,
                 band.label if band else "", [(d, float(t)) for d, t in rows])
