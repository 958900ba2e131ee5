"""20,000 participants: the list fetches only the rows on screen, and searching stays quick."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from caseload_helpers import keys
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from peerdesk.db.models import Participant
from peerdesk.domain.search import participant_search_text
from peerdesk.services.store import Store
from peerdesk.ui.participant_model import LazyParticipantModel
from peerdesk.ui.participants_page import ParticipantsPage

COUNT = 20_000
FIRST = ["Aaliyah", "Andre", "Beatriz", "José", "Marisol", "Noah", "Renée", "Sofía", "Wes",
         "Łukasz", "Imani", "Keanu", "Priya", "Yusuf", "Dolores", "Graciela"]
LAST = ["Abernathy", "Benally", "Castañeda", "García", "Núñez", "O'Connell", "Søndergaard",
        "Washington", "Nguyen", "Xiong", "Yarborough", "Zamora", "Hernández", "Baptiste"]


@pytest.fixture
def big_store(new_store: Store) -> Store:
    """new_store with 20,000 participants, inserted in bulk (about a second)."""
    rng = random.Random(3)
    now = datetime.now(UTC).replace(tzinfo=None)
    today = date.today()
    rows = []
    for i in range(COUNT):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = today - timedelta(days=rng.randint(19 * 365, 68 * 365))
        phone = f"(541) 555-{i % 10000:04d}"
        member = f"RHP{10000000 + i}"
        rows.append({
            "first_name": first, "last_name": last, "preferred_name": "", "date_of_birth": born,
            "phone": phone, "member_id": member, "payer": "RHP", "status": "active",
            "enrolled_on": today, "status_since": today, "archived": False, "created_at": now,
            "updated_at": now, "search_text": participant_search_text(first, last, "", phone,
                                                                      member, born)})
    with new_store.session() as s:
        s.execute(insert(Participant), rows)
    return new_store


def test_the_lazy_model_fetches_only_the_pages_on_screen(qtbot: QtBot, big_store: Store) -> None:
    model = LazyParticipantModel(big_store)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    started = time.perf_counter()
    assert model.set_filter(model.filter)
    QApplication.processEvents()
    first_screen = time.perf_counter() - started
    assert model.rowCount() == COUNT
    assert model.fetched_pages == [0]  # 20,000 ids, 100 rows fetched
    view.scrollToBottom()
    QApplication.processEvents()
    last = (COUNT - 1) // model.PAGE
    assert set(model.fetched_pages) <= {0, last - 1, last}
    assert last in model.fetched_pages
    assert model.index(COUNT - 1, 0).data()  # the last row has its name
    view.scrollTo(model.index(COUNT // 2, 0))
    QApplication.processEvents()
    assert len(model.fetched_pages) <= 5
    assert first_screen < 2.0, first_screen  # typically ~0.05 s


def test_searching_20000_participants_keeps_up_with_typing(
        qtbot: QtBot, big_store: Store) -> None:
    page = ParticipantsPage(big_store)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    assert page.model.rowCount() == COUNT
    timings = []
    for text in ("nuñ", "garc", "555-01", "rhp1000"):
        page.search.clear()
        for char in text:
            keys(qtbot, page.search, char)
            started = time.perf_counter()
            page.apply_filters()  # what the 120 ms debounce timer runs
            QApplication.processEvents()  # the rows on screen are fetched and painted
            timings.append(time.perf_counter() - started)
        assert 0 < page.model.rowCount() < COUNT
        assert len(page.model.fetched_pages) <= 2
    # Generous bound for slow CI machines; the median is typically 10-40 ms.
    assert statistics.median(timings) < 0.5, timings
