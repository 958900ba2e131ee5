"""Never two writers: a second PeerDesk is refused (naming who has the file); a lock left by
a crashed PeerDesk is cleared safely; a lock from another computer is respected."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from peerdesk.db.lockfile import DatabaseInUse, holder_of, lock_path
from peerdesk.services import store
from tests.conftest import ADMIN_PASSWORD


def _holder_process(db: Path, password: str) -> subprocess.Popen[str]:
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from peerdesk.services import store
        st = store.unlock(Path({str(db)!r}), "admin", {password!r})
        print("open", flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_second_peerdesk_is_refused_and_a_crashed_ones_lock_is_cleared(new_store,
                                                                       db_path: Path) -> None:
    new_store.lock()
    proc = _holder_process(db_path, ADMIN_PASSWORD)
    try:
        with pytest.raises(DatabaseInUse) as err:
            store.unlock(db_path, "admin", ADMIN_PASSWORD)
        message = str(err.value)
        assert "admin on computer" in message and "another PeerDesk" in message
        cli = subprocess.run([sys.executable, "-m", "peerdesk", "check", "--db", str(db_path),
                              "--user", "admin", "--password-stdin"], input=ADMIN_PASSWORD,
                             capture_output=True, text=True, timeout=60)
        assert cli.returncode == 1 and "open in another PeerDesk" in cli.stderr
        assert "Traceback" not in cli.stderr
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: no chance to remove the lock file
        proc.wait()
    assert lock_path(db_path).exists()  # left behind...
    assert holder_of(db_path) is None  # ...but recognised as stale
    st = store.unlock(db_path, "admin", ADMIN_PASSWORD)  # and cleared safely
    st.lock()
    assert not lock_path(db_path).exists()


def test_one_process_may_open_several_sessions(new_store, db_path: Path) -> None:
    second = store.unlock(db_path, "admin", ADMIN_PASSWORD)  # same program: allowed
    second.lock()
    with new_store.session() as s:  # the first still works
        s.connection().exec_driver_sql("SELECT 1")
    assert lock_path(db_path).exists()
    new_store.lock()
    assert not lock_path(db_path).exists()


def _foreign_lock(db: Path, beat: datetime) -> None:
    lock_path(db).write_text(json.dumps({
        "host": "front-desk-pc", "pid": 4242, "user": "jordan",
        "since": beat.isoformat(), "beat": beat.isoformat()}))


def test_a_lock_from_another_computer_is_respected_until_stale(new_store, db_path) -> None:
    new_store.lock()
    _foreign_lock(db_path, datetime.now(UTC) - timedelta(minutes=2))
    with pytest.raises(DatabaseInUse, match="jordan on computer front-desk-pc"):
        store.unlock(db_path, "admin", ADMIN_PASSWORD)
    _foreign_lock(db_path, datetime.now(UTC) - timedelta(hours=3))  # crashed over there
    st = store.unlock(db_path, "admin", ADMIN_PASSWORD)
    info = json.loads(lock_path(db_path).read_text())
    assert info["pid"] == os.getpid() and info["user"] == "admin"
    st.lock()


def test_wrong_password_takes_no_lock(new_store, db_path: Path) -> None:
    from peerdesk.services.errors import WrongCredentials

    new_store.lock()
    with pytest.raises(WrongCredentials):
        store.unlock(db_path, "admin", "nope-nope")
    assert not lock_path(db_path).exists()
