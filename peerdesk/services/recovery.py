"""Rebuilding access with the recovery key when the key sidecar is lost or damaged."""

from __future__ import annotations

from sqlalchemy import select

from peerdesk.db.keyslots import KeySlotFile, SidecarError, sidecar_path
from peerdesk.db.models import User
from peerdesk.domain.roles import Role, parse_roles
from peerdesk.i18n import _
from peerdesk.services import audit, settings
from peerdesk.services.errors import NotFound, ServiceError
from peerdesk.services.store import Store


def administrators(store: Store) -> list[str]:
    with store.session() as s:
        return [u.username for u in s.execute(select(User).where(User.active.is_(True)))
                .scalars() if Role.ADMINISTRATOR in parse_roles(u.roles)]


def rebuild_admin_slot(store: Store, new_password: str, username: str | None = None) -> str:
    """Give an administrator a new password slot, keeping every readable slot of others.

    ``store`` must be open with the recovery key. Returns the administrator's user name.
    A damaged or missing sidecar is replaced by a new one for this database.
    """
    admins = administrators(store)
    if not admins:
        raise NotFound(_("This database has no active administrator."))
    target = username or admins[0]
    if target not in admins:
        raise ServiceError(_("{name} is not an active administrator. Choose one of: {names}.")
                           .format(name=target, names=", ".join(admins)))
    with store.session() as s:
        problems = settings.load(s).password_rules.problems(new_password)
        if problems:
            raise ServiceError(" ".join(problems))
        database_id = settings.get(s, "database_id")
    side = sidecar_path(store.path)
    try:
        slots = KeySlotFile.load(side)
        if slots.database_id != database_id:
            raise SidecarError("belongs to another database")
        kept = True
    except SidecarError:
        slots = KeySlotFile.new(side, database_id)
        kept = False
    slots.set_password(target, new_password, store.vault.key)
    slots.save()
    with store.session() as s:
        user = s.execute(select(User).where(User.username == target)).scalar_one()
        user.must_change_password = False
        audit.record(s, store.actor, "keyfile.rebuild", "user", user.id,
                     {"kept_other_slots": kept})
    return target
