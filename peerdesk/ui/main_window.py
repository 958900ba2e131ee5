"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import peerdesk
from peerdesk.db.errors import StoreError
from peerdesk.domain.roles import Permission
from peerdesk.services import participants, settings
from peerdesk.services.settings import OrgSettings
from peerdesk.services.store import Store
from peerdesk.ui.backup_dialogs import BackupNotice
from peerdesk.ui.backups_page import BackupsPage
from peerdesk.ui.billing_settings_page import BillingSettingsPage
from peerdesk.ui.common import fit_to_font, show_message
from peerdesk.ui.directory_page import DirectoryPage
from peerdesk.ui.encounter_form import EncounterForm
from peerdesk.ui.families_page import FamiliesPage
from peerdesk.ui.fit_scroll import FitScrollArea
from peerdesk.ui.followups import FollowUpsWidget
from peerdesk.ui.group_note_dialog import GroupNoteDialog
from peerdesk.ui.help_menu import install_help_menu
from peerdesk.ui.home_lists import HomeLists
from peerdesk.ui.participants_page import ParticipantsPage
from peerdesk.ui.password_dialogs import ChangePasswordDialog, QuickUnlockDialog
from peerdesk.ui.reports_page import ReportsPage
from peerdesk.ui.review_page import ReviewPage
from peerdesk.ui.settings_page import SettingsPage
from peerdesk.ui.users_page import UsersPage, roles_text
from peerdesk.ui.workspace import WorkspacePage

SETTINGS_ORG = SETTINGS_APP = "PeerDesk"


def window_settings() -> QSettings:
    """Only window geometry and layout state are kept here: never names or records."""
    return QSettings(SETTINGS_ORG, SETTINGS_APP)


