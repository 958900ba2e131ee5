"""Shared set-up for the caseload GUI tests: a team with participants, signing in as any of
them, and small steps a user takes (search, open a participant, fill in a note)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from ui_helpers import MakeApp, signed_in_window

from peerdesk.db.models import User
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import participants
from peerdesk.ui.app import PeerDeskApp
from peerdesk.ui.encounter_form import EncounterForm
from peerdesk.ui.main_window import MainWindow
from peerdesk.ui.participants_page import ParticipantsPage
from peerdesk.ui.workspace import WorkspacePage

YESTERDAY = date.today() - timedelta(days=1)


def _root_conftest(config: pytest.Config) -> object:
    return config.pluginmanager.get_plugin(str(Path(__file__).resolve().parent.parent
                                               / "conftest.py"))


@pytest.fixture
def caseload(team, pytestconfig: pytest.Config) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """The ``team`` database (pat, wes, sue the supervisor, pm the program manager) with a
    few more participants on pat's caseload; nobody has to change their password; the
    set-up store is closed so only the GUI holds the file."""
    root = _root_conftest(pytestconfig)
    more = {}
    with team.admin.session() as s:
        s.execute(update(User).values(must_change_password=False))
        for first, last, born in [("Avery", "Nunley", date(1990, 5, 1)),
                                  ("Manuel", "Peña", date(1985, 2, 3)),
                                  ("Dana", "Brooks", date(1979, 9, 9))]:
            more[last] = participants.create_participant(s, team.admin.actor, ParticipantInput(
                first, last, date_of_birth=born, assigned_worker_id=team.ids["pat"])).id
    team.admin.lock()
    team.more = more
    team.passwords = {"pat": root.WORKER_PASSWORD, "admin": root.ADMIN_PASSWORD,  # type: ignore[attr-defined]
                      **{n: root.TEAM_PASSWORD for n in ("sue", "wes", "pm", "fay")}}  # type: ignore[attr-defined]
    return team


def sign_in_as(qtbot: QtBot, make_app: MakeApp, caseload: SimpleNamespace,
               username: str) -> tuple[PeerDeskApp, MainWindow]:
    app = make_app()
    window = signed_in_window(qtbot, app, username, caseload.passwords[username])
    return app, window


def list_page(window: MainWindow) -> ParticipantsPage:
    window.show_page(window.pages.index(window.participants_page))
    return window.participants_page


def names(page: ParticipantsPage) -> list[str]:
    model = page.model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type text key by key, as a keyboard does (QTest itself only types ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        code = QKeySequence(char.upper())[0].key() if char.isalpha() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier,
                                                     char))


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.clear()  # type: ignore[attr-defined]
    keys(qtbot, widget, text)


def search(qtbot: QtBot, page: ParticipantsPage, text: str) -> None:
    """Type into the search box and wait for the results to follow."""
    retype(qtbot, page.search, text)
    qtbot.waitUntil(lambda: not page.search_timer.isActive()
                    and page.model.filter.text == text)


def open_participant(qtbot: QtBot, window: MainWindow, pid: int) -> WorkspacePage:
    assert window.open_participant(pid)
    assert window.current_page() is window.workspace
    return window.workspace


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make the widget's window the active one (keyboard shortcuts go there)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_form(qtbot: QtBot, ws: WorkspacePage) -> EncounterForm:
    qtbot.waitUntil(lambda: bool([f for f in ws.findChildren(EncounterForm) if f.isVisible()]))
    forms = [f for f in ws.findChildren(EncounterForm) if f.isVisible()]
    return forms[-1]


def fill_note(qtbot: QtBot, form: EncounterForm, start: str = "10:00", end: str = "10:45",
              narrative: str = "Met at the library; worked on a housing application.",
              day: date = YESTERDAY) -> None:
    fields = form.fields
    retype(qtbot, fields.service_date, day.isoformat())
    retype(qtbot, fields.start_time, start)
    retype(qtbot, fields.end_time, end)
    retype(qtbot, fields.narrative, narrative)


def key(qtbot: QtBot, widget: QWidget, k: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)
