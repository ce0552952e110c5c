"""Backups, restore, encryption and audit-log use cases (Qt-free; used by CLI and window)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from triage_app.db.audit import ChainCheck, compare_with_copy, history, verify_chain
from triage_app.db.crypto import encrypt_in_place, export_copy, is_plain_sqlite, rekey_in_place
from triage_app.db.errors import UserFacingDatabaseError, WrongPassphrase
from triage_app.db.migrate import backup_sqlite, inspect_sqlite_file
from triage_app.services.store import Store

T = TypeVar("T")
DEFAULT_KEEP = 10
ENV_KEEP = "TRIAGE_BACKUP_KEEP"
_BACKUP_NAME = re.compile(r".+-\d{8}-\d{6}-\d{6}(-.+)?\.db$")


def _sqlite_file(store: Store) -> Path:
    if store.path is None:
        raise UserFacingDatabaseError(
            "This works on a SQLite file only; back up a server database with its own tools "
            "(pg_dump), see docs/SERVER.md."
        )
    return store.path


def backup_dir(store: Store) -> Path:
    return _sqlite_file(store).parent / "backups"


def keep_count() -> int:
    try:
        return max(1, int(os.environ.get(ENV_KEEP, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP


def backup_now(store: Store, out: Path | None = None, keep: int | None = None) -> Path:
    """Online backup (works while the app is open); the backups in ``backups/`` beside the
    database are rotated to the newest ``keep`` (the one just made is always among them)."""
    if keep is not None and keep < 1:
        raise UserFacingDatabaseError("--keep must be 1 or more (the new backup is kept).")
    path = _sqlite_file(store)
    if out is not None:
        if out.is_dir():  # "--out ." or "--out /media/usb": a dated file in that folder
            out = out / f"{path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
        out.parent.mkdir(parents=True, exist_ok=True)
        return export_copy(path, out, store.passphrase, store.passphrase, compare_counts=False)
    made = backup_sqlite(path, backup_dir(store), label="manual", passphrase=store.passphrase)
    rotate(backup_dir(store), path.stem, keep or keep_count())
    return made


def rotate(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``stem`` in ``folder``; return removed."""
    mine = sorted(p for p in folder.glob(f"{stem}-*.db") if _BACKUP_NAME.match(p.name))
    removed = mine[:-keep] if len(mine) > keep else []
    for p in removed:
        p.unlink()
    return removed


def daily_backup_if_due(store: Store, now: dt.datetime | None = None) -> Path | None:
    """The scheduled backup: one per calendar day, taken on the first start of that day."""
    path = store.path
    if path is None:
        return None
    folder = backup_dir(store)
    now = now or dt.datetime.now()
    if folder.exists() and any(folder.glob(f"{path.stem}-{now:%Y%m%d}-*-daily.db")):
        return None
    made = backup_sqlite(path, folder, label="daily", passphrase=store.passphrase, now=now)
    rotate(folder, path.stem, keep_count())
    return made


def restore(
    db_path: Path,
    backup: Path,
    passphrase: str | None,
    backup_passphrase: str | None = None,
) -> Path:
    """Replace ``db_path`` with a verified copy of ``backup``; the current file is kept aside.

    ``passphrase`` opens the current database, ``backup_passphrase`` (default: the same) the
    backup, e.g. one made before a rekey; the restored database keeps the backup's. Returns
    where the replaced database was saved (nothing stored is lost).
    """
    db_path, backup = db_path.resolve(), backup.resolve()
    backup_key = passphrase if backup_passphrase is None else backup_passphrase
    if not backup.exists():
        raise UserFacingDatabaseError(f"{backup} does not exist.")
    _named(backup, lambda: inspect_sqlite_file(backup, backup_key))
    saved = None
    if db_path.exists() and db_path.stat().st_size:
        saved = _named(
            db_path,
            lambda: backup_sqlite(
                db_path, db_path.parent / "backups", label="before-restore", passphrase=passphrase
            ),
        )
    staged = export_copy(
        backup, db_path.with_name(db_path.name + ".restoring"), backup_key, backup_key
    )
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(staged, db_path)
    return saved or db_path


def _named(path: Path, action: Callable[[], T]) -> T:
    """Run ``action``; a wrong passphrase says which file it was for."""
    try:
        return action()
    except WrongPassphrase as exc:
        raise WrongPassphrase(f"{path.name}: {exc}") from exc


def encrypt(store_path: Path, passphrase: str) -> None:
    encrypt_in_place(store_path, passphrase)


def rekey(store_path: Path, old: str, new: str) -> None:
    rekey_in_place(store_path, old, new)


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_uuid: str | None
    details: dict[str, Any]
    items: tuple[tuple[str, str], ...] = ()  # (kind, change) of the incident's own records


def verify_audit(
    store: Store, against: Path | None = None, against_passphrase: str | None = None
) -> ChainCheck:
    """The hash chain (and each import's list of records); with ``against`` (a backup or
    other older copy of this database, opened read-only with ``against_passphrase``, default
    the database's own) also that every entry of the copy is still here unchanged."""
    with store.engine.connect() as conn:
        check = verify_chain(conn)
        if check.ok and against is not None:
            against = against.resolve()
            if not against.exists():
                raise UserFacingDatabaseError(f"{against} does not exist.")
            key = against_passphrase
            if key is None and not is_plain_sqlite(against):  # e.g. an encrypted backup
                key = store.passphrase
            try:
                inspect_sqlite_file(against, key)
            except WrongPassphrase as exc:
                raise WrongPassphrase(
                    f"{against.name}: the passphrase does not open this copy; give its own "
                    "with --backup-passphrase-env VAR (or TRIAGE_BACKUP_PASSPHRASE)"
                ) from exc
            except UserFacingDatabaseError as exc:
                raise UserFacingDatabaseError(
                    f"{against.name} is not a copy of a Triage database (or it is encrypted: "
                    "give its passphrase with --backup-passphrase-env VAR)"
                ) from exc
            return compare_with_copy(conn, against, key)
        return check


def audit_history(store: Store, reference: str | None = None, limit: int = 1000) -> list[AuditLine]:
    """Audit entries, newest first; for one incident (by reference) with its suspects' and the
    imports that touched its records (``items``: what each did to them)."""
    with store.engine.connect() as conn:
        found = history(conn, reference, limit)
    return [
        AuditLine(
            r.id,
            r.at,
            r.actor,
            r.action,
            r.entity,
            r.entity_uuid,
            json.loads(r.details),
            tuple(found.items.get(r.id, ())),
        )
        for r in found.entries
    ]
