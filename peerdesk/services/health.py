"""`peerdesk check`: is the file whole, readable, at the right schema, its audit trail intact?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from peerdesk.db.caseload_models import (
    Addendum,
    Encounter,
    FamilyContact,
    FamilyMember,
    GroupSession,
)
from peerdesk.db.engine import connect_raw
from peerdesk.db.guards import expected_triggers
from peerdesk.db.migrate import current_revision, head_revision
from peerdesk.db.models import AuditEvent, Participant, ParticipantStatusChange, User
from peerdesk.db.recovery_models import Assessment, Barrier, WellnessGoal
from peerdesk.db.resource_models import Consent, Referral, ResourceService
from peerdesk.i18n import _
from peerdesk.services import audit
from peerdesk.services.store import Store

COUNTED = {
    "users": User,
    "participants": Participant,
    "participant_status_changes": ParticipantStatusChange,
    "encounters": Encounter,
    "group_sessions": GroupSession,
    "addenda": Addendum,
    "family_members": FamilyMember,
    "family_contacts": FamilyContact,
    "assessments": Assessment,
    "wellness_goals": WellnessGoal,
    "barriers": Barrier,
    "resource_services": ResourceService,
    "referrals": Referral,
    "consents": Consent,
    "audit_events": AuditEvent,
}
EXPECTED_TRIGGERS = expected_triggers()


@dataclass
class HealthReport:
    schema: str | None = None
    expected_schema: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {
            "healthy": self.healthy,
            "schema": self.schema,
            "expected_schema": self.expected_schema,
            "counts": self.counts,
            "problems": self.problems,
        }


def check(store: Store) -> HealthReport:
    report = HealthReport(expected_schema=head_revision())
    raw = connect_raw(store.path, store.vault.key)
    try:
        for pragma, label in [("cipher_integrity_check", _("Encrypted page check")),
                              ("integrity_check", _("Database structure check"))]:
            rows = [r[0] for r in raw.execute(f"PRAGMA {pragma}").fetchall()]
            bad = [r for r in rows if r and r != "ok"]
            for line in bad[:20]:
                report.problems.append(f"{label}: {line}")
        for table, rowid, parent, _fk in raw.execute("PRAGMA foreign_key_check").fetchall()[:20]:
            report.problems.append(
                _("Broken link: {table} row {rowid} points to a missing {parent}.").format(
                    table=table, rowid=rowid, parent=parent))
        triggers = {r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        for name in sorted(EXPECTED_TRIGGERS - triggers):
            report.problems.append(
                _("Safeguard {name} was removed from the database.").format(name=name))
    finally:
        raw.close()
    with store.session() as s:
        report.schema = current_revision(s.connection())
        if report.schema != report.expected_schema:
            report.problems.append(
                _("Schema is {found}, this PeerDesk expects {expected}.").format(
                    found=report.schema, expected=report.expected_schema))
        report.counts = _counts(s)
        report.problems += audit.verify_chain(s)
        s.execute(text("SELECT 1"))
    return report


def _counts(session: Session) -> dict[str, int]:
    return {name: session.execute(select(func.count()).select_from(model)).scalar_one()
            for name, model in COUNTED.items()}
