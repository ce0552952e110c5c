"""Opening a database: resolve, check, back up, migrate, and hand out engines.

A ``Store`` is what every use case receives. Services open one connection or Session per
user action from it; nothing keeps a Session between actions.
"""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from triage_app.db.crypto import check_passphrase_strength
from triage_app.db.engine import make_engine, resolve_db_url, sqlite_path, writer
from triage_app.db.errors import DatabaseUnavailable, explain_operational_error
from triage_app.db.migrate import MigrationReport, upgrade_to_head
from triage_app.db.models import AppMeta


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
    try:
        engine = make_engine(url, passphrase=passphrase if path is not None else None)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseUnavailable(
            f"{url!r} is not a database Triage can open: give a file path, or a server URL "
            "such as postgresql+psycopg://user@host/triage."
        ) from exc
    report = None
    try:
        if migrate:
            report = upgrade_to_head(engine, passphrase=passphrase)
            _ensure_database_id(engine)
    except OperationalError as exc:
        engine.dispose()
        friendly = explain_operational_error(exc)
        if friendly is not None:
            raise friendly from exc
        advice = (
            "Check that the file is writable and the disk is not full."
            if path is not None
            else "Check the URL, that the server is running, and that you may connect."
        )
        raise DatabaseUnavailable(
            f"Cannot open the database {path or _without_password(url)}: "
            f"{' '.join(str(exc.orig).split()).rstrip('.')}. {advice}"
        ) from exc
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


def _without_password(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def check_new_passphrase(path: Path, passphrase: str) -> None:
    """A brand-new encrypted database gets a passphrase of a sensible length."""
    if not path.exists() or path.stat().st_size == 0:
        check_passphrase_strength(passphrase)


def _ensure_database_id(engine: Engine) -> None:
    """Give every database a stable id (bundles and merges name their source by it)."""
    meta = AppMeta.__table__
    with writer(engine).begin() as conn:
        row = conn.execute(select(meta.c.value).where(meta.c.key == "database_id")).first()
        if row is None:
            conn.execute(meta.insert().values(key="database_id", value=str(uuid.uuid4())))
