"""Encryption at rest with SQLCipher: keyed connections, encrypted copies, encrypt and rekey.

Every operation that produces a database file writes it under a temporary name, verifies it
(integrity check and row counts against the source), and only then renames it into place;
a crash leaves the original untouched and no half file under the final name.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from triage_app.db.errors import (
    NotATriageDatabase,
    PassphraseRequired,
    UserFacingDatabaseError,
    WrongPassphrase,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_PASSPHRASE = 8


def sqlcipher() -> Any:
    """The SQLCipher DB-API module (sqlcipher3); a clear message when it is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - it is a declared dependency
        raise UserFacingDatabaseError(
            "Encryption needs the sqlcipher3 package; reinstall Triage (make run)."
        ) from exc
    return dbapi2


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def quote(passphrase: str) -> str:
    """A passphrase as an SQL string literal (PRAGMA key takes no bound parameters)."""
    if "\x00" in passphrase:
        raise UserFacingDatabaseError("A passphrase cannot contain a NUL character.")
    return "'" + passphrase.replace("'", "''") + "'"


def apply_key(dbapi_conn: Any, passphrase: str) -> None:
    """Key a fresh SQLCipher connection and prove the key opens the file."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not stderr noise
    cur.execute(f"PRAGMA key = {quote(passphrase)}")
    try:
        cur.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:  # sqlcipher3.DatabaseError: file is not a database
        raise WrongPassphrase(
            "The passphrase is wrong, or the file is not a Triage database. Nothing was "
            "changed; try again."
        ) from exc
    finally:
        cur.close()


@contextmanager
def open_keyed(
    path: Path, passphrase: str | None, readonly: bool = False, cipher: bool = False
) -> Iterator[Any]:
    """A raw connection to ``path``: SQLCipher with the key, or plain sqlite3 without one.

    ``cipher`` opens a plain file through SQLCipher too (to export it into an encrypted one).
    """
    path = path.resolve()  # as_uri() needs an absolute path; users type relative ones
    uri = f"{path.as_uri()}?mode=ro" if readonly else path.as_uri()
    if passphrase is None and not cipher:
        conn: Any = sqlite3.connect(uri, uri=True, isolation_level=None)
    else:
        conn = sqlcipher().connect(uri, uri=True, isolation_level=None)
        try:
            if passphrase is not None:
                apply_key(conn, passphrase)
        except BaseException:
            conn.close()
            raise
    try:
        yield conn
    finally:
        conn.close()


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserFacingDatabaseError(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE} characters "
            "(a few words are easier to remember than symbols)."
        )


def require_passphrase_for(path: Path, passphrase: str | None) -> None:
    """Refuse early and clearly when a passphrase is missing or given for a plain file."""
    if not path.exists() or path.stat().st_size == 0:
        return
    plain = is_plain_sqlite(path)
    if plain and passphrase is not None:
        raise UserFacingDatabaseError(
            f"{path} is not encrypted; open it without a passphrase, or encrypt it with "
            "`triage-app --db FILE encrypt`."
        )
    if not plain and passphrase is None:
        raise PassphraseRequired(
            f"{path} is encrypted or is not a Triage database. If it is encrypted, give its "
            "passphrase (TRIAGE_PASSPHRASE or --passphrase-env VAR); it was left untouched."
        )


def table_counts(conn: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'incident_fts_%'"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def export_copy(
    src: Path,
    dst: Path,
    src_passphrase: str | None,
    dst_passphrase: str | None,
    compare_counts: bool = True,
) -> Path:
    """Write a verified copy of ``src`` to ``dst`` (encrypted iff ``dst_passphrase``).

    Writes ``dst.tmp-XXXX`` first and renames it into place only after verification. Row
    counts are compared only when nobody else writes meanwhile (encrypt, rekey); an online
    backup of a database in use checks the copy's integrity.
    """
    tmp = dst.with_name(f"{dst.name}.tmp-{secrets.token_hex(4)}")
    try:
        plain_copy = src_passphrase is None and dst_passphrase is None
        with open_keyed(src, src_passphrase, cipher=not plain_copy) as conn:
            if compare_counts:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            expected = table_counts(conn) if compare_counts else None
            if plain_copy:
                with closing(sqlite3.connect(tmp)) as out:
                    conn.backup(out)
            else:
                key = "" if dst_passphrase is None else dst_passphrase
                conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(tmp), key))
                conn.execute("SELECT sqlcipher_export('target')")
                conn.execute("DETACH DATABASE target")
        verify_copy(tmp, dst_passphrase, expected)
        _fsync(tmp)
        os.replace(tmp, dst)
        return dst
    finally:
        tmp.unlink(missing_ok=True)


def verify_copy(path: Path, passphrase: str | None, expected: dict[str, int] | None) -> None:
    with open_keyed(path, passphrase) as conn:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        counts = table_counts(conn) if expected is not None else None
    if status != "ok" or counts != expected:
        raise UserFacingDatabaseError(
            f"The new copy failed verification ({status}); the original was left unchanged."
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> None:
    """Overwrite a file with random bytes, then delete it (best effort; see SECURITY.md)."""
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as fh:
        remaining = size
        while remaining > 0:
            chunk = min(remaining, 1 << 20)
            fh.write(secrets.token_bytes(chunk))
            remaining -= chunk
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def swap_in(path: Path, new: Path, shred_old: bool) -> None:
    """Replace ``path`` (and its WAL/SHM files) with ``new``; shred the old file if asked."""
    old = path.with_name(f"{path.name}.old-{secrets.token_hex(4)}")
    os.replace(path, old)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            (shred if shred_old else Path.unlink)(side)
    os.replace(new, path)
    if shred_old:
        shred(old)
    else:
        old.unlink()


def encrypt_in_place(path: Path, passphrase: str) -> None:
    """Encrypt a plain database: encrypted copy, verified, swapped in, plain file shredded."""
    check_passphrase_strength(passphrase)
    require_passphrase_for(path, None)
    if not path.exists():
        raise NotATriageDatabase(f"{path} does not exist.")
    new = path.with_name(f"{path.name}.encrypting")
    export_copy(path, new, None, passphrase)
    swap_in(path, new, shred_old=True)


def rekey_in_place(path: Path, old_passphrase: str, new_passphrase: str) -> None:
    """Change the passphrase: a copy under the new key, verified, swapped in."""
    check_passphrase_strength(new_passphrase)
    require_passphrase_for(path, old_passphrase)
    new = path.with_name(f"{path.name}.rekeying")
    export_copy(path, new, old_passphrase, new_passphrase)
    swap_in(path, new, shred_old=True)
