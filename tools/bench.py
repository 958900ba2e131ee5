"""`make bench`: PeerDesk's speed on a large organization's data.

    .venv/bin/python tools/bench.py            # 20,000 participants, ~1M notes (cached)
    .venv/bin/python tools/bench.py --smoke    # tiny database, for the test suite

Each measure is repeated; median and 95th percentile are printed as a table and written to
.bench/results.json (name, median_ms, p95_ms, target_ms, ok). Search and report queries are
also run on a plain (unencrypted) copy through the stdlib sqlite3 to show what encryption
plus the ORM cost.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import DATA_VERSION, PASSWORD, build

from peerdesk.db.engine import connect_raw
from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import (
    backups,
    encounters,
    participant_list,
    reports,
    store,
    workspace,
)
from peerdesk.services.participant_list import ListFilter

HERE = Path(__file__).resolve().parent
QUERIES = ["garcia", "jose", "núñez", "washington", "o'connell", "5550", "(541) 555-01",
           "bhp4", "1980", "zam", "ren"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Bench:
    def __init__(self) -> None:
        self.results: list[dict[str, object]] = []

    def record(self, name: str, samples: list[float], target: float, unit: str = "ms",
               note: str = "") -> None:
        median, p95 = statistics.median(samples), pct(samples, 95)
        value = p95 if name.endswith("_p95") or "search" in name else median
        self.results.append({"name": name, "median_ms": round(median, 2),
                             "p95_ms": round(p95, 2), "target_ms": target, "unit": unit,
                             "ok": value <= target, "n": len(samples), "note": note})

    def time(self, name: str, fn: Callable[[], object], repeat: int, target: float,
             note: str = "") -> list[float]:
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
        self.record(name, samples, target, note=note)
        return samples

    def table(self) -> str:
        lines = [f"{'measure':<38}{'median':>10}{'p95':>10}{'target':>10}  ok"]
        for r in self.results:
            unit = " MB" if r["unit"] == "MB" else ("x" if r["unit"] == "x" else " ms")
            lines.append(f"{r['name']:<38}{r['median_ms']:>9.1f}{unit[-2:]:>1}"
                         f"{r['p95_ms']:>9.1f}{unit[-2:]:>1}{r['target_ms']:>9}{unit[-2:]:>1}"
                         f"  {'yes' if r['ok'] else 'NO'}")
        return "\n".join(lines)


def plain_copy(db: Path, key: bytes, out: Path) -> None:
    if out.exists():
        return
    conn = connect_raw(db, key)
    conn.execute(f"ATTACH DATABASE '{out}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def run(db: Path, work: Path, repeat: int, smoke: bool) -> Bench:
    bench = Bench()
    # 1. process start to the sign-in window
    samples = []
    for _ in range(3 if smoke else 5):
        t0 = time.time()
        done = subprocess.run([sys.executable, str(HERE / "bench_gui.py"), "startup", str(db),
                               str(t0)], capture_output=True, text=True, timeout=120)
        samples.append(float(done.stdout.strip().splitlines()[-1]) * 1000)
    bench.record("start_to_unlock_dialog", samples, 1500)
    # 2. unlock: key derivation + open + migrations check
    opened: list[store.Store] = []
    bench.time("unlock", lambda: opened.append(store.unlock(db, "admin", PASSWORD)),
               3 if smoke else 5, 1000, note="scrypt n=2^17 ≈ 0.35 s of this")
    for st in opened[1:]:
        st.lock()
    st = opened[0]
    key = st.vault.key
    plain = work / "plain.db"
    plain_copy(db, key, plain)
    lite = sqlite3.connect(plain)

    # 3. search per keystroke (+ the first 50 rows), encrypted+ORM vs plain sqlite3
    keystrokes, plain_keys = [], []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            flt = ListFilter(text=query[:n])
            started = time.perf_counter()
            with st.session() as s:
                ids = participant_list.matching_ids(s, st.actor, flt)
                participant_list.rows(s, ids[:50])
            keystrokes.append((time.perf_counter() - started) * 1000)
            sql, params = participant_list.search_sql(st.actor, flt)
            started = time.perf_counter()
            plain_ids = [r[0] for r in lite.execute(sql, params)]
            first = plain_ids[:50]
            lite.execute(
                "SELECT p.id, p.last_name, p.first_name, p.preferred_name, p.date_of_birth, "
                "p.phone, p.member_id, p.status, u.full_name, p.last_contact_on, "
                "p.enrolled_on FROM participants p LEFT JOIN users u ON u.id = "
                f"p.assigned_worker_id WHERE p.id IN ({','.join('?' * len(first))})",
                first).fetchall()
            plain_keys.append((time.perf_counter() - started) * 1000)
    bench.record("search_per_keystroke_p95", keystrokes, 50)
    bench.record("search_vs_plain_sqlite3_ratio",
                 [statistics.median(keystrokes) / max(statistics.median(plain_keys), 1e-6)],
                 2.0, unit="x", note=f"plain median {statistics.median(plain_keys):.1f} ms")

    # 4. first page of the participant list
    def first_page() -> None:
        with st.session() as s:
            ids = participant_list.matching_ids(s, st.actor, ListFilter())
            participant_list.rows(s, ids[:100])
    bench.time("list_first_page", first_page, repeat, 100)

    # 5. workspace with ~500 timeline events
    with st.session() as s:
        heavy = [r[0] for r in s.connection().exec_driver_sql(
            "SELECT participant_id FROM encounters GROUP BY participant_id "
            "ORDER BY count(*) DESC LIMIT 10").fetchall()]
    sizes: list[int] = []

    def open_heavy() -> None:
        with st.session() as s:
            sizes.append(len(workspace.open_workspace(s, st.actor, heavy[len(sizes) % 10])
                             .timeline))
    bench.time("workspace_open_500_events", open_heavy, repeat, 150)
    bench.results[-1]["note"] = f"median {statistics.median(sizes):.0f} events"

    # 6. saving a service note (form to committed)
    day = date.today() - timedelta(days=1)
    slot = [0]

    def save() -> None:
        slot[0] += 1
        minute = 8 * 60 + slot[0] % 600
        with st.session() as s:
            encounters.save_encounter(s, st.actor, EncounterInput(
                heavy[0], day, dtime(minute // 60, minute % 60), dtime(minute // 60 + 1, 0)
                if minute % 60 == 0 else dtime(min(23, minute // 60 + 1), minute % 60),
                "community", "recovery_coaching", narrative="Benchmark note."),
                confirm_overlap=True)
    bench.time("encounter_save", save, repeat, 50)

    # 7. reports
    from peerdesk.reports import billing_output, grant_output
    last_month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")

    def billing() -> None:
        with st.session() as s:
            report = reports.billing_report(s, st.actor, *reports.month_period(last_month))
        billing_output.write_pdf(report, work / "billing.pdf")
        billing_output.write_csv(report, work / "billing.csv")
    bench.time("billing_month_pdf_csv", billing, 2 if smoke else 3, 3000)

    def grant() -> None:
        end = date.today()
        with st.session() as s:
            report = reports.grant_report(s, st.actor, end - timedelta(days=365), end)
        grant_output.write_pdf(report, work / "grant.pdf")
    bench.time("grant_year_pdf", grant, 2 if smoke else 3, 5000)
    bench.time("backup_whole_file", lambda: backups.make_backup(
        st, work / "bench.pdbackup", automatic=True), 2 if smoke else 3, 10000,
        note=f"{db.stat().st_size / 1e6:.0f} MB file")
    st.close()

    # 8. GUI: peak memory with the large database open, and scrolling the whole list
    done = subprocess.run([sys.executable, str(HERE / "bench_gui.py"), "rss", str(db),
                           PASSWORD], capture_output=True, text=True, timeout=600)
    gui = json.loads(done.stdout.strip().splitlines()[-1])
    bench.record("scroll_whole_list_via_model", [gui["scroll_ms"]], 2000,
                 note=f"{gui['rows']} rows")
    bench.record("peak_rss_gui", [gui["peak_rss_mb"]], 400, unit="MB")
    return bench


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="tiny database (for tests)")
    parser.add_argument("--out", type=Path, default=None, help="results folder (.bench)")
    args = parser.parse_args()
    work = args.out or (Path(tempfile.mkdtemp(prefix="peerdesk-bench-")) if args.smoke
                        else Path(".bench"))
    work.mkdir(parents=True, exist_ok=True)
    size = (300, 10) if args.smoke else (20_000, 50)
    db = work / f"bench-{size[0]}-v{DATA_VERSION}.db"
    if not db.exists():
        for stale in work.glob(f"bench-{size[0]}*.db*"):  # an older version's data
            stale.unlink()
        print(f"building {db} (once) ...", file=sys.stderr)
        build(db, participants=size[0], notes_per_person=size[1],
              log=lambda m: print(m, file=sys.stderr))
    bench = run(db, work, repeat=3 if args.smoke else 15, smoke=args.smoke)
    print(bench.table())
    (work / "results.json").write_text(json.dumps(bench.results, indent=1))
    print(f"results: {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
