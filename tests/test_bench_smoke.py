"""The benchmark still runs (on a tiny database), so `make bench` does not rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"start_to_unlock_dialog", "unlock", "search_per_keystroke_p95",
            "search_vs_plain_sqlite3_ratio", "list_first_page", "workspace_open_500_events",
            "encounter_save", "billing_month_pdf_csv", "grant_year_pdf", "backup_whole_file",
            "scroll_whole_list_via_model", "peak_rss_gui"}


@pytest.mark.slow
def test_bench_smoke(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "bench.py"), "--smoke",
                           "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert {r["name"] for r in results} == EXPECTED
    for r in results:
        assert set(r) >= {"name", "median_ms", "p95_ms", "target_ms", "ok"}
        assert r["median_ms"] > 0
    assert "search_per_keystroke_p95" in done.stdout
    assert (tmp_path / "billing.pdf").exists() and (tmp_path / "grant.pdf").exists()
