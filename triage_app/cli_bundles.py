"""``triage-app bundle ...``: export, verify and import laptop bundles; list and resolve conflicts.

The bundle passphrase comes from an environment variable (``TRIAGE_BUNDLE_PASSPHRASE`` or the
one named by ``--bundle-passphrase-env``), never from the command line; ``--passphrase-env``
stays the database's.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from triage_app.cli import UserError, _store

ENV_BUNDLE_PASSPHRASE = "TRIAGE_BUNDLE_PASSPHRASE"


def bundle_passphrase(args: argparse.Namespace) -> str | None:
    """The bundle passphrase from the environment (None: the bundle is not encrypted)."""
    var = args.bundle_passphrase_env
    if var is not None:
        value = os.environ.get(var)
        if value is None:
            raise UserError(f"--bundle-passphrase-env: the variable {var} is not set")
        return value
    return os.environ.get(ENV_BUNDLE_PASSPHRASE) or None


def _print(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def cmd_export(args: argparse.Namespace) -> int:
    from triage_app.services.bundles import BundleError, export_bundle, parse_since

    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UserError(f"--out: the folder {out.parent} does not exist")
    passphrase = bundle_passphrase(args)
    store = _store(args)
    try:
        result = export_bundle(store, out, since, passphrase, allow_plain=args.plain)
    except BundleError as exc:
        raise UserError(str(exc)) from exc
    finally:
        store.dispose()
    _print(result.to_json())
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from triage_app.exchange.bundle import BundleError, read_manifest

    try:
        manifest, sha256 = read_manifest(Path(args.file), bundle_passphrase(args))
    except BundleError as exc:
        raise UserError(f"{args.file}: {exc}") from exc
    _print({"ok": True, "sha256": sha256, "manifest": manifest})
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from triage_app.services.bundles import BundleError, import_bundle

    passphrase = bundle_passphrase(args)
    store = _store(args)
    try:
        report = import_bundle(store, Path(args.file), passphrase, dry_run=args.dry_run)
    except BundleError as exc:
        raise UserError(f"{args.file}: {exc}") from exc
    finally:
        store.dispose()
    _print(report.to_json())
    if report.conflict_ids and not args.dry_run:
        print(
            f"{len(report.conflict_ids)} conflict(s) to resolve: see 'triage-app bundle "
            "conflicts', then 'triage-app bundle resolve ID --take local|remote'"
        )
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from triage_app.services.bundles import list_conflicts

    store = _store(args)
    try:
        views = list_conflicts(store, include_resolved=args.all)
    finally:
        store.dispose()
    if args.json:
        _print([v.to_json() for v in views])
        return 0
    if not views:
        print("no conflicts to resolve" if not args.all else "no conflicts")
        return 0
    for v in views:
        print(
            f"#{v.id} [{v.status}] {v.entity} {v.uuid}: {v.label} "
            f"(from database {v.source_db_id}, {v.created_at:%Y-%m-%d %H:%M})"
        )
        for d in v.fields:
            print(f"    {d.field}:")
            print(f"        local:  {json.dumps(d.local, ensure_ascii=False)}")
            print(f"        remote: {json.dumps(d.remote, ensure_ascii=False)}")
    return 0


def _field_choices(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, side = item.partition("=")
        if not sep or not name:
            raise UserError(f"--field {item!r}: write NAME=local or NAME=remote")
        out[name.strip()] = side.strip()
    return out


def cmd_resolve(args: argparse.Namespace) -> int:
    from triage_app.services.bundles import MergeError, resolve_conflict

    choices = _field_choices(args.field or [])
    store = _store(args)
    try:
        view = resolve_conflict(store, args.id, args.take, choices)
    except MergeError as exc:
        raise UserError(str(exc)) from exc
    finally:
        store.dispose()
    _print(view.to_json())
    return 0


def register(subparsers: Any) -> None:
    """Add ``bundle export|verify|import|conflicts|resolve``."""
    bundle = subparsers.add_parser(
        "bundle", help="laptop bundles: carry records between databases and merge them"
    ).add_subparsers(dest="bundle_cmd", metavar="ACTION")
    bundle.required = True

    def passphrase_option(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--bundle-passphrase-env",
            metavar="VAR",
            help=f"read the bundle passphrase from this variable (default "
            f"{ENV_BUNDLE_PASSPHRASE}); without one the bundle is not encrypted",
        )

    sp = bundle.add_parser("export", help="write the records changed since a date to one file")
    sp.add_argument("--out", required=True, help="bundle file to write (e.g. laptop.triage)")
    sp.add_argument("--since", help="only what changed since this date (YYYY-MM-DD, UTC)")
    sp.add_argument(
        "--plain",
        action="store_true",
        help="allow an unencrypted bundle of an encrypted database",
    )
    passphrase_option(sp)
    sp.set_defaults(func=cmd_export)

    sp = bundle.add_parser("verify", help="check a bundle file and print its manifest")
    sp.add_argument("file")
    passphrase_option(sp)
    sp.set_defaults(func=cmd_verify)

    sp = bundle.add_parser("import", help="merge a bundle into this database by UUID")
    sp.add_argument("file")
    sp.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    passphrase_option(sp)
    sp.set_defaults(func=cmd_import)

    sp = bundle.add_parser("conflicts", help="list records changed on both sides")
    sp.add_argument("--all", action="store_true", help="resolved ones too")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(func=cmd_conflicts)

    sp = bundle.add_parser("resolve", help="resolve a conflict, field by field")
    sp.add_argument("id", type=int, help="conflict number (see 'bundle conflicts')")
    sp.add_argument(
        "--take", required=True, choices=("local", "remote"), help="version for every field"
    )
    sp.add_argument(
        "--field",
        action="append",
        metavar="NAME=local|remote",
        help="a different choice for one field (repeatable)",
    )
    sp.set_defaults(func=cmd_resolve)
