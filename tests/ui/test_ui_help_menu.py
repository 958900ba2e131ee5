"""Help menu: the two guides open from where PeerDesk is installed, and the About box."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

import peerdesk
from peerdesk.services.about import sqlcipher_versions
from peerdesk.ui import help_menu
from peerdesk.ui.help_menu import AboutDialog, install_help_menu
from peerdesk.ui.main_window import MainWindow


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(help_menu, "open_url", fake_open)
    return urls


def _texts(window: QMainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions()
                if a.menu() is not None and a.menu().title().replace("&", "") == "Help")
    return [a.text().replace("&", "") for a in menu.actions()
            if a.isVisible() and not a.isSeparator()]


def test_a_bare_window_gets_a_help_menu_once(qtbot: QtBot, opened: list[QUrl]) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    install_help_menu(window)
    install_help_menu(window)  # twice: still one of each
    assert _texts(window) == ["User guide for peer workers", "Guide for administrators",
                              "About PeerDesk"]
    assert not window.windowIcon().isNull()

    window.findChild(QAction, "help.peer_worker_guide").trigger()
    window.findChild(QAction, "help.administrator_guide").trigger()
    files = [Path(u.toLocalFile()) for u in opened]
    assert [f.stem for f in files] == ["peer-worker-guide", "administrator-guide"]
    assert all(f.is_file() for f in files)  # in a source checkout: docs/*.md


def test_the_main_window_keeps_one_about_entry(qtbot: QtBot, new_store) -> None:
    window = MainWindow(new_store)
    qtbot.addWidget(window)
    install_help_menu(window)
    texts = _texts(window)
    assert texts[:2] == ["User guide for peer workers", "Guide for administrators"]
    assert texts.count("About PeerDesk") == 1


def test_the_installed_program_opens_the_html_guides(tmp_path: Path, opened: list[QUrl],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     qtbot: QtBot) -> None:
    bundle = tmp_path / "_internal"
    (bundle / "docs").mkdir(parents=True)
    (bundle / "docs" / "peer-worker-guide.html").write_text("<h1>Guide</h1>")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert help_menu.guide_path("peer-worker-guide") == bundle / "docs" / "peer-worker-guide.html"
    assert help_menu.open_guide(None, "peer-worker-guide", "Guide")
    assert Path(opened[-1].toLocalFile()).suffix == ".html"


def test_a_missing_guide_says_where_it_would_be(monkeypatch: pytest.MonkeyPatch,
                                                opened: list[QUrl], qtbot: QtBot) -> None:
    monkeypatch.setattr(help_menu, "docs_folders", lambda: [])
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not help_menu.open_guide(window, "peer-worker-guide", "Guide")
    boxes = window.findChildren(QMessageBox)
    assert boxes and "docs" in boxes[-1].text()
    assert opened == []


def test_about_names_version_licence_data_folder_qt_and_sqlcipher(qtbot: QtBot,
                                                                   opened: list[QUrl]) -> None:
    cipher, sqlite = sqlcipher_versions()
    assert cipher.startswith("4."), cipher  # SQLCipher 4
    dialog = AboutDialog(None, "/somewhere/peerdesk.db")
    qtbot.addWidget(dialog)
    dialog.show()
    details = dialog.details
    assert f"PeerDesk {peerdesk.__version__}" in details
    assert "AGPL-3.0-or-later" in details
    from peerdesk import paths
    assert str(paths.data_dir()) in details
    assert "Qt 6." in details and f"SQLCipher {cipher}" in details and sqlite in details
    assert "/somewhere/peerdesk.db" in details
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    dialog.folder_button.click()
    assert Path(opened[-1].toLocalFile()) == paths.data_dir()
    assert dialog.isVisible()  # both buttons do their job and leave the box open
    assert dialog.status.isVisible() and "Copied" in dialog.status.text()
