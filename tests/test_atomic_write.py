"""Reports, key files and kits are written whole and private on every platform."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from peerdesk.db import atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_is_replaced_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "billing.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    atomic.write_atomic(target, b"new report")
    assert target.read_bytes() == b"new report"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["billing.pdf"]  # no temporary left


def test_windows_without_fchmod_still_writes_the_file_with_its_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.11 on Windows (the Windows build) has no os.fchmod and cannot fsync a
    folder: simulate both and check the file is still written, whole, with the mode."""
    monkeypatch.delattr(os, "fchmod")
    opened_folders: list[str] = []
    real_open = os.open

    def no_folder_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path).is_dir():
            opened_folders.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_folder_open)
    monkeypatch.setattr(atomic, "FOLDERS_CAN_SYNC", False)
    target = tmp_path / "recovery-kit.pdf"
    atomic.write_atomic(target, b"kit", mode=0o600)
    assert target.read_bytes() == b"kit"
    assert _mode(target) == 0o600
    assert opened_folders == []  # the Windows branch does not fsync a folder

    read_only = tmp_path / "read-only.txt"
    atomic.write_atomic(read_only, b"x", mode=0o400)
    assert _mode(read_only) == 0o400
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["read-only.txt",
                                                          "recovery-kit.pdf"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "grant.csv"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["grant.csv"]
