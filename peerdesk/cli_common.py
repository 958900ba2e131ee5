"""What every ``peerdesk`` sub-command shares: the one-line error, standard input, the
database path, passwords, and opening the database as the signed-in user.

Sub-command modules (``cli_*.py``) import from here, never from ``cli``, so there is no
import circle: ``cli`` builds the parser from them, they build on this.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from peerdesk import paths
from peerdesk.i18n import _

if TYPE_CHECKING:
    from peerdesk.services.store import Store


class CliError(Exception):
    """A failure to report as one line, exit 1."""


class _Stdin:
    """Lines of stdin, read lazily: the first for the password or recovery key, then more."""

    def __init__(self) -> None:
        self._lines: list[str] | None = None

    def line(self, what: str) -> str:
        if self._lines is None:
            self._lines = sys.stdin.read().splitlines()
        if not self._lines:
            raise CliError(_("expected {what} on standard input").format(what=what))
        return self._lines.pop(0).rstrip("\r\n")


STDIN = _Stdin()


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or paths.default_database()).expanduser()


def ask_password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return STDIN.line(_("a password"))
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise CliError(_("give --password-stdin, or run in a terminal to be asked"))


def new_password(args: argparse.Namespace, from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return STDIN.line(_("the new password"))
    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("Repeat the new password: ")) != first:
        raise CliError(_("the two passwords are not the same"))
    return first


def open_store(args: argparse.Namespace) -> Store:
    from peerdesk.services import store

    path = db_path(args)
    if getattr(args, "recovery_key_stdin", False):
        st = store.unlock_with_recovery_key(path, STDIN.line(_("the recovery key")))
    else:
        user = getattr(args, "user", None)
        if not user:
            raise CliError(_("give --user NAME with --password-stdin, or --recovery-key-stdin"))
        st = store.unlock(path, user, ask_password(args, _("Password for {u}: ").format(u=user)))
    for warning in st.warnings:
        print(_("peerdesk: warning: {w}").format(w=warning), file=sys.stderr)
    return st


