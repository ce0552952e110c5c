"""The append-only audit log: each entry's hash covers its content and the previous hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, and_, or_, select

from triage_app.db.bulk import bulk_insert, padded
from triage_app.db.crypto import open_keyed
from triage_app.db.errors import UserFacingDatabaseError
from triage_app.db.models import AppMeta, AuditEntry, AuditItem
from triage_app.db.tables import evi, inc, inv, sus

GENESIS = "0" * 64
audit_table = AuditEntry.__table__
item_table = AuditItem.__table__
meta_table = AppMeta.__table__
ITEMS = "items"  # the details key of an entry with audit_item rows: {"count": n, "sha256": h}
Item = tuple[str, str, str]  # kind (incident, suspect, ...), change (created, updated), uuid


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
    return _append(conn, actor, action, entity, entity_uuid, details, at)[1]


def items_digest(items: Iterable[Item]) -> dict[str, Any]:
    """Count and SHA-256 of an entry's items, in order: what its details record of them."""
    h = hashlib.sha256()
    n = 0
    for kind, change, uuid in items:
        h.update(f"{kind}\t{change}\t{uuid}\n".encode())
        n += 1
    return {"count": n, "sha256": h.hexdigest()}


def append_audit_items(
    conn: Connection,
    actor: str,
    action: str,
    entity: str,
    details: Mapping[str, Any],
    items: Callable[[], Iterable[Item]],
) -> str:
    """Append an entry for a bulk change and one ``audit_item`` row per record it touched.

    ``items()`` is called twice (for the digest in the entry, then for the rows) and must give
    the same items in the same order; they are streamed, never held in memory.
    """
    body = {**details, ITEMS: items_digest(items())}
    entry_id, digest = _append(conn, actor, action, entity, None, body)
    bulk_insert(
        conn,
        item_table,
        ("audit_id", "kind", "change", "uuid"),
        ((entry_id, *item) for item in items()),
    )
    return digest


def entry_items(conn: Connection, entry_id: int) -> Iterator[Item]:
    """The items of one entry, in the order they were recorded."""
    stmt = (
        select(item_table.c.kind, item_table.c.change, item_table.c.uuid)
        .where(item_table.c.audit_id == entry_id)
        .order_by(item_table.c.id)
    )
    for r in conn.execute(stmt):
        yield r.kind, r.change, r.uuid


def _append(
    conn: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_uuid: str | None,
    details: Mapping[str, Any] | None,
    at: dt.datetime | None = None,
) -> tuple[int, str]:
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
    entry_id = conn.execute(
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
    ).inserted_primary_key[0]  # type: ignore[index]
    return int(entry_id), digest


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(conn: Connection) -> ChainCheck:
    """Walk the log in id order; name the first entry whose link or hash does not hold, or
    whose ``audit_item`` rows do not match the count and SHA-256 its details record."""
    prev_hash = GENESIS
    n = 0
    result = None
    with_items: list[tuple[int, int, dict[str, Any]]] = []  # (n, entry id, recorded)
    for row in conn.execute(select(audit_table).order_by(audit_table.c.id)):
        n += 1
        if row.prev_hash != prev_hash:
            result = ChainCheck(n, row.id, "its previous-hash does not match the entry before it")
            break
        expected = entry_hash(
            row.prev_hash, row.at, row.actor, row.action, row.entity, row.entity_uuid, row.details
        )
        if expected != row.hash:
            result = ChainCheck(n, row.id, "its content does not match its hash")
            break
        recorded = _recorded_items(row.details)
        if recorded is not None:
            with_items.append((n, row.id, recorded))
        prev_hash = row.hash
    # the items of entries before the first broken one (the walk above is done: one cursor)
    for at_n, entry_id, recorded in with_items:
        if items_digest(entry_items(conn, entry_id)) != recorded:
            reason = "the records it lists (audit_item) do not match their count and hash"
            return ChainCheck(at_n, entry_id, reason)
    stray = conn.execute(
        select(item_table.c.audit_id)
        .where(item_table.c.audit_id.not_in([e for _, e, _ in with_items]))
        .order_by(item_table.c.audit_id)
        .limit(1)
    ).scalar_one_or_none()
    if stray is not None and (result is None or stray < (result.first_broken_id or 0)):
        return ChainCheck(n, stray, "it has records (audit_item) that its content does not list")
    return result or ChainCheck(n, None, None)


