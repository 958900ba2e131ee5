"""Where PeerDesk keeps its files (platformdirs): data, logs, settings."""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs("PeerDesk", "PeerDesk")


def data_dir() -> Path:
    return Path(_DIRS.user_data_dir)


def default_database() -> Path:
    return data_dir() / "peerdesk.db"


def log_dir() -> Path:
    return Path(_DIRS.user_log_dir)
