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
        if name == "billing":
            q.add_argument("--payer", help=_("only this payer's lines (its name in billing "
                                             "settings)"))
            q.add_argument("--worker", help=_("only this worker's lines (a user name)"))


def _period(args: argparse.Namespace) -> tuple[date, date]:
    from peerdesk.cli_common import CliError
    from peerdesk.services.reports import month_period

    if args.month:
        return month_period(args.month)
    if args.end is None:
        raise CliError(_("give --to with --from"))
    return args.start, args.end


def cmd_report(args: argparse.Namespace) -> int:
    from peerdesk.cli_common import CliError, open_store

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
    st = open_store(args)
    try:
        from peerdesk.services import exports

        choice = exports.choose(st, args.report_kind, start, end,
                                payer=getattr(args, "payer", None),
                                worker_username=getattr(args, "worker", None))
        built = exports.build(st, choice, pdf=False)  # the pages are laid out when written
        print(_summary(built.report))
        for fmt, path in (("pdf", args.pdf), ("csv", args.csv)):
            if path:  # one call: the file, written whole, and its audit row
                exports.save(st, built, fmt, path)
                print((_("PDF written: {p}") if fmt == "pdf" else _("CSV written: {p}"))
                      .format(p=path))
    finally:
        st.close()
    return 0


def _summary(report: object) -> str:
    """One line of what the report found, so nobody has to open the file to know."""
    from peerdesk.reports.billing import BillingReport
    from peerdesk.reports.grant import GrantReport

    if isinstance(report, BillingReport):
        summary = _("Billed: {lines:,} lines, {units:,} units, ${total:,.2f}.").format(
            lines=len(report.lines), units=report.total_units, total=report.total)
        if not report.exceptions:
            return f"{summary} {_('No note was left out.')}"
        reasons = "; ".join(f"{reason}: {n:,}" for reason, n, _minutes in
                            report.left_out_by_kind())
        return f"{summary} " + _("Notes left out: {n:,} ({reasons}).").format(
            n=len(report.exceptions), reasons=reasons)
    assert isinstance(report, GrantReport)
    served = next(iter(report.headline.values()), 0)
    return _("Participants served (unduplicated): {n:,}.").format(n=served)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"report": cmd_report}
