"""``peerdesk import resources``: import an HSDS package and print what changed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from peerdesk.i18n import _


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help=_("import data from files"))
    isub = p.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    q = isub.add_parser("resources", parents=[common],
                        help=_("import a resource directory (Open Referral HSDS CSV files)"))
    q.add_argument("--hsds", type=Path, required=True, metavar="DIR",
                   help=_("folder of HSDS CSV files (3.0 or 1.x layout), with or without "
                          "datapackage.json"))


def cmd_import(args: argparse.Namespace) -> int:
    """Counts (and what could not be used) on stdout; a package with problems prints each
    problem on its own line on stderr, imports nothing and exits 1."""
    from peerdesk.cli_common import open_store
    from peerdesk.services.hsds_import import import_with_store

    store = open_store(args)
    try:
        report = import_with_store(store, args.hsds)
    finally:
        store.close()
    if not report.imported:
        print(_("peerdesk: error: {folder} was not imported ({n} problem(s)); nothing was "
                "changed:").format(folder=args.hsds, n=len(report.problems)), file=sys.stderr)
        for problem in report.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(_("Imported {folder} (HSDS {layout} layout) in {s:.2f} s").format(
        folder=args.hsds, layout=report.layout, s=report.seconds))
    for line in report.count_lines():
        print(f"  {line}")
    warnings = report.warning_lines()
    if warnings:
        print(_("What PeerDesk could not use:"))
        for line in warnings:
            print(f"  {line}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"import": cmd_import}
