"""Opening a database that may be encrypted: ask for the passphrase until it opens or the
user gives up; and checking a passphrase again when the window unlocks after idling."""

from __future__ import annotations

from collections.abc import Callable

from triage_app.db.crypto import open_keyed
from triage_app.db.errors import PassphraseRequired, WrongPassphrase
from triage_app.services.store import Store, open_store

# ask(error_or_None) -> passphrase, or None when the user cancels
AskPassphrase = Callable[[str | None], str | None]
MAX_ATTEMPTS = 10


def open_with_passphrase(
    db: str | None, ask: AskPassphrase, passphrase: str | None = None
) -> Store | None:
    """Open ``db``; if it is encrypted, ask for the passphrase (again after a wrong one).

    Never creates a new database in place of one whose passphrase was wrong: the file is
    opened read-only to check the key before anything is written.
    """
    error: str | None = None
    for _ in range(MAX_ATTEMPTS):
        try:
            return open_store(db, passphrase=passphrase)
        except WrongPassphrase as exc:
            error = str(exc)
        except PassphraseRequired:
            if passphrase is not None:
                raise
            error = None
        passphrase = ask(error)
        if passphrase is None:
            return None
    raise WrongPassphrase("Too many wrong passphrases; start Triage again to retry.")


def passphrase_matches(store: Store, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the store's (encrypted) file: used to unlock after idling."""
    if store.path is None or store.passphrase is None:
        return True
    try:
        with open_keyed(store.path, passphrase, readonly=True):
            return True
    except WrongPassphrase:
        return False
