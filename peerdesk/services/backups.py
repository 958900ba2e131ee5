"""Backups: an encrypted, consistent copy of the database plus its key file, in one file.

A ``.pdbackup`` file is a zip (stored, not compressed: the contents are encrypted) holding
``manifest.json`` (no participant data), ``peerdesk.db`` (a SQLCipher copy under the same
key, made with SQLite's online backup API) and ``peerdesk.db.keys``. It is written to a
temporary name, fsynced, renamed, then verified by opening the copy. Rotation keeps the
newest backup of each of the last 7 days, 4 weeks and 12 months.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from peerdesk import __version__, paths
from peerdesk.db.atomic import fsync_dir
from peerdesk.db.engine import connect_raw
from peerdesk.db.errors import StoreError
from peerdesk.db.keyslots import KeySlotFile, sidecar_path
from peerdesk.db.lockfile import holder_of
from peerdesk.domain.roles import Permission
from peerdesk.i18n import _
from peerdesk.services import audit, clock, settings
from peerdesk.services.store import FILE_SUFFIXES, Store

SUFFIX = ".pdbackup"
FORMAT = "peerdesk-backup"
DB_NAME, KEYS_NAME, MANIFEST = "peerdesk.db", "peerdesk.db.keys", "manifest.json"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
DEFAULT_WARN_DAYS = 2

Progress = Callable[[int, int], None]  # (pages done, pages total); raise to cancel


class BackupError(StoreError):
    pass


class Cancelled(BackupError):
    def __init__(self) -> None:
        super().__init__(_("The backup was cancelled; nothing was written."))


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    database_id: str
    schema: str
    organization: str
    size: int


def default_folder() -> Path:
    return paths.data_dir() / "Backups"


def folders(store: Store) -> list[Path]:
    """Where automatic backups go: the local default, and the administrator's folder."""
    with store.session() as s:
        chosen = settings.get(s, "backup_folder")
    found = [default_folder()]
    if chosen and Path(chosen) != default_folder():
        found.append(Path(chosen))
    return found


def set_folder(store: Store, folder: Path | None) -> None:
    store.actor.require(Permission.MANAGE_SETTINGS)
    if folder is not None:
        folder = Path(folder)
        if not folder.is_dir():
            raise BackupError(_("The folder {f} does not exist.").format(f=folder))
        if not os.access(folder, os.W_OK):
            raise BackupError(_("PeerDesk cannot write to {f}.").format(f=folder))
    with store.session() as s:
        settings.put(s, "backup_folder", str(folder) if folder else "")
        audit.record(s, store.actor, "settings.update", "settings", "",
                     {"changed": ["backup_folder"]})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _name(now: datetime) -> str:
    return f"peerdesk-{now.strftime('%Y-%m-%d_%H%M%S')}{SUFFIX}"


