"""The key-slot sidecar: the database key, sealed once per user (and per quick-unlock PIN).

The sidecar sits beside the database as ``<database>.keys``. It holds no secret in the
clear: each slot is the 32-byte database key sealed with AES-GCM under a key derived
from that user's password (scrypt). It is always rewritten atomically.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from peerdesk.db import crypto
from peerdesk.db.atomic import write_atomic

FORMAT = "peerdesk-keyslots"
VERSION = 1
MAX_PIN_FAILURES = 5


class SidecarError(Exception):
    """The sidecar is missing or cannot be read."""


class SidecarMissing(SidecarError):
    pass


class SidecarDamaged(SidecarError):
    pass


def sidecar_path(database: Path) -> Path:
    database = Path(database)
    return database.with_name(database.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class KeySlot:
    id: str
    kind: str  # "password" or "pin"
    user: str
    salt: str
    n: int
    r: int
    p: int
    nonce: str
    sealed: str
    created: str
    failed_attempts: int = 0

    def kdf(self) -> crypto.KdfParams:
        return crypto.KdfParams(salt=_unb64(self.salt), n=self.n, r=self.r, p=self.p)


@dataclass
class KeySlotFile:
    path: Path
    database_id: str
    slots: list[KeySlot] = field(default_factory=list)

    # -- reading and writing -------------------------------------------------
    @classmethod
    def new(cls, path: Path, database_id: str) -> KeySlotFile:
        return cls(path=Path(path), database_id=database_id)

    @classmethod
    def load(cls, path: Path) -> KeySlotFile:
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise SidecarMissing(str(path)) from exc
        except OSError as exc:
            raise SidecarDamaged(f"{path}: {exc.strerror}") from exc
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError("not a PeerDesk key file")
            if doc.get("version") != VERSION:
                raise ValueError(f"key file version {doc.get('version')} is not supported")
            slots = [KeySlot(**item) for item in doc["slots"]]
            for slot in slots:
                _unb64(slot.salt), _unb64(slot.nonce), _unb64(slot.sealed)
            return cls(path=path, database_id=str(doc["database_id"]), slots=slots)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise SidecarDamaged(f"{path}: {exc}") from exc

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "database_id": self.database_id,
            "slots": [asdict(slot) for slot in self.slots],
        }
        return json.dumps(doc, indent=1).encode("utf-8")

    def save(self) -> None:
        write_atomic(self.path, self.to_bytes())

    # -- slots ----------------------------------------------------------------
    def _aad(self, slot_id: str, kind: str, user: str) -> bytes:
        return f"{FORMAT}|{VERSION}|{self.database_id}|{slot_id}|{kind}|{user}".encode()

    def _seal(self, kind: str, user: str, secret: bytes | str, key: bytes) -> KeySlot:
        params = crypto.KdfParams.fresh()
        slot_id = str(uuid.uuid4())
        kek = crypto.derive(secret, params)
        nonce, sealed = crypto.seal(kek, key, self._aad(slot_id, kind, user))
        return KeySlot(
            id=slot_id,
            kind=kind,
            user=user,
            salt=_b64(params.salt),
            n=params.n,
            r=params.r,
            p=params.p,
            nonce=_b64(nonce),
            sealed=_b64(sealed),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def _open(self, slot: KeySlot, secret: bytes | str) -> bytes | None:
        kek = crypto.derive(secret, slot.kdf())
        return crypto.unseal(
            kek, _unb64(slot.nonce), _unb64(slot.sealed), self._aad(slot.id, slot.kind, slot.user)
        )

    def slots_for(self, user: str, kind: str | None = None) -> list[KeySlot]:
        return [s for s in self.slots if s.user == user and (kind is None or s.kind == kind)]

    def users(self) -> set[str]:
        return {s.user for s in self.slots if s.kind == "password"}

    def set_password(self, user: str, password: str, key: bytes) -> None:
        """Replace the user's password slot (adding a user, a reset, a change)."""
        new = self._seal("password", user, password, key)
        self.slots = [s for s in self.slots if not (s.user == user and s.kind == "password")]
        self.slots.append(new)

    def remove_user(self, user: str) -> int:
        before = len(self.slots)
        self.slots = [s for s in self.slots if s.user != user]
        return before - len(self.slots)

    def unlock_password(self, user: str, password: str) -> bytes | None:
        for slot in self.slots_for(user, "password"):
            key = self._open(slot, password)
            if key is not None:
                return key
        return None

    # -- quick unlock (PIN + a device secret kept in the OS credential store) ----
    @staticmethod
    def _pin_secret(pin: str, device_secret: bytes) -> bytes:
        return device_secret + b"|" + pin.encode("utf-8")

    def set_pin(self, user: str, pin: str, device_secret: bytes, key: bytes) -> None:
        new = self._seal("pin", user, self._pin_secret(pin, device_secret), key)
        self.slots = [s for s in self.slots if not (s.user == user and s.kind == "pin")]
        self.slots.append(new)

    def unlock_pin(self, user: str, pin: str, device_secret: bytes) -> tuple[bytes | None, int]:
        """(key or None, attempts left). Five wrong PINs erase the slot; caller saves."""
        slots = self.slots_for(user, "pin")
        if not slots:
            return None, 0
        slot = slots[0]
        key = self._open(slot, self._pin_secret(pin, device_secret))
        if key is not None:
            slot.failed_attempts = 0
            return key, MAX_PIN_FAILURES
        slot.failed_attempts += 1
        if slot.failed_attempts >= MAX_PIN_FAILURES:
            self.slots.remove(slot)
            return None, 0
        return None, MAX_PIN_FAILURES - slot.failed_attempts

    def remove_pin(self, user: str) -> None:
        self.slots = [s for s in self.slots if not (s.user == user and s.kind == "pin")]
