"""Autosaved form contents, kept inside the encrypted file so a lock or crash loses nothing."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import Draft
from peerdesk.services import clock
from peerdesk.services.actor import Actor
from peerdesk.services.errors import ServiceError


def _find(session: Session, actor: Actor, kind: str, ref: str) -> Draft | None:
    return session.execute(select(Draft).where(
        Draft.user_id == actor.id, Draft.kind == kind, Draft.ref == ref)).scalar_one_or_none()


def save_draft(session: Session, actor: Actor, kind: str, ref: str,
               payload: dict[str, Any]) -> None:
    if actor.id is None:
        raise ServiceError("drafts need a signed-in user")
    text = json.dumps(payload, default=str, sort_keys=True)
    draft = _find(session, actor, kind, ref)
    now = clock.utc_now()
    if draft is None:
        session.add(Draft(user_id=actor.id, kind=kind, ref=ref, payload=text, updated_at=now))
    elif draft.payload != text:
        draft.payload = text
        draft.updated_at = now


def load_draft(session: Session, actor: Actor, kind: str, ref: str) -> dict[str, Any] | None:
    draft = _find(session, actor, kind, ref)
    return json.loads(draft.payload) if draft is not None else None


def load_draft_entry(session: Session, actor: Actor, kind: str,
                     ref: str) -> tuple[dict[str, Any], datetime] | None:
    """The draft and when it was last saved (UTC, naive), or None."""
    draft = _find(session, actor, kind, ref)
    return (json.loads(draft.payload), draft.updated_at) if draft is not None else None


def discard_draft(session: Session, actor: Actor, kind: str, ref: str) -> None:
    """Drafts are the user's own unsaved typing, not records: removing one is allowed."""
    draft = _find(session, actor, kind, ref)
    if draft is not None:
        session.delete(draft)


def discard_drafts(session: Session, actor: Actor, kind: str, refs: set[str]) -> None:
    """Remove the user's drafts of ``kind`` under each of ``refs`` (missing ones are fine)."""
    for ref in refs:
        discard_draft(session, actor, kind, ref)


def list_drafts(session: Session, actor: Actor) -> list[tuple[str, str, datetime]]:
    rows = session.execute(select(Draft.kind, Draft.ref, Draft.updated_at)
                           .where(Draft.user_id == actor.id)
                           .order_by(Draft.updated_at.desc())).all()
    return [(r[0], r[1], r[2]) for r in rows]
