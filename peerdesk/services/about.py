"""What the About box shows: PeerDesk's version and the versions of the parts it is built on."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata

import peerdesk
from peerdesk import paths


@dataclass(frozen=True)
class AboutInfo:
    name: str
    version: str
    licence: str
    data_folder: str
    sqlcipher: str
    sqlite: str
    python: str
    frozen: bool
    components: dict[str, str]


def sqlcipher_versions() -> tuple[str, str]:
    """(SQLCipher version, SQLite version) of the library PeerDesk uses; '?' if unknown."""
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        try:
            row = conn.execute("PRAGMA cipher_version").fetchone()
            cipher = str(row[0]) if row and row[0] else "?"
            sqlite = str(conn.execute("SELECT sqlite_version()").fetchone()[0])
        finally:
            conn.close()
    except Exception:  # the About box must open whatever happens
        return "?", "?"
    return cipher, sqlite


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def about_info() -> AboutInfo:
    cipher, sqlite = sqlcipher_versions()
    components = {name: _dist_version(dist) for name, dist in [
        ("SQLAlchemy", "SQLAlchemy"), ("Alembic", "alembic"), ("sqlcipher3", "sqlcipher3"),
        ("cryptography", "cryptography"), ("ReportLab", "reportlab"), ("keyring", "keyring"),
        ("platformdirs", "platformdirs")]}
    return AboutInfo(
        name=peerdesk.APP_NAME, version=peerdesk.__version__, licence="AGPL-3.0-or-later",
        data_folder=str(paths.data_dir()), sqlcipher=cipher, sqlite=sqlite,
        python=f"{platform.python_version()} ({platform.system()} {platform.machine()})",
        frozen=bool(getattr(sys, "frozen", False)), components=components)
