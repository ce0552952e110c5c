"""Opening a database: resolve, check, back up, migrate, and hand out engines.

A ``Store`` is what every use case receives. Services open one connection or Session per
user action from it; nothing keeps a Session between actions.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path

from triage_app.db.crypto import check_passphrase_strength
from triage_app.db.engine import (
    make_engine,
    opening_errors,
    resolve_db_url,
    sqlite_path,
    writer,
)
from triage_app.db.migrate import MigrationReport, upgrade_to_head
from triage_app.db.queries import ensure_database_id
from triage_app.db.types import Engine


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


@dataclass
class Store:
    url: str
    engine: Engine
    actor: str
    migration: MigrationReport | None = None
    passphrase: str | None = field(default=None, repr=False)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def write_engine(self) -> Engine:
        """Transactions that write: SQLite takes the write lock at BEGIN (see db/engine.py)."""
        return writer(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(
    db: str | None = None,
    *,
    migrate: bool = True,
    actor: str | None = None,
    passphrase: str | None = None,
) -> Store:
    """Open (and by default migrate) the database named by ``--db``/``$TRIAGE_DB``/default.

    With ``passphrase`` the SQLite file is encrypted with SQLCipher (a new file is created
    encrypted); a wrong one raises ``WrongPassphrase`` and changes nothing.
    """
    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is not None and db is None and migrate:
        path.parent.mkdir(parents=True, exist_ok=True)  # first start: the user-data folder
    if path is not None and passphrase is not None and migrate:
        check_new_passphrase(path, passphrase)
    # A URL naming no database Triage can open raises DatabaseUnavailable here.
    engine = make_engine(url, passphrase=passphrase if path is not None else None)
    report = None
    try:
        with opening_errors(url):  # driver errors -> DatabaseBusy / DatabaseUnavailable
            if migrate:
                report = upgrade_to_head(engine, passphrase=passphrase)
                _ensure_database_id(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(
        url=url,
        engine=engine,
        actor=actor or current_user(),
        migration=report,
        passphrase=passphrase,
    )


def check_new_passphrase(path: Path, passphrase: str) -> None:
    """A brand-new encrypted database gets a passphrase of a sensible length."""
    if not path.exists() or path.stat().st_size == 0:
        check_passphrase_strength(passphrase)


def _ensure_database_id(engine: Engine) -> None:
    """Give every database a stable id (bundles and merges name their source by it)."""
    with writer(engine).begin() as conn:
        ensure_database_id(conn)
