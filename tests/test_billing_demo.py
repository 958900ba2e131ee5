"""On the demo database: the CSV's amounts add up to the PDF's grand total, and every line
follows the unit rule and the rate. Run through the CLI, as a program manager would."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from peerdesk.domain.billing import UnitSettings, units_for
from peerdesk.services import billing_settings, store
from peerdesk.services.demo import DEMO_RATES, build_demo


def test_demo_billing_csv_matches_pdf_and_the_rules(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    build_demo(db, participants=120, seed=4)
    st = store.unlock(db, "admin", "demo")  # the demo comes with its payers and rates
    with st.session() as s:
        assert sorted((p.name, p.requires_member_id) for p in billing_settings.payers(s)) == \
            sorted((name, kind == "medicaid") for name, kind, _amount in DEMO_RATES)
    st.close()
    month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "report", "billing", "--db", str(db), "--user",
         "manager", "--password-stdin", "--month", month, "--out", str(tmp_path / "b.pdf"),
         "--out", str(tmp_path / "b.csv")], input="demo\n", capture_output=True, text=True,
        timeout=120)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "b.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 20
    rule = UnitSettings()
    for row in rows:
        # the demo sets no daily cap, so every line is exactly the rule (caps: see
        # test_billing_report)
        assert int(row["units"]) == units_for(int(row["minutes"]), rule), row
        assert Decimal(row["amount"]) == Decimal(row["units"]) * Decimal(row["rate"])
    total = sum(Decimal(r["amount"]) for r in rows)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    summary_total = re.search(r"Total\s+[\d,]+\s+[\d,]+\s+\$([\d,]+\.\d\d)", text)
    assert summary_total is not None, text[:500]
    assert Decimal(summary_total.group(1).replace(",", "")) == total
    # the command says what it billed and why notes were left out, without opening a file
    said = done.stdout.splitlines()[0]
    assert said.startswith(f"Billed: {len(rows):,} lines,") and f"${total:,.2f}." in said
    assert "Notes left out:" in said and "No payer on the participant's record:" in said
