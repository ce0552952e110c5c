"""Evidence files: a verified copy kept beside the database, only when the user asks.

Copies are content-addressed (``evidence_files/<sha256><suffix>``), so the same file kept
twice is stored once and a record's SHA-256 always names its copy. Copies are plain files:
for an encrypted database they are refused (they would sit unencrypted beside it).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from pathlib import Path

from triage_app.db.errors import UserFacingDatabaseError
from triage_app.services.store import Store

FOLDER = "evidence_files"


def can_keep_copies(store: Store) -> bool:
    return store.path is not None and store.passphrase is None


def copy_path(store: Store, sha256: str, suffix: str) -> Path:
    if store.path is None:
        raise UserFacingDatabaseError("Copies of evidence files are kept on laptops only.")
    return store.path.parent / FOLDER / f"{sha256}{suffix.lower()}"


def keep_copy(store: Store, source: Path, sha256: str) -> Path:
    """Copy ``source`` into the evidence folder and check the copy's SHA-256."""
    if not can_keep_copies(store):
        raise UserFacingDatabaseError(
            "This database is encrypted (or on a server): a copy of the file would be stored "
            "unencrypted, so only its name and SHA-256 are recorded. Keep the file on an "
            "encrypted disk."
        )
    target = copy_path(store, sha256, source.suffix)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.tmp-{secrets.token_hex(4)}")
    try:
        shutil.copyfile(source, tmp)
        digest = hashlib.sha256()
        with tmp.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise UserFacingDatabaseError(
                f"{source.name} changed while it was being copied; attach it again."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
