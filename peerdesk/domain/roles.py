"""Roles a PeerDesk user can hold, and what each role may do.

Pure rules: no Qt, no SQL. Services call :func:`allowed` before acting.
"""

from __future__ import annotations

from enum import StrEnum

from peerdesk.i18n import _


class Role(StrEnum):
    PEER_WORKER = "peer_worker"
    FAMILY_PEER_SPECIALIST = "family_peer_specialist"
    SUPERVISOR = "supervisor"
    PROGRAM_MANAGER = "program_manager"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PEER_WORKER: _("Peer worker"),
    Role.FAMILY_PEER_SPECIALIST: _("Family peer specialist"),
    Role.SUPERVISOR: _("Supervisor"),
    Role.PROGRAM_MANAGER: _("Program manager"),
    Role.ADMINISTRATOR: _("Administrator"),
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_ALL_PARTICIPANTS = "view_all_participants"
    VIEW_OWN_PARTICIPANTS = "view_own_participants"
    EDIT_PARTICIPANTS = "edit_participants"
    REASSIGN_PARTICIPANTS = "reassign_participants"
    VIEW_AUDIT = "view_audit"
    RUN_REPORTS = "run_reports"
    BACKUP = "backup"
    VIEW_NARRATIVES = "view_narratives"  # the words of service notes and family contacts
    WRITE_NOTES = "write_notes"
    SUPERVISE = "supervise"  # co-sign or return notes
    VIEW_ALL_FAMILIES = "view_all_families"
    EDIT_DIRECTORY = "edit_directory"  # notes, favourites, hand edits of resources
    IMPORT_DIRECTORY = "import_directory"  # replace directory data from an HSDS package


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.PEER_WORKER: frozenset(
        {Permission.VIEW_OWN_PARTICIPANTS, Permission.EDIT_PARTICIPANTS,
         Permission.VIEW_NARRATIVES, Permission.WRITE_NOTES, Permission.EDIT_DIRECTORY}
    ),
    Role.FAMILY_PEER_SPECIALIST: frozenset(
        {Permission.VIEW_OWN_PARTICIPANTS, Permission.EDIT_PARTICIPANTS,
         Permission.VIEW_NARRATIVES, Permission.WRITE_NOTES, Permission.EDIT_DIRECTORY}
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.VIEW_ALL_PARTICIPANTS,
            Permission.VIEW_OWN_PARTICIPANTS,
            Permission.EDIT_PARTICIPANTS,
            Permission.REASSIGN_PARTICIPANTS,
            Permission.VIEW_NARRATIVES,
            Permission.WRITE_NOTES,
            Permission.SUPERVISE,
            Permission.VIEW_ALL_FAMILIES,
            Permission.EDIT_DIRECTORY,
            Permission.IMPORT_DIRECTORY,
        }
    ),
    # Reports and summaries: who is served and when, never what was said.
    Role.PROGRAM_MANAGER: frozenset(
        {Permission.RUN_REPORTS, Permission.BACKUP, Permission.VIEW_ALL_PARTICIPANTS,
         Permission.VIEW_ALL_FAMILIES}
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.MANAGE_USERS,
            Permission.MANAGE_SETTINGS,
            Permission.VIEW_ALL_PARTICIPANTS,
            Permission.VIEW_OWN_PARTICIPANTS,
            Permission.EDIT_PARTICIPANTS,
            Permission.REASSIGN_PARTICIPANTS,
            Permission.VIEW_AUDIT,
            Permission.RUN_REPORTS,
            Permission.BACKUP,
            Permission.VIEW_NARRATIVES,
            Permission.WRITE_NOTES,
            Permission.SUPERVISE,
            Permission.VIEW_ALL_FAMILIES,
            Permission.EDIT_DIRECTORY,
            Permission.IMPORT_DIRECTORY,
        }
    ),
}


def permissions_for(roles: frozenset[Role] | set[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= _GRANTS[role]
    return frozenset(granted)


def allowed(roles: frozenset[Role] | set[Role], permission: Permission) -> bool:
    return permission in permissions_for(roles)


def parse_roles(text: str) -> frozenset[Role]:
    """Roles stored as a comma-separated list ("peer_worker,supervisor")."""
    return frozenset(Role(part) for part in text.split(",") if part)


def format_roles(roles: frozenset[Role] | set[Role]) -> str:
    return ",".join(sorted(r.value for r in roles))
