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

PROG = "triage-app"
# Modules adding their own commands: each has ``register(subparsers)`` setting ``func``.
COMMAND_MODULES: tuple[str, ...] = ("triage_app.cli_exchange", "triage_app.cli_bundles")


class UserError(Exception):
    """A mistake in what the user asked for; its message is shown as it is."""


def error_line(message: object) -> str:
    """The one line every command prints on stderr for an error: ``triage-app: error: ...``."""
    return f"{PROG}: error: {message}"


ENV_PASSPHRASE = "TRIAGE_PASSPHRASE"
ENV_NEW_PASSPHRASE = "TRIAGE_NEW_PASSPHRASE"
ENV_BACKUP_PASSPHRASE = "TRIAGE_BACKUP_PASSPHRASE"


def passphrase_from_env(var: str | None, default_var: str = ENV_PASSPHRASE) -> str | None:
    """A passphrase from an environment variable, never from the command line."""
    import os

    if var is not None:
        value = os.environ.get(var)
        if value is None:
            raise UserError(f"--passphrase-env: the variable {var} is not set")
        return value
    return os.environ.get(default_var) or None


CREATING_COMMANDS = ("migrate", "demo", "import", "bundle")


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from triage_app.db.engine import resolve_db_url, sqlite_path
    from triage_app.services.store import open_store

    path = sqlite_path(resolve_db_url(args.db))
    is_new = path is not None and not (path.exists() and path.stat().st_size)
    store = open_store(args.db, passphrase=passphrase_from_env(args.passphrase_env))
    if is_new and getattr(args, "command", None) not in CREATING_COMMANDS:
        # A mistyped --db would otherwise look like an empty case file.
        print(
            f"{PROG}: note: {path} did not exist; a new, empty database was created",
            file=sys.stderr,
        )
    return store


def _sqlite_file(args: argparse.Namespace) -> Path:
    from triage_app.db.engine import resolve_db_url, sqlite_path

    path = sqlite_path(resolve_db_url(args.db))
    if path is None:
        raise UserError("this command works on a SQLite database file")
    return path


def cmd_encrypt(args: argparse.Namespace) -> int:
    from triage_app.services.safety import encrypt

    new = passphrase_from_env(args.passphrase_env)
    if new is None:
        raise UserError(f"set the new passphrase in {ENV_PASSPHRASE} (or --passphrase-env VAR)")
    path = _sqlite_file(args)
    from triage_app.db.crypto import is_plain_sqlite
    from triage_app.services.store import open_store

    if path.exists() and path.stat().st_size and not is_plain_sqlite(path):
        raise UserError(
            f"{path} is already encrypted (or is not a Triage database); to change its "
            "passphrase use `triage-app --db FILE rekey`"
        )
    open_store(args.db).dispose()  # the plain file: proves it is ours, migrates it first
    encrypt(path, new)
    print(json.dumps({"encrypted": str(path)}))
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    from triage_app.services.safety import rekey

    old = passphrase_from_env(args.passphrase_env)
    new = passphrase_from_env(args.new_passphrase_env, ENV_NEW_PASSPHRASE)
    if old is None or new is None:
        raise UserError(
            f"set the current passphrase in {ENV_PASSPHRASE} (or --passphrase-env VAR) and the "
            f"new one in {ENV_NEW_PASSPHRASE} (or --new-passphrase-env VAR)"
        )
    path = _sqlite_file(args)
    _store(args).dispose()  # opens with the old key (wrong key: clear message) and migrates
    rekey(path, old, new)
    print(json.dumps({"rekeyed": str(path)}))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from triage_app.services.safety import backup_now

    store = _store(args)
    out = backup_now(store, Path(args.out) if args.out else None, keep=args.keep)
    print(json.dumps({"backup": str(out)}))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from triage_app.services.safety import restore

    path = _sqlite_file(args)
    saved = restore(
        path,
        Path(args.file),
        passphrase_from_env(args.passphrase_env),
        passphrase_from_env(args.backup_passphrase_env, ENV_BACKUP_PASSPHRASE),
    )
    print(json.dumps({"restored": str(path), "previous_saved_as": str(saved)}))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from triage_app.services.safety import verify_audit

    against = Path(args.against) if args.against else None
    key = passphrase_from_env(args.backup_passphrase_env, ENV_BACKUP_PASSPHRASE)
    check = verify_audit(_store(args), against, key)
    if check.ok:
        print(json.dumps({"entries": check.entries, "ok": True}))
        return 0
    print(
        json.dumps(
            {
                "entries": check.entries,
                "ok": False,
                "first_broken_entry": check.first_broken_id,
                "reason": check.reason,
            }
        )
    )
    print(f"{PROG}: audit entry {check.first_broken_id} is broken: {check.reason}", file=sys.stderr)
    return 1


