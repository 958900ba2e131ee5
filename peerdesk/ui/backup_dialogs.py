"""Backup pieces outside the Backups screen: the home-screen warning, the restore steps, and
the backup made when PeerDesk closes.

Restoring from the Backups screen never touches the open database: the backup is written
as a new file next to it, and PeerDesk offers to sign out and open that file.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.db.keyslots import sidecar_path
from peerdesk.domain.roles import Permission
from peerdesk.services import backups
from peerdesk.services.backups import BackupInfo
from peerdesk.services.store import Store
from peerdesk.ui.background import TaskControl, run_and_wait, run_with_progress
from peerdesk.ui.common import WARNING_SIGN, confirm, show_error
from peerdesk.ui.list_widgets import format_moment


def _translate(text: str) -> str:
    return QCoreApplication.translate("PeerDesk", text)


class BackupNotice(QFrame):
    """Home screen: "⚠ The last good backup is N days old…" and, for those who may,
    a Back up now button. Hidden while backups are recent."""

    backup_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("backup-notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Backup warning"))
        row = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(self.tr("Backup warning"))
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        row.addWidget(self.text, 1)
        self.button = QPushButton(self.tr("&Back up now"))
        self.button.setAccessibleName(self.tr("Back up now"))
        self.button.clicked.connect(self.backup_requested)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.enabled = True  # off for a restored copy opened to look things up
        self.hide()

    def refresh(self) -> None:
        if self.store.closed or not self.enabled:
            self.hide()
            return
        try:
            warning = backups.backup_warning(self.store)
        except StoreError:
            warning = None
        if not warning:
            self.text.clear()
            self.hide()
            return
        self.text.setText(f"{WARNING_SIGN} {warning}")
        self.setAccessibleDescription(warning)
        self.button.setVisible(self.store.actor.can(Permission.BACKUP))
        self.show()


def default_restore_target(live: Path, backup: BackupInfo) -> Path:
    """``<live name>-restored-<backup date>.db`` next to the open database, never taken."""
    stamp = backup.created.astimezone().strftime("%Y-%m-%d_%H%M")
    base = live.with_name(f"{live.stem}-restored-{stamp}")
    candidate, n = base.with_suffix(".db"), 2
    while candidate.exists() or sidecar_path(candidate).exists():
        candidate = base.with_name(f"{base.name}-{n}").with_suffix(".db")
        n += 1
    return candidate


def restore_target_problem(target: Path, live: Path) -> str | None:
    """Why a chosen file name cannot take a restored copy (None if it can)."""
    if target.resolve() == live.resolve():
        return _translate("That is the database you have open. Choose a new file name: "
                          "restoring never replaces the database you are working in.")
    if target.exists() or sidecar_path(target).exists():
        return _translate("A file named {name} already exists there. Choose a new name: "
                          "PeerDesk never overwrites a file when restoring.").format(
                              name=target.name)
    if not target.parent.is_dir():
        return _translate("The folder {f} does not exist.").format(f=target.parent)
    if not os.access(target.parent, os.W_OK):
        return _translate("PeerDesk cannot write to {f}. Choose another folder.").format(
            f=target.parent)
    return None


class RestoreFlow(QObject):
    """Explain, choose a new file, restore off the UI thread, then offer to open it.
    ``open_requested(path)`` asks the app to sign out and open the restored file."""

    open_requested = Signal(object)
    restored = Signal(object)  # the new database's path

    def __init__(self, parent: QWidget, live: Path, backup: BackupInfo) -> None:
        super().__init__(parent)
        self.widget = parent
        self.live = Path(live)
        self.backup = backup
        self.target: Path | None = None
        self.result_box: QMessageBox | None = None

    def start(self) -> None:
        when = format_moment(self.backup.created)
        confirm(self.widget, self.tr("Restore a backup"), self.tr(
            "Restore the backup made {when} ({org})?\n\n"
            "PeerDesk writes the backup out as a new database file next to the one you have "
            "open. The database you are working in now is not changed or replaced.\n\n"
            "Next, choose a name for the new file.").format(
                when=when, org=self.backup.organization or self.tr("no organization name")),
            self.tr("&Choose where…"), self.choose)

    def choose(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.widget, self.tr("Where to write the restored database"),
            str(default_restore_target(self.live, self.backup)),
            self.tr("PeerDesk database (*.db)"), "",
            QFileDialog.Option.DontConfirmOverwrite)
        if not chosen:
            return
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(".db")
        problem = restore_target_problem(target, self.live)
        if problem is not None:
            show_error(self.widget, problem)
            return
        self.target = target
        source = self.backup.path

        def work(_control: TaskControl) -> Path:
            backups.restore(source, target)
            return target

        run_with_progress(self.widget, self.tr("Restoring"), self.tr(
            "Writing the backup to {name}…").format(name=target.name), work,
            on_success=self._done, on_failure=lambda text: show_error(self.widget, text),
            cancellable=False, kind="restore")

    def _done(self, target: Path) -> None:
        self.restored.emit(target)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Backup restored"), self.tr(
            "The backup was written to:\n{path}\n\nThe database you have open was not "
            "changed.\n\nTo work in the restored copy, sign out and open it. Sign in with "
            "the passwords that were in use when the backup was made. The copy is for "
            "looking things up: automatic backups are off while it is open, and PeerDesk "
            "opens your usual database again the next time it starts.").format(path=target),
            QMessageBox.StandardButton.NoButton, self.widget)
        box.setObjectName("peerdesk-restored")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAccessibleName(self.tr("Backup restored"))
        box.setAccessibleDescription(box.text())
        self.open_button = box.addButton(self.tr("&Sign out and open it"),
                                         QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(close)
        box.setEscapeButton(close)
        box.finished.connect(lambda _r: self._answered(box))
        self.result_box = box
        box.open()

    def _answered(self, box: QMessageBox) -> None:
        if box.clickedButton() is self.open_button and self.target is not None:
            self.open_requested.emit(self.target)


class RestoreInPlace(QObject):
    """From the sign-in dialog, when the file cannot be opened (damaged, cut short, key file
    lost): put a backup in its place. The file that was there is moved aside, never
    deleted (``backups.restore``). ``restored(message)`` when done."""

    restored = Signal(str)

    def __init__(self, parent: QWidget, db_path: Path) -> None:
        super().__init__(parent)
        self.widget = parent
        self.db_path = Path(db_path)

    def start(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.widget, self.tr("Choose a PeerDesk backup"), str(backups.default_folder()),
            self.tr("PeerDesk backups (*.pdbackup)"))
        if not chosen:
            return
        backup = Path(chosen)
        try:
            doc = backups.read_manifest(backup)
        except StoreError as exc:
            show_error(self.widget, str(exc))
            return
        confirm(self.widget, self.tr("Restore a backup"), self.tr(
            "Put the backup of {org} made {when} in place of {file}?\n\nThe file that is "
            "there now is not deleted: PeerDesk keeps it beside, with \"before-restore\" "
            "and the time in its name. Afterwards, sign in with the passwords that were in "
            "use when the backup was made.").format(
                org=doc.get("organization") or "?", when=_when(doc), file=self.db_path),
            self.tr("&Put it in place"), lambda: self._run(backup, doc))

    def _run(self, backup: Path, doc: dict[str, str]) -> None:
        target = self.db_path

        def work(_control: TaskControl) -> Path | None:
            return backups.restore(backup, target)

        def done(moved: Path | None) -> None:
            kept = self.tr(" The file that was there is kept as {moved}.").format(
                moved=moved.name) if moved else ""
            self.restored.emit(self.tr(
                "The backup made {when} is now in place.{kept} Sign in with the passwords "
                "that were in use when the backup was made.").format(when=_when(doc),
                                                                    kept=kept))

        run_with_progress(self.widget, self.tr("Restoring"), self.tr("Restoring the backup…"),
                          work, on_success=done,
                          on_failure=lambda text: show_error(self.widget, text),
                          cancellable=False, kind="restore")


def _when(doc: dict[str, str]) -> str:
    try:
        return format_moment(datetime.fromisoformat(doc["created"]))
    except (KeyError, ValueError):
        return "?"


def backup_before_close(store: Store, parent: QWidget | None = None, *,
                        locking: bool = False) -> str | None:
    """The automatic backup when PeerDesk closes (or switches file, or locks with a backup
    due), with a small progress dialog. Returns a message to show if it failed; the
    database itself is never at risk."""
    def work(control: TaskControl) -> tuple[list[BackupInfo], list[backups.FolderFailure]]:
        return backups.back_up_everywhere(store, automatic=True, progress=control.progress)

    if locking:
        title, label = (_translate("Locking PeerDesk"),
                        _translate("Making the daily automatic backup before locking…"))
    else:
        title, label = (_translate("Closing PeerDesk"),
                        _translate("Making the automatic backup before closing…"))
    outcome, value = run_and_wait(parent, title, label, work, cancellable=True,
                                  cancel_error=backups.Cancelled)
    if outcome == "ok":
        _made, failed = value
        if not failed:
            return None
        detail = " ".join(f.message for f in failed)
    elif outcome == "failed":
        detail = str(value)
    else:
        return None  # the person chose to skip it
    return _translate(
        "The automatic backup did not work: {detail}\n\nYour work is safe in the "
        "database itself; nothing was lost. Next time, make a backup from the Backups "
        "screen, or ask your administrator to check the backup folder.").format(
            detail=detail)


def describe_last_backup(store: Store) -> str:
    when, where = backups.last_backup(store)
    if when is None:
        return _translate("Last good backup: none yet.")
    return _translate("Last good backup: {when} ({file}).").format(
        when=format_moment(when), file=Path(where).name if where else "?")
