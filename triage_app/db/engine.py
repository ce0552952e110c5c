"""Where the database is, and engines with the right per-connection settings."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from triage_app.db.errors import cannot_open, not_a_database_url

ENV_DB = "TRIAGE_DB"
ENV_BUSY_TIMEOUT = "TRIAGE_BUSY_TIMEOUT_MS"
BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another process's lock


def busy_timeout_ms() -> int:
    try:
        return max(0, int(os.environ.get(ENV_BUSY_TIMEOUT, BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def default_db_path() -> Path:
    """``triage.db`` in the platform's user-data folder."""
    return Path(user_data_dir("Triage", appauthor=False)) / "triage.db"


def resolve_db_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db`` (a path or a URL), else ``$TRIAGE_DB``, else the default."""
    value = db or os.environ.get(ENV_DB) or str(default_db_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _parsed(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:  # e.g. "://x": neither a path nor a URL
        raise not_a_database_url(url) from exc


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    u = _parsed(url)
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def without_password(url: str) -> str:
    """``url`` as it may be shown to people: any password masked."""
    return _parsed(url).render_as_string(hide_password=True)


def _set_sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control away from Python's sqlite3 (which skips BEGIN before DDL), so
    # that migrations and bulk loads are all-or-nothing; _begin() below emits BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _begin(conn: Connection) -> None:
    # Writers ask for IMMEDIATE (execution option ``sqlite_begin``) so that they queue on the
    # busy timeout up front instead of failing when a read lock would have to be upgraded.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, passphrase: str | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys, busy timeout per connection.

    With a passphrase the file is opened through SQLCipher and keyed before anything else.
    A URL naming no database or driver SQLAlchemy knows raises ``DatabaseUnavailable``.
    """
    try:
        return _make_engine(url, passphrase, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise not_a_database_url(url) from exc


def _make_engine(url: str, passphrase: str | None, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        if passphrase is not None:
            from triage_app.db.crypto import apply_key, sqlcipher

            kwargs["module"] = sqlcipher()
            key = passphrase
            engine = create_engine(url, **kwargs)
            event.listen(engine, "connect", lambda c, _r: apply_key(c, key))
        else:
            engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def writer(engine: Engine) -> Engine:
    """The same engine, but transactions take SQLite's write lock at BEGIN."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def snapshot_reader(engine: Engine) -> Engine:
    """The same engine, but each transaction reads one consistent snapshot of the database.

    SQLite's read transactions already do; servers are asked for REPEATABLE READ.
    """
    if engine.dialect.name != "sqlite":
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


@contextmanager
def opening_errors(url: str) -> Iterator[None]:
    """Driver errors while opening or migrating ``url`` become messages for people
    (``DatabaseBusy``, ``DatabaseUnavailable``) naming the file, or the URL without password."""
    try:
        yield
    except OperationalError as exc:
        path = sqlite_path(url)
        raise cannot_open(exc, str(path or without_password(url)), path is not None) from exc
