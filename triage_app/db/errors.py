"""Database errors split by whose fault they are (cf. qutebrowser's misc/sql.py).

``UserFacingDatabaseError`` subclasses carry a message for people: what happened and what to
do next. Anything else escaping the db layer is our bug.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError


class UserFacingDatabaseError(Exception):
    """The environment's fault (wrong file, locked, disk full): tell the user, don't crash."""


class NotATriageDatabase(UserFacingDatabaseError):
    """The file exists but is not a Triage database; it is left untouched."""


class NewerDatabase(UserFacingDatabaseError):
    """The file was written by a newer Triage than this one."""


class DatabaseUnavailable(UserFacingDatabaseError):
    """The file cannot be opened or written (permissions, missing folder, locked, full)."""


class DatabaseBusy(UserFacingDatabaseError):
    """Another process holds the write lock longer than the busy timeout."""


class PassphraseRequired(NotATriageDatabase):
    """The file is encrypted (or not a database at all) and no passphrase was given."""


class WrongPassphrase(UserFacingDatabaseError):
    """The passphrase does not open the file; nothing was changed."""


def explain_operational_error(exc: BaseException) -> UserFacingDatabaseError | None:
    """Map a driver error that is the environment's fault to a message for people."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in text or "database is busy" in text:
        return DatabaseBusy(
            "The database is busy: another Triage window or process is saving. Nothing was "
            "changed; try again in a moment."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DatabaseUnavailable("The disk is full: free some space, then try again.")
    if "readonly database" in text or "read-only" in text:
        return DatabaseUnavailable(
            "The database file is read-only: check its permissions or copy it somewhere writable."
        )
    if "unable to open database" in text:
        return DatabaseUnavailable("The database file cannot be opened: check the path.")
    return None


def explain_driver_error(exc: BaseException) -> UserFacingDatabaseError | None:
    """``explain_operational_error`` for a driver ``OperationalError``; None for anything else.

    For code above ``db/`` that sees an exception escape a transaction and has to tell the
    environment's fault (locked, disk full, read-only) from our bug, without naming SQLAlchemy.
    """
    if isinstance(exc, OperationalError):
        return explain_operational_error(exc)
    return None


def not_a_database_url(url: str) -> DatabaseUnavailable:
    """The message for a URL that names no database Triage can open."""
    return DatabaseUnavailable(
        f"{url!r} is not a database Triage can open: give a file path, or a server URL "
        "such as postgresql+psycopg://user@host/triage."
    )


def cannot_open(exc: OperationalError, where: str, is_file: bool) -> UserFacingDatabaseError:
    """A driver error while opening or migrating the database at ``where``, for people."""
    friendly = explain_operational_error(exc)
    if friendly is not None:
        return friendly
    advice = (
        "Check that the file is writable and the disk is not full."
        if is_file
        else "Check the URL, that the server is running, and that you may connect."
    )
    return DatabaseUnavailable(
        f"Cannot open the database {where}: {' '.join(str(exc.orig).split()).rstrip('.')}. {advice}"
    )
