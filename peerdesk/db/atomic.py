"""Write a file so that a crash leaves either the old or the new version, never half.

Permissions work on every platform the installers target. On Linux and macOS the temporary
file is made private (``mkstemp`` creates it 0600) and given ``mode`` before a byte is
written. Python 3.11 on Windows has no ``os.fchmod`` (it came in 3.13), so there the mode is
set by path once the file is closed; Windows keeps only its read-only flag from a mode, and
who may read the file is decided by the folder's access list (PeerDesk's folders are in the
user's own profile, see :mod:`peerdesk.paths`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FOLDERS_CAN_SYNC = os.name == "posix"
"""Windows cannot open a folder as a file, so a rename there is left to the file system."""


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        by_handle = hasattr(os, "fchmod")
        if by_handle:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not by_handle:  # Windows before Python 3.13
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX only: Windows cannot open a folder as a file)."""
    if not FOLDERS_CAN_SYNC:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
