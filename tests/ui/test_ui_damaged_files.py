"""Damaged or wrong files, a database open elsewhere, and unexpected errors in the GUI: one
clear message, no traceback, no crash, and the files unchanged byte for byte."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, button_named, click, find_message, sign_in, type_into

from peerdesk.db.keyslots import sidecar_path
from peerdesk.services import backups
from peerdesk.services.store import Store
from peerdesk.ui import crash_guard
from peerdesk.ui.background import BackgroundTask
from peerdesk.ui.unlock_dialog import UnlockDialog
from tests.test_damaged_files import CASES, _snapshot
from tests.test_single_writer import _holder_process

PRIVATE = "Marisol Núñez 541-555-0177"  # stands for participant data in an error's text


def _try_sign_in(qtbot: QtBot, make_app: MakeApp, password: str) -> str:
    return _failed_dialog(qtbot, make_app, password).problem.text()


def _failed_dialog(qtbot: QtBot, make_app: MakeApp, password: str) -> UnlockDialog:
    app = make_app()
    app.start()
    sign_in(qtbot, app, "admin", password)
    dialog = app.unlock_dialog
    assert dialog is not None and dialog.isVisible(), "the sign-in dialog went away"
    assert app.main_window is None and app.store is None
    assert dialog.problem.isVisible() and dialog.password.text() == ""
    return dialog


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_file_shows_one_message_in_the_sign_in_dialog(
        case: str, qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    damage, expected = CASES[case]
    damage(db_path)
    before = _snapshot(db_path.parent)
    text = _try_sign_in(qtbot, make_app, admin_password)
    assert expected in text and text.startswith("\u26a0 ")
    assert "Traceback" not in text and "\n" not in text
    assert _snapshot(db_path.parent) == before


def test_newer_schema_is_explained_and_unchanged(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, db_path: Path,
        admin_password: str) -> None:
    with new_store.session() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    new_store.lock()
    before = _snapshot(db_path.parent)
    text = _try_sign_in(qtbot, make_app, admin_password)
    assert "newer version of PeerDesk" in text and "nothing was changed" in text
    assert _snapshot(db_path.parent) == before


def test_damaged_key_file_messages_say_what_to_do(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    sidecar_path(db_path).unlink()
    text = _try_sign_in(qtbot, make_app, admin_password)
    assert "Restore it from a backup" in text and "recovery key" in text


def test_database_open_elsewhere_names_who_has_it(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, db_path: Path,
        admin_password: str) -> None:
    holder = _holder_process(db_path, admin_password)
    try:
        dialog = _failed_dialog(qtbot, make_app, admin_password)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    text = dialog.problem.text()
    assert "open in another PeerDesk: admin on computer" in text and ", since 20" in text
    assert "Ask them to close PeerDesk" in text
    assert not dialog.restore_button.isVisible()  # nothing is wrong with the file


def test_a_damaged_file_can_be_replaced_by_a_backup_from_the_sign_in_dialog(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, db_path: Path, tmp_path: Path,
        admin_password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    backup = backups.make_backup(new_store, tmp_path / "saved.pdbackup").path
    new_store.lock()
    CASES["truncated"][0](db_path)
    damaged = db_path.read_bytes()
    dialog = _failed_dialog(qtbot, make_app, admin_password)
    assert "cut short" in dialog.problem.text() and dialog.restore_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    click(qtbot, dialog.restore_button)
    box = find_message(dialog)
    assert "is not deleted" in box.text() and "Harbor Light" in box.text()
    click(qtbot, button_named(box, "Put it in place"))
    qtbot.waitUntil(dialog.notice.isVisible, timeout=15_000)
    assert "now in place" in dialog.notice.text() and not dialog.problem.isVisible()
    kept = list(db_path.parent.glob("peerdesk.db.before-restore-*"))
    assert [p.read_bytes() for p in kept if p.suffix != ".keys"] == [damaged]
    type_into(qtbot, dialog.password, admin_password)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_wrong_password_does_not_offer_a_restore(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store) -> None:
    dialog = _failed_dialog(qtbot, make_app, "not-the-password")
    assert not dialog.restore_button.isVisible()


_DRIVER = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from peerdesk.ui.unlock_dialog import UnlockDialog
    app = QApplication([])
    dialog = UnlockDialog(Path(sys.argv[1]))
    dialog.username.setText("admin")
    dialog.password.setText(sys.stdin.readline().strip())
    dialog.sign_in()
    print("PROBLEM:" + dialog.problem.problem())
""")


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root to run the dialog as another (non-owner) user")
def test_read_only_folder_is_explained_in_the_dialog(closed_store: Store, db_path: Path,
                                                      admin_password: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="peerdesk-ro-", dir="/tmp"))
    home = Path(tempfile.mkdtemp(prefix="peerdesk-ro-home-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)  # others may read, only the owner (root) may write
        os.chmod(home, 0o777)
        for path in (db_path, sidecar_path(db_path)):
            shutil.copy(path, folder / path.name)
            os.chmod(folder / path.name, 0o644)
        before = _snapshot(folder)
        env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(home),
               "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home)}
        done = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-c", _DRIVER, str(folder / db_path.name)],
            input=admin_password + "\n", capture_output=True, text=True, timeout=60, env=env)
        after = _snapshot(folder)
    finally:
        shutil.rmtree(folder)
        shutil.rmtree(home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    problem = done.stdout.split("PROBLEM:", 1)[1].strip()
    assert "read-only" in problem and str(folder) in problem
    assert after == before


@pytest.mark.qt_no_exception_capture
def test_unexpected_error_in_a_slot_is_logged_without_values_and_explained(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Go", window)

    def broken() -> None:
        raise ValueError(f"bad phone for {PRIVATE}")

    button.clicked.connect(broken)
    window.show()
    restore = crash_guard.install()
    try:
        with caplog.at_level(logging.ERROR, logger="peerdesk"):
            click(qtbot, button)
            qtbot.waitUntil(lambda: any(
                b.isVisible() for b in QApplication.topLevelWidgets()
                if isinstance(b, QMessageBox) and b.objectName() == "peerdesk-unexpected"))
    finally:
        restore()
    box = next(b for b in QApplication.topLevelWidgets()
               if isinstance(b, QMessageBox) and b.objectName() == "peerdesk-unexpected"
               and b.isVisible())
    assert "Something went wrong in PeerDesk (ValueError)" in box.text()
    assert PRIVATE not in box.text()
    box.done(0)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unexpected ValueError" in logged and "test_ui_damaged_files.py" in logged
    assert "broken" in logged  # where: the function's name, not its data
    assert "Marisol" not in logged and "555" not in logged


def test_a_failing_background_task_reports_plainly_and_logs_no_values(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    def work(_control: object) -> None:
        raise RuntimeError(f"row for {PRIVATE}")

    task = BackgroundTask(work)
    messages: list[str] = []
    task.failed.connect(messages.append)
    with caplog.at_level(logging.ERROR, logger="peerdesk"):
        task.start()
        qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "unexpected problem (RuntimeError)" in messages[0]
    assert PRIVATE not in messages[0]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "Marisol" not in logged


def test_many_signal_emits_do_not_crash_python() -> None:
    """PySide6 6.12 on Python 3.11 loses a reference to True on every Python emit(): without
    peerdesk.ui.pyside_fixes, PeerDesk aborted after some thousands of mouse moves."""
    code = textwrap.dedent("""
        import sys
        import peerdesk.ui
        from PySide6.QtCore import QObject, Signal
        class Thing(QObject):
            moved = Signal()
        thing = Thing()
        thing.moved.connect(lambda: None)
        before = sys.getrefcount(True)
        for _ in range(3 * before + 10_000):
            thing.moved.emit()
            thing.moved.connect(print)
            thing.moved.disconnect(print)
        print("ok", sys.getrefcount(True) >= before - 5)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["ok", "True"]
