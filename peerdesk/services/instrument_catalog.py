"""Which instruments this organization can use: the built-in files plus any an
administrator added (stored in the database, so they travel with it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from peerdesk import instruments
from peerdesk.db.recovery_models import InstrumentDefinition
from peerdesk.domain.instruments import Instrument, InstrumentError
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock
from peerdesk.services.actor import Actor
from peerdesk.services.errors import NotFound, ServiceError

_builtin_cache: dict[str, Instrument] = {}


def builtins() -> dict[str, Instrument]:
    if not _builtin_cache:
        for name in instruments.builtin_names():
            inst = instruments.load_builtin(name)
            _builtin_cache[inst.id] = inst
    return dict(_builtin_cache)


def available(session: Session) -> dict[str, Instrument]:
    """Instrument id -> the newest active version (an added file may update a built-in)."""
    found = builtins()
    rows = session.execute(select(InstrumentDefinition).where(
        InstrumentDefinition.active.is_(True)).order_by(InstrumentDefinition.id)).scalars()
    for row in rows:
        try:
            found[row.instrument_id] = instruments.read_text(row.source_text, row.format,
                                                             row.title)
        except InstrumentError:
            continue  # it was valid when added; a newer PeerDesk may be stricter
    return found


def get(session: Session, instrument_id: str, version: str | None = None) -> Instrument:
    """An instrument by id (and version, for scoring or showing an old assessment)."""
    if version is not None:
        builtin = builtins().get(instrument_id)
        if builtin is not None and builtin.version == version:
            return builtin
        row = session.execute(select(InstrumentDefinition).where(
            InstrumentDefinition.instrument_id == instrument_id,
            InstrumentDefinition.version == version)).scalar_one_or_none()
        if row is not None:
            return instruments.read_text(row.source_text, row.format, row.title)
    inst = available(session).get(instrument_id)
    if inst is None:
        raise NotFound(_("The instrument '{id}' is not available.").format(id=instrument_id))
    return inst


def add_definition(session: Session, actor: Actor, text: str, fmt: str) -> Instrument:
    """Validate and store an organization's own instrument file (administrators)."""
    actor.require(Permission.MANAGE_SETTINGS)
    if fmt not in ("toml", "json"):
        raise ServiceError(_("An instrument file is TOML (.toml) or JSON (.json)."))
    inst = instruments.read_text(text, fmt, "file")  # InstrumentError names every problem
    builtin = builtins().get(inst.id)
    if builtin is not None and builtin.version == inst.version:
        raise ServiceError(_("{title} version {v} is built in already.").format(
            title=inst.title, v=inst.version))
    exists = session.execute(select(InstrumentDefinition.id).where(
        InstrumentDefinition.instrument_id == inst.id,
        InstrumentDefinition.version == inst.version)).first()
    if exists:
        raise ServiceError(_("{title} version {v} was added before. Give the new file a new "
                             "version.").format(title=inst.title, v=inst.version))
    row = InstrumentDefinition(instrument_id=inst.id, version=inst.version, title=inst.title,
                               format=fmt, source_text=text, added_by_id=actor.id,
                               added_at=clock.utc_now(), active=True)
    session.add(row)
    session.flush()
    audit.record(session, actor, "instrument.add", "instrument", inst.id,
                 {"version": inst.version})
    return inst


@dataclass(frozen=True)
class Added:
    """What adding an instrument file came to: the instrument, or the file's problems
    (nothing was stored then)."""

    instrument: Instrument | None
    problems: tuple[str, ...] = ()


def add_file(session: Session, actor: Actor, text: str, fmt: str) -> Added:
    """:func:`add_definition` for the faces: a file with problems is an answer
    (``Added.problems``), not a failure, so the screen can list every one of them."""
    try:
        return Added(add_definition(session, actor, text, fmt))
    except InstrumentError as exc:
        return Added(None, tuple(exc.problems))
