"""Organization settings kept in the database (never participant data)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from peerdesk.db.models import Setting
from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.errors import ServiceError

DEFAULTS = {
    "organization_name": "",
    "database_id": "",
    "password_min_length": "10",
    "password_letter_and_digit": "0",
    "idle_lock_minutes": "10",
}


def get(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def put(session: Session, key: str, value: str) -> None:
    session.merge(Setting(key=key, value=value))


@dataclass(frozen=True)
class OrgSettings:
    organization_name: str
    idle_lock_minutes: int
    password_rules: PasswordRules


def load(session: Session) -> OrgSettings:
    return OrgSettings(
        organization_name=get(session, "organization_name"),
        idle_lock_minutes=int(get(session, "idle_lock_minutes") or 10),
        password_rules=PasswordRules(
            min_length=int(get(session, "password_min_length") or 10),
            require_letter_and_digit=get(session, "password_letter_and_digit") == "1",
        ),
    )


def update(session: Session, actor: Actor, *, organization_name: str | None = None,
           idle_lock_minutes: int | None = None,
           password_rules: PasswordRules | None = None) -> OrgSettings:
    actor.require(Permission.MANAGE_SETTINGS)
    changed: list[str] = []
    if organization_name is not None:
        if not organization_name.strip():
            raise ServiceError(_("Please enter the organization's name."))
        put(session, "organization_name", organization_name.strip())
        changed.append("organization_name")
    if idle_lock_minutes is not None:
        if not 1 <= idle_lock_minutes <= 240:
            raise ServiceError(_("Automatic lock must be between 1 and 240 minutes."))
        put(session, "idle_lock_minutes", str(idle_lock_minutes))
        changed.append("idle_lock_minutes")
    if password_rules is not None:
        if not 4 <= password_rules.min_length <= 128:
            raise ServiceError(_("Minimum password length must be between 4 and 128."))
        put(session, "password_min_length", str(password_rules.min_length))
        put(session, "password_letter_and_digit",
            "1" if password_rules.require_letter_and_digit else "0")
        changed.append("password_rules")
    audit.record(session, actor, "settings.update", "settings", "", {"changed": changed})
    return load(session)
