"""Opt-in quick unlock on a personal PC: a short PIN plus a device secret in the OS keyring.

The PIN slot in the sidecar seals the database key under scrypt(device secret + PIN). The
device secret lives only in the OS credential store, so the sidecar alone cannot be
brute-forced through the short PIN. Five wrong PINs erase the slot and the device secret.
A missing keyring, or a plain-text one (keyrings.alt), counts as "no keyring".
"""

from __future__ import annotations

import base64
import contextlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from peerdesk.db.keyslots import KeySlotFile, SidecarError, sidecar_path
from peerdesk.domain.usernames import normalize_username
from peerdesk.i18n import _
from peerdesk.services import store as store_mod
from peerdesk.services.actor import Actor
from peerdesk.services.errors import ServiceError

SERVICE = "PeerDesk"
PIN_MIN, PIN_MAX = 4, 12


class QuickUnlockError(ServiceError):
    pass


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    reason: str


def keyring_status() -> KeyringStatus:
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # pragma: no cover - keyring is a dependency
        return KeyringStatus(False, _("The keyring package is not installed."))
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring):
        return KeyringStatus(
            False, _("This computer has no password store (keyring) that PeerDesk can use.")
        )
    chained = getattr(backend, "backends", None)
    candidates = list(chained) if chained else [backend]
    safe = [b for b in candidates if not _plain_text(b)]
    if not safe:
        return KeyringStatus(
            False, _("The only password store here keeps secrets in a readable file ({name}); "
                     "PeerDesk will not use it.").format(name=name)
        )
    return KeyringStatus(True, _("Uses this computer's password store ({name}).").format(
        name=name))


def _plain_text(backend: object) -> bool:
    module = type(backend).__module__
    return module.startswith("keyrings.alt") or "plaintext" in type(backend).__name__.lower()


def _entry(database_id: str, username: str) -> str:
    return f"quick-unlock:{database_id}:{username}"


def _get_secret(database_id: str, username: str) -> bytes | None:
    import keyring
    try:
        value = keyring.get_password(SERVICE, _entry(database_id, username))
    except Exception:
        return None
    if not value:
        return None
    try:
        return base64.b64decode(value)
    except ValueError:
        return None


def _delete_secret(database_id: str, username: str) -> None:
    import keyring
    with contextlib.suppress(Exception):
        keyring.delete_password(SERVICE, _entry(database_id, username))


def pin_problem(pin: str) -> str | None:
    if not (pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        return _("A PIN is {a} to {b} digits.").format(a=PIN_MIN, b=PIN_MAX)
    return None


def is_enabled(db_path: Path, username: str) -> bool:
    username = normalize_username(username)
    try:
        slots = KeySlotFile.load(sidecar_path(db_path))
    except SidecarError:
        return False
    if not slots.slots_for(username, "pin"):
        return False
    return keyring_status().available and _get_secret(slots.database_id, username) is not None


def enable(store: store_mod.Store, pin: str) -> None:
    status = keyring_status()
    if not status.available:
        raise QuickUnlockError(status.reason)
    if (msg := pin_problem(pin)) is not None:
        raise QuickUnlockError(msg)
    actor = store.actor
    if actor.id is None:
        raise QuickUnlockError(_("Sign in as a user to set up quick unlock."))
    import keyring
    device_secret = secrets.token_bytes(32)
    slots = store.vault.slots()
    try:
        keyring.set_password(SERVICE, _entry(slots.database_id, actor.username),
                             base64.b64encode(device_secret).decode("ascii"))
    except Exception as exc:
        raise QuickUnlockError(
            _("The password store refused to save the device secret: {e}").format(e=exc)
        ) from exc
    slots.set_pin(actor.username, pin, device_secret, store.vault.key)
    slots.save()
    from peerdesk.services import audit
    with store.session() as s:
        audit.record(s, actor, "quick_unlock.enable", "user", actor.id)


def disable(db_path: Path, username: str) -> None:
    username = normalize_username(username)
    slots = store_mod.load_slots(db_path)
    slots.remove_pin(username)
    slots.save()
    _delete_secret(slots.database_id, username)


def unlock_with_pin(db_path: Path, username: str, pin: str) -> store_mod.Store:
    db_path = Path(db_path)
    username = normalize_username(username)
    slots = store_mod.load_slots(db_path)
    secret = _get_secret(slots.database_id, username)
    if secret is None or not slots.slots_for(username, "pin"):
        raise QuickUnlockError(_("Quick unlock is not set up for {user} on this computer.")
                               .format(user=username))
    key, left = slots.unlock_pin(username, pin, secret)
    if key is None:
        slots.save()  # the failure count (or the erased slot) must stick
        if left == 0:
            _delete_secret(slots.database_id, username)
            raise QuickUnlockError(
                _("Too many wrong PINs: quick unlock was turned off. Sign in with your password."))
        raise QuickUnlockError(
            _("That PIN is not right. {n} tries left before quick unlock is turned off.")
            .format(n=left))
    slots.save()  # reset the failure count
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from peerdesk.db.engine import make_engine
    from peerdesk.db.models import User
    engine = make_engine(db_path, key)
    try:
        with Session(engine) as s:
            user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
            actor = Actor.from_user(user) if user is not None and user.active else None
    finally:
        engine.dispose()
    if actor is None:
        disable(db_path, username)
        raise store_mod.AccountInactive()
    return store_mod.unlock_with_key(db_path, key, actor)
