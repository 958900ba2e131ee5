"""The Backups screen, the automatic backups (on quit, daily), the home warning, the lock
file's heartbeat and the warnings shown after sign-in — real widgets and real files."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ui_helpers import MakeApp, button_named, click, find_message, sign_in, signed_in_window

from peerdesk.db.lockfile import DatabaseLock
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import backups, participants, settings
from peerdesk.services import store as store_mod
from peerdesk.services.store import Store
from peerdesk.ui.app import PeerDeskApp
from peerdesk.ui.background import BackgroundTask
from peerdesk.ui.backups_page import BackupsPage
from peerdesk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own PeerDesk data folder, so the default backup folder is empty."""
    folder = tmp_path / "xdg-data"
    folder.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    assert backups.default_folder().is_relative_to(folder)
    return folder


def mine(store: Store, folder: Path | None = None) -> list[Path]:
    folder = folder or backups.default_folder()
    if not folder.is_dir():
        return []
    return [b.path for b in backups.list_backups(folder) if b.database_id == store.database_id]


def open_backups(window: MainWindow) -> BackupsPage:
    page = window.backups_page
    assert page is not None
    window.show_page(window.pages.index(page))
    assert page.isVisible()
    return page


def idle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not BackgroundTask.running(), timeout=15_000)


def set_last_backup(store: Store, age: timedelta) -> None:
    with store.session() as s:
        settings.put(s, "last_backup_at", (datetime.now(UTC) - age).isoformat())


def add_participant(store: Store, last: str) -> None:
    with store.session() as s:
        participants.create_participant(s, store.actor, ParticipantInput("Ana", last))


def last_names(path: Path, password: str) -> set[str]:
    st = store_mod.unlock(path, "admin", password)
    try:
        with st.session() as s:
            return {p.last_name for p in participants.search_participants(s, st.actor)}
    finally:
        st.lock()