def make_backup(store: Store, out: Path | None = None, *, folder: Path | None = None,
                automatic: bool = False, progress: Progress | None = None) -> BackupInfo:
    """Write one verified backup to ``out`` (exactly that file) or into ``folder`` (a new
    name ending in .pdbackup)."""
    if not automatic:
        store.actor.require(Permission.BACKUP)
    now = clock.utc_now_aware()
    target = Path(out) if out else Path(folder or default_folder()) / _name(now.astimezone())
    target.parent.mkdir(parents=True, exist_ok=True)
    if out is None:  # two backups in the same second (close right after "Back up now")
        stem, n = target.name[: -len(SUFFIX)], 2
        while target.exists():
            target = target.with_name(f"{stem}-{n}{SUFFIX}")
            n += 1
    # ``out`` is written exactly as named: the person (or a script) chose that name.
    key = store.vault.key
    with store.session() as s:
        organization = settings.get(s, "organization_name")
        schema = s.connection().exec_driver_sql(
            "SELECT version_num FROM alembic_version").scalar_one()
    work = Path(tempfile.mkdtemp(prefix=".peerdesk-backup-", dir=target.parent))
    try:
        copy = work / DB_NAME
        src = connect_raw(store.path, key)
        try:
            dst = connect_raw(copy, key, check=False)
            try:
                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                src.backup(dst, pages=256, progress=step)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _check_copy(copy, key)
        manifest = {"format": FORMAT, "version": 1, "created": now.isoformat(),
                    "database_id": store.database_id, "schema": schema,
                    "organization": organization, "peerdesk_version": __version__,
                    "sha256": _sha256(copy)}
        partial = target.with_name(f".{target.name}.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
            archive.write(copy, DB_NAME)
            archive.write(sidecar_path(store.path), KEYS_NAME)
        os.chmod(partial, 0o600)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise BackupError(_("The backup could not be written to {f}: {e}").format(
            f=target.parent, e=exc.strerror or exc)) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            target.with_name(f".{target.name}.partial").unlink()
    try:
        verify_written(target)
    except BackupError:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    with store.session() as s:
        settings.put(s, "last_backup_at", now.isoformat())
        settings.put(s, "last_backup_path", str(target))
        audit.record(s, store.actor, "backup", "database", store.database_id,
                     {"automatic": automatic})
    return BackupInfo(target, now, store.database_id, schema, organization,
                      target.stat().st_size)


def _check_copy(copy: Path, key: bytes) -> None:
    conn = connect_raw(copy, key)
    try:
        for pragma in ("cipher_integrity_check", "quick_check"):
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
            if any(r and r != "ok" for r in rows):
                raise BackupError(_("The backup copy failed its check ({p}); it was not kept.")
                                  .format(p=pragma))
    finally:
        conn.close()


def read_manifest(path: Path) -> dict[str, str]:
    if not Path(path).is_file():
        raise BackupError(_("{f} does not exist (or is a folder): check the backup's name "
                            "and folder.").format(f=path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {MANIFEST, DB_NAME, KEYS_NAME} <= names:
                raise BackupError(_("{f} is not a complete PeerDesk backup.").format(f=path))
            doc = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BackupError(_("{f} is not a PeerDesk backup, or it is damaged.").format(
            f=path)) from exc
    if doc.get("format") != FORMAT:
        raise BackupError(_("{f} is not a PeerDesk backup.").format(f=path))
    return doc


def _extract(path: Path, work: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            archive.extract(DB_NAME, work)
            archive.extract(KEYS_NAME, work)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise BackupError(_("{f} is damaged: {e}").format(f=path, e=exc)) from exc


def _member_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as archive, archive.open(DB_NAME) as member:
            for block in iter(lambda: member.read(1 << 20), b""):
                digest.update(block)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise BackupError(_("{f} is damaged: {e}").format(f=path, e=exc)) from exc
    return digest.hexdigest()


def verify_written(path: Path) -> dict[str, str]:
    """After writing: the file reads back whole and matches the checksum of the copy that
    was integrity-checked before it was packed (no second full check needed)."""
    doc = read_manifest(path)
    if _member_sha256(path) != doc.get("sha256"):
        raise BackupError(_("{f} did not read back correctly; it was not kept.").format(f=path))
    return doc


def verify(path: Path, key: bytes | None = None) -> dict[str, str]:
    """Check a backup file: complete, unaltered (checksum) and, with the key, readable."""
    doc = read_manifest(path)
    work = Path(tempfile.mkdtemp(prefix=".peerdesk-verify-", dir=Path(path).parent))
    try:
        _extract(path, work)
        if _sha256(work / DB_NAME) != doc.get("sha256"):
            raise BackupError(_("{f} is damaged: its contents do not match its checksum.")
                              .format(f=path))
        KeySlotFile.load(work / KEYS_NAME)
        if key is not None:
            _check_copy(work / DB_NAME, key)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return doc


def list_backups(folder: Path) -> list[BackupInfo]:
    found = []
    for path in sorted(Path(folder).glob(f"*{SUFFIX}")):
        try:
            doc = read_manifest(path)
            created = datetime.fromisoformat(doc["created"])
        except (BackupError, KeyError, ValueError):
            continue
        found.append(BackupInfo(path, created, doc.get("database_id", ""),
                                doc.get("schema", ""), doc.get("organization", ""),
                                path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def to_keep(backups: list[BackupInfo]) -> set[Path]:
    """Grandfather-father-son: newest per day (7 days), per ISO week (4), per month (12)."""
    keep: set[Path] = set()
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    for key_of, limit in [(lambda d: d.date(), KEEP_DAILY),
                          (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda d: (d.year, d.month), KEEP_MONTHLY)]:
        seen: list[object] = []
        for backup in newest_first:
            period = key_of(backup.created.astimezone())
            if period in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(period)
            keep.add(backup.path)
    return keep


def rotate(folder: Path, database_id: str) -> list[Path]:
    """Delete this database's backups that fall outside the rotation. Returns those removed."""
    mine = [b for b in list_backups(folder) if b.database_id == database_id]
    keep = to_keep(mine)
    removed = []
    for backup in mine:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


def last_backup_age(store: Store, now: datetime | None = None) -> timedelta | None:
    with store.session() as s:
        text = settings.get(s, "last_backup_at")
    if not text:
        return None
    return (now or clock.utc_now_aware()) - datetime.fromisoformat(text)


def last_backup(store: Store) -> tuple[datetime | None, str]:
    """When the last good (verified) backup was made, and where it was written."""
    with store.session() as s:
        when, where = settings.get(s, "last_backup_at"), settings.get(s, "last_backup_path")
    return (datetime.fromisoformat(when) if when else None), where


def warn_days(store: Store) -> int:
    """After how many days without a good backup the home screen warns (a setting)."""
    with store.session() as s:
        text = settings.get(s, "backup_warn_days")
    try:
        return int(text) if text else DEFAULT_WARN_DAYS
    except ValueError:
        return DEFAULT_WARN_DAYS


def backup_warning(store: Store, now: datetime | None = None) -> str | None:
    """The home-screen warning when the last good backup is too old (or missing)."""
    days = warn_days(store)
    age = last_backup_age(store, now)
    if age is None:
        return _("No backup has been made yet. Make one now from the Backups screen.")
    if age > timedelta(days=days):
        return _("The last good backup is {n} days old. Make a backup now.").format(n=age.days)
    return None


@dataclass(frozen=True)
class FolderFailure:
    folder: Path
    message: str


def back_up_everywhere(store: Store, *, automatic: bool = True,
                       progress: Progress | None = None
                       ) -> tuple[list[BackupInfo], list[FolderFailure]]:
    """Back up to every folder (the local default, then the administrator's) and rotate each.

    A folder that fails (a USB stick pulled out, a full drive) does not stop the others: its
    message is returned. ``progress`` sees one count over all folders; raising Cancelled
    from it stops everything (backups already finished in earlier folders stay)."""
    if not automatic:
        store.actor.require(Permission.BACKUP)
    targets = folders(store)
    made: list[BackupInfo] = []
    failed: list[FolderFailure] = []
    for n, folder in enumerate(targets):
        def step(done: int, total: int, n: int = n) -> None:
            if progress is not None:
                progress(n * total + done, len(targets) * total)

        try:
            made.append(make_backup(store, folder=folder, automatic=automatic, progress=step))
            rotate(folder, store.database_id)
        except Cancelled:
            raise
        except (StoreError, OSError) as exc:
            message = str(exc) if isinstance(exc, StoreError) else _(
                "The backup could not be written to {f}: {e}").format(
                    f=folder, e=exc.strerror or exc)
            failed.append(FolderFailure(folder, message))
    return made, failed


def automatic_backup(store: Store) -> list[BackupInfo]:
    """On close, and daily while open: back up to every folder and rotate each.
    Raises BackupError (after trying every folder) if any folder failed."""
    made, failed = back_up_everywhere(store, automatic=True)
    if failed:
        raise BackupError(" ".join(f.message for f in failed))
    return made


def restore(backup: Path, to: Path) -> Path | None:
    """Write the backup out as a new database at ``to``. If a database is already there it
    must be closed; it is first moved aside (returned) so nothing is overwritten."""
    doc = verify(backup)
    to = Path(to)
    side = sidecar_path(to)
    moved: Path | None = None
    if to.exists() or side.exists():
        holder = holder_of(to)
        if holder is not None:
            raise BackupError(_("The database at {p} is open in PeerDesk ({who} on {host}). "
                                "Close it before restoring over it.").format(
                p=to, who=holder.user, host=holder.host))
        stamp = clock.local_now().replace(tzinfo=None).strftime("%Y%m%d-%H%M%S")
        moved = to.with_name(f"{to.name}.before-restore-{stamp}")
        for suffix in FILE_SUFFIXES:
            current = Path(f"{to}{suffix}")
            if current.exists():
                os.replace(current, Path(f"{moved}{suffix}"))
    to.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".peerdesk-restore-", dir=to.parent))
    try:
        _extract(backup, work)
        if _sha256(work / DB_NAME) != doc.get("sha256"):
            raise BackupError(_("{f} is damaged.").format(f=backup))
        os.chmod(work / DB_NAME, 0o600)
        os.chmod(work / KEYS_NAME, 0o600)
        os.replace(work / KEYS_NAME, side)
        os.replace(work / DB_NAME, to)
        fsync_dir(to.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return moved
