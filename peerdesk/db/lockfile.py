"""One writer per database: a lock file beside it, held with an OS lock while open.

``<db>.lock`` holds who has the file open (computer, program id, PeerDesk user, since when)
so a second PeerDesk can say who to ask. The OS lock (flock / msvcrt) disappears when the
holding process dies, so a lock left by a crash is recognised as stale and cleared. On a
network share the OS lock may not reach other computers: then the holder's heartbeat
(rewritten every few minutes while PeerDesk is open) decides; a lock from another computer
whose heartbeat is older than STALE_AFTER is treated as left behind by a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, ClassVar

from peerdesk.db.errors import StoreError
from peerdesk.i18n import _


class DatabaseInUse(StoreError):
    def __init__(self, holder: LockInfo) -> None:
        self.holder = holder
        who = holder.user or _("someone")
        super().__init__(_(
            "This database is open in another PeerDesk: {who} on computer {host}, since "
            "{since}. Ask them to close PeerDesk (or sign out) and try again. Only one "
            "PeerDesk can have the database open at a time.").format(
                who=who, host=holder.host, since=holder.since_text))


STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class LockInfo:
    host: str
    pid: int
    user: str
    since: str
    beat: str = ""

    def fresh(self, now: datetime) -> bool:
        try:
            return now - datetime.fromisoformat(self.beat or self.since) < STALE_AFTER
        except ValueError:
            return True

    @property
    def since_text(self) -> str:
        try:
            return datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.since


def lock_path(database: Path) -> Path:
    return Path(database).with_name(Path(database).name + ".lock")


def _os_lock(handle: IO[bytes]) -> bool:
    try:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _read(path: Path) -> LockInfo | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(str(doc["host"]), int(doc["pid"]), str(doc.get("user", "")),
                        str(doc.get("since", "")), str(doc.get("beat", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class DatabaseLock:
    """Held by this process for one database; re-entrant within the process."""

    _held: ClassVar[dict[Path, tuple[DatabaseLock, int]]] = {}
    _guard = threading.Lock()

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path, self.handle = path, handle

    @classmethod
    def acquire(cls, database: Path, user: str = "") -> DatabaseLock:
        path = lock_path(database).resolve()
        with cls._guard:
            if path in cls._held:
                lock, count = cls._held[path]
                cls._held[path] = (lock, count + 1)
                return lock
            lock = cls._take(path, user)
            cls._held[path] = (lock, 1)
            return lock

    @classmethod
    def _take(cls, path: Path, user: str) -> DatabaseLock:
        handle = open(path, "a+b")  # noqa: SIM115 - kept open while the database is open
        if not _os_lock(handle):
            holder = _read(path) or LockInfo("?", 0, "", "")
            handle.close()
            raise DatabaseInUse(holder)
        holder = _read(path)
        here = socket.gethostname()
        now = datetime.now(UTC)
        if (holder is not None and holder.host != here and holder.fresh(now)):
            # Another computer holds it and the OS lock cannot reach across a network
            # share: refuse rather than risk two writers.
            handle.close()
            raise DatabaseInUse(holder)
        lock = cls(path, handle)
        lock._write(LockInfo(here, os.getpid(), user, now.isoformat(timespec="seconds")))
        return lock

    def _write(self, info: LockInfo) -> None:
        doc = {"host": info.host, "pid": info.pid, "user": info.user, "since": info.since,
               "beat": datetime.now(UTC).isoformat(timespec="seconds")}
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(json.dumps(doc).encode("utf-8"))
        self.handle.flush()
        with contextlib.suppress(OSError):
            os.fsync(self.handle.fileno())

    def set_user(self, user: str) -> None:
        info = _read(self.path)
        if info is not None:
            self._write(LockInfo(info.host, info.pid, user, info.since))

    def heartbeat(self) -> None:
        """Call every few minutes while open, so other computers know we are still here."""
        info = _read(self.path)
        if info is not None:
            self._write(info)

    def release(self) -> None:
        with self._guard:
            lock, count = self._held.get(self.path, (self, 1))
            if count > 1:
                self._held[self.path] = (lock, count - 1)
                return
            self._held.pop(self.path, None)
        with contextlib.suppress(OSError):
            self.handle.seek(0)
            self.handle.truncate()
            self.handle.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


def holder_of(database: Path) -> LockInfo | None:
    """Who holds the database now (None if nobody: no lock or a stale one)."""
    path = lock_path(database)
    if not path.exists():
        return None
    try:
        with open(path, "a+b") as handle:
            if _os_lock(handle):
                return None  # nobody holds the OS lock: stale
    except OSError:
        pass
    return _read(path)
