"""Key wrapping: the database key sealed under a key derived from a secret.

scrypt derives a key-encryption key from a password or PIN; AES-256-GCM seals the
32-byte database key with it. The associated data binds a sealed key to its slot
and database, so a slot cannot be moved to another file or user.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32

# n=2**17, r=8 takes about 0.3-0.4 s and 128 MiB on an ordinary office PC.
DEFAULT_SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    n: int = DEFAULT_SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @classmethod
    def fresh(cls) -> KdfParams:
        # Read the module attribute at call time so tests can lower the cost.
        return cls(salt=os.urandom(16), n=DEFAULT_SCRYPT_N)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def derive(secret: str | bytes, params: KdfParams) -> bytes:
    data = secret.encode("utf-8") if isinstance(secret, str) else secret
    kdf = Scrypt(salt=params.salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(data)


def seal(kek: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(12)
    return nonce, AESGCM(kek).encrypt(nonce, plaintext, aad)


def unseal(kek: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """The plaintext, or None when the key is wrong or the data was altered."""
    try:
        return AESGCM(kek).decrypt(nonce, sealed, aad)
    except InvalidTag:
        return None


def parse_recovery_key(text: str) -> bytes:
    """The recovery key as printed (64 hex digits, spaces and dashes allowed)."""
    cleaned = "".join(ch for ch in text.strip().lower() if ch not in " -\t\n")
    if cleaned.startswith("x'") and cleaned.endswith("'"):
        cleaned = cleaned[2:-1]
    if len(cleaned) != KEY_BYTES * 2 or any(c not in "0123456789abcdef" for c in cleaned):
        raise ValueError("A recovery key is 64 characters, digits 0-9 and letters a-f.")
    return bytes.fromhex(cleaned)
