"""Quick unlock: only with a real OS keyring; five wrong PINs turn it off."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from peerdesk.services import quick_unlock, store
from tests.conftest import WORKER_PASSWORD


def test_no_keyring_means_no_quick_unlock_and_says_why(new_store) -> None:
    status = quick_unlock.keyring_status()
    assert not status.available
    assert "no password store" in status.reason
    with pytest.raises(quick_unlock.QuickUnlockError, match="no password store"):
        quick_unlock.enable(new_store, "1234")


def test_plain_text_keyring_is_refused(new_store) -> None:
    class PlaintextKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            return None

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            raise AssertionError("must not be used")

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        status = quick_unlock.keyring_status()
        assert not status.available and "readable file" in status.reason
    finally:
        keyring.set_keyring(previous)


def test_pin_unlocks_and_five_wrong_pins_erase_it(new_store, db_path: Path,
                                                  memory_keyring) -> None:
    new_store.lock()
    st = store.unlock(db_path, "pat", WORKER_PASSWORD)
    with pytest.raises(quick_unlock.QuickUnlockError, match="4 to 12 digits"):
        quick_unlock.enable(st, "12")
    quick_unlock.enable(st, "4321")
    st.lock()
    assert quick_unlock.is_enabled(db_path, "pat")
    assert "4321" not in str(memory_keyring.items)  # the PIN itself is stored nowhere

    st = quick_unlock.unlock_with_pin(db_path, "pat", "4321")
    assert st.actor.username == "pat"
    st.lock()

    messages = []
    for _ in range(5):
        with pytest.raises(quick_unlock.QuickUnlockError) as err:
            quick_unlock.unlock_with_pin(db_path, "pat", "0000")
        messages.append(str(err.value))
    assert "4 tries left" in messages[0]
    assert "turned off" in messages[-1]
    assert not quick_unlock.is_enabled(db_path, "pat")
    assert memory_keyring.items == {}
    with pytest.raises(quick_unlock.QuickUnlockError, match="not set up"):
        quick_unlock.unlock_with_pin(db_path, "pat", "4321")
    store.unlock(db_path, "pat", WORKER_PASSWORD).lock()  # the password still works
