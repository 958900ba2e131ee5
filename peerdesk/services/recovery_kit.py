"""Writing the Recovery Kit: the one action both the setup wizard and ``peerdesk init
--recovery-kit`` call, so both write the same PDF and the same audit row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from peerdesk.domain.roles import Permission
from peerdesk.reports.recovery_kit import RecoveryKit, render_recovery_kit_pdf
from peerdesk.services import audit, clock, settings
from peerdesk.services.store import Store

AUDIT_ACTION = "recovery_kit.export"


def write_recovery_kit(store: Store, recovery_key: str, out: Path, *,
                       created_at: datetime | None = None) -> Path:
    """Write the Recovery Kit PDF for the open database to ``out`` and audit it (the key
    itself is never in the audit row). Only an administrator may; the new database's first
    administrator is one."""
    store.actor.require(Permission.MANAGE_USERS)
    out = Path(out)
    with store.session() as s:
        organization = settings.get(s, "organization_name")
    render_recovery_kit_pdf(RecoveryKit(
        organization=organization, database_path=str(store.path.resolve()),
        database_id=store.database_id, recovery_key_hex=recovery_key,
        administrator=store.actor.username,
        created_at=created_at or clock.local_now()), out)
    with store.session() as s:
        audit.record(s, store.actor, AUDIT_ACTION, "database", store.database_id)
    return out
