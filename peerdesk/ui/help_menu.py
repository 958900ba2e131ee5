"""The Help menu: the two user guides that ship with PeerDesk, and the About box.

``install_help_menu(window)`` adds, to the window's Help menu (made if missing):

- "User guide for peer workers" and "Guide for administrators": open the guide in the web
  browser (HTML pages bundled by the installers; in a source checkout, ``docs/*.md``);
- "About PeerDesk": name, version, licence, where the data folder is, the Qt and SQLCipher
  versions, with buttons to copy these details and to open the data folder.

If the menu already has an "About PeerDesk" action, it is hidden so there is only one.
The window (and the application, if it has none yet) gets PeerDesk's icon.
"""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

import peerdesk
from peerdesk.resources import icon_file, icon_files
from peerdesk.services.about import AboutInfo, about_info

PEER_WORKER_GUIDE = "peer-worker-guide"
ADMINISTRATOR_GUIDE = "administrator-guide"

# Tests replace this to see which file would open, without starting a browser.
open_url = QDesktopServices.openUrl


def _tr(text: str) -> str:
    return QCoreApplication.translate("HelpMenu", text)


def app_icon() -> QIcon:
    """PeerDesk's icon at every size it ships in (for windows, the task bar and the dock)."""
    icon = QIcon()
    for path in icon_files():
        if path.is_file():
            icon.addFile(str(path))
    return icon


def docs_folders() -> list[Path]:
    """Where the guides are looked for: beside the installed program, then a source checkout."""
    folders = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle) / "docs")
    folders.append(Path(peerdesk.__file__).resolve().parent.parent / "docs")
    return folders


def guide_path(name: str) -> Path | None:
    """The guide's file (HTML preferred: every computer opens it in the browser), or None."""
    for folder in docs_folders():
        for ext in (".html", ".md"):
            candidate = folder / f"{name}{ext}"
            if candidate.is_file():
                return candidate
    return None


def open_guide(parent: QWidget | None, name: str, title: str) -> bool:
    path = guide_path(name)
    if path is not None and open_url(QUrl.fromLocalFile(str(path))):
        return True
    where = str(path) if path is not None else _tr("not found beside this copy of PeerDesk")
    _message(parent, title, _tr(
        "The guide could not be opened here. It is part of every PeerDesk download, in the "
        "“docs” folder.\n\nFile: {where}").format(where=where), QMessageBox.Icon.Information)
    return False


def _message(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    box.open()


def about_details(info: AboutInfo | None = None, database: str | None = None) -> str:
    """The About box's facts as plain text (also what "Copy details" puts on the clipboard)."""
    info = info or about_info()
    lines = [
        f"{info.name} {info.version}",
        _tr("Licence: {licence} (free software: you may use, study, share and change it)")
        .format(licence=info.licence),
        _tr("Data folder: {folder}").format(folder=info.data_folder),
    ]
    if database:
        lines.append(_tr("Open database: {path}").format(path=database))
    lines += [
        _tr("Qt {qt} (PySide6 {pyside})").format(qt=qVersion(), pyside=PySide6.__version__),
        _tr("SQLCipher {cipher} (SQLite {sqlite})").format(cipher=info.sqlcipher,
                                                           sqlite=info.sqlite),
        _tr("Python {python}{frozen}").format(
            python=info.python, frozen=_tr(", installed program") if info.frozen else ""),
        ", ".join(f"{name} {version}" for name, version in info.components.items()),
    ]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """PeerDesk's name, version, licence and data folder, and the versions underneath."""

    def __init__(self, parent: QWidget | None = None, database: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peerdesk-about")
        self.setWindowTitle(_tr("About PeerDesk"))
        self.setAccessibleName(_tr("About PeerDesk"))
        self.info = about_info()
        self.details = about_details(self.info, database)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(QPixmap(str(icon_file(64))))
        logo.setAccessibleName(_tr("PeerDesk icon"))
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        heading = QLabel(_tr("PeerDesk {version}").format(version=self.info.version))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(_tr("Case management for Recovery Community Organizations."))
        intro.setWordWrap(True)
        words = QVBoxLayout()
        words.addWidget(heading)
        words.addWidget(intro)
        words.addStretch(1)
        top.addLayout(words, 1)
        layout.addLayout(top)
        self.facts = QLabel(self.details.split("\n", 1)[1])
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.facts.setAccessibleName(_tr("Details"))
        self.facts.setAccessibleDescription(self.details)
        layout.addWidget(self.facts)
        self.status = QLabel("")
        self.status.setAccessibleName(_tr("Result"))
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        layout.addStretch(1)  # spare height goes below the text, not between the parts
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_tr("&Copy details"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = buttons.addButton(_tr("Open &data folder"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button.clicked.connect(self.open_data_folder)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 80)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self._say(_tr("Copied. Paste the details into a message to whoever helps you with "
                      "PeerDesk."))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def open_data_folder(self) -> None:
        folder = Path(self.info.data_folder)
        if not folder.is_dir() or not open_url(QUrl.fromLocalFile(str(folder))):
            self._say(_tr("The folder could not be opened here: {folder}").format(folder=folder))


def show_about(window: QWidget | None) -> AboutDialog:
    store = getattr(window, "store", None)
    database = str(getattr(store, "path", "") or "") or None
    dialog = AboutDialog(window, database)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _help_menu(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") in ("Help", _tr("Help")):
            return menu
    menu = window.menuBar().addMenu(_tr("&Help"))
    menu.setObjectName("helpMenu")
    return menu


def install_help_menu(window: QMainWindow) -> None:
    """Add the guides and the About box to ``window``'s Help menu (once)."""
    if window.findChild(QAction, "help.peer_worker_guide") is not None:
        return
    icon = app_icon()
    window.setWindowIcon(icon)
    if QApplication.windowIcon().isNull():
        QApplication.setWindowIcon(icon)
    menu = _help_menu(window)
    for action in menu.actions():
        if action.text().replace("&", "").rstrip("…. ") == "About PeerDesk":
            action.setVisible(False)
    first = menu.actions()[0] if menu.actions() else None

    def add(name: str, text: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.insertAction(first, action) if first is not None else menu.addAction(action)
        return action

    peer = _tr("&User guide for peer workers")
    admin = _tr("&Guide for administrators")
    guide = add("help.peer_worker_guide", peer,
                lambda: open_guide(window, PEER_WORKER_GUIDE, peer.replace("&", "")))
    guide.setShortcut(Qt.Key.Key_F1)
    add("help.administrator_guide", admin,
        lambda: open_guide(window, ADMINISTRATOR_GUIDE, admin.replace("&", "")))
    separator = QAction(window)
    separator.setSeparator(True)
    menu.insertAction(first, separator) if first is not None else menu.addAction(separator)
    about = QAction(_tr("&About PeerDesk"), window)
    about.setObjectName("help.about")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))
    menu.addAction(about)
