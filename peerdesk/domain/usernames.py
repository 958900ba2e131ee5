"""What a user name may look like."""

from __future__ import annotations

import re

from peerdesk.i18n import _

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


def normalize_username(name: str) -> str:
    return name.strip().lower()


def username_problem(name: str) -> str | None:
    if not _USERNAME.match(name):
        return _(
            "A user name is 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter."
        )
    return None
