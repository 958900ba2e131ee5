"""Participant search as you type: accents, case, phones, ids and birth dates."""

from __future__ import annotations

from datetime import date

import pytest

from peerdesk.domain.participants import ParticipantInput
from peerdesk.domain.search import fold
from peerdesk.services import participant_list, participants
from peerdesk.services.participant_list import ListFilter

PEOPLE = [
    ParticipantInput("José", "García", preferred_name="Pepe", phone="(541) 555-0134",
                     date_of_birth=date(1980, 3, 7), payer="RHP", member_id="RHP40021"),
    ParticipantInput("Zoë", "O'Connell", phone="541-555-0199", date_of_birth=date(1992, 11, 30)),
    ParticipantInput("Łukasz", "Søndergaard", date_of_birth=date(1975, 1, 2)),
    ParticipantInput("Joseph", "Garner", date_of_birth=date(2001, 6, 15)),
]


@pytest.fixture
def people(new_store):
    with new_store.session() as s:
        ids = [participants.create_participant(s, new_store.actor, p).id for p in PEOPLE]
    return new_store, ids


def _find(st, text: str, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    with st.session() as s:
        return participant_list.matching_ids(s, st.actor, ListFilter(text=text, **kw))


@pytest.mark.parametrize("query, expected", [
    ("jose", [0, 3]), ("JOSÉ", [0, 3]), ("josé g", [0, 3]), ("josé gar", [0, 3]),
    ("garc", [0]), ("arcí", [0]), ("pepe", [0]),
    ("jos", [0, 3]), ("gar", [0, 3]), ("jose garcia", [0]), ("garcia jose", [0]),
    ("zoe", [1]), ("oconnell", [1]), ("o'connell", [1]), ("lukasz", [2]), ("sonder", [2]),
    ("555-0134", [0]), ("(541) 555", [0, 1]), ("5415550199", [1]), ("rhp4002", [0]),
    ("1980-03-07", [0]), ("03/07/1980", [0]), ("3/7/1980", [0]), ("11/30/1992", [1]),
    ("nobody", []), ("", [0, 1, 2, 3]),
])
def test_search_matches_what_a_worker_types(people, query: str, expected: list[int]) -> None:
    st, ids = people
    assert sorted(_find(st, query)) == sorted(ids[i] for i in expected)


def test_sorting_and_filters(people) -> None:
    st, ids = people
    by_name = _find(st, "")
    assert by_name == [ids[0], ids[3], ids[1], ids[2]]  # García, Garner, O'Connell, Søndergaard
    assert _find(st, "", sort="date_of_birth", descending=True)[0] == ids[3]
    assert _find(st, "", status="discharged") == []
    with st.session() as s:
        rows = participant_list.rows(s, [ids[2], ids[0]])
    assert [r.name for r in rows] == ["Søndergaard, Łukasz", "García, José"]


def test_fold() -> None:
    assert fold("  Søren  O’Núñez ") == "soren onunez"
