"""The `peerdesk` command, run as a user would run it (a real process, real KDF cost)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from peerdesk.db.caseload_models import Encounter
from peerdesk.db.keyslots import sidecar_path
from peerdesk.db.models import Participant
from peerdesk.services import store
from peerdesk.services.demo import build_demo

PASSWORD = "cli-admin-pass"


def peerdesk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerdesk", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def cli_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "org.db"
    kit = tmp_path / "kit.pdf"
    done = peerdesk("init", "--db", str(db), "--org", "Lakeside Peer Collective (test)",
                    "--admin", "morgan", "--admin-name", "Morgan Ellis", "--password-stdin",
                    "--recovery-kit", str(kit), stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    match = re.fullmatch(r"Recovery key: ([0-9a-f]{64})\n", done.stdout)
    assert match, done.stdout
    assert kit.exists() and kit.read_bytes().startswith(b"%PDF")
    return db, match.group(1)


def test_version() -> None:
    done = peerdesk("--version")
    assert done.returncode == 0 and re.match(r"PeerDesk \d+\.\d+\.\d+", done.stdout)


def test_init_then_check_healthy_as_json(cli_db) -> None:
    db, key = cli_db
    done = peerdesk("check", "--db", str(db), "--user", "morgan", "--password-stdin", "--json",
                    stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["healthy"] and report["problems"] == []
    assert report["counts"]["users"] == 1
    done = peerdesk("check", "--db", str(db), "--recovery-key-stdin", stdin=key + "\n")
    assert done.returncode == 0 and "Healthy." in done.stdout


def test_wrong_password_is_one_clear_line_and_changes_nothing(cli_db) -> None:
    db, _ = cli_db
    before = (db.read_bytes(), sidecar_path(db).read_bytes())
    done = peerdesk("check", "--db", str(db), "--user", "morgan", "--password-stdin",
                    stdin="wrong\n")
    assert done.returncode == 1
    assert done.stderr == "peerdesk: error: The user name or password is not right. " \
                          "Please try again.\n"
    assert (db.read_bytes(), sidecar_path(db).read_bytes()) == before


def test_errors_exit_1_without_traceback_and_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = peerdesk("check", "--db", str(tmp_path / "none.db"), "--user", "x",
                       "--password-stdin", stdin="pw\n")
    assert missing.returncode == 1
    assert missing.stderr.startswith("peerdesk: error: There is no PeerDesk database")
    assert "Traceback" not in missing.stderr
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x13" * 5000)
    (tmp_path / "garbage.db.keys").write_text("{}")
    bad = peerdesk("check", "--db", str(garbage), "--recovery-key-stdin", stdin="ab" * 32)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1
    usage = peerdesk("init", "--db", str(tmp_path / "x.db"))
    assert usage.returncode == 2
    weak = peerdesk("init", "--db", str(tmp_path / "y.db"), "--org", "O", "--admin", "a1",
                    "--password-stdin", stdin="short\n")
    assert weak.returncode == 1 and "at least 10 characters" in weak.stderr
    assert not (tmp_path / "y.db").exists()


def test_tampered_audit_trail_is_reported_by_check(cli_db) -> None:
    db, key = cli_db
    conn = sqlcipher3.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("UPDATE audit_events SET username = 'someone-else' WHERE id = 1")
    conn.commit()
    conn.close()
    done = peerdesk("check", "--db", str(db), "--recovery-key-stdin", stdin=key + "\n")
    assert done.returncode == 1
    assert "event 1 was changed" in done.stdout
    assert "audit_events_no_update was removed" in done.stdout


def test_deleted_audit_rows_are_reported_by_check(cli_db) -> None:
    db, key = cli_db
    conn = sqlcipher3.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DELETE FROM audit_events WHERE id = 2")
    conn.commit()
    conn.close()
    done = peerdesk("check", "--db", str(db), "--recovery-key-stdin", "--json", stdin=key)
    assert done.returncode == 1
    problems = json.loads(done.stdout)["problems"]
    assert any("missing (deleted)" in p for p in problems)


def test_rekey_users_rebuilds_a_lost_key_file(cli_db) -> None:
    db, key = cli_db
    sidecar_path(db).unlink()
    lost = peerdesk("check", "--db", str(db), "--user", "morgan", "--password-stdin",
                    stdin=PASSWORD)
    assert lost.returncode == 1 and "key file" in lost.stderr
    done = peerdesk("rekey-users", "--db", str(db), "--recovery-key-stdin",
                    stdin=f"{key}\nrebuilt-password-1\n")
    assert done.returncode == 0, done.stderr
    again = peerdesk("check", "--db", str(db), "--user", "morgan", "--password-stdin",
                     stdin="rebuilt-password-1\n")
    assert again.returncode == 0, again.stderr


def test_demo_command_prints_the_recovery_key_and_admin_signs_in_with_demo(tmp_path) -> None:
    db = tmp_path / "demo.db"
    done = peerdesk("demo", "--db", str(db), "--participants", "25", "--seed", "7")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"Recovery key: [0-9a-f]{64}\n", done.stdout)
    listed = peerdesk("participants", "--db", str(db), "--user", "admin", "--password-stdin",
                      stdin="demo\n")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 25


def _people(path: Path) -> list[tuple]:
    st = store.unlock(path, "admin", "demo")
    with st.session() as s:
        rows = [(p.first_name, p.last_name, p.date_of_birth, p.gender, p.race, p.status,
                 p.assigned_worker_id, p.member_id, p.last_contact_on)
                for p in s.execute(select(Participant).order_by(Participant.id)).scalars()]
        rows += [(e.participant_id, e.worker_id, e.service_date, e.start_time, e.narrative,
                  e.review_status, e.signed_at)
                 for e in s.execute(select(Encounter).order_by(Encounter.id)).scalars()]
    st.lock()
    return rows


def test_same_seed_same_demo_records(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{n}.db" for n in "abc")
    build_demo(a, participants=60, seed=3)
    build_demo(b, participants=60, seed=3)
    build_demo(c, participants=60, seed=4)
    assert _people(a) == _people(b)
    assert _people(a) != _people(c)
    statuses = {row[5] for row in _people(a) if len(row) == 9}
    assert statuses == {"active", "inactive", "discharged"}
    reviews = {row[5] for row in _people(a) if len(row) == 7}
    assert {"cosigned", "pending", "returned", ""} <= reviews  # "" = unsigned drafts
