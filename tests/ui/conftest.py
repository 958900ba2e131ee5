"""Fixtures for the GUI tests: controllers that are always shut down, a closed database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from peerdesk.services.store import Store
from peerdesk.ui.app import PeerDeskApp


@pytest.fixture
def make_app(qapp: QApplication, db_path: Path) -> Iterator[Callable[[], PeerDeskApp]]:
    """Build a controller for ``db_path`` (not started); every one is shut down afterwards."""
    qapp.setOrganizationName("PeerDesk")
    qapp.setApplicationName("PeerDesk")
    made: list[PeerDeskApp] = []

    def make() -> PeerDeskApp:
        controller = PeerDeskApp(db_path)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.quit()
        controller.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def closed_store(new_store: Store) -> Store:
    """The shared test database, closed so the GUI is the only thing holding it open."""
    new_store.lock()
    return new_store


def _root_conftest(config: pytest.Config) -> object:
    # tests/conftest.py is not importable by name (every conftest is "conftest").
    return config.pluginmanager.get_plugin(str(Path(__file__).resolve().parent.parent
                                               / "conftest.py"))


@pytest.fixture
def admin_password(pytestconfig: pytest.Config) -> str:
    """The password of 'admin' in the ``new_store`` database."""
    return str(_root_conftest(pytestconfig).ADMIN_PASSWORD)  # type: ignore[attr-defined]


@pytest.fixture
def worker_password(pytestconfig: pytest.Config) -> str:
    """The (temporary) password of the peer worker 'pat' in the ``new_store`` database."""
    return str(_root_conftest(pytestconfig).WORKER_PASSWORD)  # type: ignore[attr-defined]
