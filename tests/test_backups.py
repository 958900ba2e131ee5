"""Backups: encrypted, consistent, verified, rotated; restore never overwrites silently."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import backups, participants, store
from peerdesk.services.backups import BackupError, BackupInfo
from tests.conftest import ADMIN_PASSWORD


def _add(st, last: str) -> int:  # type: ignore[no-untyped-def]
    with st.session() as s:
        return participants.create_participant(s, st.actor, ParticipantInput("Ana", last)).id


def test_backup_is_encrypted_verified_and_restores(new_store, tmp_path: Path) -> None:
    _add(new_store, "Before")
    seen = []
    info = backups.make_backup(new_store, tmp_path / "b" / "one.pdbackup",
                               progress=lambda done, total: seen.append((done, total)))
    assert info.path.exists() and seen and seen[-1][0] == seen[-1][1]
    with zipfile.ZipFile(info.path) as archive:
        assert set(archive.namelist()) == {"manifest.json", "peerdesk.db", "peerdesk.db.keys"}
        assert not archive.read("peerdesk.db").startswith(b"SQLite format 3")
        assert b"Before" not in archive.read("peerdesk.db")
    _add(new_store, "After")  # not in the backup
    restored = tmp_path / "restored" / "peerdesk.db"
    assert backups.restore(info.path, restored) is None
    st = store.unlock(restored, "admin", ADMIN_PASSWORD)  # same passwords as at backup time
    with st.session() as s:
        names = {p.last_name for p in participants.search_participants(s, st.actor)}
    st.lock()
    assert names == {"Before"}


def test_restore_over_a_database_moves_it_aside_first(new_store, db_path, tmp_path) -> None:
    info = backups.make_backup(new_store, tmp_path / "x.pdbackup")
    _add(new_store, "Later")
    with pytest.raises(BackupError, match="open in PeerDesk"):
        backups.restore(info.path, db_path)  # still open: refused
    new_store.lock()
    before = db_path.read_bytes()
    moved = backups.restore(info.path, db_path)
    assert moved is not None and moved.read_bytes() == before
    assert Path(f"{moved}.keys").exists()


def test_damaged_or_foreign_files_are_refused(new_store, tmp_path: Path) -> None:
    info = backups.make_backup(new_store, tmp_path / "ok.pdbackup")
    broken = tmp_path / "broken.pdbackup"
    data = bytearray(info.path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = b"\x00" * 64
    broken.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        backups.verify(broken)
    junk = tmp_path / "junk.pdbackup"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(BackupError, match="not a PeerDesk backup"):
        backups.restore(junk, tmp_path / "r.db")
    assert not (tmp_path / "r.db").exists()


def test_cancelling_writes_nothing(new_store, tmp_path: Path) -> None:
    def cancel(done: int, total: int) -> None:
        raise backups.Cancelled()

    with pytest.raises(backups.Cancelled):
        backups.make_backup(new_store, tmp_path / "out" / "c.pdbackup", progress=cancel)
    assert list((tmp_path / "out").iterdir()) == []


def _fake(created: datetime) -> BackupInfo:
    return BackupInfo(Path(f"/x/{created.isoformat()}"), created, "db", "0003", "", 1)


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    now = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    # two backups a day for 400 days
    all_backups = [_fake(now - timedelta(hours=12 * n)) for n in range(800)]
    keep = backups.to_keep(all_backups)
    kept = sorted((b.created for b in all_backups if b.path in keep), reverse=True)
    days = {d.date() for d in kept}
    assert len(kept) <= 7 + 4 + 12
    assert all((now - timedelta(days=n)).date() in days for n in range(7))
    months = {(d.year, d.month) for d in kept}
    assert len(months) == 12
    assert kept[0] == now  # the newest is always kept


def _backup_file(folder: Path, created: datetime, database_id: str) -> Path:
    import json

    path = folder / f"peerdesk-{created:%Y-%m-%d_%H%M%S}-{database_id}.pdbackup"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({
            "format": "peerdesk-backup", "created": created.isoformat(),
            "database_id": database_id, "schema": "0003"}))
        archive.writestr("peerdesk.db", b"x")
        archive.writestr("peerdesk.db.keys", b"{}")
    return path


def test_rotate_deletes_only_this_databases_old_backups(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    mine = [_backup_file(tmp_path, now - timedelta(days=n), "mine") for n in range(60)]
    other = [_backup_file(tmp_path, now - timedelta(days=n), "other") for n in range(0, 60, 7)]
    removed = backups.rotate(tmp_path, "mine")
    left = [p for p in mine if p.exists()]
    assert len(left) + len(removed) == 60
    assert 7 + 2 <= len(left) <= 7 + 4 + 12  # a week of dailies, some weeklies and monthlies
    assert all(p.exists() for p in mine[:7])  # the last 7 days are all kept
    assert all(p.exists() for p in other)  # another database's backups are not touched


def test_home_warning_when_backups_are_old(new_store, tmp_path: Path) -> None:
    assert "No backup has been made yet" in backups.backup_warning(new_store)
    backups.make_backup(new_store, tmp_path / "w.pdbackup")
    assert backups.backup_warning(new_store) is None
    later = datetime.now(UTC) + timedelta(days=3)
    assert "3 days old" in backups.backup_warning(new_store, later)


def test_only_managers_and_admins_back_up_by_hand(new_store, db_path, tmp_path) -> None:
    from peerdesk.services.errors import PermissionDenied
    from tests.conftest import WORKER_PASSWORD

    new_store.lock()
    pat = store.unlock(db_path, "pat", WORKER_PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            backups.make_backup(pat, tmp_path / "p.pdbackup")
        backups.make_backup(pat, tmp_path / "auto.pdbackup", automatic=True)  # on close
    finally:
        pat.lock()


def test_demo_database_round_trip_keeps_every_record_and_the_audit_chain(tmp_path) -> None:
    from peerdesk.services.demo import build_demo
    from peerdesk.services.health import check

    db = tmp_path / "demo" / "org.db"
    db.parent.mkdir()
    build_demo(db, participants=60, seed=2)
    st = store.unlock(db, "admin", "demo")
    before = check(st)
    info = backups.make_backup(st, tmp_path / "demo.pdbackup")
    st.close()
    restored = tmp_path / "restored" / "org.db"
    backups.restore(info.path, restored)
    st = store.unlock(restored, "admin", "demo")
    after = check(st)
    st.close()
    assert before.healthy and after.healthy, after.problems
    counts = dict(after.counts)
    # signing in to check the copy adds its own audit rows (login); everything else is equal
    assert counts.pop("audit_events") >= before.counts["audit_events"]
    assert counts == {k: v for k, v in before.counts.items() if k != "audit_events"}
    assert counts["encounters"] > 500 and counts["referrals"] > 0
