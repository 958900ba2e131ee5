"""Participants: validation in the user's words, who may see whom, history, never deleted."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from peerdesk.db.models import AuditEvent, Participant
from peerdesk.domain.participants import ParticipantInput, ParticipantStatus
from peerdesk.domain.roles import Role
from peerdesk.services import participants, store, users
from peerdesk.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import WORKER_PASSWORD


def _add(st, first="Rae", last="Lindgren", **kw):  # type: ignore[no-untyped-def]
    with st.session() as s:
        return participants.create_participant(s, st.actor, ParticipantInput(first, last, **kw)).id


def _worker_id(st, name: str = "pat") -> int:  # type: ignore[no-untyped-def]
    with st.session() as s:
        return users.get_user(s, name).id


def test_validation_names_each_problem_and_saves_nothing(new_store) -> None:
    future = date.today() + timedelta(days=3)
    with pytest.raises(ValidationFailed) as err, new_store.session() as s:
        participants.create_participant(s, new_store.actor, ParticipantInput(
            "", "", date_of_birth=future, phone="12", member_id="!!", email="nope",
            gender="made-up"))
    fields = {p.field for p in err.value.problems}
    assert fields == {"first_name", "last_name", "date_of_birth", "phone", "member_id",
                      "email", "payer", "gender"}
    assert "future" in str(err.value)
    with new_store.session() as s:
        assert s.execute(select(func.count()).select_from(Participant)).scalar_one() == 0


def test_phone_is_normalized(new_store) -> None:
    pid = _add(new_store, phone="541.555.0134")
    with new_store.session() as s:
        assert participants.get_participant(s, new_store.actor, pid).phone == "(541) 555-0134"


def test_peer_worker_sees_only_their_caseload(new_store, db_path: Path) -> None:
    pat = _worker_id(new_store)
    mine = _add(new_store, "Mine", "Person", assigned_worker_id=pat)
    other = _add(new_store, "Other", "Person")
    new_store.lock()
    st = store.unlock(db_path, "pat", WORKER_PASSWORD)
    with st.session() as s:
        assert [p.id for p in participants.search_participants(s, st.actor)] == [mine]
        assert participants.count_visible(s, st.actor) == 1
        participants.get_participant(s, st.actor, mine)
    with pytest.raises(PermissionDenied, match="caseload"), st.session() as s:
        participants.get_participant(s, st.actor, other)
    with pytest.raises(PermissionDenied), st.session() as s:
        participants.update_participant(s, st.actor, other, ParticipantInput("X", "Y"))
    st.lock()


def test_a_worker_adds_to_their_own_caseload_but_cannot_assign_others(new_store,
                                                                     db_path) -> None:
    admin_id = new_store.actor.id
    new_store.lock()
    st = store.unlock(db_path, "pat", WORKER_PASSWORD)
    pid = _add(st, "New", "Intake")
    with st.session() as s:
        assert participants.get_participant(s, st.actor, pid).assigned_worker_id == st.actor.id
    with pytest.raises(PermissionDenied, match="supervisor"), st.session() as s:
        participants.create_participant(s, st.actor, ParticipantInput(
            "Some", "One", assigned_worker_id=admin_id))
    st.lock()


def test_supervisor_sees_all_and_program_manager_reads_but_cannot_edit(new_store,
                                                                      db_path) -> None:
    _add(new_store, "A", "One", assigned_worker_id=_worker_id(new_store))
    _add(new_store, "B", "Two")
    with new_store.session() as s:
        for name, role in [("sup", Role.SUPERVISOR), ("pm", Role.PROGRAM_MANAGER)]:
            users.add_user(s, new_store.actor, new_store.vault,
                           users.NewUser(name, name.upper(), frozenset({role}), "password-9"))
    new_store.lock()
    sup = store.unlock(db_path, "sup", "password-9")
    with sup.session() as s:
        assert participants.count_visible(s, sup.actor) == 2
    sup.lock()
    pm = store.unlock(db_path, "pm", "password-9")
    with pm.session() as s:
        assert participants.count_visible(s, pm.actor) == 2
        first = participants.search_participants(s, pm.actor)[0].id
    with pytest.raises(PermissionDenied), pm.session() as s:
        participants.create_participant(s, pm.actor, ParticipantInput("C", "Three"))
    with pytest.raises(PermissionDenied), pm.session() as s:
        participants.update_participant(s, pm.actor, first, ParticipantInput("C", "Three"))
    pm.lock()


def test_every_view_and_change_is_audited(new_store) -> None:
    pid = _add(new_store)
    with new_store.session() as s:
        participants.get_participant(s, new_store.actor, pid)
        participants.update_participant(s, new_store.actor, pid, ParticipantInput(
            "Rae", "Lindgren", preferred_name="Rae-Rae"))
    with new_store.session() as s:
        actions = s.execute(select(AuditEvent.action).where(
            AuditEvent.entity == "participant", AuditEvent.entity_id == str(pid))).scalars()
        assert list(actions) == ["participant.create", "participant.view", "participant.update"]


def test_discharge_and_re_enroll_keep_history(new_store) -> None:
    start = date.today() - timedelta(days=90)
    pid = _add(new_store, enrolled_on=start)
    mid = date.today() - timedelta(days=30)
    with pytest.raises(ValidationFailed, match="reason"), new_store.session() as s:
        participants.change_status(s, new_store.actor, pid, ParticipantStatus.DISCHARGED, mid)
    with new_store.session() as s:
        participants.change_status(s, new_store.actor, pid, ParticipantStatus.DISCHARGED, mid,
                                   "Moved out of the area")
        participants.change_status(s, new_store.actor, pid, ParticipantStatus.ACTIVE,
                                   date.today(), "Came back")
    with new_store.session() as s:
        p = participants.get_participant(s, new_store.actor, pid)
        assert p.status == "active" and p.discharged_on is None
        assert [(h.status, h.effective_on) for h in p.status_history] == [
            ("active", start), ("discharged", mid), ("active", date.today())]


def test_participants_are_never_hard_deleted(new_store) -> None:
    pid = _add(new_store)
    with pytest.raises(DBAPIError, match="archived, never deleted"), \
            new_store.session() as s:
        s.connection().exec_driver_sql("DELETE FROM participants WHERE id = ?", (pid,))
    with new_store.session() as s:
        participants.archive_participant(s, new_store.actor, pid, "Duplicate record")
    with pytest.raises(NotFound), new_store.session() as s:
        participants.get_participant(s, new_store.actor, pid)
    with new_store.session() as s:
        assert s.get(Participant, pid) is not None  # still in the file
