"""Schema migrations: models and migrations agree; an upgrade copies the file first."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from peerdesk.db import migrate
from peerdesk.db.all_models import Base
from peerdesk.db.engine import connect_raw
from peerdesk.services import store


def test_migrations_build_exactly_the_models(new_store) -> None:
    with new_store.session() as s:
        diff = compare_metadata(MigrationContext.configure(s.connection()), Base.metadata)
    assert diff == []


@pytest.fixture
def next_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Pretend a newer PeerDesk: the shipped migrations plus one that adds a column."""
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    (scripts / "versions" / "0099_test.py").write_text(textwrap.dedent(f'''
        import sqlalchemy as sa
        from alembic import op
        revision = "0099"
        down_revision = "{migrate.head_revision()}"
        def upgrade():
            with op.batch_alter_table("participants") as batch:
                batch.add_column(sa.Column("pronouns", sa.String(20), nullable=True))
    '''))

    def config() -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    shipped_head = migrate.head_revision()
    monkeypatch.setattr(migrate, "_config", config)
    return shipped_head


def test_upgrade_copies_the_file_first_then_migrates(new_store, db_path: Path,
                                                     next_version) -> None:
    key = new_store.recovery_key
    old_head = next_version
    new_store.lock()
    st = store.unlock_with_recovery_key(db_path, key)
    st.lock()
    assert st.migration is not None and st.migration.from_revision == old_head
    assert st.migration.to_revision == "0099"
    backup = st.migration.backup
    assert backup is not None and backup.exists()
    assert backup.name.startswith(f"{db_path.name}.before-upgrade-{old_head}-")
    conn = connect_raw(backup, bytes.fromhex(key))  # encrypted, same key, old schema
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
    conn.close()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    conn = connect_raw(db_path, bytes.fromhex(key))
    columns = {r[1] for r in conn.execute("PRAGMA table_info(participants)")}
    conn.close()
    assert "pronouns" in columns


def test_a_database_already_at_head_is_not_copied(new_store, db_path: Path) -> None:
    key = new_store.recovery_key
    new_store.lock()
    st = store.unlock_with_recovery_key(db_path, key)
    st.lock()
    assert st.migration is not None and st.migration.backup is None
    assert not list(db_path.parent.glob("*.before-upgrade-*"))


def test_a_version_0001_file_with_data_upgrades_to_head(tmp_path: Path) -> None:
    """A file from the first release: data kept, search text filled in, safeguards present."""
    from alembic import command

    from peerdesk.db import crypto
    from peerdesk.db.engine import enable_wal, make_engine
    from peerdesk.db.keyslots import KeySlotFile, sidecar_path
    from peerdesk.services import participant_list
    from peerdesk.services.health import check

    db = tmp_path / "old.db"
    key = crypto.new_database_key()
    raw = connect_raw(db, key, check=False)
    enable_wal(raw)
    raw.close()
    engine = make_engine(db, key)
    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, full_name, credential, roles, active, "
            "must_change_password, created_at) VALUES (1, 'admin', 'Ada', '', "
            "'administrator', 1, 0, '2025-01-01 00:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO participants (first_name, last_name, preferred_name, phone, email, "
            "address, city, postal_code, preferred_language, gender, race, ethnicity, veteran, "
            "justice_involved, payer, member_id, status, enrolled_on, status_since, archived, "
            "created_at, updated_at, date_of_birth) VALUES ('Inés', 'Muñoz', '', "
            "'(541) 555-0100', '', '', '', '', 'en', '', '', '', 'unknown', 'unknown', '', '', "
            "'active', '2025-01-02', '2025-01-02', 0, '2025-01-02 00:00:00', "
            "'2025-01-02 00:00:00', '1990-05-06')")
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('database_id', 'old')")
    engine.dispose()
    slots = KeySlotFile.new(sidecar_path(db), "old")
    slots.set_password("admin", "old-password-1", key)
    slots.save()

    st = store.unlock(db, "admin", "old-password-1")
    try:
        assert st.migration is not None and st.migration.from_revision == "0001"
        assert st.migration.backup is not None and st.migration.backup.exists()
        with st.session() as s:
            found = participant_list.matching_ids(s, st.actor,
                                                  participant_list.ListFilter(text="munoz"))
            assert len(found) == 1
        report = check(st)
        assert report.problems == [] and report.schema == migrate.head_revision()
    finally:
        st.lock()
