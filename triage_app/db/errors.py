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


class PassphraseRequired(UserFacingDatabaseError):
    """The file is encrypted (or not a database at all) and no passphrase was given."""


class WrongPassphrase(UserFacingDatabaseError):
    """The passphrase does not open the file; nothing was changed."""
