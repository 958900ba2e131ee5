"""Key slots: the database key sealed per user; nothing opens without the right secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerdesk.db import crypto
from peerdesk.db.keyslots import KeySlotFile, SidecarDamaged, SidecarMissing


def test_password_slot_opens_only_with_that_password(tmp_path: Path) -> None:
    key = crypto.new_database_key()
    slots = KeySlotFile.new(tmp_path / "db.keys", "db-1")
    slots.set_password("ada", "right password", key)
    slots.save()
    loaded = KeySlotFile.load(tmp_path / "db.keys")
    assert loaded.unlock_password("ada", "right password") == key
    assert loaded.unlock_password("ada", "wrong password") is None
    assert loaded.unlock_password("bob", "right password") is None


def test_sidecar_never_contains_the_key(tmp_path: Path) -> None:
    key = crypto.new_database_key()
    slots = KeySlotFile.new(tmp_path / "db.keys", "db-1")
    slots.set_password("ada", "right password", key)
    slots.save()
    raw = (tmp_path / "db.keys").read_bytes()
    assert key.hex().encode() not in raw and key not in raw
    assert (tmp_path / "db.keys").stat().st_mode & 0o777 == 0o600


def test_a_slot_moved_to_another_user_or_database_does_not_open(tmp_path: Path) -> None:
    key = crypto.new_database_key()
    slots = KeySlotFile.new(tmp_path / "db.keys", "db-1")
    slots.set_password("ada", "pw-ada-123", key)
    slots.slots[0].user = "mallory"
    assert slots.unlock_password("mallory", "pw-ada-123") is None
    slots.slots[0].user = "ada"
    slots.database_id = "db-2"
    assert slots.unlock_password("ada", "pw-ada-123") is None


def test_changing_a_password_replaces_the_old_slot(tmp_path: Path) -> None:
    key = crypto.new_database_key()
    slots = KeySlotFile.new(tmp_path / "db.keys", "db-1")
    slots.set_password("ada", "first-pass", key)
    slots.set_password("ada", "second-pass", key)
    assert len(slots.slots_for("ada")) == 1
    assert slots.unlock_password("ada", "first-pass") is None
    assert slots.unlock_password("ada", "second-pass") == key


def test_missing_and_damaged_sidecars_are_told_apart(tmp_path: Path) -> None:
    with pytest.raises(SidecarMissing):
        KeySlotFile.load(tmp_path / "none.keys")
    bad = tmp_path / "bad.keys"
    for content in [b"", b"\x00\xff garbage", b'{"format": "other"}',
                    json.dumps({"format": "peerdesk-keyslots", "version": 1,
                                "database_id": "x", "slots": [{"id": 1}]}).encode()]:
        bad.write_bytes(content)
        with pytest.raises(SidecarDamaged):
            KeySlotFile.load(bad)


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    key = crypto.new_database_key()
    slots = KeySlotFile.new(tmp_path / "db.keys", "db-1")
    for i in range(3):
        slots.set_password(f"user{i}", f"password-{i}", key)
        slots.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.keys"]


def test_pin_slot_needs_the_device_secret_and_is_erased_after_five_misses(
        tmp_path: Path) -> None:
    key = crypto.new_database_key()
    slots = KeySlotFile.new(tmp_path / "db.keys", "db-1")
    device = b"d" * 32
    slots.set_pin("ada", "2468", device, key)
    assert slots.unlock_pin("ada", "2468", b"x" * 32)[0] is None  # right PIN, other device
    assert slots.unlock_pin("ada", "2468", device) == (key, 5)  # success resets the count
    lefts = [slots.unlock_pin("ada", "0000", device)[1] for _ in range(5)]
    assert lefts == [4, 3, 2, 1, 0]
    assert slots.slots_for("ada", "pin") == []
    assert slots.unlock_pin("ada", "2468", device)[0] is None


@pytest.mark.parametrize("text", ["", "abc", "00" * 31, "zz" * 32])
def test_recovery_key_format_is_checked(text: str) -> None:
    with pytest.raises(ValueError, match="64 characters"):
        crypto.parse_recovery_key(text)


def test_recovery_key_accepts_the_printed_grouping() -> None:
    key = bytes(range(32))
    grouped = " ".join(key.hex()[i:i + 8] for i in range(0, 64, 8)).upper()
    assert crypto.parse_recovery_key(grouped) == key
