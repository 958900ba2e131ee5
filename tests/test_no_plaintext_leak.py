"""Participant data never reaches disk in the clear: not in the database, key file, WAL,
logs, settings, caches or temp files. Everything runs in fresh processes whose home,
config, cache, state, runtime and temp folders all live in one sandbox that is scanned."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

MARKER = "Qzxv" + "Marker7731"  # split so this file's bytes are not a hit themselves
PASSWORD = "leak-admin-pass"
HERE = Path(__file__).resolve().parent


def _run(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, *args], input=stdin, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_no_participant_data_on_disk_in_the_clear(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TMP", "TEMP"))}
    for var, sub in [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"),
                     ("XDG_RUNTIME_DIR", "runtime"), ("TMPDIR", "tmp")]:
        (sandbox / sub).mkdir(parents=True)
        env[var] = str(sandbox / sub)
    os.chmod(sandbox / "runtime", 0o700)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(HERE.parent)
    db = sandbox / "data" / "PeerDesk" / "peerdesk.db"
    db.parent.mkdir(parents=True)

    out = _run(env, "-m", "peerdesk", "init", "--db", str(db), "--org", "Leak Test RCO",
               "--admin", "admin", "--password-stdin", "--recovery-kit",
               str(sandbox / "home" / "kit.pdf"), stdin=PASSWORD + "\n")
    recovery_key = out.split("Recovery key: ")[1].strip()
    # Participants with the marker in every kind of field, through the services.
    script = f"""
from pathlib import Path
from datetime import date, time, timedelta
from peerdesk.services import store, participants, encounters
from peerdesk.domain.participants import ParticipantInput
from peerdesk.domain.encounters import EncounterInput
st = store.unlock(Path({str(db)!r}), "admin", {PASSWORD!r})
with st.session() as s:
    for i in range(3):
        p = participants.create_participant(s, st.actor, ParticipantInput(
            "First{MARKER}", f"Last{MARKER}{{i}}", preferred_name="Pref{MARKER}",
            email="{MARKER.lower()}@example.org", address="12 {MARKER} Street",
            payer="Plan{MARKER}", member_id="M{MARKER[:10]}"))
        encounters.save_encounter(s, st.actor, EncounterInput(
            p.id, date.today() - timedelta(days=1), time(9, 0), time(9, 30), "community",
            "recovery_coaching", narrative="Narrative {MARKER} about housing."),
            confirm_overlap=True)
st.close()
"""
    _run(env, "-c", script)
    listed = _run(env, "-m", "peerdesk", "participants", "--db", str(db), "--user", "admin",
                  "--password-stdin", "--search", MARKER[:8], stdin=PASSWORD + "\n")
    assert MARKER in listed  # the user asked to see it: on screen, not on disk
    _run(env, "-m", "peerdesk", "check", "--db", str(db), "--user", "admin", "--password-stdin",
         stdin=PASSWORD + "\n")
    assert "driver finished" in _run(env, str(HERE / "leak_driver.py"), str(db), MARKER,
                                     PASSWORD)

    written = [p for p in sandbox.rglob("*") if p.is_file()]
    names = {p.relative_to(sandbox).as_posix() for p in written}
    assert "data/PeerDesk/peerdesk.db" in names and "data/PeerDesk/peerdesk.db.keys" in names
    assert any(n.startswith("config/PeerDesk/") for n in names), names  # window geometry
    assert any(n.startswith("state/PeerDesk/log/") for n in names), names
    needles = [MARKER.encode(), MARKER.lower().encode(), MARKER.encode("utf-16-le"),
               b"5415550177"]

    def leaks(files: list[Path]) -> list[str]:
        return [p.relative_to(sandbox).as_posix() for p in files
                if p.name != "kit.pdf" and any(n in p.read_bytes() for n in needles)]

    assert leaks(written) == []

    # The data is really there (4 participants: 3 from the services, 1 typed in the GUI),
    # and the scan does find a marker when one is in the clear.
    conn = sqlcipher3.connect(str(db))
    conn.execute(f"PRAGMA key = \"x'{recovery_key}'\"")
    found = conn.execute("SELECT count(*) FROM participants WHERE last_name LIKE ?",
                         (f"%{MARKER}%",)).fetchone()[0]
    conn.close()
    assert found == 4
    canary = sandbox / "cache" / "canary.txt"
    canary.write_text(f"x{MARKER}x")
    assert leaks([canary]) == ["cache/canary.txt"]
