"""The frozen program (PyInstaller one-folder build in dist/PeerDesk, made by `make dist`).

Runs the real frozen executable in an empty home folder, as on a computer without Python:
--version, demo, report billing/grant, check, an upgrade of an older database in the default
data folder, and the window offscreen (and under Xvfb when it is installed).

Skipped when there is no build. ``PEERDESK_BUILD_DIST=1`` builds it first with ``make dist``
(about a minute). A build older than the source (peerdesk/, installer/, docs/) is skipped
too, with the reason: rebuild after changes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

import peerdesk

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "PeerDesk"
EXE = DIST / {"win32": "peerdesk-cli.exe", "darwin": "peerdesk-cli"}.get(sys.platform,
                                                                          "peerdesk")
BUILD_ENV = "PEERDESK_BUILD_DIST"


@pytest.fixture(scope="module")
def frozen() -> Path:
    if os.environ.get(BUILD_ENV) == "1":
        subprocess.run(["make", "dist"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    if not EXE.is_file():
        pytest.skip(f"no frozen build at {EXE.relative_to(ROOT)}: run `make dist` first, or "
                    f"set {BUILD_ENV}=1 to build it here (about a minute)")
    changed = _newer_than(EXE.stat().st_mtime)
    if changed is not None:
        pytest.skip(f"the frozen build is older than {changed.relative_to(ROOT)}: run "
                    f"`make dist` again, or set {BUILD_ENV}=1")
    return EXE


def _newer_than(moment: float) -> Path | None:
    """A source file changed after the build, if any (what the build is made from)."""
    for folder in ("peerdesk", "installer", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if "__pycache__" not in path.parts and path.is_file() \
                    and path.stat().st_mtime > moment:
                return path
    return None


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """Nothing from this test run: no XDG folders, no PYTHONPATH, no keyring override."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "TMPDIR": str(home)}
    if sys.platform == "win32":  # pragma: no cover - the frozen tests run on Linux here
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "LOCALAPPDATA", "APPDATA")
                    if k in os.environ})
    env.update(extra)
    return env


def run(exe: Path, home: Path, *args: str, stdin: str = "",
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True,
                            env=clean_env(home), cwd=home, timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")
            if p.is_file()}


def test_the_bundle_holds_what_is_loaded_by_path(frozen: Path) -> None:
    inside = DIST / "_internal"
    migrations = inside / "peerdesk" / "db" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    shipped = {p.name for p in (migrations / "versions").glob("0*.py")}
    source = {p.name for p in (ROOT / "peerdesk/db/migrations/versions").glob("0*.py")}
    assert shipped == source
    assert (inside / "peerdesk" / "instruments" / "barc10.toml").is_file()
    assert (inside / "peerdesk" / "resources" / "peerdesk-256.png").is_file()
    for guide in ("peer-worker-guide", "administrator-guide"):
        assert (inside / "docs" / f"{guide}.html").is_file()
    assert (inside / "docs" / "images").is_dir()
    assert not list(inside.rglob("*qgtk3*")), "the GTK theme plugin must not be bundled"
    size = sum(listing(DIST).values())
    assert size < 260 * 1024 * 1024, f"the build grew to {size / 2**20:.0f} MiB"


def test_version_starts_quickly_in_an_empty_home(frozen: Path, home: Path) -> None:
    start = time.monotonic()
    result = run(frozen, home, "--version")
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"PeerDesk {peerdesk.__version__}", \
        "the build is older than the source: run `make dist` again"
    assert elapsed < 15, f"--version took {elapsed:.1f} s"


