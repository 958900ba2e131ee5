"""The Settings screen's reads and its one Save, for the faces (settings + the review
queue's no-contact days, which live in supervision; kept apart so neither imports the other)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from peerdesk.domain.passwords import PasswordRules
from peerdesk.services import settings, supervision
from peerdesk.services.actor import Actor
from peerdesk.services.settings import OrgSettings


@dataclass(frozen=True)
class SettingsForm:
    """What the Settings screen shows (a frozen copy)."""

    settings: OrgSettings
    no_contact_days: int
    logo: bytes | None


def load_form(session: Session) -> SettingsForm:
    """The organization's settings, the no-contact days and the logo (PNG) or None."""
    return SettingsForm(settings.load(session), supervision.no_contact_days(session),
                        settings.organization_logo(session))


def save_form(session: Session, actor: Actor, *, organization_name: str,
              idle_lock_minutes: int, password_rules: PasswordRules,
              no_contact_days: int) -> OrgSettings:
    """The Settings screen's Save: one transaction, each part audited by its own service."""
    result = settings.update(session, actor, organization_name=organization_name,
                             idle_lock_minutes=idle_lock_minutes, password_rules=password_rules)
    if no_contact_days != supervision.no_contact_days(session):
        supervision.set_no_contact_days(session, actor, no_contact_days)
    return result


def set_logo(session: Session, actor: Actor, data: bytes) -> bytes | None:
    """Keep ``data`` as the logo (see :func:`settings.set_logo`); the logo as stored (PNG)."""
    settings.set_logo(session, actor, data)
    return settings.organization_logo(session)
