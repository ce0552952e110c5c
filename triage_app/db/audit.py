"""The append-only audit log: each entry's hash covers its content and the previous hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from triage_app.db.models import AuditEntry

GENESIS = "0" * 64
audit_table = AuditEntry.__table__


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_uuid: str | None,
    details: str,
) -> str:
    payload = "\x1f".join(
        [prev_hash, at.isoformat(), actor, action, entity, entity_uuid or "", details]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append_audit(
    conn: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_uuid: str | None = None,
    details: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> str:
    """Append one entry inside the caller's (write) transaction; returns its hash."""
    at = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    body = canonical_json(details or {})
    if conn.dialect.name == "postgresql":
        # Two sessions must not both chain onto the same last entry (SQLite's write lock,
        # taken at BEGIN IMMEDIATE, already serialises writers there).
        conn.exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
    prev = conn.execute(
        select(audit_table.c.hash).order_by(audit_table.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = prev or GENESIS
    digest = entry_hash(prev_hash, at, actor, action, entity, entity_uuid, body)
    conn.execute(
        audit_table.insert().values(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_uuid=entity_uuid,
            details=body,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    return digest


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(conn: Connection) -> ChainCheck:
    """Walk the log in id order; name the first entry whose link or hash does not hold."""
    prev_hash = GENESIS
    n = 0
    rows = conn.execute(select(audit_table).order_by(audit_table.c.id))
    for row in rows:
        n += 1
        if row.prev_hash != prev_hash:
            return ChainCheck(n, row.id, "its previous-hash does not match the entry before it")
        expected = entry_hash(
            row.prev_hash, row.at, row.actor, row.action, row.entity, row.entity_uuid, row.details
        )
        if expected != row.hash:
            return ChainCheck(n, row.id, "its content does not match its hash")
        prev_hash = row.hash
    return ChainCheck(n, None, None)
