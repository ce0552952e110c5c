"""Bring a database to the newest schema at start-up, after a timestamped backup.

Before touching an existing SQLite file we open it read-only and make sure it is a Triage
database (or empty); anything else is refused and left byte-for-byte as it was.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from triage_app.db.crypto import export_copy, open_keyed, require_passphrase_for
from triage_app.db.engine import sqlite_path
from triage_app.db.errors import (
    DatabaseUnavailable,
    NewerDatabase,
    NotATriageDatabase,
    PassphraseRequired,
)

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect_sqlite_file(path: Path, passphrase: str | None = None) -> str | None:
    """The file's Alembic revision, None for a new/empty file; refuse anything else.

    Opens read-only (``mode=ro``) so a foreign file is never modified.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        require_passphrase_for(path, passphrase)
    except OSError as exc:
        raise DatabaseUnavailable(f"Cannot read {path}: {exc.strerror}.") from exc
    except PassphraseRequired as exc:
        raise PassphraseRequired(
            f"{path} is not a Triage database (not an SQLite file), or it is encrypted. It "
            "was left untouched; choose another file with --db, or give the passphrase "
            "(TRIAGE_PASSPHRASE or --passphrase-env VAR)."
        ) from exc
    try:
        with open_keyed(path, passphrase, readonly=True) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables - {"alembic_version"}:
                return None  # new, or downgraded to base: nothing of ours to lose
            if "alembic_version" not in tables or "incident" not in tables:
                raise NotATriageDatabase(
                    f"{path} is an SQLite database of another program (no Triage tables). "
                    "It was left untouched; choose another file with --db."
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise NotATriageDatabase(
            f"{path} cannot be read as a database ({exc}). It was left untouched."
        ) from exc
    revision = row[0] if row else None
    if revision is not None and revision not in known_revisions():
        raise NewerDatabase(
            f"{path} was written by a newer version of Triage (schema {revision}). "
            "Update Triage to open it."
        )
    return revision


def backup_sqlite(
    path: Path,
    backup_dir: Path | None = None,
    label: str = "",
    passphrase: str | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """A verified, timestamped copy of a live SQLite file (encrypted ones stay encrypted)."""
    target_dir = backup_dir or path.parent / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{label}" if label else ""
    target = target_dir / f"{path.stem}-{stamp}{suffix}.db"
    return export_copy(path, target, passphrase, passphrase, compare_counts=False)


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(
    engine: Engine, backup_dir: Path | None = None, passphrase: str | None = None
) -> MigrationReport:
    """Check, back up (if there is data to lose) and migrate ``engine``'s database to head."""
    path = sqlite_path(str(engine.url))
    head = head_revision()
    if path is not None:
        before = inspect_sqlite_file(path, passphrase)
        if not path.parent.exists():
            raise DatabaseUnavailable(
                f"The folder {path.parent} does not exist; create it or choose another --db."
            )
    else:
        before = current_revision(engine)
    if before == head:
        return MigrationReport(before, head, None)
    backup = None
    if path is not None and before is not None:
        backup = backup_sqlite(path, backup_dir, label=f"before-{head}", passphrase=passphrase)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return MigrationReport(before, head, backup)
