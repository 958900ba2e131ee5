"""Settings: an administrator chooses the logo printed on reports, sees it, and removes it;
a file that is not a usable picture is refused in plain words, next to the buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot
from test_ui_accessibility import unlabelled_fields, unnamed_controls
from ui_helpers import MakeApp, click, signed_in_window

from peerdesk.services import settings
from peerdesk.services.store import Store
from peerdesk.ui.settings_page import SettingsPage


@pytest.fixture
def choose_file(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Answer the open-file dialog with the next path in the returned list."""
    answers: list[Path] = []

    def answer(_parent, _title, _folder, file_filter):  # type: ignore[no-untyped-def]
        assert "*.png" in file_filter and "*.jpg" in file_filter
        return str(answers.pop(0)), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    return answers


def settings_page(qtbot: QtBot, make_app: MakeApp, password: str) -> SettingsPage:
    app = make_app()
    window = signed_in_window(qtbot, app, "admin", password)
    page = window.settings_page
    assert page is not None
    window.show_page(window.pages.index(page))
    assert page.isVisible()
    return page


def stored_logo(page: SettingsPage) -> bytes | None:
    with page.store.session() as s:
        return settings.organization_logo(s)


def test_choose_see_and_remove_the_logo(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str,
        choose_file: list[Path], tmp_path: Path) -> None:
    page = settings_page(qtbot, make_app, admin_password)
    assert page.logo_preview.text() == "No logo"
    assert not page.remove_logo_button.isEnabled()
    assert unnamed_controls(page) == [] and unlabelled_fields(page) == []
    label = next(w for w in page.findChildren(QLabel) if w.buddy() is page.choose_logo_button)
    assert label.text() == "Logo for reports:"

    logo = tmp_path / "harbor-light.jpg"
    Image.new("RGB", (1200, 480), (255, 128, 0)).save(logo, format="JPEG")
    choose_file.append(logo)
    click(qtbot, page.choose_logo_button)
    assert not page.logo_problem.isVisible()
    preview = page.logo_preview.pixmap()
    assert not preview.isNull() and preview.height() == 48 and preview.width() == 120
    assert "600 × 240" in page.logo_preview.accessibleDescription()
    assert page.remove_logo_button.isEnabled()
    assert "logo was saved" in page.notice.text()
    png = stored_logo(page)
    assert png is not None and Image.open(logo).size == (1200, 480)
    assert png.startswith(b"\x89PNG")

    click(qtbot, page.remove_logo_button)
    assert page.logo_preview.text() == "No logo" and page.logo_preview.pixmap().isNull()
    assert not page.remove_logo_button.isEnabled()
    assert "removed" in page.notice.text()
    assert stored_logo(page) is None


def test_a_file_that_is_not_a_picture_is_refused_and_the_logo_kept(
        qtbot: QtBot, make_app: MakeApp, closed_store: Store, admin_password: str,
        choose_file: list[Path], tmp_path: Path) -> None:
    page = settings_page(qtbot, make_app, admin_password)
    good = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), (0, 90, 200)).save(good)
    bad = tmp_path / "minutes.png"
    bad.write_text("Board minutes, not a picture")
    tiny = tmp_path / "dot.png"
    Image.new("RGB", (4, 4)).save(tiny)
    choose_file.extend([good, bad, tiny, tmp_path / "gone.png"])

    click(qtbot, page.choose_logo_button)
    before = stored_logo(page)
    assert before is not None

    click(qtbot, page.choose_logo_button)
    assert page.logo_problem.isVisible()
    assert page.logo_problem.text().endswith(
        "This file is not a picture PeerDesk can use. Choose a PNG or JPEG file.")
    assert "not a picture" in page.choose_logo_button.accessibleDescription()
    assert not page.logo_preview.pixmap().isNull()  # the earlier logo is still shown
    assert stored_logo(page) == before

    click(qtbot, page.choose_logo_button)
    assert "too small to print well (4 × 4 pixels)" in page.logo_problem.text()

    click(qtbot, page.choose_logo_button)
    assert "gone.png could not be read" in page.logo_problem.text()
    assert stored_logo(page) == before

    page.load()  # coming back to the page clears an old problem
    assert not page.logo_problem.isVisible()
