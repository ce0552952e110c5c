"""The ``triage-app`` command: opens the window, or runs one command and exits.

Errors that are the user's (a wrong path, a foreign file, a bad argument) print one line and
exit non-zero; only our own bugs print a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from triage_app import __version__
from triage_app.db.errors import UserFacingDatabaseError

PROG = "triage-app"
# Modules adding their own commands: each has ``register(subparsers)`` setting ``func``.
COMMAND_MODULES: tuple[str, ...] = ()


class UserError(Exception):
    """A mistake in what the user asked for; its message is shown as it is."""


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from triage_app.services.store import open_store

    return open_store(args.db)


def cmd_migrate(args: argparse.Namespace) -> int:
    store = _store(args)
    report = store.migration
    assert report is not None
    msg = {
        "schema": report.after,
        "before": report.before,
        "backup": str(report.backup) if report.backup else None,
    }
    print(json.dumps(msg))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from triage_app.services.demo import add_demo_data

    if args.incidents < 0:
        raise UserError("--incidents must be 0 or more")
    store = _store(args)
    result = add_demo_data(store, args.incidents, seed=args.seed)
    print(json.dumps(result.__dict__))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from triage_app.services.stats import database_stats

    print(json.dumps(database_stats(_store(args))))
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from triage_app.app import take_screenshot

    return take_screenshot(args.db, Path(args.out), view=args.view, lang=args.lang)


def cmd_route_scenarios(args: argparse.Namespace) -> int:
    from triage_app.cli_routing import cmd_route_scenarios as run

    return run(args.file, args.rules)


def cmd_rules_check(args: argparse.Namespace) -> int:
    from triage_app.cli_routing import cmd_rules_check as run

    return run(args.file)


def cmd_route(args: argparse.Namespace) -> int:
    from triage_app.services.routing import route_all

    store = _store(args)
    summary = route_all(store, rules_path=Path(args.rules) if args.rules else None)
    print(json.dumps(summary.to_json(), ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Triage: log incidents, route suspects, export case lists. "
        "Without a command, opens the window.",
    )
    p.add_argument(
        "--db",
        help="database file or SQLAlchemy URL (default: $TRIAGE_DB, "
        "else triage.db in the user-data folder)",
    )
    p.add_argument("--lang", choices=("en", "uk"), help="interface language")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str):  # type: ignore[no-untyped-def]
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=func)
        return sp

    add("migrate", cmd_migrate, "bring the database to the newest schema")
    sp = add("demo", cmd_demo, "add fictional demo incidents")
    sp.add_argument("--incidents", type=int, default=1000, help="how many (default 1000)")
    sp.add_argument("--seed", type=int, default=2022, help="random seed (same seed, same data)")
    add("stats", cmd_stats, "print counts and the schema revision as JSON")
    sp = add("screenshot", cmd_screenshot, "render a window offscreen to a PNG file")
    sp.add_argument("out", help="PNG file to write")
    sp.add_argument(
        "--view", default="main", choices=("main", "incident", "routes", "rule-lab", "dashboard")
    )
    sp = add("route", cmd_route, "route every involvement and store the decisions")
    sp.add_argument("--rules", help="rule file (default: the shipped rule set)")
    sp = add(
        "route-scenarios",
        cmd_route_scenarios,
        "route the scenarios of a JSON file (no database needed)",
    )
    sp.add_argument("file", help="scenario file (JSON)")
    sp.add_argument("--rules", help="rule file (default: the shipped rule set)")
    rules = sub.add_parser("rules", help="rule files").add_subparsers(
        dest="rules_cmd", metavar="ACTION"
    )
    rules.required = True
    sp = rules.add_parser("check", help="validate a rule file and print its errors")
    sp.add_argument("file")
    sp.set_defaults(func=cmd_rules_check)
    for module in COMMAND_MODULES:
        import importlib

        importlib.import_module(module).register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            from triage_app.app import run_app

            return run_app(args.db, lang=args.lang)
        return int(func(args))
    except (UserError, UserFacingDatabaseError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
