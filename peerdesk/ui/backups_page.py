"""Backups screen (administrators and program managers): the backups in each folder, Back up
now, Verify, Restore…, and (administrators) the second backup folder.

Long work (backing up, checking, restoring) runs off the UI thread through
:mod:`peerdesk.ui.background`, with a progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerdesk.db.errors import StoreError
from peerdesk.domain.roles import Permission
from peerdesk.services import backups
from peerdesk.services.backups import BackupInfo, FolderFailure
from peerdesk.services.store import Store
from peerdesk.ui.background import BackgroundTask, TaskControl, run_with_progress
from peerdesk.ui.backup_dialogs import RestoreFlow, describe_last_backup
from peerdesk.ui.common import WARNING_SIGN, ProblemLabel
from peerdesk.ui.list_widgets import RowsModel, RowsTable, format_moment, heading

CHECK_MARK = "\u2714"  # ✔ — with words, never colour alone


@dataclass(frozen=True)
class BackupRow:
    info: BackupInfo
    folder: str  # "This computer" / "Second copy"
    mine: bool  # a backup of the open database


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class BackupsPage(QWidget):
    """``changed()`` after a backup (the home warning follows); ``open_requested(path)``
    when the user wants to sign out and open a restored copy."""

    changed = Signal()
    open_requested = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.checked: dict[Path, bool] = {}
        self.copy_mode = False
        self.flow: RestoreFlow | None = None
        self.task: BackgroundTask | None = None
        self.setAccessibleName(self.tr("Backups"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Backups"), 1.4))
        self.warning = _label()
        self.warning.setAccessibleName(self.tr("Backup warning"))
        bold = self.warning.font()
        bold.setBold(True)
        self.warning.setFont(bold)
        layout.addWidget(self.warning)
        top = QHBoxLayout()
        self.last = _label()
        self.last.setAccessibleName(self.tr("Last good backup"))
        top.addWidget(self.last, 1)
        self.backup_button = self._button(self.tr("Back up &now"), self.tr("Back up now"),
                                          self.back_up_now)
        top.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.about = _label()
        self.about.setAccessibleName(self.tr("About automatic backups"))
        layout.addWidget(self.about)

        layout.addWidget(heading(self.tr("Backup folders"), 1.1))
        self.local_folder = _label()
        self.local_folder.setAccessibleName(self.tr("Backup folder on this computer"))
        layout.addWidget(self.local_folder)
        self.chosen_folder = _label()
        self.chosen_folder.setAccessibleName(self.tr("Second backup folder"))
        layout.addWidget(self.chosen_folder)
        folders_bar = QHBoxLayout()
        self.choose_button = self._button(self.tr("Choose backup f&older…"),
                                          self.tr("Choose backup folder"), self.choose_folder)
        self.clear_button = self._button(self.tr("Use only the &local folder"),
                                         self.tr("Use only the local folder"), self.clear_folder)
        for button in (self.choose_button, self.clear_button):
            folders_bar.addWidget(button)
        folders_bar.addStretch(1)
        layout.addLayout(folders_bar)

        self.list_heading = heading(self.tr("Backups found"), 1.1)
        layout.addWidget(self.list_heading)
        self.model = RowsModel([
            (self.tr("Made"), lambda r: format_moment(r.info.created)),
            (self.tr("Size"), lambda r: QLocale().formattedDataSize(r.info.size)),
            (self.tr("Organization"), lambda r: r.info.organization),
            (self.tr("Database"), lambda r: self.tr("This one") if r.mine
             else self.tr("Another database")),
            (self.tr("Checked"), self._checked_text),
            (self.tr("Folder"), lambda r: r.folder),
        ], self)
        self.table = RowsTable(self.model, self.tr("Backups found"), stretch=2)
        self.list_heading.setBuddy(self.table)
        self.table.open_row.connect(lambda _row: self.verify())
        layout.addWidget(self.table, 1)
        self.empty = _label(self.tr("No backups yet. Make one with Back up now."))
        self.empty.setAccessibleName(self.tr("Backups found: none"))
        layout.addWidget(self.empty)

        actions = QHBoxLayout()
        self.verify_button = self._button(self.tr("&Verify"), self.tr("Verify the backup"),
                                          self.verify)
        self.restore_button = self._button(self.tr("&Restore…"),
                                           self.tr("Restore the backup"), self.restore)
        self.refresh_button = self._button(self.tr("Refre&sh list"), self.tr("Refresh list"),
                                           self.refresh)
        for button in (self.verify_button, self.restore_button, self.refresh_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.problem = ProblemLabel(self)
        layout.addWidget(self.problem)
        self.result = _label()
        self.result.setAccessibleName(self.tr("Result"))
        layout.addWidget(self.result)
        admin = store.actor.can(Permission.MANAGE_SETTINGS)
        self.choose_button.setVisible(admin)
        self.clear_button.setVisible(admin)
        order = [self.backup_button, self.choose_button, self.clear_button, self.table,
                 self.verify_button, self.restore_button, self.refresh_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- showing --------------------------------------------------------------------
    def refresh(self) -> None:
        if self.store.closed:
            return
        try:
            folders = backups.folders(self.store)
            warning = backups.backup_warning(self.store)
            last = describe_last_backup(self.store)
            days = backups.warn_days(self.store)
        except StoreError as exc:
            self.problem.show_problem(str(exc))
            return
        self.warning.setText(f"{WARNING_SIGN} {warning}" if warning and not self.copy_mode
                             else "")
        self.warning.setVisible(bool(self.warning.text()))
        self.last.setText(last)
        if self.copy_mode:
            self.about.setText(self.tr(
                "This is a restored copy, opened to look things up: automatic backups are off "
                "while it is open, so your usual database's backups are kept as they are."))
        else:
            self.about.setText(self.tr(
                "PeerDesk backs up automatically when it closes and at least once a day while "
                "it is open, to each folder below, and keeps 7 daily, 4 weekly and 12 monthly "
                "backups. Backups are encrypted: they open only with a PeerDesk password of "
                "that time or the recovery key. The home screen warns when the last good "
                "backup is more than {n} days old (an organization setting).").format(n=days))
        self._show_folders(folders)
        self._list(folders)

    def _show_folders(self, folders: list[Path]) -> None:
        self.local_folder.setText(self.tr("On this computer: {path}").format(path=folders[0]))
        if len(folders) < 2:
            self.chosen_folder.setText(self.tr(
                "Second copy: not chosen yet. Choose a second drive, a USB stick or a synced "
                "folder, so a copy survives if this computer is lost or broken."))
        elif not folders[1].is_dir():
            self.chosen_folder.setText(self.tr(
                "{sign} Second copy: {path} cannot be reached now (is the drive or USB stick "
                "plugged in?). Backups still go to the folder on this computer.").format(
                    sign=WARNING_SIGN, path=folders[1]))
        else:
            self.chosen_folder.setText(self.tr("Second copy: {path}").format(path=folders[1]))
        self.clear_button.setEnabled(len(folders) > 1)

    def _list(self, folders: list[Path]) -> None:
        current = self.table.current()
        rows: list[BackupRow] = []
        names = [self.tr("This computer"), self.tr("Second copy")]
        for n, folder in enumerate(folders):
            if folder.is_dir():
                rows += [BackupRow(info, names[min(n, 1)],
                                   info.database_id == self.store.database_id)
                         for info in backups.list_backups(folder)]
        rows.sort(key=lambda r: r.info.created, reverse=True)
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        paths = [r.info.path for r in rows]
        self.table.select_row(paths.index(current.info.path)
                              if current is not None and current.info.path in paths else 0)
        for button in (self.verify_button, self.restore_button):
            button.setEnabled(bool(rows))
        self.backup_button.setEnabled(not self.copy_mode)

    def _checked_text(self, row: BackupRow) -> str:
        state = self.checked.get(row.info.path)
        if state is None:
            return self.tr("Not checked yet")
        return self.tr("Yes: complete and readable") if state else self.tr("No: damaged")

    def rows(self) -> list[BackupRow]:
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def select(self, path: Path) -> None:
        for i, row in enumerate(self.rows()):
            if row.info.path == path:
                self.table.select_row(i)

    def set_copy_mode(self) -> None:
        """A restored copy opened to look things up: no backups of it (they would rotate
        out the usual database's backups, which share its identity)."""
        self.copy_mode = True
        self.refresh()

    def clear_sensitive(self) -> None:
        self.model.clear()
        self.result.clear()
        self.problem.clear_problem()

    def _report(self, text: str) -> None:
        self.problem.clear_problem()
        self.result.setText(text)

    def _fail(self, text: str) -> None:
        self.result.clear()
        self.problem.show_problem(text)
        self.refresh()

    # -- backing up -----------------------------------------------------------------
    def back_up_now(self) -> None:
        if self.copy_mode or self.store.closed:
            return
        if BackgroundTask.running("backup"):
            self._fail(self.tr("A backup is being made right now. Wait a moment and look "
                               "again."))
            return
        store = self.store

        def work(control: TaskControl) -> tuple[list[BackupInfo], list[FolderFailure]]:
            return backups.back_up_everywhere(store, automatic=False,
                                              progress=control.progress)

        self.result.setText(self.tr("Backing up…"))
        self.task, self.progress_dialog = run_with_progress(
            self, self.tr("Back up now"), self.tr("Making an encrypted backup and checking it…"),
            work, on_success=self._backed_up, on_failure=self._fail,
            on_cancel=lambda: self._report(self.tr("Cancelled: no backup was written.")),
            kind="backup", cancel_error=backups.Cancelled)

    def _backed_up(self, result: tuple[list[BackupInfo], list[FolderFailure]]) -> None:
        made, failed = result
        for info in made:
            self.checked[info.path] = True  # make_backup verifies every copy it writes
        self.refresh()
        if made:
            self.select(made[0].path)
            self._report(self.tr("{sign} Backup made and checked: {files}").format(
                sign=CHECK_MARK, files=", ".join(str(i.path) for i in made)))
        if failed:
            self.problem.show_problem(" ".join(f.message for f in failed))
        self.changed.emit()

    # -- checking and restoring -------------------------------------------------------
    def _selected(self) -> BackupRow | None:
        row = self.table.current()
        if row is None:
            self._fail(self.tr("Choose a backup in the list first."))
        return row

    def verify(self) -> None:
        row = self._selected()
        if row is None or self.store.closed:
            return
        key = self.store.vault.key if row.mine else None
        path = row.info.path

        def work(_control: TaskControl) -> Path:
            backups.verify(path, key)
            return path

        def bad(message: str) -> None:
            self.checked[path] = False
            self._fail(message)

        run_with_progress(self, self.tr("Verify"), self.tr("Checking {name}…").format(
            name=path.name), work, on_success=self._verified, on_failure=bad,
            cancellable=False, kind="verify")

    def _verified(self, path: Path) -> None:
        self.checked[path] = True
        self.refresh()
        self.select(path)
        row = self.table.current()
        if row is not None and not row.mine:
            text = self.tr("{sign} {name} is complete. It belongs to another database, so it "
                           "was checked without opening it.")
        else:
            text = self.tr("{sign} {name} is complete and opens with this database's key.")
        self._report(text.format(sign=CHECK_MARK, name=path.name))

    def restore(self) -> None:
        row = self._selected()
        if row is None:
            return
        self.flow = RestoreFlow(self, self.store.path, row.info)
        self.flow.open_requested.connect(self.open_requested)
        self.flow.restored.connect(lambda target: self._report(self.tr(
            "{sign} Restored to {path}. The database you have open was not changed.").format(
                sign=CHECK_MARK, path=target)))
        self.flow.start()

    # -- folders --------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a backup folder (a second drive, USB stick or synced "
                          "folder)"), str(Path.home()))
        if folder:
            self._set_folder(Path(folder))

    def clear_folder(self) -> None:
        self._set_folder(None)

    def _set_folder(self, folder: Path | None) -> None:
        try:
            backups.set_folder(self.store, folder)
        except StoreError as exc:
            self._fail(str(exc))
            return
        self.refresh()
        self._report(self.tr("{sign} Backups will also go to {path}.").format(
            sign=CHECK_MARK, path=folder) if folder else self.tr(
            "Backups now go only to the folder on this computer."))

