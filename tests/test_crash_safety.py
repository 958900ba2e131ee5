"""Killing PeerDesk at any moment loses nothing committed and leaves nothing half-done."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from peerdesk.db.caseload_models import Encounter
from peerdesk.db.models import AuditEvent
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import participants, store
from peerdesk.services.health import check
from tests.conftest import ADMIN_PASSWORD

HERE = Path(__file__).resolve().parent
ROUNDS = 50


@pytest.mark.slow
def test_sigkill_at_random_moments(new_store, db_path: Path) -> None:
    with new_store.session() as s:
        pid = participants.create_participant(s, new_store.actor,
                                              ParticipantInput("Crash", "Test")).id
    new_store.lock()
    rng = random.Random(20261125)
    committed: set[int] = set()
    for _round in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(HERE / "crash_writer.py"), str(db_path), ADMIN_PASSWORD,
             str(pid)], stdout=subprocess.PIPE, text=True, cwd=HERE.parent)
        assert child.stdout is not None
        first = child.stdout.readline()  # wait until it is writing
        assert first.strip().isdigit()
        committed.add(int(first))
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        committed |= {int(line) for line in rest.split() if line.isdigit()}

        st = store.unlock(db_path, "admin", ADMIN_PASSWORD)  # opens; clears the stale lock
        try:
            report = check(st)
            assert report.healthy, report.problems
            with st.session() as s:
                present = set(s.execute(select(Encounter.id)).scalars())
                audited = {int(e.entity_id) for e in s.execute(select(AuditEvent).where(
                    AuditEvent.action == "encounter.create")).scalars()}
                signed_ok = all(
                    (e.signed_at is None) == (e.review_status == "")
                    for e in s.execute(select(Encounter)).scalars())
        finally:
            st.lock()
        assert committed <= present  # every committed note survived
        assert present == audited  # no note without its audit row, and no orphan audit row
        assert signed_ok  # no half-signed note
    assert len(committed) > ROUNDS