def cmd_audit_show(args: argparse.Namespace) -> int:
    from triage_app.services.safety import audit_history

    for line in audit_history(_store(args), args.incident, limit=args.limit):
        shown = line.details
        if line.items:  # an import: what it did to this incident's own records
            shown = {**shown, "this_incident": [f"{kind} {change}" for kind, change in line.items]}
        details = json.dumps(shown, ensure_ascii=False)
        print(
            f"{line.id}\t{line.at:%Y-%m-%d %H:%M:%S}\t{line.actor}\t{line.action}\t"
            f"{line.entity}\t{line.entity_uuid or '-'}\t{details}"
        )
    return 0


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
    out = Path(args.out).resolve()
    if out.suffix.lower() != ".png":
        raise UserError(f"{args.out}: a screenshot is a PNG image; give a file name ending in .png")
    from triage_app.app import take_screenshot

    code = take_screenshot(args.db, out, view=args.view, lang=args.lang)
    if code == 0:
        print(json.dumps({"screenshot": str(out)}))
    return code


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
    p.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help=f"read the database passphrase from this environment variable "
        f"(default: {ENV_PASSPHRASE}); never give it as an argument",
    )
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
    sp.add_argument("out", help="PNG file to write (its name must end in .png)")
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
    sp = add(
        "encrypt",
        cmd_encrypt,
        f"encrypt a plain database in place with the passphrase in {ENV_PASSPHRASE}",
    )
    sp = add("rekey", cmd_rekey, "change the passphrase of an encrypted database")
    sp.add_argument(
        "--new-passphrase-env",
        metavar="VAR",
        help=f"variable holding the new passphrase (default {ENV_NEW_PASSPHRASE})",
    )
    sp = add("backup", cmd_backup, "copy the database safely, even while the app is open")
    sp.add_argument("--out", help="backup file (default: backups/ beside the database)")
    sp.add_argument(
        "--keep", type=int, help="backups of this database to keep in backups/ (default 10)"
    )
    sp = add("restore", cmd_restore, "replace the database with a backup (current one is kept)")
    sp.add_argument("file", help="backup file to restore")
    sp.add_argument(
        "--backup-passphrase-env",
        metavar="VAR",
        help=f"variable holding the backup's passphrase when it differs from the database's "
        f"(e.g. a backup made before rekey; default {ENV_BACKUP_PASSPHRASE})",
    )
    audit = sub.add_parser("audit", help="the tamper-evident audit log").add_subparsers(
        dest="audit_cmd", metavar="ACTION"
    )
    audit.required = True
    sp = audit.add_parser("verify", help="check the hash chain; name the first broken entry")
    sp.add_argument(
        "--against",
        metavar="BACKUP",
        help="also check that every entry of this older copy (a backup kept elsewhere) is "
        "still here unchanged: finds removed newest entries and rewritten history",
    )
    sp.add_argument(
        "--backup-passphrase-env",
        metavar="VAR",
        help=f"variable holding the copy's passphrase when it differs from the database's "
        f"(default {ENV_BACKUP_PASSPHRASE})",
    )
    sp.set_defaults(func=cmd_audit_verify)
    sp = audit.add_parser("show", help="list history, newest first")
    sp.add_argument("--incident", metavar="REF", help="only this incident (and its suspects)")
    sp.add_argument("--limit", type=int, default=1000)
    sp.set_defaults(func=cmd_audit_show)
    for module in COMMAND_MODULES:
        import importlib

        importlib.import_module(module).register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    # Imported here, not at the top: SQLAlchemy stays out of modules that only need
    # ``error_line`` or ``UserError`` (``cli_routing`` runs without a database).
    from triage_app.db.errors import UserFacingDatabaseError, explain_driver_error

    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            from triage_app.app import run_app

            return run_app(
                args.db, lang=args.lang, passphrase=passphrase_from_env(args.passphrase_env)
            )
        return int(func(args))
    except (UserError, UserFacingDatabaseError) as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other command-line tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        # A driver error escaping a command's transaction (a write that waited past the busy
        # timeout, a full disk, a read-only file): the environment's fault, one line. Any
        # other exception is our bug and keeps its traceback.
        friendly = explain_driver_error(exc)
        if friendly is None:
            raise
        print(error_line(friendly), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
