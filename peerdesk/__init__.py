"""PeerDesk: case management for Recovery Community Organizations."""

__version__ = "0.1.0"
APP_NAME = "PeerDesk"
