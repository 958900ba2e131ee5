"""Build the large benchmark database (cached under .bench/): 20,000 participants, about a
million service notes over three years, assessments, referrals and a directory.

Rows go in through one keyed SQLCipher connection in bulk (the services would take hours
for a million notes); columns this script does not know get neutral defaults, so the
generator keeps working as the schema grows.
"""

from __future__ import annotations

import json
import random
import time as clock
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from peerdesk.db.engine import connect_raw
from peerdesk.domain.roles import Role
from peerdesk.domain.search import participant_search_text
from peerdesk.services import store, users
from peerdesk.services.demo import FIRST, LAST

PASSWORD = "bench-password"
SETTINGS = ["community", "phone", "recovery_center", "home", "video", "hospital", "treatment"]
KINDS = ["recovery_coaching", "recovery_coaching", "resource_navigation", "crisis_support",
         "advocacy"]
REFERRAL_KINDS = ["housing", "moud", "food", "id_documents", "employment", "mutual_aid",
                  "legal", "other"]
TOPICS = ["housing", "work", "family", "health", "meetings"]
REFERRAL_STATUSES = ["made", "contacted", "connected", "completed", "declined",
                     "unable_to_reach", "closed"]


def _columns(conn, table: str) -> list[tuple[str, str, bool, bool]]:  # type: ignore[no-untyped-def]
    """(name, type, not null, has default) for each column."""
    return [(r[1], (r[2] or "").upper(), bool(r[3]), r[4] is not None)
            for r in conn.execute(f"PRAGMA table_info({table})")]


def _filler(kind: str, now: str) -> object:
    if "INT" in kind or "BOOL" in kind:
        return 0
    if "DATETIME" in kind:
        return now
    if "DATE" in kind:
        return now[:10]
    if any(k in kind for k in ("FLOAT", "REAL", "NUMERIC")):
        return 0
    return ""


def bulk(conn, table: str, rows, chunk: int = 20000) -> int:  # type: ignore[no-untyped-def]
    """Insert dict rows; NOT NULL columns missing from a row get neutral values."""
    columns = _columns(conn, table)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    count = 0
    batch: list[dict[str, object]] = []

    def flush() -> None:
        if not batch:
            return
        names = [c for c, _k, nn, has_default in columns
                 if c in batch[0] or (nn and not has_default and c != "id")]
        fill = {c: _filler(k, now) for c, k, nn, _d in columns if nn and c != "id"}
        sql = (f"INSERT INTO {table} ({', '.join(names)}) VALUES "
               f"({', '.join('?' for _ in names)})")
        conn.executemany(sql, ([r.get(c, fill.get(c)) for c in names] for r in batch))
        batch.clear()

    for row in rows:
        batch.append(row)
        count += 1
        if len(batch) >= chunk:
            flush()
    flush()
    return count


# Bumped whenever build() makes different data, so `make bench` rebuilds its cached copy.
DATA_VERSION = 2


