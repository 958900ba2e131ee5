"""The window and the command line leave the same audit rows for the same action."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_ui_setup_wizard import GOOD_PASSWORD, create_through_wizard
from ui_helpers import click

from peerdesk.db.models import AuditEvent
from peerdesk.services import store as store_mod
from peerdesk.ui.app import PeerDeskApp

SIGN_IN_ROWS = {"login", "logout", "lock"}


def _trail(db: Path, username: str, password: str) -> list[tuple[str, str]]:
    st = store_mod.unlock(db, username, password)
    try:
        with st.session() as s:
            rows = s.execute(select(AuditEvent.action, AuditEvent.entity)
                             .order_by(AuditEvent.id)).all()
    finally:
        st.lock()
    return [(a, e) for a, e in rows if a not in SIGN_IN_ROWS]


def test_creating_a_database_with_its_recovery_kit_audits_the_same_from_both_faces(
        qtbot: QtBot, make_app: Callable[[], PeerDeskApp], db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the window: the setup wizard, then "Save the Recovery Kit PDF"
    wizard = create_through_wizard(qtbot, make_app)
    gui_kit = tmp_path / "gui-kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(gui_kit), "PDF files (*.pdf)")))
    click(qtbot, wizard.kit_page.save_button)
    assert gui_kit.read_bytes().startswith(b"%PDF")
    wizard.store.lock()
    gui = _trail(db_path, "maria.lopez", GOOD_PASSWORD)

    # the command line: peerdesk init --recovery-kit
    cli_db = tmp_path / "cli" / "org.db"
    cli_kit = tmp_path / "cli-kit.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "peerdesk", "init", "--db", str(cli_db),
         "--org", "Harbor Light Recovery Community", "--admin", "maria.lopez",
         "--admin-name", "Maria Lopez", "--credential", "CPRS", "--password-stdin",
         "--recovery-kit", str(cli_kit)],
        input=GOOD_PASSWORD + "\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert cli_kit.read_bytes().startswith(b"%PDF")
    cli = _trail(cli_db, "maria.lopez", GOOD_PASSWORD)

    assert ("recovery_kit.export", "database") in gui
    assert gui == cli
