"""Creating, unlocking and locking a PeerDesk database.

A :class:`Store` is an unlocked database: the engine, the key (in memory only), the key
sidecar and the signed-in user. Locking disposes the engine and overwrites the key.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from peerdesk.db import crypto
from peerdesk.db.engine import connect_raw, enable_wal, make_engine
from peerdesk.db.errors import (
    DamagedDatabase,
    DatabaseExists,
    DatabaseMissing,
    ReadOnlyDatabase,
)
from peerdesk.db.keyslots import KeySlotFile, SidecarDamaged, SidecarMissing, sidecar_path
from peerdesk.db.lockfile import DatabaseLock
from peerdesk.db.migrate import MigrationResult, upgrade
from peerdesk.db.models import User
from peerdesk.db.netfs import is_network_path
from peerdesk.domain.passwords import PasswordRules
from peerdesk.domain.roles import Role, format_roles
from peerdesk.domain.usernames import normalize_username, username_problem
from peerdesk.i18n import _
from peerdesk.services import audit, clock, settings
from peerdesk.services.actor import RECOVERY_ACTOR, Actor
from peerdesk.services.clock import utc_now as _now
from peerdesk.services.errors import (
    AccountInactive,
    KeyFileProblem,
    ServiceError,
    WrongCredentials,
)

NETWORK_WARNING = _(
    "The database {path} is on a network share. A shared folder is not a safe place for the "
    "live database: a dropped connection can damage it. Keep the database on this computer's "
    "own drive, and choose the shared folder as the backup folder instead.")


class Vault:
    """The database key plus the sidecar it is sealed in, for adding and removing slots."""

    def __init__(self, db_path: Path, key: bytes) -> None:
        self.db_path = Path(db_path)
        self._key = bytearray(key)

    @property
    def key(self) -> bytes:
        if not any(self._key):
            raise ServiceError(_("PeerDesk is locked."))
        return bytes(self._key)

    def slots(self) -> KeySlotFile:
        return load_slots(self.db_path)

    def set_password(self, username: str, password: str) -> None:
        slots = self.slots()
        slots.set_password(username, password, self.key)
        slots.save()

    def check_password(self, username: str, password: str) -> bool:
        return self.slots().unlock_password(username, password) is not None

    def remove_user(self, username: str) -> None:
        slots = self.slots()
        slots.remove_user(username)
        slots.save()

    def wipe(self) -> None:
        for i in range(len(self._key)):
            self._key[i] = 0


@dataclass
class Store:
    path: Path
    engine: Engine
    vault: Vault
    actor: Actor
    database_id: str
    migration: MigrationResult | None = None
    db_lock: DatabaseLock | None = None
    warnings: list[str] = field(default_factory=list)
    _factory: sessionmaker[Session] = field(init=False, repr=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        if is_network_path(self.path):
            self.warnings.append(NETWORK_WARNING.format(path=self.path))

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One user action = one transaction: committed at the end, rolled back on error."""
        if self._closed:
            raise ServiceError(_("PeerDesk is locked."))
        with self._factory() as session, session.begin():
            yield session

    @property
    def closed(self) -> bool:
        return self._closed

    def lock(self, reason: str = "lock") -> None:
        """Record the lock, close every connection and drop the key."""
        if self._closed:
            return
        with contextlib.suppress(Exception), self.session() as s:
            audit.record(s, self.actor, reason)
        self.engine.dispose()
        self.vault.wipe()
        self._closed = True
        if self.db_lock is not None:
            self.db_lock.release()
            self.db_lock = None

    def close(self) -> None:
        """End a command-line or scripted session (audited as a logout)."""
        self.lock("logout")


# Sign-in failures cannot be written while the database is locked (no key); they wait
# here and go into the audit trail at the next successful sign-in in this process.
_pending_failures: list[tuple[str, str]] = []
_pending_lock = threading.Lock()


def _note_failure(username: str) -> None:
    with _pending_lock:
        _pending_failures.append((clock.utc_now_aware().isoformat(timespec="seconds"), username))


