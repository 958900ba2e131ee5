"""Consistent encrypted copies of the database (same key), e.g. before a migration."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from peerdesk.db.atomic import fsync_dir
from peerdesk.db.engine import connect_raw
from peerdesk.db.keyslots import sidecar_path


def encrypted_copy(src_path: Path, key: bytes, dest_path: Path) -> None:
    """Copy the live database through SQLite's backup API into a new file under the same key.

    The copy is written to a temporary name, fsynced and renamed, with its key sidecar.
    """
    dest_path = Path(dest_path)
    tmp = dest_path.with_name(f".{dest_path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    src = connect_raw(src_path, key)
    try:
        dst = connect_raw(tmp, key, check=False)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, dest_path)
    side = sidecar_path(Path(src_path))
    if side.exists():
        shutil.copy2(side, sidecar_path(dest_path))
    fsync_dir(dest_path.parent)