def build(path: Path, participants: int = 20_000, notes_per_person: int = 50,
          seed: int = 8, log=print) -> dict[str, int]:  # type: ignore[no-untyped-def]
    started = clock.perf_counter()
    rng = random.Random(seed)
    st, _recovery = store.create_database(path, "Bench Recovery Community", "admin",
                                          "Bench Admin", PASSWORD, credential="CPRS")
    with st.session() as s:
        sup = users.add_user(s, st.actor, st.vault, users.NewUser(
            "supervisor", "Sam Supervisor", frozenset({Role.SUPERVISOR}), PASSWORD, "CPRS"))
        sup.must_change_password = False
        worker = users.add_user(s, st.actor, st.vault, users.NewUser(
            "worker", "Wren Worker", frozenset({Role.PEER_WORKER}), PASSWORD, "CARC"))
        worker.must_change_password = False
    key = st.vault.key
    st.lock()
    conn = connect_raw(path, key)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    now = datetime.now(UTC).replace(tzinfo=None)
    today = date.today()
    counts: dict[str, int] = {}
    created = now.isoformat(sep=" ")
    worker_ids = [2, 3, *range(4, 44)]
    counts["users"] = bulk(conn, "users", ({
        "id": wid, "username": f"worker{wid:03d}", "full_name": f"{rng.choice(FIRST)} "
        f"{rng.choice(LAST)}", "credential": "CPRS", "roles": "peer_worker", "active": 1,
        "must_change_password": 0, "created_at": created} for wid in range(4, 44)))
    conn.execute("INSERT INTO payers (id, name, kind, requires_member_id, active, created_at) "
                 "VALUES (1, 'Bench Health Plan', 'medicaid', 1, 1, ?)", (created,))
    conn.execute("INSERT INTO billing_rates (payer_id, code, modifier, amount, start_date, "
                 "created_at) VALUES (1, 'H0038', '', 21.5, '2000-01-01', ?)", (created,))
    conn.execute("INSERT INTO billing_rates (payer_id, code, modifier, amount, start_date, "
                 "created_at) VALUES (1, 'H0038', 'HQ', 6.0, '2000-01-01', ?)", (created,))

    def people():  # type: ignore[no-untyped-def]
        for pid in range(1, participants + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            born = today - timedelta(days=rng.randint(19 * 365, 70 * 365))
            phone = f"(541) 555-{rng.randint(0, 9999):04d}"
            member = f"BHP{rng.randint(10_000_000, 99_999_999)}"
            enrolled = today - timedelta(days=rng.randint(30, 3 * 365))
            yield {"id": pid, "first_name": first, "last_name": last, "preferred_name": "",
                   "date_of_birth": born.isoformat(), "phone": phone, "preferred_language": "en",
                   "gender": rng.choice(["woman", "man", "non_binary"]),
                   "race": rng.choice(["white", "black", "asian", "multiracial", ""]),
                   "ethnicity": rng.choice(["hispanic", "not_hispanic"]), "veteran": "no",
                   "justice_involved": "unknown", "payer": "Bench Health Plan",
                   "member_id": member, "assigned_worker_id": rng.choice(worker_ids),
                   "status": "active", "enrolled_on": enrolled.isoformat(),
                   "status_since": enrolled.isoformat(), "archived": 0, "created_at": created,
                   "updated_at": created, "search_text": participant_search_text(
                       first, last, "", phone, member, born),
                   "last_contact_on": (today - timedelta(days=rng.randint(0, 40))).isoformat()}
    counts["participants"] = bulk(conn, "participants", people())
    log(f"  participants: {counts['participants']} ({clock.perf_counter() - started:.0f} s)")

    heavy = set(rng.sample(range(1, participants + 1), 20))  # ~500 notes each

    def notes():  # type: ignore[no-untyped-def]
        nid = 0
        for pid in range(1, participants + 1):
            n = 500 if pid in heavy else rng.randint(notes_per_person // 2,
                                                     notes_per_person * 3 // 2)
            worker_id = rng.choice(worker_ids)
            for _ in range(n):
                nid += 1
                day = today - timedelta(days=rng.randint(1, 3 * 365))
                start = rng.randint(8 * 60, 17 * 60)
                minutes = rng.choice([15, 20, 30, 45, 60, 90])
                signed = rng.random() < 0.97
                yield {"id": nid, "participant_id": pid, "worker_id": worker_id,
                       "service_date": day.isoformat(),
                       "start_time": f"{start // 60:02d}:{start % 60:02d}:00.000000",
                       "end_time": f"{(start + minutes) // 60:02d}:"
                                   f"{(start + minutes) % 60:02d}:00.000000",
                       "minutes": minutes, "setting": rng.choice(SETTINGS),
                       "service_type": rng.choice(KINDS), "service_code": "H0038",
                       "modifier": "", "is_group": 0,
                       "narrative": f"Met and talked about {rng.choice(TOPICS)}; next "
                                    "step agreed.",
                       "naloxone_kits": 1 if rng.random() < 0.05 else 0, "created_at": created,
                       "updated_at": created,
                       "signed_at": f"{day.isoformat()} 17:00:00.000000" if signed else None,
                       "signed_by_name": "Worker" if signed else "",
                       "review_status": "cosigned" if signed else ""}
    counts["encounters"] = bulk(conn, "encounters", notes(), chunk=50_000)
    log(f"  encounters: {counts['encounters']} ({clock.perf_counter() - started:.0f} s)")

    counts["participant_status_changes"] = bulk(conn, "participant_status_changes", (
        {"participant_id": pid, "status": "active", "effective_on": enrolled, "reason":
         "Enrolled", "changed_at": created} for pid, enrolled in conn.execute(
            "SELECT id, enrolled_on FROM participants").fetchall()))

    def assessments():  # type: ignore[no-untyped-def]
        for n in range(participants * 3):
            pid = rng.randint(1, participants)
            answers = [rng.randint(1, 6) for _ in range(10)]
            day = today - timedelta(days=rng.randint(1, 3 * 365))
            yield {"participant_id": pid, "instrument_id": "barc10",
                   "instrument_version": "2017", "administered_on": day.isoformat(),
                   "worker_id": 2, "answers": json.dumps(answers), "answered": 10,
                   "total": float(sum(answers)), "subscales": "{}", "band": "",
                   "prorated": 0, "notes": "", "created_at": created, "updated_at": created,
                   "signed_at": f"{day.isoformat()} 12:00:00.000000",
                   "signed_by_name": "Worker", "id": n + 1}
    counts["assessments"] = bulk(conn, "assessments", assessments())

    services = max(20, participants // 4)
    counts["resource_organizations"] = bulk(conn, "resource_organizations", (
        {"id": n, "name": f"Community Agency {n}", "active": 1, "created_at": created,
         "updated_at": created} for n in range(1, 501)))
    counts["resource_services"] = bulk(conn, "resource_services", (
        {"id": n, "organization_id": 1 + n % 500, "name": f"Service {n} "
         f"{rng.choice(REFERRAL_KINDS)}", "status": "active", "active": 1, "favourite": 0,
         "search_text": f"|service {n}|", "created_at": created, "updated_at": created}
        for n in range(1, services + 1)))

    def referrals():  # type: ignore[no-untyped-def]
        for n in range(participants * 2):
            day = today - timedelta(days=rng.randint(1, 3 * 365))
            yield {"id": n + 1, "participant_id": rng.randint(1, participants),
                   "service_id": rng.randint(1, services), "recipient_name": "Service",
                   "recipient_kind": rng.choice(REFERRAL_KINDS),
                   "status": rng.choice(REFERRAL_STATUSES), "status_since": day.isoformat(),
                   "referred_on": day.isoformat(), "warm_handoff": 0, "shares_information": 0,
                   "created_at": created, "updated_at": created}
    counts["referrals"] = bulk(conn, "referrals", referrals())

    def consents():  # type: ignore[no-untyped-def]
        """Most participants signed a consent for billing their plan (42 CFR Part 2) at
        enrollment; 3% did not, so their notes are left out of the bill."""
        for pid, enrolled in conn.execute("SELECT id, enrolled_on FROM participants")\
                .fetchall():
            if rng.random() < 0.03:
                continue
            signed = date.fromisoformat(enrolled)
            yield {"participant_id": pid, "discloser": "Bench Recovery Community",
                   "information": "Name, member id and the services I receive",
                   "recipients": "Bench Health Plan", "recipient_classes": "",
                   "purpose": "For treatment, payment, and health care operations",
                   "revocation_how": "In writing", "expires_on": (
                       signed + timedelta(days=4 * 365)).isoformat(), "expiry_event": "",
                   "signer_name": "Participant", "signer_relationship": "",
                   "signed_on": signed.isoformat(), "revocation_method": "",
                   "created_at": created, "updated_at": created}
    counts["consents"] = bulk(conn, "consents", consents())
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    log(f"  built in {clock.perf_counter() - started:.0f} s: {counts}")
    return counts
