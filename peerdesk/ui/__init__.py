"""PeerDesk's Qt widgets. Importing this package applies the PySide6 work-arounds."""

from peerdesk.ui import pyside_fixes as _pyside_fixes

_pyside_fixes.install()
