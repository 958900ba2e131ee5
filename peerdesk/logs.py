"""Logging. Log lines name actions and record ids, never participant data."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from peerdesk import paths


def configure(debug: bool = False, to_file: bool = True) -> None:
    root = logging.getLogger("peerdesk")
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.handlers.clear()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if to_file:
        try:
            folder = paths.log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                folder / "peerdesk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
            handler.setFormatter(fmt)
            root.addHandler(handler)
        except OSError:
            pass  # a read-only profile must not stop PeerDesk
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(fmt)
        root.addHandler(stream)