def _flush_failures(session: Session) -> None:
    with _pending_lock:
        pending = list(_pending_failures)
        _pending_failures.clear()
    for at, username in pending:
        audit.record(session, None, "login.failed", "user", username, {"attempted_at": at})




def create_database(path: Path, organization: str, admin_username: str, admin_full_name: str,
                    admin_password: str, *, credential: str = "",
                    rules: PasswordRules | None = None,
                    extra_roles: frozenset[Role] = frozenset()) -> tuple[Store, str]:
    """Create a new encrypted database with one administrator. Returns (store, recovery key)."""
    path = Path(path)
    rules = rules or PasswordRules()
    username = normalize_username(admin_username)
    problems = []
    if not organization.strip():
        problems.append(_("Please enter the organization's name."))
    if (msg := username_problem(username)) is not None:
        problems.append(msg)
    if not admin_full_name.strip():
        problems.append(_("Please enter the administrator's full name."))
    problems += rules.problems(admin_password)
    if problems:
        raise ServiceError(" ".join(problems))
    side = sidecar_path(path)
    if path.exists():
        raise DatabaseExists(str(path))
    if side.exists():
        raise DatabaseExists(str(side))
    if not path.parent.is_dir():
        raise ServiceError(_("The folder {folder} does not exist.").format(folder=path.parent))

    key = crypto.new_database_key()
    database_id = str(uuid.uuid4())
    db_lock = DatabaseLock.acquire(path, username)
    engine: Engine | None = None
    try:
        raw = connect_raw(path, key, check=False)
        try:
            enable_wal(raw)
        finally:
            raw.close()
        path.chmod(0o600)
        engine = make_engine(path, key)
        migration = upgrade(engine, path, key)
        slots = KeySlotFile.new(side, database_id)
        slots.set_password(username, admin_password, key)
        factory = sessionmaker(engine, expire_on_commit=False)
        with factory() as s, s.begin():
            settings.put(s, "organization_name", organization.strip())
            settings.put(s, "database_id", database_id)
            settings.put(s, "password_min_length", str(rules.min_length))
            settings.put(s, "password_letter_and_digit",
                         "1" if rules.require_letter_and_digit else "0")
            admin = User(username=username, full_name=admin_full_name.strip(),
                         credential=credential.strip(),
                         roles=format_roles({Role.ADMINISTRATOR} | set(extra_roles)),
                         active=True, must_change_password=False, created_at=_now())
            s.add(admin)
            s.flush()
            actor = Actor.from_user(admin)
            audit.record(s, actor, "database.create", "database", database_id,
                         {"schema": migration.to_revision})
            audit.record(s, actor, "user.create", "user", admin.id, {"username": username})
        slots.save()
    except BaseException:
        if engine is not None:
            engine.dispose()
        db_lock.release()
        remove_database_files(path)
        raise
    store = Store(path, engine, Vault(path, key), actor, database_id, migration, db_lock)
    return store, key.hex()


# A database is these files: itself, its key slots (sidecar_path) and SQLite's WAL pair.
FILE_SUFFIXES = ("", ".keys", "-wal", "-shm")


def remove_database_files(path: Path) -> None:
    """Delete a database that was never finished (a failed create or demo)."""
    for suffix in FILE_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def load_slots(path: Path) -> KeySlotFile:
    """The key sidecar, or a KeyFileProblem that tells the user what to do."""
    try:
        return KeySlotFile.load(sidecar_path(path))
    except SidecarMissing as exc:
        raise KeyFileProblem(
            _("The key file {file} is missing. Restore it from a backup, or use the recovery "
              "key ('Use recovery key' at sign-in, or 'peerdesk rekey-users').").format(
                file=sidecar_path(path))
        ) from exc
    except SidecarDamaged as exc:
        raise KeyFileProblem(
            _("The key file {file} is damaged. Restore it from a backup, or use the recovery "
              "key to rebuild it ('peerdesk rekey-users').").format(file=sidecar_path(path))
        ) from exc


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except PermissionError as exc:
        raise DamagedDatabase(_("PeerDesk is not allowed to open {p}. Check the permissions "
                                "of the file and of its folders.").format(p=path)) from exc


