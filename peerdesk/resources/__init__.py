"""PeerDesk's icon files, drawn by ``tools/make_icons.py`` (do not edit the images by hand)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def icon_file(size: int = 256) -> Path:
    """The PNG icon of ``size`` pixels (one of ICON_SIZES)."""
    return Path(str(resources.files(__name__) / f"peerdesk-{size}.png"))


def icon_files() -> list[Path]:
    return [icon_file(s) for s in ICON_SIZES]
