"""Database errors split by whose fault they are (cf. qutebrowser's misc/sql.py).

``UserFacingDatabaseError`` subclasses carry a message for people: what happened and what to
do next. Anything else escaping the db layer is our bug.
"""

from __future__ import annotations


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
