"""Run Alembic migrations on open; refuse a database newer than this program."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from peerdesk.db.copy import encrypted_copy
from peerdesk.db.errors import SchemaTooNew


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "peerdesk.db:migrations")
    return cfg


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = script().get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def known_revision(rev: str) -> bool:
    return any(s.revision == rev for s in script().walk_revisions())


def upgrade(engine: Engine, db_path: Path, key: bytes) -> MigrationResult:
    """Bring the schema to head. An existing file is copied first (same key)."""
    with engine.connect() as conn:
        current = current_revision(conn)
    head = head_revision()
    if current == head:
        return MigrationResult(current, head, None)
    if current is not None and not known_revision(current):
        raise SchemaTooNew(current)
    backup: Path | None = None
    if current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = db_path.with_name(f"{db_path.name}.before-upgrade-{current}-{stamp}")
        encrypted_copy(db_path, key, backup)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return MigrationResult(current, head, backup)