class HomePage(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setAccessibleName(self.tr("Home"))
        layout = QVBoxLayout(self)
        self.organization = QLabel()
        font = self.organization.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.organization.setFont(font)
        self.organization.setWordWrap(True)
        self.organization.setAccessibleName(self.tr("Organization"))
        self.greeting = QLabel()
        self.greeting.setWordWrap(True)
        self.greeting.setAccessibleName(self.tr("Greeting"))
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.count.setAccessibleName(self.tr("Participants you can see"))
        for label in (self.organization, self.greeting, self.count):
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self.backup_notice = BackupNotice(store)  # ⚠ when the last good backup is old
        layout.addWidget(self.backup_notice)
        self.lists = HomeLists(store)
        self.open_participant = self.lists.open_participant
        layout.addWidget(self.lists, 1)
        self.follow_ups = FollowUpsWidget(store)
        self.follow_ups.open_participant.connect(self.lists.open_participant)
        layout.addWidget(self.follow_ups, 1)
        self.refresh()

    def refresh(self) -> None:
        if self.store.closed:
            return
        try:
            with self.store.session() as s:
                org = settings.load(s).organization_name
                count = participants.count_visible(s, self.store.actor)
        except StoreError as exc:
            self.count.setText(str(exc))
            return
        self.organization.setText(org)
        self.greeting.setText(self.tr("Welcome, {name}.").format(name=self.store.actor.full_name))
        if self.store.actor.can(Permission.VIEW_ALL_PARTICIPANTS):
            text = self.tr("Participants in the program: {n}")
        else:
            text = self.tr("Participants on your caseload: {n}")
        self.count.setText(text.format(n=count))
        self.backup_notice.refresh()
        self.lists.refresh()
        self.follow_ups.refresh()

    def clear_sensitive(self) -> None:
        self.count.clear()
        self.lists.clear_sensitive()
        self.follow_ups.clear_sensitive()


class MainWindow(QMainWindow):
    """Pages in a stack, chosen from the navigation list (or Ctrl+1…9).

    Hooks for other screens:
    - :meth:`add_page` adds a page to the navigation (a page may define ``refresh()``,
      called whenever it is shown, and ``clear_sensitive()``, called when the app locks);
    - :meth:`open_participant` opens a participant's workspace (connect a page's
      "open this participant" signal to it);
    - :meth:`flush_drafts` keeps every open form's typing (the app calls it before locking).
    """

    lock_requested = Signal()
    quit_requested = Signal()
    settings_saved = Signal(object)
    open_database_requested = Signal(object)  # sign out and open a restored copy (a Path)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("PeerDeskMainWindow")
        self.setAccessibleName(self.tr("PeerDesk"))
        central = QWidget()
        row = QHBoxLayout(central)
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages: list[QWidget] = []
        self._holders: dict[QWidget, QWidget] = {}
        self.dialogs: list[QDialog] = []
        self.group_dialog: GroupNoteDialog | None = None
        self._build_menus()
        install_help_menu(self)

        self.home_page = HomePage(store)
        self.participants_page = ParticipantsPage(store)
        self.participants_page.changed.connect(self.home_page.refresh)
        self.participants_page.open_requested.connect(self.open_participant)
        self.participants_page.group_note_requested.connect(lambda: self.open_group_note())
        self.home_page.open_participant.connect(self.open_participant)
        self.add_page(self.tr("Home"), self.home_page)
        self.add_page(self.tr("Participants"), self.participants_page)
        self.users_page: UsersPage | None = None
        self.settings_page: SettingsPage | None = None
        self.review_page: ReviewPage | None = None
        self.families_page: FamiliesPage | None = None
        if store.actor.can(Permission.SUPERVISE):
            self.review_page = ReviewPage(store)
            self.review_page.open_participant.connect(self.open_participant)
            self.review_page.changed.connect(self.home_page.refresh)
            self.add_page(self.tr("Review notes"), self.review_page)
        if store.actor.can(Permission.WRITE_NOTES) or store.actor.can(
                Permission.VIEW_ALL_FAMILIES):
            self.families_page = FamiliesPage(store)
            self.families_page.open_participant.connect(self.open_participant)
            self.add_page(self.tr("Families"), self.families_page)
        self.directory_page = DirectoryPage(store)
        self.add_page(self.tr("Resource directory"), self.directory_page)
        self.reports_page: ReportsPage | None = None
        if store.actor.can(Permission.RUN_REPORTS):
            self.reports_page = ReportsPage(store)
            self.add_page(self.tr("Reports"), self.reports_page)
        if store.actor.can(Permission.MANAGE_USERS):
            self.users_page = UsersPage(store)
            self.add_page(self.tr("Users"), self.users_page)
        self.billing_page: BillingSettingsPage | None = None
        if store.actor.can(Permission.MANAGE_SETTINGS):
            self.billing_page = BillingSettingsPage(store)
            self.add_page(self.tr("Billing settings"), self.billing_page)
        if store.actor.can(Permission.MANAGE_SETTINGS):
            self.settings_page = SettingsPage(store)
            self.settings_page.saved.connect(self._settings_saved)
            self.add_page(self.tr("Settings"), self.settings_page)
        self.backups_page: BackupsPage | None = None
        if store.actor.can(Permission.BACKUP):
            self.backups_page = BackupsPage(store)
            self.backups_page.changed.connect(self.home_page.refresh)
            self.backups_page.open_requested.connect(self.open_database_requested)
            self.home_page.backup_notice.backup_requested.connect(self.back_up_now)
            self.add_page(self.tr("Backups"), self.backups_page)
        # The workspace is reached from the list (or any page's "open"), not from the nav.
        self.workspace = WorkspacePage(store)
        self.workspace.back_requested.connect(self.back_to_list)
        self.workspace.changed.connect(self._participant_changed)
        self.workspace.group_note_requested.connect(lambda pid: self.open_group_note([pid]))
        self._holders[self.workspace] = FitScrollArea(self.workspace)
        self.stack.addWidget(self._holders[self.workspace])
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.itemClicked.connect(lambda item: self._show_page(self.nav.row(item)))
        self.nav.setCurrentRow(0)
        QWidget.setTabOrder(self.nav, self.stack)

        self.signed_in = QLabel(self._signed_in_text())
        self.signed_in.setAccessibleName(self.tr("Signed in"))
        self.statusBar().addPermanentWidget(self.signed_in, 1)
        self.update_title()
        fit_to_font(self, 140, 40)  # until the saved geometry, if any, is restored
        self.restore_geometry()

    # -- pages ------------------------------------------------------------------------
    def add_page(self, title: str, widget: QWidget, shortcut: str | None = None) -> int:
        """Add a page to the navigation and the Go menu; returns its position.

        Without ``shortcut``, the first nine pages get Ctrl+1 … Ctrl+9."""
        index = len(self.pages)
        self.pages.append(widget)
        self.nav.addItem(title)
        # Each page scrolls only when the window is smaller than the page needs (large
        # fonts, small laptop screens), so no page can force the window to grow.
        holder = FitScrollArea(widget)
        self._holders[widget] = holder
        self.stack.insertWidget(index, holder)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 32)
        action = QAction(title, self)
        keys = shortcut or (f"Ctrl+{index + 1}" if index < 9 else "")
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, i=index: self.show_page(i))
        self.go_menu.addAction(action)
        return index

    def current_page(self) -> QWidget | None:
        """The page on show (pages sit inside scroll holders in the stack)."""
        shown = self.stack.currentWidget()
        for page, holder in self._holders.items():
            if holder is shown:
                return page
        return shown

    def show_page(self, index: int) -> None:
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # shows it through currentRowChanged
        else:
            self._show_page(index)

    def _show_page(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        page = self.pages[index]
        self.stack.setCurrentWidget(self._holders.get(page, page))
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def open_participant(self, participant_id: int) -> bool:
        """Show a participant's workspace (an audited view); False if not allowed."""
        if not self.workspace.load(participant_id):
            return False
        row = self.pages.index(self.participants_page)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self._holders[self.workspace])
        self.workspace.timeline.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def back_to_list(self) -> None:
        self.show_page(self.pages.index(self.participants_page))
        self.participants_page.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def find_participant(self) -> None:
        self.show_page(self.pages.index(self.participants_page))
        self.participants_page.focus_search()

    def new_participant(self) -> None:
        self.show_page(self.pages.index(self.participants_page))
        self.participants_page.open_add_dialog()

    def open_group_note(self, preselected: list[int] | None = None) -> None:
        if not self.store.actor.can(Permission.WRITE_NOTES):
            return
        if self.group_dialog is not None:
            self.group_dialog.deleteLater()
        dialog = GroupNoteDialog(self.store, preselected, self)
        dialog.saved.connect(self._group_saved)
        self.group_dialog = dialog
        dialog.open()

    def _group_saved(self, note_ids: list[int]) -> None:
        self.statusBar().showMessage(self.tr(
            "{n} unsigned notes were made, one per attendee. Open each from the "
            "participant's Notes tab to add to it and sign it.").format(n=len(note_ids)), 15000)
        self._participant_changed()
        if self.current_page() is self.workspace:
            self.workspace.reload()

    def _participant_changed(self) -> None:
        self.participants_page.refresh()
        self.home_page.refresh()

    def back_up_now(self) -> None:
        if self.backups_page is not None:
            self.show_page(self.pages.index(self.backups_page))
            self.backups_page.back_up_now()

    def flush_drafts(self) -> None:
        """Keep the typing of every open form (called before the app locks or quits)."""
        for form in self.findChildren(EncounterForm):
            form.flush_draft()

    # -- building ---------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.lock_action = QAction(self.tr("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        file_menu.addAction(self.lock_action)
        self.addAction(self.lock_action)  # dialogs share it (see forms.share_window_actions)
        self.change_password_action = QAction(self.tr("&Change my password…"), self)
        self.change_password_action.triggered.connect(self.open_change_password)
        file_menu.addAction(self.change_password_action)
        self.quick_unlock_action = QAction(self.tr("&Quick unlock…"), self)
        self.quick_unlock_action.triggered.connect(self.open_quick_unlock)
        file_menu.addAction(self.quick_unlock_action)
        self.backup_action = QAction(self.tr("Back &up now…"), self)
        self.backup_action.triggered.connect(self.back_up_now)
        self.backup_action.setVisible(self.store.actor.can(Permission.BACKUP))
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.quit_requested)
        file_menu.addAction(self.quit_action)

        people = self.menuBar().addMenu(self.tr("&Participants"))
        self.find_action = QAction(self.tr("&Find participant"), self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self.find_participant)
        people.addAction(self.find_action)
        self.new_participant_action = QAction(self.tr("&New participant…"), self)
        self.new_participant_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_participant_action.triggered.connect(self.new_participant)
        self.new_participant_action.setEnabled(
            self.store.actor.can(Permission.EDIT_PARTICIPANTS))
        people.addAction(self.new_participant_action)
        self.group_note_action = QAction(self.tr("&Group note…"), self)
        self.group_note_action.triggered.connect(lambda: self.open_group_note())
        self.group_note_action.setVisible(self.store.actor.can(Permission.WRITE_NOTES))
        people.addAction(self.group_note_action)

        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About PeerDesk"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _signed_in_text(self) -> str:
        actor = self.store.actor
        who = f"{actor.full_name}, {actor.credential}" if actor.credential else actor.full_name
        return self.tr("Signed in: {who} — {roles}").format(who=who,
                                                          roles=roles_text(actor.roles))

    def update_title(self, organization: str | None = None) -> None:
        if organization is None:
            with self.store.session() as s:
                organization = settings.load(s).organization_name
        self.setWindowTitle(self.tr("PeerDesk — {organization}").format(
            organization=organization))

    def _settings_saved(self, result: OrgSettings) -> None:
        self.update_title(result.organization_name)
        self.home_page.refresh()
        self.settings_saved.emit(result)

    # -- menu actions ---------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog) -> None:
        for old in self.dialogs:
            if not old.isVisible():
                old.deleteLater()
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.open()

    def open_change_password(self) -> None:
        dialog = ChangePasswordDialog(self.store, parent=self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            self.tr("Your password was changed."), 8000))
        self._open_dialog(dialog)

    def open_quick_unlock(self) -> None:
        self._open_dialog(QuickUnlockDialog(self.store, self))

    def show_about(self) -> None:
        show_message(self, self.tr("About PeerDesk"), self.tr(
            "PeerDesk {version}\n\nCase management for Recovery Community Organizations.\n"
            "Free software under the GNU AGPL, version 3 or later.").format(
                version=peerdesk.__version__), icon=QMessageBox.Icon.Information)

    # -- geometry, locking, closing -------------------------------------------------------
    def restore_geometry(self) -> None:
        stored = window_settings()
        geometry = stored.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = stored.value("main/state")
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        stored = window_settings()
        stored.setValue("main/geometry", self.saveGeometry())
        stored.setValue("main/state", self.saveState())
        stored.sync()

    def clear_sensitive(self) -> None:
        """Forget everything on screen that came from the file (called when locking)."""
        for dialog in self.dialogs:
            dialog.close()
        self.dialogs.clear()
        if self.group_dialog is not None:
            self.group_dialog.close()
        self.workspace.clear_sensitive()
        for page in self.pages:
            clear = getattr(page, "clear_sensitive", None)
            if callable(clear):
                clear()
        if self.users_page is not None:
            self.users_page.table.setRowCount(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        event.ignore()  # the controller decides: lock the file, then quit
        self.quit_requested.emit()
