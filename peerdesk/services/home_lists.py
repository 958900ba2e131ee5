"""What the home page lists for the signed-in user, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from peerdesk.services import supervision
from peerdesk.services.actor import Actor
from peerdesk.services.supervision import NoContactRow, NoteRow


@dataclass(frozen=True)
class HomeLists:
    """Notes returned to the user, their unsigned notes, and who has had no contact in
    ``days`` days (frozen rows)."""

    returned: list[NoteRow]
    drafts: list[NoteRow]
    days: int
    no_contact: list[NoContactRow]


def home_lists(session: Session, actor: Actor) -> HomeLists:
    returned = supervision.note_rows(session, actor, supervision.returned_notes(session, actor))
    drafts = supervision.note_rows(session, actor, supervision.my_drafts(session, actor))
    days = supervision.no_contact_days(session)
    return HomeLists(returned, drafts, days, supervision.no_contact(session, actor, days))
