"""The encrypted engine: SQLCipher 4 through SQLAlchemy, keyed with the raw 32-byte key.

We use SQLAlchemy's plain ``sqlite`` dialect with ``sqlcipher3`` as the DB-API module and a
``creator`` that keys each new connection. (The ``sqlite+pysqlcipher`` dialect would issue
its own ``PRAGMA key`` from the URL on every connect, which we do not want.)
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from peerdesk.db.errors import DamagedDatabase, NotEncrypted, WrongKey
from peerdesk.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_raw(path: Path | str, key: bytes, *, check: bool = True) -> sqlcipher3.Connection:
    """A keyed sqlcipher3 connection with PeerDesk's pragmas. Raises WrongKey if it can't read."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma(key))
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 5000")
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise classify_open_error(Path(path), exc) from exc
    return conn


def classify_open_error(path: Path, exc: Exception) -> Exception:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        head = b""
    if head == SQLITE_MAGIC:
        return NotEncrypted(str(path))
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        return WrongKey(
            _("This key does not open {path}: it is not a PeerDesk database, or it was made "
              "with another key.").format(path=path)
        )
    if "malformed" in text:
        return DamagedDatabase(_(
            "{path} is damaged (perhaps cut short while being copied). Restore the latest "
            "backup; nothing was changed.").format(path=path))
    return DamagedDatabase(
        _("PeerDesk could not read {path} ({detail}). Restore the latest backup.").format(
            path=path, detail=exc
        )
    )


def make_engine(path: Path | str, key: bytes) -> Engine:
    path = Path(path)
    key = bytes(key)

    def creator() -> sqlcipher3.Connection:
        return connect_raw(path, key, check=False)

    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=creator,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )

    # Let SQLAlchemy (not the driver) decide when transactions begin, so DDL and
    # multi-statement writes are truly atomic.
    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")

    return engine


def enable_wal(conn: sqlcipher3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise DamagedDatabase(_("PeerDesk could not switch the database to WAL mode."))
