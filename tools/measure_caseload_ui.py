"""Timings of the caseload screens themselves (offscreen Qt) on a large demo database.

    .venv/bin/python tools/measure_caseload_ui.py [--db .bench/caseload-20000.db]

Uses the database built by tools/measure_caseload.py (demo, 20,000 participants; signs in
as the supervisor, who sees everyone). Measures, with the real widgets:
- per keystroke in the participant search: the work after the ~120 ms pause (all matching
  ids, the rows on screen fetched and painted), and keystroke-to-rows-shown including it;
- the whole key press itself while a search is pending (typing must never wait);
- opening a participant's workspace (header, timeline, notes tab, audited) and painting it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from peerdesk.services import store
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.participants_page import SEARCH_DELAY_MS

QUERIES = ["garcia", "jose", "nunez", "washington", "renee", "o'connell", "5550",
           "(541) 555-01", "rhp4", "03/07", "1980", "dre", "zam"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> str:
    return (f"{name:<44}{len(values):>5}{statistics.median(values):>11.1f}"
            f"{pct(values, 95):>9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path(".bench/caseload-20000.db"))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run tools/measure_caseload.py first", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication([])
    st = store.unlock(args.db, "supervisor", "demo")
    window = MainWindow(st)
    window.resize(1280, 800)
    window.show()
    window.show_page(window.pages.index(window.participants_page))
    page = window.participants_page
    app.processEvents()
    total = page.model.rowCount()
    search_work: list[float] = []
    key_press: list[float] = []
    for query in QUERIES:
        page.search.clear()
        page.apply_filters()
        for char in query:
            started = time.perf_counter()
            page.search.insert(char)  # what a key press does; the search waits ~120 ms
            app.processEvents()
            key_press.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            page.apply_filters()  # what the timer runs once typing pauses
            app.processEvents()  # rows on screen fetched and painted
            search_work.append((time.perf_counter() - started) * 1000)
    opens: list[float] = []
    page.search.clear()
    page.apply_filters()
    ids = [page.model.id_at(i) for i in range(0, page.model.rowCount(), 500)][:40]
    for pid in ids:
        assert pid is not None
        started = time.perf_counter()
        window.open_participant(pid)
        app.processEvents()
        opens.append((time.perf_counter() - started) * 1000)
        window.back_to_list()
    window.hide()
    window.deleteLater()
    app.processEvents()
    st.close()
    print(f"database: {args.db} ({total} participants visible to the supervisor)")
    print(f"{'measure (ms)':<44}{'n':>5}{'median':>11}{'p95':>9}")
    print(line("key press while a search is pending", key_press))
    print(line("search after the pause (ids + rows painted)", search_work))
    print(line(f"keystroke to rows shown (+{SEARCH_DELAY_MS} ms pause)",
               [w + SEARCH_DELAY_MS for w in search_work]))
    print(line("open workspace (audited) and paint", opens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
