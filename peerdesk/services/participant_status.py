"""A participant's status as the status dialog shows and changes it (discharge, mark
inactive, re-enroll), as frozen views: the dialog never holds a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from peerdesk.db.models import Participant
from peerdesk.domain.participants import ParticipantStatus
from peerdesk.services import participants
from peerdesk.services.actor import Actor


@dataclass(frozen=True)
class StatusView:
    participant_id: int
    name: str
    status: ParticipantStatus
    since: date


def _view(p: Participant) -> StatusView:
    return StatusView(p.id, p.display_name, ParticipantStatus(p.status), p.status_since)


def current_status(session: Session, actor: Actor, participant_id: int) -> StatusView:
    """Whose status it is and what it is now, if this user may see them."""
    return _view(participants.load_visible(session, actor, participant_id))


def change_status(session: Session, actor: Actor, participant_id: int,
                  status: ParticipantStatus, effective_on: date,
                  reason: str = "") -> StatusView:
    """Change the status (see :func:`peerdesk.services.participants.change_status`)."""
    return _view(participants.change_status(session, actor, participant_id, status,
                                            effective_on, reason))
