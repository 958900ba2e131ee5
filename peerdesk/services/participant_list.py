"""The caseload list: filter, sort and page through the participants a user may see.

:func:`list_caseload` is the one use case both faces call (the CLI's ``participants`` and
the caseload screen): who may be seen, the search, and one ``participant.list`` audit row
with the count (never names or search text). Built for a lazily fed table: it returns every
matching id in order (a few milliseconds for 20,000 participants) with the first page of
display rows; :func:`rows` fetches further pages, unaudited (scrolling is not a new list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from peerdesk.db.models import Participant, User
from peerdesk.domain.search import search_terms
from peerdesk.services import audit
from peerdesk.services.actor import Actor
from peerdesk.services.participants import visible_clause

SORTS = ("name", "preferred_name", "date_of_birth", "phone", "member_id", "status", "worker",
         "last_contact", "enrolled")


@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    mine_only: bool = False
    status: str | None = None
    worker_id: int | None = None
    sort: str = "name"
    descending: bool = False

    def listing(self) -> tuple[object, ...]:
        """What makes a different list (the order does not): same key, same people."""
        return (tuple(search_terms(self.text)), self.mine_only, self.status, self.worker_id)


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    last_name: str
    first_name: str
    preferred_name: str
    date_of_birth: date | None
    phone: str
    member_id: str
    status: str
    worker_name: str
    last_contact_on: date | None
    enrolled_on: date

    @property
    def name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


def ids_query(actor: Actor, flt: ListFilter) -> Select[tuple[int]]:
    worker = aliased(User)
    query = (select(Participant.id)
             .outerjoin(worker, worker.id == Participant.assigned_worker_id)
             .where(Participant.archived.is_(False), visible_clause(actor)))
    for term in search_terms(flt.text):
        query = query.where(Participant.search_text.contains(term, autoescape=True))
    if flt.mine_only and actor.id is not None:
        query = query.where(Participant.assigned_worker_id == actor.id)
    if flt.status:
        query = query.where(Participant.status == flt.status)
    if flt.worker_id is not None:
        query = query.where(Participant.assigned_worker_id == flt.worker_id)
    keys = {
        "name": [Participant.last_name, Participant.first_name],
        "preferred_name": [Participant.preferred_name],
        "date_of_birth": [Participant.date_of_birth],
        "phone": [Participant.phone],
        "member_id": [Participant.member_id],
        "status": [Participant.status],
        "worker": [worker.full_name],
        "last_contact": [Participant.last_contact_on],
        "enrolled": [Participant.enrolled_on],
    }.get(flt.sort, [Participant.last_name, Participant.first_name])
    order = [k.desc() if flt.descending else k.asc() for k in keys]
    return query.order_by(*order, Participant.id)


PAGE = 100
_CHUNK = 500  # ids per IN (...) when every row is wanted


@dataclass(frozen=True)
class Caseload:
    """One listing: every matching id in order, and display rows for the first of them."""

    ids: tuple[int, ...]
    rows: tuple[ParticipantRow, ...]

    @property
    def count(self) -> int:
        return len(self.ids)


def list_caseload(session: Session, actor: Actor, flt: ListFilter, *,
                  first: int | None = PAGE, again: bool = False) -> Caseload:
    """List the participants this user may see that match ``flt``: the ids in order and
    rows for the first ``first`` of them (``None``: all of them).

    Audited as ``participant.list`` with the count only. ``again=True`` is the same listing
    shown once more (after a change elsewhere, or sorted another way): not audited twice."""
    ids = tuple(matching_ids(session, actor, flt))
    wanted = list(ids if first is None else ids[:first])
    found: list[ParticipantRow] = []
    for start in range(0, len(wanted), _CHUNK):
        found += rows(session, wanted[start:start + _CHUNK])
    if not again:
        audit.record(session, actor, "participant.list", "participant", "",
                     {"count": len(ids)})
    return Caseload(ids, tuple(found))


def matching_ids(session: Session, actor: Actor, flt: ListFilter) -> list[int]:
    return list(session.execute(ids_query(actor, flt)).scalars())


def search_sql(actor: Actor, flt: ListFilter) -> tuple[str, list[object]]:
    """The same search as plain SQL text (for the benchmark's stdlib-sqlite3 comparison)."""
    from sqlalchemy.dialects import sqlite

    compiled = ids_query(actor, flt).compile(dialect=sqlite.dialect(),
                                             compile_kwargs={"literal_binds": True})
    return str(compiled), []


def rows(session: Session, ids: list[int]) -> list[ParticipantRow]:
    """Display rows for these ids, in the same order (ids come from matching_ids)."""
    if not ids:
        return []
    worker = aliased(User)
    found = session.execute(
        select(Participant.id, Participant.last_name, Participant.first_name,
               Participant.preferred_name, Participant.date_of_birth, Participant.phone,
               Participant.member_id, Participant.status, worker.full_name,
               Participant.last_contact_on, Participant.enrolled_on)
        .outerjoin(worker, worker.id == Participant.assigned_worker_id)
        .where(Participant.id.in_(ids))
    ).all()
    by_id = {r[0]: ParticipantRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "",
                                  r[9], r[10]) for r in found}
    return [by_id[i] for i in ids if i in by_id]
