"""The Recovery Kit PDF: rendered for real, read back with pypdf (and pdftotext when installed)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from peerdesk.reports import recovery_kit
from peerdesk.reports.recovery_kit import RecoveryKit, render_recovery_kit_pdf

KEY = hashlib.sha256(b"peerdesk recovery kit test").hexdigest()
ORG = "Harbor Light Recovery Community (Test) & Friends <Example>"
DB_PATH = "/srv/peerdesk/harbor-light/peerdesk.db"
DB_ID = "7c0e6f3a-1b2d-4e5f-8a9b-0c1d2e3f4a5b"


def make_kit(**changes: object) -> RecoveryKit:
    fields: dict[str, object] = {
        "organization": ORG,
        "database_path": DB_PATH,
        "database_id": DB_ID,
        "recovery_key_hex": KEY,
        "administrator": "test-admin",
        "created_at": datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
    }
    fields.update(changes)
    return RecoveryKit(**fields)  # type: ignore[arg-type]


def pypdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdftotext_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.rstrip("\f").split("\f")


EXTRACTORS: dict[str, Callable[[Path], list[str]]] = {
    "pypdf": pypdf_pages,
    "pdftotext": pdftotext_pages,
}


def squash(text: str) -> str:
    """Collapse runs of whitespace (extractors differ in spacing and line breaks)."""
    return " ".join(text.split())


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def kit_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "Recovery Kit.pdf"
    render_recovery_kit_pdf(make_kit(), path)
    return path


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_key_appears_grouped_and_ungrouped(kit_pdf: Path, extractor: str) -> None:
    text = squash("\n".join(EXTRACTORS[extractor](kit_pdf)))
    groups = [KEY[i : i + 8] for i in range(0, 64, 8)]
    # grouped: two lines of four groups of eight, in the ruled box
    assert " ".join(groups[:4]) in text
    assert " ".join(groups[4:]) in text
    # ungrouped: a whole 64-digit token, both on its own and inside the PRAGMA line
    assert len(re.findall(rf"(?<![0-9a-f]){KEY}(?![0-9a-f])", text)) >= 2
    assert f"PRAGMA key = \"x'{KEY}'\";" in text


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_details_and_instructions_appear(kit_pdf: Path, extractor: str) -> None:
    pages = EXTRACTORS[extractor](kit_pdf)
    text = squash("\n".join(pages))
    assert "PeerDesk Recovery Kit" in text
    assert ORG in text  # '&' and '<' are escaped for reportlab, printed literally
    assert DB_PATH in text
    assert DB_ID in text
    assert "test-admin" in text
    assert "2025-03-04 09:30" in text
    assert "Keep this page safe. PeerDesk shows this key only once." in text
    assert "Anyone who has it can read all participant records." in text
    command = f'peerdesk rekey-users --db "{DB_PATH}" --recovery-key-stdin'
    assert no_space(command) in no_space(text)  # a long path may wrap inside the command
    total = len(pages)
    assert total in (1, 2)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in squash(page)
        assert "CONFIDENTIAL" in page and "42 CFR Part 2" in page


def test_page_x_of_y_counts_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A wordy translation pushes the kit onto a second page: the footer must count both.
    def wordy(text: str) -> str:
        return " ".join([text] * 4) if len(text) > 40 and "CONFIDENTIAL" not in text else text

    monkeypatch.setattr(recovery_kit, "_", wordy)
    path = tmp_path / "kit.pdf"
    render_recovery_kit_pdf(make_kit(), path)
    pages = pypdf_pages(path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in squash(page)
        assert "CONFIDENTIAL" in page


def test_long_windows_path_wraps_but_is_all_there(tmp_path: Path) -> None:
    long_path = "C:\\Users\\Program Manager\\AppData\\Local\\PeerDesk\\" + "Sub\\" * 25 + "p.db"
    path = tmp_path / "kit.pdf"
    render_recovery_kit_pdf(make_kit(database_path=long_path), path)
    pages = pypdf_pages(path)
    assert no_space(long_path) in no_space("".join(pages))


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_file_mode_is_owner_only_even_when_replacing(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    path.write_bytes(b"old")
    path.chmod(0o644)
    render_recovery_kit_pdf(make_kit(), path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes().startswith(b"%PDF-")


def test_accepts_str_path_and_leaves_no_temp_file(tmp_path: Path) -> None:
    render_recovery_kit_pdf(make_kit(), str(tmp_path / "kit.pdf"))
    assert [p.name for p in tmp_path.iterdir()] == ["kit.pdf"]


def test_uppercase_key_is_printed_lowercase(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    render_recovery_kit_pdf(make_kit(recovery_key_hex=KEY.upper()), path)
    assert KEY in squash("".join(pypdf_pages(path)))


def test_key_not_in_pdf_metadata(kit_pdf: Path) -> None:
    metadata = PdfReader(kit_pdf).metadata or {}
    assert metadata.get("/Title") == "PeerDesk Recovery Kit"
    assert all(KEY not in str(value) for value in metadata.values())


@pytest.mark.parametrize(
    "bad_key",
    [
        "",
        "abc123",
        KEY[:-1],
        KEY + "0",
        KEY[:-1] + "g",
        " ".join(KEY[i : i + 8] for i in range(0, 64, 8)),
        f" {KEY}",
        f"{KEY}\n",
        "0x" + KEY[2:],
    ],
)
def test_bad_key_raises_clean_error_and_writes_nothing(tmp_path: Path, bad_key: str) -> None:
    path = tmp_path / "kit.pdf"
    with pytest.raises(ValueError, match="64 hexadecimal digits") as caught:
        render_recovery_kit_pdf(make_kit(recovery_key_hex=bad_key), path)
    if len(bad_key) >= 8:
        assert bad_key.strip() not in str(caught.value)  # the secret is never echoed
    assert list(tmp_path.iterdir()) == []


def test_non_string_key_raises_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must be a string"):
        render_recovery_kit_pdf(make_kit(recovery_key_hex=bytes.fromhex(KEY)), tmp_path / "k.pdf")


def test_naive_created_at_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render_recovery_kit_pdf(make_kit(created_at=datetime(2025, 3, 4, 9, 30)), tmp_path / "k")
    assert list(tmp_path.iterdir()) == []


def test_utc_time_is_labelled(tmp_path: Path) -> None:
    path = tmp_path / "kit.pdf"
    render_recovery_kit_pdf(make_kit(created_at=datetime(2025, 3, 4, 14, 30, tzinfo=UTC)), path)
    assert "2025-03-04 14:30 UTC" in squash("".join(pypdf_pages(path)))


def test_failed_replace_cleans_up_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: str, dst: str) -> None:
        raise OSError("disk said no")

    monkeypatch.setattr(recovery_kit.os, "replace", refuse)
    with pytest.raises(OSError, match="disk said no"):
        render_recovery_kit_pdf(make_kit(), tmp_path / "kit.pdf")
    assert list(tmp_path.iterdir()) == []