def test_back_up_now_shows_progress_and_lists_a_checked_backup(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    page = open_backups(window)
    assert page.empty.isVisible() and "none yet" in page.last.text()
    assert backups.default_folder().name in page.local_folder.text()
    assert "not chosen yet" in page.chosen_folder.text()
    assert "more than 2 days old" in page.about.text()  # the warning setting, read-only
    click(qtbot, page.backup_button)
    seen = page.progress_dialog.seen
    qtbot.waitUntil(lambda: "Backup made and checked" in page.result.text(), timeout=15_000)
    assert seen and seen[-1][0] == seen[-1][1] > 0  # the bar reached the end
    made = mine(closed_store)
    assert len(made) == 1 and str(made[0]) in page.result.text()
    row = page.rows()[0]
    assert row.info.path == made[0] and row.mine
    assert page.model.data(page.model.index(0, 4)) == "Yes: complete and readable"
    assert "Last good backup:" in page.last.text() and made[0].name in page.last.text()
    assert not window.home_page.backup_notice.isVisibleTo(window.home_page)


def test_cancel_leaves_no_file(qtbot: QtBot, make_app: MakeApp, closed_store: Store,
                               admin_password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = backups.make_backup
    gate = threading.Event()

    def held(store, out=None, *, folder=None, automatic=False, progress=None):  # type: ignore[no-untyped-def]
        def step(done: int, total: int) -> None:
            gate.wait(10)  # hold the copy half-way until Cancel has been pressed
            if progress is not None:
                progress(done, total)
        return real(store, out, folder=folder, automatic=automatic, progress=step)

    monkeypatch.setattr(backups, "make_backup", held)
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    page = open_backups(window)
    before = set(backups.default_folder().iterdir()) if backups.default_folder().exists() \
        else set()
    click(qtbot, page.backup_button)
    dialog = page.progress_dialog
    qtbot.waitUntil(dialog.isVisible)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    click(qtbot, cancel)
    gate.set()
    qtbot.waitUntil(lambda: "Cancelled" in page.result.text(), timeout=15_000)
    idle(qtbot)
    assert mine(closed_store) == []
    assert set(backups.default_folder().iterdir()) == before  # no file, no partial, no temp
    monkeypatch.setattr(backups, "make_backup", real)
    assert page.backup_button.isEnabled()  # and a new backup works again
    click(qtbot, page.backup_button)
    qtbot.waitUntil(lambda: len(mine(closed_store)) == 1, timeout=15_000)
    idle(qtbot)


def test_verify_a_good_and_a_damaged_backup(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, admin_password: str) -> None:
    good = backups.make_backup(new_store, folder=backups.default_folder()).path
    data = bytearray(good.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(64)
    damaged = good.with_name("peerdesk-damaged-copy.pdbackup")
    damaged.write_bytes(bytes(data))
    new_store.lock()
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    page = open_backups(window)
    assert {r.info.path for r in page.rows()} == {good, damaged}
    page.select(good)
    click(qtbot, page.verify_button)
    qtbot.waitUntil(lambda: "opens with this database's key" in page.result.text(),
                      timeout=15_000)
    page.select(damaged)
    click(qtbot, page.verify_button)
    qtbot.waitUntil(page.problem.isVisible, timeout=15_000)
    assert "damaged" in page.problem.text() and page.problem.text().startswith("\u26a0")
    checked = {r.info.path: page._checked_text(r) for r in page.rows()}
    assert checked == {good: "Yes: complete and readable", damaged: "No: damaged"}


def test_restore_writes_a_new_file_and_never_touches_the_live_one(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, db_path: Path, tmp_path: Path,
        admin_password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    add_participant(new_store, "Before")
    backup = backups.make_backup(new_store, folder=backups.default_folder()).path
    add_participant(new_store, "After")  # only in the live database
    new_store.lock()
    live_inode = db_path.stat().st_ino
    target = tmp_path / "data" / "restored.db"
    offered: list[str] = []

    def save_name(parent, title, folder, *args):  # type: ignore[no-untyped-def]
        offered.append(folder)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", admin_password)
    page = open_backups(window)
    page.select(backup)
    click(qtbot, page.restore_button)
    box = find_message(page)
    assert "new database file next to the one you have open" in box.text()
    assert "not changed or replaced" in box.text()
    click(qtbot, button_named(box, "Choose where…"))
    qtbot.waitUntil(lambda: bool(page.findChildren(QMessageBox, "peerdesk-restored")),
                      timeout=15_000)
    assert Path(offered[0]).parent == db_path.parent  # suggested next to the live file
    assert target.exists() and Path(f"{target}.keys").exists()
    assert db_path.stat().st_ino == live_inode
    assert not list(db_path.parent.glob("*.before-restore-*"))
    result = find_message(page, "peerdesk-restored")
    assert str(target) in result.text() and "was not changed" in result.text()

    # Restoring over the open database, or over any existing file, is refused.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(db_path), ""))
    click(qtbot, button_named(result, "Close"))
    page.flow.choose()  # type: ignore[union-attr]
    refusal = find_message(page, "peerdesk-message")
    assert "the database you have open" in refusal.text()
    refusal.done(0)

    # "Sign out and open it": the restored copy, same passwords, no automatic backups.
    page.flow._done(target)  # type: ignore[union-attr]
    result = find_message(page, "peerdesk-restored")
    backups_before = mine(new_store)
    click(qtbot, button_named(result, "Sign out and open it"))
    qtbot.waitUntil(lambda: app.unlock_dialog is not None and app.unlock_dialog.isVisible())
    after_close = mine(new_store)  # the live file's backup on close (the newest of the day
    assert len(after_close) == 1 and after_close != backups_before  # is kept: rotation)
    assert str(target) in app.unlock_dialog.file_label.text()
    sign_in(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: app.main_window is not None)
    copy_page = open_backups(app.main_window)
    assert copy_page.copy_mode and not copy_page.backup_button.isEnabled()
    assert "restored copy" in copy_page.about.text()
    app.quit()
    assert mine(new_store) == after_close  # none of the copy
    assert last_names(target, admin_password) == {"Before"}
    assert last_names(db_path, admin_password) == {"Before", "After"}


def test_choosing_a_folder_then_quitting_backs_up_to_both(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, tmp_path: Path,
        admin_password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    app = make_app()
    finished: list[int] = []
    app.finished.connect(finished.append)
    window = signed_in_window(qtbot, app, "admin", admin_password)
    page = open_backups(window)
    click(qtbot, page.choose_button)
    assert str(usb) in page.chosen_folder.text() and page.clear_button.isEnabled()
    assert mine(closed_store) == [] and mine(closed_store, usb) == []
    window.close()  # quit: the automatic backup, then the file closes
    assert finished == [0] and app.store is None
    assert len(mine(closed_store)) == 1 and len(mine(closed_store, usb)) == 1
    for path in (*mine(closed_store), *mine(closed_store, usb)):
        backups.verify(path)


def test_a_failed_backup_on_quit_is_explained_and_nothing_is_lost(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, db_path: Path,
        admin_password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    add_participant(new_store, "Kept")
    new_store.lock()

    def broken(*args: object, **kwargs: object) -> None:
        raise backups.BackupError("The backup could not be written to /media/usb: No space")

    app = make_app()
    finished: list[int] = []
    app.finished.connect(finished.append)
    signed_in_window(qtbot, app, "admin", admin_password)
    monkeypatch.setattr(backups, "make_backup", broken)
    app.quit()
    assert app.store is None and finished == []  # closed; the message comes first
    box = app.backup_problem
    assert box is not None and box.isVisible()
    assert "backup did not work" in box.text() and "nothing was lost" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: finished == [0])
    assert last_names(db_path, admin_password) == {"Kept"}


def _guarded_app(make_app: MakeApp, **options: object) -> PeerDeskApp:
    app = make_app()
    app.guard_options = dict(options)
    return app


def test_daily_timer_backs_up_when_the_last_backup_is_a_day_old(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, admin_password: str) -> None:
    set_last_backup(new_store, timedelta(hours=2))  # recent: nothing to do
    new_store.lock()
    app = _guarded_app(make_app, check_ms=60, first_check_ms=30)
    window = signed_in_window(qtbot, app, "admin", admin_password)
    qtbot.wait(400)
    assert mine(new_store) == []
    assert app.store is not None
    set_last_backup(app.store, timedelta(days=1, minutes=5))
    qtbot.waitUntil(lambda: len(mine(new_store)) == 1, timeout=15_000)
    idle(qtbot)
    assert "Automatic backup made" in window.statusBar().currentMessage()
    age = backups.last_backup_age(app.store)
    assert age is not None and age < timedelta(minutes=1)
    qtbot.wait(300)
    assert len(mine(new_store)) == 1  # not again until another day has passed


def test_locking_makes_the_daily_backup_only_when_due(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, admin_password: str) -> None:
    set_last_backup(new_store, timedelta(hours=3))
    new_store.lock()
    app = make_app()
    signed_in_window(qtbot, app, "admin", admin_password)
    app.lock()  # a backup 3 hours old: nothing to do
    assert mine(new_store) == []
    sign_in(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert app.store is not None
    set_last_backup(app.store, timedelta(days=2))
    app.auto_lock()  # left open overnight: the idle lock makes the daily backup first
    assert app.store is None and len(mine(new_store)) == 1


def test_home_warning_appears_when_old_and_goes_after_a_backup(
        qtbot: QtBot, make_app: MakeApp, new_store: Store, admin_password: str) -> None:
    set_last_backup(new_store, timedelta(days=5, hours=1))
    new_store.lock()
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    notice = window.home_page.backup_notice
    assert notice.isVisible()
    assert notice.text.text() == "\u26a0 The last good backup is 5 days old. Make a backup now."
    assert notice.button.isVisible() and notice.button.accessibleName() == "Back up now"
    click(qtbot, notice.button)
    qtbot.waitUntil(lambda: len(mine(new_store)) == 1, timeout=15_000)
    idle(qtbot)
    window.show_page(0)
    assert not notice.isVisible()
    assert window.backups_page is not None and "Backup made" in window.backups_page.result.text()


def test_heartbeat_while_signed_in_and_network_warning_once(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    beats: list[bool] = []
    real = DatabaseLock.heartbeat

    def counted(self: DatabaseLock) -> None:
        beats.append(True)
        real(self)

    monkeypatch.setattr(DatabaseLock, "heartbeat", counted)
    monkeypatch.setattr(store_mod, "is_network_path", lambda path: True)
    app = _guarded_app(make_app, heartbeat_ms=50)
    window = signed_in_window(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: len(beats) >= 3, timeout=5000)
    box = find_message(window, "peerdesk-message")
    assert "network share" in box.text() and "backup folder" in box.text()
    box.done(0)
    app.lock()
    count = len(beats)
    qtbot.wait(200)
    assert len(beats) == count  # no heartbeat while locked
    sign_in(qtbot, app, "admin", admin_password)
    qtbot.waitUntil(lambda: app.main_window is not None)
    assert not [b for b in app.main_window.findChildren(QMessageBox, "peerdesk-message")
                if b.isVisible()]  # shown once, not at every sign-in


def test_only_those_who_may_back_up_get_the_screen(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str) -> None:
    window = signed_in_window(qtbot, make_app(), "admin", admin_password)
    assert window.backups_page is not None and window.backup_action.isVisible()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Backups" in titles
    page = open_backups(window)
    for widget in (page.table, page.backup_button, page.verify_button, page.restore_button,
                   page.choose_button, page.last, page.local_folder):
        assert widget.accessibleName()


def test_managers_back_up_but_only_administrators_choose_the_folder(
        qtbot: QtBot, make_app: MakeApp, team: object) -> None:
    from peerdesk.db.models import User
    from tests.conftest import TEAM_PASSWORD

    admin = team.admin  # type: ignore[attr-defined]
    with admin.session() as s:
        for user in s.query(User).filter(User.username.in_(["pm", "wes"])):
            user.must_change_password = False
    admin.lock()
    app = make_app()
    window = signed_in_window(qtbot, app, "pm", TEAM_PASSWORD)
    page = open_backups(window)
    assert page.backup_button.isVisible() and not page.choose_button.isVisible()
    window.show_page(0)
    assert window.home_page.backup_notice.button.isVisible()
    app.lock()  # no backup yet, so the lock made one
    assert len(mine(admin)) == 1
    st = store_mod.unlock(admin.path, "pm", TEAM_PASSWORD)
    set_last_backup(st, timedelta(days=3))
    st.lock()
    sign_in(qtbot, app, "wes", TEAM_PASSWORD)  # a peer worker: told, but cannot back up
    qtbot.waitUntil(lambda: app.main_window is not None)
    worker = app.main_window
    assert worker.backups_page is None and not worker.backup_action.isVisible()
    notice = worker.home_page.backup_notice
    assert notice.isVisible() and "3 days old" in notice.text.text()
    assert not notice.button.isVisible()
