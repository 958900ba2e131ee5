"""What the installers rely on, checked without building anything (fast).

The frozen program itself is tested in test_dist.py (slow, needs `make dist`).
"""

from __future__ import annotations

import os
import plistlib
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import peerdesk
from peerdesk.db.migrate import MigrationResult
from peerdesk.resources import ICON_SIZES, icon_file
from peerdesk.services import upgrades

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"


def test_every_icon_size_is_a_square_png() -> None:
    for size in ICON_SIZES:
        data = icon_file(size).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)


def test_the_windows_and_macos_icons_hold_png_images() -> None:
    ico = (ROOT / "peerdesk/resources/peerdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    for n in range(count):
        _w, _h, _c, _r, _p, _b, size, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * n: 22 + 16 * n])
        assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size <= len(ico)
    icns = (ROOT / "peerdesk/resources/peerdesk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_the_macos_info_plist_declares_pdbackup_files() -> None:
    text = (INSTALLER / "macos" / "Info.plist").read_text(encoding="utf-8")
    info = plistlib.loads(text.replace("@VERSION@", peerdesk.__version__).encode())
    assert info["CFBundleShortVersionString"] == peerdesk.__version__
    exported = info["UTExportedTypeDeclarations"][0]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["pdbackup"]
    assert info["CFBundleDocumentTypes"][0]["LSItemContentTypes"] == [
        exported["UTTypeIdentifier"]]


def test_the_windows_installer_is_per_user_and_keeps_data() -> None:
    iss = (INSTALLER / "windows" / "peerdesk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert "DefaultDirName={userpf}" in iss
    assert ".pdbackup" in iss and "ChangesAssociations=yes" in iss
    assert "DeleteDataChosen := False" in iss and "Box.Checked := False" in iss
    assert "UninstallSilent()" in iss  # a silent uninstall never deletes data


def test_the_linux_menu_entry_and_install_script() -> None:
    desktop = (INSTALLER / "linux" / "peerdesk.desktop").read_text(encoding="utf-8")
    assert "Icon=peerdesk" in desktop and "MimeType=application/x-peerdesk-backup;" in desktop
    script = INSTALLER / "linux" / "install.sh"
    assert subprocess.run(["sh", "-n", str(script)], check=False).returncode == 0
    text = script.read_text(encoding="utf-8")
    assert ".local/share/applications" in text.replace("$DATA_HOME", ".local/share")
    assert "never touched" in text


def test_the_spec_ships_migrations_as_files_and_leaves_gtk_out() -> None:
    spec = (INSTALLER / "peerdesk.spec").read_text(encoding="utf-8")
    assert "migrations" in spec and "qgtk3" in spec
    assert re.search(r'name="PeerDesk"', spec)


def test_the_guides_become_html_pages_with_their_pictures(tmp_path: Path) -> None:
    pytest.importorskip("markdown", reason="markdown is in the 'dist' extra")
    sys.path.insert(0, str(INSTALLER))
    try:
        import build_docs
    finally:
        sys.path.remove(str(INSTALLER))
    pages = build_docs.build(tmp_path)
    assert {p.name for p in pages} == {"peer-worker-guide.html", "administrator-guide.html"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        images = re.findall(r'<img[^>]+src="([^"]+)"[^>]*alt="([^"]*)"', html) or \
            [(s, "x") for s in re.findall(r'<img[^>]+src="([^"]+)"', html)]
        assert images, page.name
        for src, _alt in images:
            assert (tmp_path / src).is_file(), src
        assert 'alt=""' not in html  # every picture is described


def test_every_picture_in_the_guides_exists_and_is_used() -> None:
    docs = ROOT / "docs"
    text = "".join(p.read_text(encoding="utf-8") for p in docs.glob("*.md"))
    used = set(re.findall(r"\]\((images/[^)]+)\)", text))
    assert used and all((docs / u).is_file() for u in used)
    assert {f"images/{p.name}" for p in (docs / "images").glob("*.png")} == used


def test_upgrade_notice_names_the_copy_and_what_is_new() -> None:
    result = MigrationResult("0003", "0005", Path("/d/peerdesk.db.before-upgrade-0003-X"))
    text = upgrades.describe(result)
    assert text is not None
    assert "peerdesk.db.before-upgrade-0003-X" in text and peerdesk.__version__ in text
    assert "Resource navigation" in text and "Billing settings" in text
    assert "Recovery planning" not in text  # 0003 was there already
    assert upgrades.describe(MigrationResult(None, "0005", None)) is None  # a new file
    assert upgrades.describe(MigrationResult("0005", "0005", None)) is None
    assert upgrades.describe(None) is None


def test_the_launcher_explains_a_double_clicked_backup(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(INSTALLER))
    try:
        import launcher
    finally:
        sys.path.remove(str(INSTALLER))
    backup = tmp_path / "peerdesk-2026-11-01_120000.pdbackup"
    backup.write_bytes(b"x")
    assert launcher._backup_argument([str(backup)]) == str(backup)
    assert launcher._backup_argument(["--version"]) is None
    assert launcher._backup_argument([str(tmp_path / "missing.pdbackup")]) is None
    seen: list[list[str]] = []
    monkeypatch.setattr("peerdesk.cli.main", lambda argv=None: seen.append(argv) or 0)
    monkeypatch.setattr(sys, "argv", ["PeerDesk", str(backup)])
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("PEERDESK_OPEN_FILE", raising=False)  # restored afterwards
    assert launcher.main() == 0
    assert seen == [[]]  # the window opens as usual
    assert os.environ["PEERDESK_OPEN_FILE"] == str(backup)
