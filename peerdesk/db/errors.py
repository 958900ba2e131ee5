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
