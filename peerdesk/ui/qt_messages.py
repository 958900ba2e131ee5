"""Route Qt's own warnings to PeerDesk's log instead of the terminal.

The offscreen platform (used for tests and headless starts) warns about window features it
does not have ("This plugin does not support raise()"); those are dropped. Everything else
is logged by category and kind only at debug level, never with widget contents.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("peerdesk.qt")
_IGNORED = ("This plugin does not support",)
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message.startswith(_IGNORED):
        return
    log.log(_LEVELS.get(kind, logging.WARNING), "Qt %s: %s",
            context.category or "default", message)


def install() -> None:
    qInstallMessageHandler(_handler)
