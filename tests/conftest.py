"""Shared fixtures. Real SQLCipher files in temp folders; Qt offscreen; no real home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before any Qt import, and before anything reads HOME/XDG: keep every file a test writes
# inside one temp folder (the leak tests scan it).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="peerdesk-test-home-"))
for _var, _sub in [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"),
                   ("XDG_RUNTIME_DIR", "runtime")]:
    (_SANDBOX / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_SANDBOX / _sub)
os.chmod(_SANDBOX / "runtime", 0o700)
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from peerdesk.db import crypto  # noqa: E402
from peerdesk.domain.passwords import PasswordRules  # noqa: E402
from peerdesk.domain.roles import Role  # noqa: E402
from peerdesk.services import store as store_mod  # noqa: E402
from peerdesk.services import users  # noqa: E402


def shared_data() -> Path:
    """The workspace's shared test data (HSDS examples): $PEERDESK_SHARED_DATA, else
    ../shared/data beside the checkout, else /work/shared/data. Missing data fails loudly."""
    candidates = [Path(os.environ["PEERDESK_SHARED_DATA"])] if os.environ.get(
        "PEERDESK_SHARED_DATA") else []
    candidates += [Path(__file__).resolve().parents[2] / "shared" / "data",
                   Path("/work/shared/data")]
    for folder in candidates:
        if (folder / "hsds-3.0-example").is_dir():
            return folder
    raise FileNotFoundError("shared test data not found; set PEERDESK_SHARED_DATA to the "
                            "folder holding hsds-3.0-example/ and hsds-1.1-sample/")


ADMIN_PASSWORD = "admin-pass-1"
WORKER_PASSWORD = "worker-pass-1"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests use a cheap scrypt cost; production uses ~0.3 s (see crypto.py)."""
    monkeypatch.setattr(crypto, "DEFAULT_SCRYPT_N", 2**12)
    store_mod._pending_failures.clear()


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "peerdesk.db"


@pytest.fixture
def new_store(db_path: Path):
    """A new database with an administrator 'admin' and a peer worker 'pat'."""
    store, recovery = store_mod.create_database(
        db_path, "Harbor Light Recovery Community (test)", "admin", "Ada Admin",
        ADMIN_PASSWORD, credential="CPRS", rules=PasswordRules(min_length=8))
    with store.session() as s:
        users.add_user(s, store.actor, store.vault, users.NewUser(
            "pat", "Pat Rivera", frozenset({Role.PEER_WORKER}), WORKER_PASSWORD, "CARC"))
    store.recovery_key = recovery  # type: ignore[attr-defined]
    yield store
    store.lock()


TEAM_PASSWORD = "team-pass-1"


@pytest.fixture
def team(new_store, db_path):
    """new_store plus a supervisor, a second worker, a program manager and a family peer
    specialist (password TEAM_PASSWORD), and one participant on pat's and one on wes's
    caseload. Returns a namespace; ``team.login(name)`` opens a store as that user."""
    from types import SimpleNamespace

    from peerdesk.domain.participants import ParticipantInput
    from peerdesk.services import participants

    ids = {}
    with new_store.session() as s:
        for name, full, role in [("sue", "Sue Supervisor", Role.SUPERVISOR),
                                 ("wes", "Wes Worker", Role.PEER_WORKER),
                                 ("pm", "Pam Manager", Role.PROGRAM_MANAGER),
                                 ("fay", "Fay Family", Role.FAMILY_PEER_SPECIALIST)]:
            ids[name] = users.add_user(s, new_store.actor, new_store.vault, users.NewUser(
                name, full, frozenset({role}), TEAM_PASSWORD, "CPRS")).id
        ids["pat"] = users.get_user(s, "pat").id
        p1 = participants.create_participant(s, new_store.actor, ParticipantInput(
            "Marisol", "Núñez", assigned_worker_id=ids["pat"]))
        p2 = participants.create_participant(s, new_store.actor, ParticipantInput(
            "Theo", "Barnes", assigned_worker_id=ids["wes"]))
    opened = []

    def login(name: str):  # type: ignore[no-untyped-def]
        password = WORKER_PASSWORD if name == "pat" else (
            ADMIN_PASSWORD if name == "admin" else TEAM_PASSWORD)
        st = store_mod.unlock(db_path, name, password)
        opened.append(st)
        return st

    yield SimpleNamespace(admin=new_store, ids=ids, pat_participant=p1.id, password=TEAM_PASSWORD,
                          wes_participant=p2.id, login=login, db_path=db_path)
    for st in opened:
        st.lock()
