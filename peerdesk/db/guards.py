"""The database's own safeguards: which tables are append-only, which rows are frozen once
signed, and which are never deleted. One registry that the migrations install and
``peerdesk check`` verifies, so the rules are written once.

A guard says *what* is protected, not how a database enforces it; :func:`sqlite_sql` turns
one into SQLite's ``CREATE TRIGGER``. A PostgreSQL twin (a trigger function per guard, plus
the grants) sits beside it as another renderer over the same guards.

The guards are grouped by the migration that installed them, and a group never changes once
released: a migration installs exactly what it installed the day it shipped. A later rule
(a new column that a signed note must keep, say) is a new guard in a new group, installed by
a new migration that drops the old trigger first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Forbid:
    """No ``event`` (UPDATE, DELETE) on ``table`` at all."""

    table: str
    event: str
    message: str
    name: str = ""

    @property
    def trigger(self) -> str:
        return self.name or f"{self.table}_no_{self.event.lower()}"


@dataclass(frozen=True)
class FreezeOnce:
    """Once ``once`` is set on a row, no UPDATE may change any of ``columns``."""

    table: str
    once: str
    columns: tuple[str, ...]
    message: str
    name: str

    @property
    def trigger(self) -> str:
        return self.name


@dataclass(frozen=True)
class FrozenWithParent:
    """No ``event`` on ``table`` while the ``parent`` row it points to (through ``via``) has
    ``once`` set: the goals a signed note addressed are part of the note."""

    table: str
    event: str
    parent: str
    via: str
    once: str
    message: str
    name: str

    @property
    def trigger(self) -> str:
        return self.name


Guard = Forbid | FreezeOnce | FrozenWithParent


# -- SQLite ---------------------------------------------------------------------------------
def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


def sqlite_sql(guard: Guard) -> str:
    """The ``CREATE TRIGGER`` statement that enforces ``guard`` in SQLite."""
    if isinstance(guard, Forbid):
        return (f"CREATE TRIGGER {guard.trigger} BEFORE {guard.event} ON {guard.table} "
                f"{_abort(guard.message)}")
    if isinstance(guard, FreezeOnce):
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in guard.columns)
        return (f"CREATE TRIGGER {guard.trigger} BEFORE UPDATE ON {guard.table} "
                f"WHEN OLD.{guard.once} IS NOT NULL AND ({changed}) {_abort(guard.message)}")
    row = "NEW" if guard.event == "INSERT" else "OLD"
    return (f"CREATE TRIGGER {guard.trigger} BEFORE {guard.event} ON {guard.table} "
            f"WHEN (SELECT {guard.once} FROM {guard.parent} WHERE id = {row}.{guard.via}) "
            f"IS NOT NULL {_abort(guard.message)}")


# -- the guards, by the migration that installed them ---------------------------------------
SIGNED_NOTE = "a signed note cannot be changed; add an addendum"

_ENCOUNTER_CONTENT = (
    "participant_id", "worker_id", "service_date", "start_time", "end_time", "minutes",
    "setting", "service_type", "service_code", "modifier", "is_group", "group_session_id",
    "narrative", "naloxone_kits", "test_strips", "other_supplies", "other_supplies_count",
    "signed_at", "signed_by_name", "signed_by_credential", "voided_at",
)
_CONTACT_CONTENT = (
    "family_member_id", "worker_id", "contact_date", "minutes", "mode", "topics",
    "narrative", "signed_at", "signed_by_name", "signed_by_credential",
)
_ASSESSMENT_CONTENT = (
    "participant_id", "instrument_id", "instrument_version", "administered_on", "worker_id",
    "answers", "answered", "total", "subscales", "band", "prorated", "notes", "signed_at",
    "signed_by_name", "signed_by_credential", "voided_at",
)
# A signed consent's elements are fixed; only its ending (revocation, the expiry event
# having happened) may be recorded, and a revocation, once recorded, stays.
_CONSENT_CONTENT = (
    "participant_id", "discloser", "information", "recipients", "recipient_classes",
    "purpose", "revocation_how", "expires_on", "expiry_event", "signer_name",
    "signer_relationship", "signed_on", "recorded_by_id",
)
_REVOCATION = ("revoked_on", "revocation_method", "revoked_by_id")

_ADDENDA = (
    Forbid("addenda", "UPDATE", "an addendum cannot be changed"),
    Forbid("addenda", "DELETE", "an addendum cannot be deleted"),
)

BY_REVISION: dict[str, tuple[Guard, ...]] = {
    "0001": (
        # Append-only audit trail (the hash chain shows tampering; this stops accidents).
        Forbid("audit_events", "UPDATE", "audit events are append-only"),
        Forbid("audit_events", "DELETE", "audit events are append-only"),
        Forbid("participants", "DELETE", "participants are archived, never deleted"),
    ),
    "0002": (
        FreezeOnce("encounters", "signed_at", _ENCOUNTER_CONTENT, SIGNED_NOTE,
                   "encounters_signed_immutable"),
        Forbid("encounters", "DELETE", "service notes are never deleted"),
        FreezeOnce("family_contacts", "signed_at", _CONTACT_CONTENT, SIGNED_NOTE,
                   "family_contacts_signed_immutable"),
        Forbid("family_contacts", "DELETE", "family contacts are never deleted"),
        *_ADDENDA,
        Forbid("family_members", "DELETE", "family members are archived, never deleted"),
    ),
    "0003": (
        # The batch rebuild of "addenda" in 0003 drops its triggers: they go back on.
        *_ADDENDA,
        FreezeOnce("assessments", "signed_at", _ASSESSMENT_CONTENT,
                   "a signed assessment cannot be changed; add an addendum",
                   "assessments_signed_immutable"),
        Forbid("assessments", "DELETE", "assessments are never deleted"),
        Forbid("wellness_goals", "DELETE", "goals are set aside, never deleted"),
        Forbid("goal_steps", "DELETE", "steps are removed by marking them, never deleted"),
        Forbid("barriers", "DELETE", "barriers are never deleted"),
        Forbid("goal_status_changes", "UPDATE", "goal history cannot be changed"),
        Forbid("goal_status_changes", "DELETE", "goal history cannot be deleted"),
        Forbid("barrier_status_changes", "UPDATE", "barrier history cannot be changed"),
        Forbid("barrier_status_changes", "DELETE", "barrier history cannot be deleted"),
        FrozenWithParent("encounter_goals", "INSERT", "encounters", "encounter_id",
                         "signed_at", SIGNED_NOTE, "encounter_goals_signed_insert"),
        FrozenWithParent("encounter_goals", "DELETE", "encounters", "encounter_id",
                         "signed_at", SIGNED_NOTE, "encounter_goals_signed_delete"),
    ),
    "0004": (
        FreezeOnce("consents", "signed_on", _CONSENT_CONTENT,
                   "a signed consent cannot be changed; record a new one",
                   "consents_signed_immutable"),
        FreezeOnce("consents", "revoked_on", _REVOCATION, "a revocation cannot be changed",
                   "consents_revocation_final"),
        Forbid("consents", "DELETE", "consents are never deleted"),
        Forbid("referrals", "DELETE", "referrals are never deleted"),
        Forbid("referral_status_changes", "UPDATE", "referral history cannot be changed"),
        Forbid("referral_status_changes", "DELETE", "referral history cannot be deleted"),
    ),
}


def statements(revision: str, dialect: str) -> list[str]:
    """What the migration ``revision`` runs on ``dialect`` to install its guards."""
    if dialect == "sqlite":
        return [sqlite_sql(g) for g in BY_REVISION[revision]]
    # PostgreSQL's renderer comes with the server backend; until then a migration on any
    # other database stops here rather than leave the records unguarded.
    raise NotImplementedError(f"no safeguards are written for {dialect} yet")


def expected_triggers() -> set[str]:
    """The trigger name of every guard a database at the newest schema must have."""
    return {g.trigger for group in BY_REVISION.values() for g in group}


def install(revision: str) -> None:
    """Run inside the migration ``revision``: install its guards on this database."""
    from alembic import op

    for sql in statements(revision, op.get_bind().dialect.name):
        op.execute(sql)
