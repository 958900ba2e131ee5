"""``peerdesk report ...``: the same reports as the Reports screen, as PDF and CSV files."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from peerdesk.i18n import _


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help=_("write a report as PDF and/or CSV"))
    rsub = p.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    for name, text in [("billing", _("monthly billing report")),
                       ("grant", _("grant report (no participant names)"))]:
        q = rsub.add_parser(name, parents=[common], help=text)
        when = q.add_mutually_exclusive_group(required=True)
        when.add_argument("--month", help=_("a month, YYYY-MM"))
        when.add_argument("--from", dest="start", type=date.fromisoformat,
                          help=_("first day, YYYY-MM-DD (with --to)"))
        q.add_argument("--to", dest="end", type=date.fromisoformat,
                       help=_("last day, YYYY-MM-DD"))
        q.add_argument("--pdf", type=Path, help=_("write the PDF here"))
        q.add_argument("--csv", type=Path, help=_("write the CSV here"))
        q.add_argument("--out", type=Path, action="append", default=[],
                       help=_("write FILE.pdf or FILE.csv (by its ending; may be repeated)"))


def _period(args: argparse.Namespace) -> tuple[date, date]:
    from peerdesk.cli import CliError
    from peerdesk.services.reports import month_period

    if args.month:
        return month_period(args.month)
    if args.end is None:
        raise CliError(_("give --to with --from"))
    return args.start, args.end


def cmd_report(args: argparse.Namespace) -> int:
    from peerdesk.cli import CliError, _open

    for out in args.out:
        kind = out.suffix.lower()
        if kind == ".pdf":
            args.pdf = out
        elif kind == ".csv":
            args.csv = out
        else:
            raise CliError(_("--out needs a file ending in .pdf or .csv: {f}").format(f=out))
    if not args.pdf and not args.csv:
        raise CliError(_("give --out FILE.pdf and/or --out FILE.csv"))
    start, end = _period(args)
    st = _open(args)
    try:
        with st.session() as s:
            if args.report_kind == "billing":
                from peerdesk.reports import billing_output as output
                from peerdesk.services.reports import billing_report

                report = billing_report(s, st.actor, start, end)
            else:
                from peerdesk.reports import grant_output as output  # type: ignore[no-redef]
                from peerdesk.services.reports import grant_report

                report = grant_report(s, st.actor, start, end)
    finally:
        st.close()
    if args.pdf:
        output.write_pdf(report, args.pdf)  # type: ignore[arg-type]
        print(_("PDF written: {p}").format(p=args.pdf))
    if args.csv:
        output.write_csv(report, args.csv)  # type: ignore[arg-type]
        print(_("CSV written: {p}").format(p=args.csv))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"report": cmd_report}
