"""Is a path on a network share? The live database should not be (WAL needs local locks)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_TYPES = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "sshfs", "fuse.sshfs", "9p",
                 "afs", "ceph", "glusterfs", "davfs", "fuse.rclone", "fuse.davfs2", "afpfs",
                 "webdav", "fuse.gvfsd-fuse"}


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")


def fs_type_from_mounts(mounts: str, path: str) -> str | None:
    """The file-system type of the mount holding ``path``, from /proc/mounts text."""
    best, kind = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def is_network_path(path: Path) -> bool:
    resolved = str(Path(path).resolve())
    if os.name == "nt":  # pragma: no cover - Windows
        if resolved.startswith("\\\\"):
            return True
        import ctypes
        drive = os.path.splitdrive(resolved)[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
    if sys.platform.startswith("linux"):
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return False
        return (fs_type_from_mounts(mounts, resolved) or "") in NETWORK_TYPES
    if sys.platform == "darwin":  # pragma: no cover - macOS
        import subprocess
        try:
            out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5)
        except OSError:
            return False
        for line in out.stdout.splitlines():
            # "//user@server/share on /Volumes/share (smbfs, nodev, ...)"
            if " on " in line and "(" in line:
                point = line.split(" on ", 1)[1].split(" (", 1)[0]
                kind = line.rsplit("(", 1)[1].split(",")[0]
                if (resolved == point or resolved.startswith(point + "/")) and point != "/":
                    return kind in NETWORK_TYPES
    return False