def compare_with_copy(conn: Connection, copy: Path, passphrase: str | None) -> ChainCheck:
    """Every entry of an older copy of this database (a backup) must still be here, with the
    same hash: what the chain alone cannot see -- its newest entries removed, or every entry
    after one rewritten with fresh hashes -- shows up against a copy kept elsewhere."""
    n = 0
    with open_keyed(copy, passphrase, readonly=True) as other:
        theirs = other.execute("SELECT value FROM app_meta WHERE key = 'database_id'").fetchone()
        ours = conn.execute(
            select(meta_table.c.value).where(meta_table.c.key == "database_id")
        ).scalar()
        if theirs is not None and ours is not None and theirs[0] != ours:
            raise UserFacingDatabaseError(
                f"{copy.name} is a copy of another database (its database id differs), not a "
                "backup of this one: nothing to compare"
            )
        cur = other.execute("SELECT id, hash FROM audit_log ORDER BY id")
        while part := cur.fetchmany(5_000):
            ours = dict(
                conn.execute(
                    select(audit_table.c.id, audit_table.c.hash).where(
                        audit_table.c.id.between(part[0][0], part[-1][0])
                    )
                ).all()
            )
            for entry_id, digest in part:
                n += 1
                here = ours.get(entry_id)
                if here is None:
                    return ChainCheck(
                        n,
                        entry_id,
                        f"the copy {copy.name} holds this entry but this database does not: "
                        "entries were removed",
                    )
                if here != digest:
                    return ChainCheck(
                        n,
                        entry_id,
                        f"it differs from the same entry in the copy {copy.name}: history was "
                        "rewritten",
                    )
    return ChainCheck(n, None, None)


def _recorded_items(details: str) -> dict[str, Any] | None:
    if f'"{ITEMS}"' not in details:  # most entries: no need to parse
        return None
    value = json.loads(details).get(ITEMS)
    return value if isinstance(value, dict) else None


# -- reading the log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """Entries newest first; for one incident also, per bulk entry, what it did to the
    incident's own records: entry id -> [(kind, change)]."""

    entries: list[Row[Any]]
    items: dict[int, list[tuple[str, str]]]


def history(conn: Connection, reference: str | None = None, limit: int = 1000) -> History:
    """The log newest first; for one incident (by reference): its entries, its suspects',
    and the bulk entries (imports) that created or updated any of its records."""
    stmt = select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
    if reference is None:
        return History(list(conn.execute(stmt)), {})
    ids = dict(conn.execute(select(inc.c.id, inc.c.uuid).where(inc.c.reference == reference)).all())
    if not ids:
        raise UserFacingDatabaseError(f"No incident has the reference {reference!r}.")
    incident_ids = padded(ids)
    suspects = list(
        conn.execute(
            select(sus.c.uuid)
            .join(inv, inv.c.suspect_id == sus.c.id)
            .where(inv.c.incident_id.in_(incident_ids))
        ).scalars()
    )
    involvements = list(
        conn.execute(select(inv.c.uuid).where(inv.c.incident_id.in_(incident_ids))).scalars()
    )
    records = [
        *ids.values(),
        *suspects,
        *involvements,
        *conn.execute(select(evi.c.uuid).where(evi.c.incident_id.in_(incident_ids))).scalars(),
    ]
    found: list[tuple[int, int, str, str]] = []  # (item id, entry id, kind, change)
    for part in (records[a : a + 5_000] for a in range(0, len(records), 5_000)):
        found += (
            (r.id, r.audit_id, r.kind, r.change)
            for r in conn.execute(
                select(
                    item_table.c.id, item_table.c.audit_id, item_table.c.kind, item_table.c.change
                ).where(item_table.c.uuid.in_(padded(part)))
            )
        )
    items: dict[int, list[tuple[str, str]]] = {}
    for _, entry_id, kind, change in sorted(found):  # in the order each entry recorded them
        items.setdefault(entry_id, []).append((kind, change))
    # imports written before audit_item (schema 0004) listed the UUIDs in their details
    legacy = [
        and_(audit_table.c.action == "import", audit_table.c.details.contains(u))
        for u in ids.values()
    ]
    stmt = stmt.where(
        or_(
            # overrides are logged under the involvement's UUID
            audit_table.c.entity_uuid.in_(padded([*ids.values(), *suspects, *involvements])),
            audit_table.c.id.in_(padded(items)),
            *legacy,
        )
    )
    return History(list(conn.execute(stmt)), items)
