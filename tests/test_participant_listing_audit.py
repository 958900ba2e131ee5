"""Listing participants is one audited use case: the CLI and the caseload screen write the
same ``participant.list`` row, with the count only (no names, no search text)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from peerdesk.db.models import AuditEvent
from peerdesk.domain.participants import ParticipantInput
from peerdesk.services import participant_list, participants
from peerdesk.services.participant_list import ListFilter
from peerdesk.ui.participant_model import LazyParticipantModel


def _listings(st) -> list[str]:  # type: ignore[no-untyped-def]
    with st.session() as s:
        return [e.detail for e in s.execute(
            select(AuditEvent).where(AuditEvent.action == "participant.list")
            .order_by(AuditEvent.id)).scalars()]


def _add(st, first: str, last: str) -> None:  # type: ignore[no-untyped-def]
    with st.session() as s:
        participants.create_participant(s, st.actor, ParticipantInput(first, last))


def test_a_listing_is_audited_with_the_count_and_no_names(new_store) -> None:
    _add(new_store, "Jordan", "Reyes")
    _add(new_store, "Sam", "Oak")
    with new_store.session() as s:
        listed = participant_list.list_caseload(s, new_store.actor, ListFilter(text="reye"))
    assert [r.name for r in listed.rows] == ["Reyes, Jordan"]
    assert _listings(new_store) == ['{"count": 1}']  # neither the name nor "reye"


def test_the_screen_audits_each_new_search_once_not_reloads_or_pages(
        qtbot: QtBot, new_store) -> None:
    for n in range(5):
        _add(new_store, f"Alex{n}", "Rivera")
    model = LazyParticipantModel(new_store)
    model.PAGE = 2
    assert model.set_filter(ListFilter())
    assert model.reload()  # e.g. after a change elsewhere: the same list again
    model.sort(1)  # another order of the same people
    assert all(model.row_at(r) is not None for r in range(model.rowCount()))  # more pages
    assert model.set_filter(ListFilter(text="alex1"))
    assert _listings(new_store) == ['{"count": 5}', '{"count": 1}']
    model.clear()  # locking: the next listing after unlocking is audited again
    assert model.set_filter(ListFilter(text="alex1"))
    assert len(_listings(new_store)) == 3
