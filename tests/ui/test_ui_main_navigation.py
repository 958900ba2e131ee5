"""The main window offers each role the screens it needs; Enter saves rather than cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.password_dialogs import ChangePasswordDialog


def _titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_each_role_sees_its_screens(qtbot, team) -> None:
    expected = {
        "pat": ["Home", "Participants", "Families"],
        "sue": ["Home", "Participants", "Review notes", "Families"],
        "pm": ["Home", "Participants", "Families"],
        "fay": ["Home", "Participants", "Families"],
    }
    for name, titles in expected.items():
        st = team.login(name)
        window = MainWindow(st)
        qtbot.addWidget(window)
        assert _titles(window)[: len(titles)] == titles, name
        if name != "sue":
            assert "Review notes" not in _titles(window)
        assert "Resource directory" in _titles(window)
    admin = MainWindow(team.admin)
    qtbot.addWidget(admin)
    assert {"Review notes", "Users", "Settings"} <= set(_titles(admin))


def test_home_shows_follow_ups_due(qtbot, team) -> None:
    window = MainWindow(team.login("pat"))
    qtbot.addWidget(window)
    assert window.home_page.follow_ups.isVisibleTo(window)


def test_home_lists_open_the_participant(qtbot, team) -> None:
    window = MainWindow(team.login("pat"))
    qtbot.addWidget(window)
    window.show()
    window.home_page.lists.open_participant.emit(team.pat_participant)
    assert window.current_page() is window.workspace


def test_enter_in_the_password_dialog_presses_change_not_cancel(qtbot, team) -> None:
    pat = team.login("pat")
    dialog = ChangePasswordDialog(pat, forced=False)
    qtbot.addWidget(dialog)
    dialog.show()
    default = [b for b in dialog.findChildren(QPushButton) if b.isDefault()]
    assert [b.text().replace("&", "") for b in default] == ["Change password"]
