"""After a newer PeerDesk opened an older database: what changed, in words for a person.

The migration itself (copy first, then upgrade) happens in :mod:`peerdesk.db.migrate` when
the file is opened. :func:`describe` turns the result into a short notice the window (or the
command line) can show once:

    PeerDesk updated this database to work with version 0.2.0.
    A copy of it as it was is kept beside it: peerdesk.db.before-upgrade-0003-….
    What is new: Resource navigation: …; Billing settings: …
"""

from __future__ import annotations

from peerdesk import __version__
from peerdesk.db import migrate
from peerdesk.db.migrate import MigrationResult
from peerdesk.i18n import _


def changes_between(from_revision: str | None, to_revision: str) -> list[str]:
    """The first paragraph of each migration's description, oldest first, after ``from_revision``
    up to and including ``to_revision``."""
    found: list[str] = []
    for script in migrate.script().walk_revisions(base="base", head=to_revision):
        if script.revision == from_revision:
            break
        paragraph = (script.longdoc or script.doc or script.revision).strip().split("\n\n")[0]
        found.append(" ".join(paragraph.split()).rstrip("."))
    return list(reversed(found))


def describe(migration: MigrationResult | None) -> str | None:
    """A notice for a database that was just upgraded; None for a new or current one."""
    if migration is None or not migration.changed or migration.from_revision is None:
        return None
    lines = [_("PeerDesk updated this database to work with version {v}. Nothing was "
               "lost.").format(v=__version__)]
    if migration.backup is not None:
        lines.append(_("A copy of the database as it was before is kept beside it: "
                       "{name}").format(name=migration.backup.name))
    changes = changes_between(migration.from_revision, migration.to_revision)
    if changes:
        lines.append(_("What is new:") + "".join(f"\n• {c}" for c in changes))
    return "\n\n".join(lines)