def check_file(path: Path) -> None:
    """Refuse files that cannot be a whole PeerDesk database before anything touches them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DatabaseMissing(str(path)) from exc
    if size == 0:
        raise DamagedDatabase(_("{p} is empty (0 bytes): it is not a PeerDesk database, or "
                                "it was damaged. Restore the latest backup.").format(p=path))
    if size % 512 != 0 or size < 1024:
        raise DamagedDatabase(_("{p} is cut short ({n} bytes): it was damaged, perhaps while "
                                "being copied. Restore the latest backup.").format(p=path, n=size))
    if not os.access(path, os.R_OK):
        raise DamagedDatabase(_("PeerDesk is not allowed to read {p}. Check the file's "
                                "permissions.").format(p=path))
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise ReadOnlyDatabase(str(path))


def _check_length(path: Path, key: bytes) -> None:
    conn = connect_raw(path, key)
    try:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()
    wal = Path(f"{path}-wal")
    if path.stat().st_size < pages * page_size and not (wal.exists() and wal.stat().st_size):
        raise DamagedDatabase(_("{p} is cut short: it has fewer pages than it says. Restore "
                                "the latest backup.").format(p=path))


def _open(path: Path, key: bytes) -> tuple[Engine, MigrationResult]:
    """Open a file that check_file() has passed (callers check before taking the lock)."""
    _check_length(path, key)  # also raises WrongKey / NotEncrypted / DamagedDatabase
    engine = make_engine(path, key)
    try:
        migration = upgrade(engine, path, key)
    except BaseException:
        engine.dispose()
        raise
    return engine, migration


def unlock(path: Path, username: str, password: str) -> Store:
    """Sign in. Nothing on disk changes unless the password is right."""
    path = Path(path)
    if not _exists(path):
        raise DatabaseMissing(str(path))
    username = normalize_username(username)
    slots = load_slots(path)
    key = slots.unlock_password(username, password)
    if key is None:
        _note_failure(username)
        raise WrongCredentials()
    check_file(path)
    db_lock = DatabaseLock.acquire(path, username)
    try:
        engine, migration = _open(path, key)
    except BaseException:
        db_lock.release()
        raise
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as s, s.begin():
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None or not user.active:
            audit.record(s, None, "login.refused", "user", username, {"reason": "inactive"})
            refused = True
        else:
            refused = False
            actor = Actor.from_user(user)
            _flush_failures(s)
            audit.record(s, actor, "login", "user", user.id)
            database_id = settings.get(s, "database_id")
    if refused:
        engine.dispose()
        db_lock.release()
        raise AccountInactive()
    return Store(path, engine, Vault(path, key), actor, database_id, migration, db_lock)


def unlock_with_key(path: Path, key: bytes, actor: Actor | None = None) -> Store:
    """Open with the raw database key (recovery key or quick unlock)."""
    path = Path(path)
    if not _exists(path):
        raise DatabaseMissing(str(path))
    check_file(path)
    db_lock = DatabaseLock.acquire(path, actor.username if actor else "recovery key")
    try:
        engine, migration = _open(path, key)
    except BaseException:
        db_lock.release()
        raise
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as s, s.begin():
        acting = actor or RECOVERY_ACTOR
        _flush_failures(s)
        audit.record(s, acting, "login.recovery_key" if actor is None else "login.quick_unlock",
                     "user", acting.id or "")
        database_id = settings.get(s, "database_id")
    return Store(path, engine, Vault(path, key), acting, database_id, migration, db_lock)


def unlock_with_recovery_key(path: Path, recovery_key: str) -> Store:
    try:
        key = crypto.parse_recovery_key(recovery_key)
    except ValueError as exc:
        raise ServiceError(_(str(exc))) from exc
    return unlock_with_key(path, key)
