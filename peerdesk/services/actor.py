"""The acting user, as services see them, and the permission check."""

from __future__ import annotations

from dataclasses import dataclass

from peerdesk.db.models import User
from peerdesk.domain.roles import Permission, Role, allowed, parse_roles
from peerdesk.i18n import _
from peerdesk.services.errors import PermissionDenied

PERMISSION_MESSAGES = {
    Permission.MANAGE_USERS: _("Only an administrator can manage users."),
    Permission.MANAGE_SETTINGS: _("Only an administrator can change organization settings."),
    Permission.VIEW_AUDIT: _("Only an administrator can read the audit trail."),
    Permission.RUN_REPORTS: _("Only a program manager or administrator can run reports."),
    Permission.BACKUP: _("Only a program manager or administrator can make backups."),
    Permission.REASSIGN_PARTICIPANTS: _(
        "Only a supervisor or administrator can reassign participants."
    ),
}


@dataclass(frozen=True)
class Actor:
    id: int | None
    username: str
    full_name: str
    credential: str
    roles: frozenset[Role]

    @classmethod
    def from_user(cls, user: User) -> Actor:
        return cls(user.id, user.username, user.full_name, user.credential,
                   parse_roles(user.roles))

    def can(self, permission: Permission) -> bool:
        return allowed(self.roles, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                PERMISSION_MESSAGES.get(
                    permission, _("Your role does not allow this. Ask a supervisor.")
                )
            )


# Used when the database was opened with the recovery key (no user signed in).
RECOVERY_ACTOR = Actor(None, "recovery-key", "Recovery key", "", frozenset({Role.ADMINISTRATOR}))
