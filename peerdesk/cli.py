"""The ``peerdesk`` command: the GUI by default, sub-commands over the same services."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from peerdesk import __version__, cli_data, cli_reports, cli_resources, logs
from peerdesk.cli_common import STDIN, CliError, ask_password, db_path, new_password, open_store
from peerdesk.db.errors import DiskFull, StoreError, explain
from peerdesk.i18n import _

log = logging.getLogger("peerdesk.cli")


def _global_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                        help=_("database file (default: PeerDesk's data folder)"))
    common.add_argument("--user", default=argparse.SUPPRESS, help=_("user name to sign in as"))
    common.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS,
                        help=_("read the password from the first line of standard input"))
    common.add_argument("--recovery-key-stdin", action="store_true", default=argparse.SUPPRESS,
                        help=_("read the recovery key from the first line of standard input"))
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help=_("show full error details"))
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = argparse.ArgumentParser(
        prog="peerdesk", parents=[common],
        description=_("PeerDesk: case management for Recovery Community Organizations. "
                      "With no command, opens the PeerDesk window."))
    parser.add_argument("--version", action="version", version=f"PeerDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help=_("create a new encrypted database"))
    p.add_argument("--org", required=True, help=_("organization name"))
    p.add_argument("--admin", required=True, help=_("administrator user name"))
    p.add_argument("--admin-name", help=_("administrator's full name"))
    p.add_argument("--credential", default="", help=_("administrator's credential, e.g. CPRS"))
    p.add_argument("--min-password-length", type=int, default=10)
    p.add_argument("--recovery-kit", type=Path, help=_("write the Recovery Kit PDF here"))

    p = sub.add_parser("demo", parents=[common], help=_("create a synthetic demo organization"))
    p.add_argument("--participants", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)

    p = sub.add_parser("check", parents=[common], help=_("check the database's health"))
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    sub.add_parser("rekey-users", parents=[common],
                   help=_("rebuild the administrator's key slot from the recovery key"))

    p = sub.add_parser("participants", parents=[common], help=_("list participants you may see"))
    p.add_argument("--search", default="")

    p = sub.add_parser("instrument", parents=[common],
                       help=_("check an assessment instrument, or score answers with it"))
    isub = p.add_subparsers(dest="instrument_command", metavar="ACTION", required=True)
    q = isub.add_parser("check", parents=[common],
                        help=_("validate a built-in instrument or a definition file"))
    q.add_argument("instrument", metavar="NAME_OR_FILE")
    q.add_argument("--score", metavar="ANSWERS",
                   help=_("answers, one per item, comma-separated; empty for a missing answer"))

    cli_data.add_parsers(sub, common)
    cli_reports.add_parsers(sub, common)
    cli_resources.add_parsers(sub, common)

    p = sub.add_parser("gui", parents=[common], help=_("open the PeerDesk window (default)"))
    return parser


def cmd_init(args: argparse.Namespace) -> int:
    from peerdesk.domain.passwords import PasswordRules
    from peerdesk.services import store

    path = db_path(args)
    password = ask_password(args, _("Password for the new administrator: "))
    path.parent.mkdir(parents=True, exist_ok=True)
    st, recovery = store.create_database(
        path, args.org, args.admin, args.admin_name or args.admin, password,
        credential=args.credential, rules=PasswordRules(min_length=args.min_password_length))
    try:
        if args.recovery_kit:
            _write_kit(st, recovery, args.recovery_kit)
    finally:
        st.close()
    print(_("Created {path}").format(path=path), file=sys.stderr)
    print(f"Recovery key: {recovery}")
    return 0


def _write_kit(st, recovery: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    from peerdesk.services.recovery_kit import write_recovery_kit

    write_recovery_kit(st, recovery, out)
    print(_("Recovery Kit written to {out}").format(out=out), file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    from peerdesk.services.demo import build_demo

    path = db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.participants < 0:
        raise CliError(_("--participants must be 0 or more"))
    result = build_demo(path, participants=args.participants, seed=args.seed)
    print(_("Demo database: {path} ({n} participants, {u} users; every password is 'demo', "
            "the administrator is 'admin')").format(path=path, n=result.participants,
                                                    u=result.users), file=sys.stderr)
    print(f"Recovery key: {result.recovery_key}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from peerdesk.services.health import check

    st = open_store(args)
    try:
        report = check(st)
    finally:
        st.close()
    if args.json:
        print(json.dumps({"database": str(db_path(args)), **report.as_dict()}, indent=2))
    else:
        print(_("PeerDesk check of {path}").format(path=db_path(args)))
        print(_("  schema: {s} (this PeerDesk: {e})").format(s=report.schema,
                                                            e=report.expected_schema))
        for name, count in report.counts.items():
            print(f"  {name}: {count}")
        for problem in report.problems:
            print(_("  PROBLEM: {p}").format(p=problem))
        print(_("Healthy.") if report.healthy else
              _("{n} problem(s) found. Restore the latest good backup, or ask for help.")
              .format(n=len(report.problems)))
    return 0 if report.healthy else 1


def cmd_rekey_users(args: argparse.Namespace) -> int:
    from peerdesk.services import recovery, store

    if not getattr(args, "recovery_key_stdin", False):
        raise CliError(_("rekey-users needs --recovery-key-stdin"))
    key_text = STDIN.line(_("the recovery key"))
    st = store.unlock_with_recovery_key(db_path(args), key_text)
    try:
        password = new_password(args, from_stdin=False)
        name = recovery.rebuild_admin_slot(st, password, getattr(args, "user", None))
    finally:
        st.close()
    print(_("Administrator {name} can sign in with the new password. Other users whose key "
            "slots were lost need a password reset by the administrator.").format(name=name))
    return 0


def cmd_participants(args: argparse.Namespace) -> int:
    from peerdesk.services import participant_list

    st = open_store(args)
    try:
        with st.session() as s:
            listed = participant_list.list_caseload(
                s, st.actor, participant_list.ListFilter(text=args.search), first=None)
        for p in listed.rows:
            born = p.date_of_birth.isoformat() if p.date_of_birth else ""
            print(f"{p.id}\t{p.name}\t{born}\t{p.status}")
    finally:
        st.close()
    return 0


def cmd_instrument(args: argparse.Namespace) -> int:
    from peerdesk import instruments
    from peerdesk.domain.instruments import InstrumentError, ScoringError, score, why_unscored

    try:
        inst = instruments.load(args.instrument)
    except InstrumentError as exc:
        count = len(exc.problems)
        raise CliError(_("{src} has {n} problem(s):").format(src=args.instrument, n=count)
                       + "".join(f"\n  - {p}" for p in exc.problems)) from exc
    low, high = inst.range_of(inst.total)
    print(_("{title} (version {v}): {n} items, total {lo:g}–{hi:g}; OK").format(
        title=inst.title, v=inst.version, n=len(inst.items), lo=low, hi=high))
    if args.score is None:
        return 0
    answers: list[int | None] = []
    for n, part in enumerate(args.score.split(","), start=1):
        part = part.strip()
        if not part:
            answers.append(None)
        elif part.lstrip("-").isdigit():
            answers.append(int(part))
        else:
            raise CliError(_("answer {n} ('{a}') is not a whole number").format(n=n, a=part))
    try:
        result = score(inst, answers)
    except ScoringError as exc:
        raise CliError(str(exc)) from exc
    if result.total is None:
        print(_("Total: not scored. {why}").format(why=why_unscored(inst, answers)))
    else:
        note = _(" (prorated from {a} answers)").format(a=result.answered) \
            if result.prorated else ""
        print(_("Total: {t:g}{note}").format(t=result.total, note=note))
        if "total" in result.bands:
            print(f"  {result.bands['total']}")
    for sub in inst.subscales:
        value = result.subscales.get(sub.id)
        shown = _("not scored") if value is None else f"{value:g}"
        print(f"{sub.title}: {shown}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        raise CliError(_("no display found. To start the window without a screen, set "
                         "QT_QPA_PLATFORM=offscreen; the command-line tools work anywhere "
                         "(peerdesk --help)."))
    from peerdesk.ui.app import run_gui

    return run_gui(db_path(args))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_gui, "gui": cmd_gui, "init": cmd_init, "demo": cmd_demo, "check": cmd_check,
    "rekey-users": cmd_rekey_users, "participants": cmd_participants,
    "instrument": cmd_instrument,
    **cli_data.COMMANDS,
    **cli_reports.COMMANDS,
    **cli_resources.COMMANDS,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    logs.configure(debug=debug)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("peerdesk: interrupted", file=sys.stderr)
        return 130
    except (CliError, StoreError, ValueError, OSError) as exc:
        if debug:
            raise
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG):
            exc = DiskFull()
        log.info("command %s failed: %s", args.command, type(exc).__name__)
        print(f"peerdesk: error: {_message(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # anything else: one line, never a traceback
        if debug:
            raise
        known = explain(exc, str(getattr(args, "db", "") or ""))
        if known is not None:
            print(f"peerdesk: error: {known}", file=sys.stderr)
            return 1
        log.exception("unexpected failure in %s", args.command)
        print(_("peerdesk: error: unexpected problem ({kind}); run again with --debug for "
                "details").format(kind=type(exc).__name__), file=sys.stderr)
        return 1


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror}: {exc.filename}"
    return str(exc) or type(exc).__name__
