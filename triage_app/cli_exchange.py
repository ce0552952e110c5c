"""CLI commands for Excel exchange: ``export``, ``import`` and ``template``.

User mistakes (a wrong path, an unknown code in a filter, a file with bad rows) print clear
lines and exit non-zero, without a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from triage_app.domain.case_filter import CaseFilter
from triage_app.domain.search import search_prefixes
from triage_app.domain.vocab import vocabularies

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> int:
    print(f"triage-app: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _date(text: str) -> dt.date:
    """YYYY-MM-DD, or DD.MM.YYYY as Ukrainian forms and the intake template write it."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD or DD.MM.YYYY)")


def case_filter_from(args: argparse.Namespace) -> CaseFilter:
    """The export filter from the command line; an unknown code raises ValueError."""
    v = vocabularies()
    for value, vocab, option in (
        (args.forum, v.forums, "--forum"),
        (args.crime_type, v.crime_types, "--crime-type"),
        (args.region, v.regions, "--region"),
        (args.status, v.statuses, "--status"),
    ):
        if value is not None and value not in vocab:
            raise ValueError(
                f"{option}: unknown code {value!r}; use one of {', '.join(vocab.codes)}"
            )
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise ValueError(f"--from {args.date_from} is after --to {args.date_to}")
    if args.search is not None and not search_prefixes(args.search):
        # it would filter nothing out: a partner's list must not become the whole database
        raise ValueError(f"--search {args.search!r}: no word to search for (letters or digits)")
    return CaseFilter(
        forum=args.forum,
        crime_type=args.crime_type,
        region=args.region,
        status=args.status,
        date_from=args.date_from,
        date_to=args.date_to,
        text=args.search,
    )


def cmd_export(args: argparse.Namespace) -> int:
    from triage_app.cli import _store
    from triage_app.services.exchange import ExchangeError, export_cases

    try:
        case_filter = case_filter_from(args)
        store = _store(args)  # the passphrase of an encrypted database, as every command
        try:
            result = export_cases(store, args.out, case_filter, lang=args.lang or "en")
        finally:
            store.dispose()
    except (ValueError, ExchangeError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from triage_app.cli import _store
    from triage_app.exchange.importer import WorkbookError
    from triage_app.exchange.report import report_lines
    from triage_app.services.exchange import ExchangeError, import_workbook

    try:
        store = _store(args)
        try:
            result = import_workbook(store, args.file, dry_run=args.dry_run)
        finally:
            store.dispose()
    except (ExchangeError, WorkbookError) as exc:
        return _fail(str(exc))
    summary: dict[str, Any] = result.to_json()
    print(json.dumps(summary, ensure_ascii=False))
    if result.ok:
        return EXIT_OK
    assert result.report is not None
    for line in report_lines(result.report):
        print(line, file=sys.stderr)
    print(
        f"triage-app: {result.problem_count} problem(s); nothing was imported. "
        f"Report: {result.report}",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS


def cmd_template(args: argparse.Namespace) -> int:
    from triage_app.services.exchange import ExchangeError, write_template

    try:
        path = write_template(args.out, args.template_lang or args.lang or "en")
    except ExchangeError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    print(json.dumps({"template": str(path)}))
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add ``export``, ``import`` and ``template`` to the ``triage-app`` command."""
    sp = subparsers.add_parser(
        "export",
        help="export the case list (all, or a filter) to an Excel workbook",
        description="Export incidents, suspects with their routes, evidence, a summary and "
        "an About sheet to one .xlsx file. Filters combine like the case list's.",
    )
    sp.add_argument("--out", required=True, help="the .xlsx file to write")
    sp.add_argument("--forum", help="effective forum code, e.g. F_ICC")
    sp.add_argument("--crime-type", dest="crime_type", help="crime type code, e.g. CT_WC")
    sp.add_argument("--region", help="region code, e.g. UA-14")
    sp.add_argument("--status", help="status code, e.g. ST_NEW")
    sp.add_argument("--from", dest="date_from", type=_date, help="incidents from this date")
    sp.add_argument("--to", dest="date_to", type=_date, help="incidents up to this date")
    sp.add_argument("--search", help="full-text search in titles, descriptions and settlements")
    # Also accepted after the command (the documented form); SUPPRESS keeps a global
    # `--lang` given before the command from being reset to None.
    sp.add_argument(
        "--lang",
        choices=("en", "uk"),
        default=argparse.SUPPRESS,
        help="labels in English or Ukrainian (codes stay in their own columns)",
    )
    sp.set_defaults(func=cmd_export)

    sp = subparsers.add_parser(
        "import",
        help="import an export of this app or a filled-in intake template",
        description="Validate every row; if any is invalid nothing is written and every "
        "problem is printed and saved beside the file in a CSV report named after it: "
        "bad.xlsx gives bad.import-report.csv. With --dry-run the created, updated and "
        "unchanged counts are those the import would report; nothing is written, routed or "
        "overridden (routed and overrides are null).",
    )
    sp.add_argument("file", help="the .xlsx file to import")
    sp.add_argument("--dry-run", action="store_true", help="only check the file, write nothing")
    sp.set_defaults(func=cmd_import)

    sp = subparsers.add_parser(
        "template",
        help="write the intake template for field teams (no database needed)",
        description="An .xlsx with drop-down lists for every coded column and an "
        "instructions sheet in the chosen language.",
    )
    sp.add_argument("out", help="the .xlsx file to write")
    sp.add_argument("--lang", dest="template_lang", choices=("en", "uk"), help="language")
    sp.set_defaults(func=cmd_template)