def test_demo_reports_and_check_write_nothing_into_the_program_folder(
        frozen: Path, home: Path) -> None:
    before = listing(DIST)
    db = home / "demo.db"
    result = run(frozen, home, "demo", "--db", str(db), "--participants", "20")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Recovery key: ")

    last_month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    result = run(frozen, home, "report", "billing", "--db", str(db), "--user", "manager",
                 "--password-stdin", "--month", last_month, "--pdf", "billing.pdf",
                 "--csv", "billing.csv", stdin="demo\n")
    assert result.returncode == 0, result.stderr
    result = run(frozen, home, "report", "grant", "--db", str(db), "--user", "manager",
                 "--password-stdin", "--from", f"{date.today().year - 1}-01-01",
                 "--to", date.today().isoformat(), "--pdf", "grant.pdf", "--csv", "grant.csv",
                 stdin="demo\n")
    assert result.returncode == 0, result.stderr
    for name in ("billing.pdf", "grant.pdf"):
        assert (home / name).read_bytes().startswith(b"%PDF")
    for name in ("billing.csv", "grant.csv"):
        assert (home / name).stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(home / "billing.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Monthly billing report" in text
        assert "■" not in text  # every name printed (fallback font shipped; see below)

    result = run(frozen, home, "check", "--db", str(db), "--user", "admin",
                 "--password-stdin", stdin="demo\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Healthy." in result.stdout
    assert listing(DIST) == before, "the program folder must never be written to"


def _old_database(path: Path, password: str) -> str:
    """A database at schema 0001 (the first release) with one participant; returns the key."""
    from alembic import command

    from peerdesk.db import crypto, migrate
    from peerdesk.db.engine import connect_raw, enable_wal, make_engine
    from peerdesk.db.keyslots import KeySlotFile, sidecar_path

    path.parent.mkdir(parents=True, exist_ok=True)
    key = crypto.new_database_key()
    raw = connect_raw(path, key, check=False)
    enable_wal(raw)
    raw.close()
    engine = make_engine(path, key)
    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO users (id, username, full_name, credential, roles, active, "
            "must_change_password, created_at) VALUES (1, 'admin', 'Ada', '', "
            "'administrator', 1, 0, '2025-01-01 00:00:00')")
        conn.exec_driver_sql(
            "INSERT INTO participants (first_name, last_name, preferred_name, phone, email, "
            "address, city, postal_code, preferred_language, gender, race, ethnicity, veteran, "
            "justice_involved, payer, member_id, status, enrolled_on, status_since, archived, "
            "created_at, updated_at, date_of_birth) VALUES ('Inés', 'Muñoz', '', "
            "'(541) 555-0100', '', '', '', '', 'en', '', '', '', 'unknown', 'unknown', '', '', "
            "'active', '2025-01-02', '2025-01-02', 0, '2025-01-02 00:00:00', "
            "'2025-01-02 00:00:00', '1990-05-06')")
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('database_id', 'old')")
    engine.dispose()
    slots = KeySlotFile.new(sidecar_path(path), "old")
    slots.set_password("admin", password, key)
    slots.save()
    return key.hex()


def test_a_newer_build_upgrades_an_older_database_in_the_data_folder_after_a_copy(
        frozen: Path, home: Path) -> None:
    """What an upgrade install meets: the data folder (not the program folder) holds a file
    from an older PeerDesk; the first start copies it, then migrates it, and keeps the data."""
    from peerdesk.db import migrate
    from peerdesk.db.engine import connect_raw

    if sys.platform.startswith("linux"):
        db = home / ".local" / "share" / "PeerDesk" / "peerdesk.db"
    else:  # pragma: no cover
        pytest.skip("the default data folder is checked on Linux")
    key = _old_database(db, "old-password-1")

    result = run(frozen, home, "check", "--user", "admin", "--password-stdin",  # no --db
                 stdin="old-password-1\n")
    assert result.returncode == 0, result.stdout + result.stderr
    head = migrate.head_revision()
    assert f"schema: {head} (this PeerDesk: {head})" in result.stdout
    assert "participants: 1" in result.stdout

    copies = [p for p in db.parent.glob("peerdesk.db.before-upgrade-0001-*")
              if not p.name.endswith(".keys")]
    assert len(copies) == 1
    assert Path(f"{copies[0]}.keys").is_file()  # the same passwords open the copy
    conn = connect_raw(copies[0], bytes.fromhex(key))  # encrypted with the same key
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT last_name FROM participants").fetchone()[0] == "Muñoz"
    finally:
        conn.close()
    result = run(frozen, home, "participants", "--user", "admin", "--password-stdin",
                 "--search", "munoz", stdin="old-password-1\n")
    assert result.returncode == 0 and "Muñoz, Inés" in result.stdout, result.stderr


def _window_runs(frozen: Path, home: Path, args: list[str], seconds: float,
                 **env: str) -> subprocess.CompletedProcess[str]:
    """Start the window, check it is still running after ``seconds``, then terminate it."""
    process = subprocess.Popen([str(frozen), *args], env=clean_env(home, **env),
                               cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        time.sleep(seconds)
        still_running = process.poll() is None
        if still_running:
            process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert still_running, f"the window closed by itself (exit {process.returncode}): {err}"
    # Terminated by the signal (or quit cleanly): never a crash, never a Python traceback.
    assert process.returncode in (0, -signal.SIGTERM, 128 + signal.SIGTERM), \
        (process.returncode, err)
    assert "Traceback" not in err and "Could not load the Qt platform plugin" not in err, err
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_the_window_starts_offscreen_and_stops_when_terminated(frozen: Path,
                                                               home: Path) -> None:
    db = home / "demo.db"
    assert run(frozen, home, "demo", "--db", str(db), "--participants", "5").returncode == 0
    _window_runs(frozen, home, ["--db", str(db)], 4.0, QT_QPA_PLATFORM="offscreen")
    # the sign-in window left the file as it was
    result = run(frozen, home, "check", "--db", str(db), "--user", "admin",
                 "--password-stdin", stdin="demo\n")
    assert result.returncode == 0 and "Healthy." in result.stdout, result.stdout
    # no database yet: the setup wizard opens (and creates nothing until it is finished)
    _window_runs(frozen, home, [], 4.0, QT_QPA_PLATFORM="offscreen")
    assert not (home / ".local" / "share" / "PeerDesk" / "peerdesk.db").exists()


@pytest.mark.skipif(shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed (apt-get install xvfb)")
def test_the_window_starts_on_a_real_x_display(frozen: Path, home: Path) -> None:
    """The bundled xcb platform plugin and its libraries load (what a Linux desktop uses)."""
    db = home / "demo.db"
    assert run(frozen, home, "demo", "--db", str(db), "--participants", "5").returncode == 0
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24",
                             "-nolisten", "tcp"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert xvfb.stdout is not None
        display = xvfb.stdout.readline().strip()
        assert display.isdigit(), "Xvfb did not start"
        _window_runs(frozen, home, ["--db", str(db)], 5.0, QT_QPA_PLATFORM="xcb",
                     DISPLAY=f":{display}")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def test_the_bundle_can_show_and_print_report_pdfs(frozen: Path) -> None:
    """The report preview renders with PDFium (the library in pypdfium2_raw) and prints with
    QtPrintSupport: both must ship (the spec once excluded QtPrintSupport)."""
    inside = DIST / "_internal"
    assert list((inside / "pypdfium2_raw").glob("*pdfium*")), "the PDFium library is missing"
    assert list(inside.rglob("QtPrintSupport.*")), "QtPrintSupport is missing"
    fonts = inside / "peerdesk" / "resources" / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DejaVuSans-Bold.ttf").is_file(), \
        "the fallback font for names outside WinAnsi is missing"
