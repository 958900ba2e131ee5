"""The command line writes the backup file it was told to, and names a missing one."""

from __future__ import annotations

from pathlib import Path

from test_cli import PASSWORD, cli_db, peerdesk  # noqa: F401  (cli_db is a fixture)


def test_backup_out_writes_exactly_that_file_and_it_restores(cli_db, tmp_path: Path) -> None:  # noqa: F811
    db, _key = cli_db
    out = tmp_path / "weekly.bak"
    done = peerdesk("backup", "--db", str(db), "--user", "morgan", "--password-stdin",
                    "--out", str(out), stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    assert not (tmp_path / "weekly.bak.pdbackup").exists()
    assert str(out) in done.stdout
    restored = tmp_path / "restored.db"
    done = peerdesk("restore", "--backup", str(out), "--to", str(restored))
    assert done.returncode == 0, done.stderr
    assert restored.is_file()


def test_restore_from_a_missing_file_says_it_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-backup.pdbackup"
    done = peerdesk("restore", "--backup", str(missing), "--to", str(tmp_path / "new.db"))
    assert done.returncode == 1
    assert "does not exist" in done.stderr
    assert "damaged" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "new.db").exists()
