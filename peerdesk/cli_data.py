"""CLI commands that keep data safe: ``peerdesk backup`` and ``peerdesk restore``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from peerdesk.i18n import _


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common],
                       help=_("write a verified, encrypted backup of the database"))
    p.add_argument("--out", type=Path, required=True,
                   help=_("the backup file to write, exactly as named (e.g. weekly.pdbackup)"))
    p = sub.add_parser("restore", parents=[common],
                       help=_("write a backup out as a new database file"))
    p.add_argument("--backup", type=Path, required=True, help=_("the .pdbackup file"))
    p.add_argument("--to", type=Path, required=True,
                   help=_("where to write the database (an existing one is moved aside)"))


def cmd_backup(args: argparse.Namespace) -> int:
    from peerdesk.cli_common import open_store
    from peerdesk.services import backups

    st = open_store(args)
    try:
        info = backups.make_backup(st, args.out)
    finally:
        st.close()
    print(_("Backup written and verified: {p} ({mb:.1f} MB)").format(
        p=info.path, mb=info.size / 1e6))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from peerdesk.services import backups

    doc = backups.verify(args.backup)
    moved = backups.restore(args.backup, args.to)
    if moved is not None:
        print(_("The database that was at {to} was moved to {moved}.").format(
            to=args.to, moved=moved), file=sys.stderr)
    print(_("Restored the backup of {when} ({org}) to {to}. Sign in with the passwords that "
            "were in use when the backup was made.").format(
        when=doc.get("created", "?")[:16].replace("T", " "), org=doc.get("organization", ""),
        to=args.to))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup, "restore": cmd_restore,
}
