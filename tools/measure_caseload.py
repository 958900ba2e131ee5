"""Search-per-keystroke and workspace-open timings on a large demo database.

    .venv/bin/python tools/measure_caseload.py [--participants 20000] [--db .bench/caseload.db]

Builds the demo database once (cached), then times, as the supervisor (who sees everyone):
- each keystroke of realistic searches: matching ids + the first page of 50 rows;
- opening participant workspaces (header + timeline + audit row).
Prints median and 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from peerdesk.services import participant_list, store, workspace
from peerdesk.services.demo import build_demo
from peerdesk.services.participant_list import ListFilter

QUERIES = ["garcia", "jose", "núñez", "washington", "renee", "o'connell", "5550",
           "(541) 555-01", "rhp4", "03/07", "1980", "dre", "zam"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    db = args.db or Path(f".bench/caseload-{args.participants}.db")
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        t = time.perf_counter()
        build_demo(db, participants=args.participants, seed=1)
        print(f"built {db} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    st = store.unlock(db, "supervisor", "demo")
    try:
        keystrokes: list[float] = []
        for query in QUERIES:
            for n in range(1, len(query) + 1):
                t = time.perf_counter()
                with st.session() as s:
                    ids = participant_list.matching_ids(s, st.actor, ListFilter(text=query[:n]))
                    participant_list.rows(s, ids[:50])
                keystrokes.append((time.perf_counter() - t) * 1000)
        with st.session() as s:
            all_ids = participant_list.matching_ids(s, st.actor, ListFilter())
        sample = all_ids[:: max(1, len(all_ids) // 40)][:40]
        opens: list[float] = []
        events: list[int] = []
        for pid in sample:
            t = time.perf_counter()
            with st.session() as s:
                space = workspace.open_workspace(s, st.actor, pid)
            opens.append((time.perf_counter() - t) * 1000)
            events.append(len(space.timeline))
    finally:
        st.close()
    print(f"database: {db} ({len(all_ids)} participants)")
    print(f"{'measure':<34}{'n':>5}{'median ms':>11}{'p95 ms':>9}")
    print(f"{'search per keystroke (+50 rows)':<34}{len(keystrokes):>5}"
          f"{statistics.median(keystrokes):>11.1f}{pct(keystrokes, 95):>9.1f}")
    print(f"{'workspace open':<34}{len(opens):>5}"
          f"{statistics.median(opens):>11.1f}{pct(opens, 95):>9.1f}")
    print(f"timeline events per workspace: median {statistics.median(events):.0f}, "
          f"max {max(events)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
