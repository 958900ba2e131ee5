"""Storage errors, each with a message a program manager can act on."""

from __future__ import annotations

from peerdesk.i18n import _


class StoreError(Exception):
    """Base class: ``str(error)`` is the one-line message shown to the user."""


class DatabaseMissing(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            _("There is no PeerDesk database at {path}. Check the path, or create one with "
              "'peerdesk init'.").format(path=path)
        )


class DatabaseExists(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            _("A file already exists at {path}; PeerDesk will not overwrite it.").format(path=path)
        )


class WrongKey(StoreError):
    """The key does not open the file (or the file is not a PeerDesk database)."""


class NotEncrypted(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            _("{path} is a plain, unencrypted SQLite file, not a PeerDesk database.").format(
                path=path
            )
        )


class SchemaTooNew(StoreError):
    def __init__(self, found: str) -> None:
        super().__init__(
            _("This database was saved by a newer version of PeerDesk (schema {found}). "
              "Install the newer PeerDesk to open it; nothing was changed.").format(found=found)
        )


class DamagedDatabase(StoreError):
    pass


class DiskFull(StoreError):
    def __init__(self) -> None:
        super().__init__(_(
            "The disk is full, so PeerDesk could not save. Nothing was lost: the last change "
            "was not written. Free some space (or move the database to a larger drive) and "
            "try again."))


class ReadOnlyDatabase(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(_(
            "PeerDesk cannot write to {path} or its folder (it is read-only). Check the "
            "file's permissions, or copy the database to a folder you can write to.").format(
                path=path))


def explain(exc: BaseException, path: str = "") -> StoreError | None:
    """A user-facing error for a SQLite failure, or None if it is not one we recognise."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    where = path or _("the database")
    if "database or disk is full" in text or "file too large" in text:
        return DiskFull()
    if "readonly database" in text or "read-only" in text:
        return ReadOnlyDatabase(where)
    if "disk i/o error" in text:
        return DamagedDatabase(_(
            "PeerDesk could not write to or read from the disk holding {p}: the disk may be "
            "full, or a USB stick or network drive may have been disconnected. The last "
            "change was not saved; nothing else was lost. Free some space or check the drive "
            "and try again; if it keeps happening, restore the latest backup.").format(p=where))
    if "malformed" in text or "not a database" in text:
        return DamagedDatabase(_(
            "{p} is damaged. Restore the latest backup (Backups screen or 'peerdesk restore'); "
            "nothing was changed.").format(p=where))
    if "database is locked" in text:
        return StoreError(_("The database is busy in another program. Close other copies of "
                            "PeerDesk and try again."))
    return None
