"""Damaged or wrong files: one clear message (CLI exit 1, no traceback), nothing changed."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from peerdesk.db.keyslots import sidecar_path
from tests.conftest import ADMIN_PASSWORD


def _cli(db: Path, *extra: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "peerdesk", "check", "--db", str(db), "--user", "admin",
           "--password-stdin", *extra]
    prefix = ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups"] if user else []
    return subprocess.run([*prefix, *cmd], input=ADMIN_PASSWORD + "\n", capture_output=True,
                          text=True, timeout=60, env={**os.environ, "HOME": str(db.parent)})


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _empty(db: Path) -> None:
    db.write_bytes(b"")


def _random(db: Path) -> None:
    db.write_bytes(random.Random(7).randbytes(64 * 1024))


def _truncated(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: (len(data) // 2) // 4096 * 4096])


def _other_key(db: Path) -> None:
    from peerdesk.db.engine import connect_raw

    db.unlink()
    conn = connect_raw(db, os.urandom(32), check=False)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()


def _plain(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (x)")
    conn.commit()
    conn.close()


def _no_sidecar(db: Path) -> None:
    sidecar_path(db).unlink()


def _bad_sidecar(db: Path) -> None:
    sidecar_path(db).write_bytes(b'{"format": "peerdesk-keyslots", "version": 1, "slots": [')


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty file": (_empty, "is empty (0 bytes)"),
    "random bytes": (_random, "not a PeerDesk database, or it was made with another key"),
    "truncated": (_truncated, "cut short"),
    "another key": (_other_key, "made with another key"),
    "plain sqlite": (_plain, "plain, unencrypted SQLite file"),
    "missing key file": (_no_sidecar, "key file"),
    "corrupt key file": (_bad_sidecar, "is damaged"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_file_gives_one_clear_line_and_changes_nothing(case: str, new_store,
                                                               db_path: Path) -> None:
    new_store.lock()
    damage, expected = CASES[case]
    damage(db_path)
    before = _snapshot(db_path.parent)
    done = _cli(db_path)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("peerdesk: error: ") and done.stderr.count("\n") == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert _snapshot(db_path.parent) == before


def test_newer_schema_is_refused_unchanged(new_store, db_path: Path) -> None:
    with new_store.session() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    new_store.lock()
    before = _snapshot(db_path.parent)
    done = _cli(db_path)
    assert done.returncode == 1 and "newer version of PeerDesk" in done.stderr
    assert _snapshot(db_path.parent) == before


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root to run the check as another (non-owner) user")
def test_read_only_file_or_folder_is_explained(new_store, db_path: Path) -> None:
    new_store.lock()
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="peerdesk-ro-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)  # others may enter and read, only the owner (root) writes
        for path in (db_path, sidecar_path(db_path)):
            shutil.copy(path, folder / path.name)
            os.chmod(folder / path.name, 0o644)
        before = _snapshot(folder)
        done = _cli(folder / db_path.name, user="nobody")
        after = _snapshot(folder)
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 1, done.stderr
    assert "read-only" in done.stderr and "Traceback" not in done.stderr
    assert after == before


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_is_explained_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    db = tmp_path / "full" / "demo.db"
    db.parent.mkdir()
    done = subprocess.run([sys.executable, "-m", "peerdesk", "demo", "--db", str(db),
                           "--participants", "300"], capture_output=True, text=True,
                          timeout=120, preexec_fn=_limit_file_size(400_000))
    assert done.returncode == 1
    assert "disk may be full" in done.stderr and "Traceback" not in done.stderr
    assert list(db.parent.iterdir()) == []  # no half-made database left behind


def test_full_disk_during_backup_keeps_the_database_and_writes_no_partial(
        new_store, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "backups"
    out.mkdir()
    new_store.lock()
    size = db_path.stat().st_size
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "backup", "--db", str(db_path), "--user", "admin",
         "--password-stdin", "--out", str(out / "b.pdbackup")], input=ADMIN_PASSWORD,
        capture_output=True, text=True, timeout=60,
        preexec_fn=_limit_file_size(size // 2))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "could not be written" in done.stderr or "disk may be full" in done.stderr
    assert list(out.iterdir()) == []
    assert _cli(db_path).returncode == 0  # the database itself is fine
