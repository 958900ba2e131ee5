"""Entry point of the frozen PeerDesk (PyInstaller runs this file; see peerdesk.spec).

Same as the ``peerdesk`` command (``peerdesk.cli:main``), plus what only an installed program
meets:

- The windowed program on Windows and macOS has no console: standard output and error are
  then ``None``, so they go to the null device instead of failing. On Windows, output that
  is piped or redirected is UTF-8 (the console itself is Unicode already).
- Double-clicking a ``.pdbackup`` file (the file association made by the installers) starts
  PeerDesk with that file as the only argument. PeerDesk restores backups from the Backups page
  only (an administrator's job, after signing in), so a short note says how, then the
  sign-in window opens as usual. The path is left in ``PEERDESK_OPEN_FILE`` for the GUI.
"""

from __future__ import annotations

import os
import sys


def _backup_argument(argv: list[str]) -> str | None:
    if len(argv) == 1 and argv[0].lower().endswith(".pdbackup") and os.path.isfile(argv[0]):
        return argv[0]
    return None


def _explain_backup(path: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    name = os.path.basename(path)
    folder = os.path.dirname(os.path.abspath(path))
    box = QMessageBox(QMessageBox.Icon.Information, "PeerDesk",
                      f"“{name}” is a PeerDesk backup.")
    box.setInformativeText(
        "To restore it, sign in as an administrator and open Backups. If the backup is not "
        "in the list, press “Choose backup folder…” and pick the folder that holds it:\n\n"
        f"{folder}\n\nThen select the backup and press “Restore…”. Restoring never "
        "overwrites the database you are using without asking.")
    box.exec()
    del app


def main() -> int:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif sys.platform == "win32" and not stream.isatty() and hasattr(stream, "reconfigure"):
            # piped or redirected on Windows: UTF-8 (names like "Łukasz"), never a crash
            stream.reconfigure(encoding="utf-8", errors="replace")
    argv = [a for a in sys.argv[1:] if not a.startswith("-psn_")]  # old macOS Finder
    backup = _backup_argument(argv)
    if backup is not None:
        os.environ["PEERDESK_OPEN_FILE"] = os.path.abspath(backup)
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            _explain_backup(backup)
        argv = []
    from peerdesk.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
