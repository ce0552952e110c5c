"""Queries for laptop bundles: records by UUID or incident, merge bases, conflicts, foreign audit.

Entities are named as in bundles: ``incident``, ``suspect``, ``involvement``, ``evidence`` and
``decision`` (a routing decision, keyed by its involvement's UUID). Every query takes the
caller's connection (the import is one transaction) and returns plain rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Row, Select, Table, delete, func, select, union

from triage_app.db.bulk import bulk_insert, padded, to_db_datetime
from triage_app.db.models import (
    AppMeta,
    AuditEntry,
    ForeignAudit,
    MergeConflict,
    SyncBase,
)
from triage_app.db.tables import dec, evi, ict, inc, inv, rst, sus, table_of

aud = table_of(AuditEntry)
base_t = table_of(SyncBase)
conflict_t = table_of(MergeConflict)
foreign_t = table_of(ForeignAudit)
meta_t = table_of(AppMeta)

ENTITIES = ("suspect", "incident", "involvement", "evidence", "decision")
# The table each entity's rows are written to, and the column its UUID key lives in.
TABLES: dict[str, Table] = {
    "incident": inc,
    "suspect": sus,
    "involvement": inv,
    "evidence": evi,
    "decision": dec,
}
KEY: dict[str, Column[Any]] = {
    "incident": inc.c.uuid,
    "suspect": sus.c.uuid,
    "involvement": inv.c.uuid,
    "evidence": evi.c.uuid,
    "decision": inv.c.uuid,
}
# The column holding each entity's incident id (suspects belong to no one incident).
INCIDENT_ID: dict[str, Column[Any]] = {
    "incident": inc.c.id,
    "involvement": inv.c.incident_id,
    "evidence": evi.c.incident_id,
    "decision": inv.c.incident_id,
}
CHUNK = 2_000  # keys per IN (...) list: far below SQLite's and PostgreSQL's limits


@cache
def python_type(entity: str, name: str) -> type:
    """The Python type of an entity's column ``name`` (``str`` for a name that is no column)."""
    column = TABLES[entity].c.get(name)
    return getattr(column.type, "python_type", str) if column is not None else str


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def db_stamp(conn: Connection, value: dt.datetime) -> object:
    """A datetime as ``bulk_insert`` wants it on this connection's dialect."""
    return to_db_datetime(value) if conn.dialect.name == "sqlite" else value


def database_id(conn: Connection) -> str:
    return str(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "database_id")).scalar())


def schema_revision(conn: Connection) -> str | None:
    try:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except Exception:  # no alembic table: not ours to judge here
        return None


def entity_select(entity: str) -> Select[Any]:
    """All columns of an entity's rows, with the UUIDs of the rows they point to."""
    if entity == "involvement":
        return (
            select(inv, inc.c.uuid.label("incident_uuid"), sus.c.uuid.label("suspect_uuid"))
            .join(inc, inc.c.id == inv.c.incident_id)
            .join(sus, sus.c.id == inv.c.suspect_id)
        )
    if entity == "evidence":
        return select(evi, inc.c.uuid.label("incident_uuid")).join(
            inc, inc.c.id == evi.c.incident_id
        )
    if entity == "decision":
        return (
            select(
                dec,
                inv.c.uuid.label("involvement_uuid"),
                inv.c.incident_id.label("incident_id"),
                rst.c.sha256.label("rule_set_sha256"),
            )
            .join(inv, inv.c.id == dec.c.involvement_id)
            .join(rst, rst.c.id == dec.c.rule_set_id)
        )
    return select(TABLES[entity])


def rows_by_keys(conn: Connection, entity: str, keys: Collection[str]) -> dict[str, Row[Any]]:
    """Local rows whose UUID key is in ``keys``, by key."""
    out: dict[str, Row[Any]] = {}
    for part in chunks(sorted(keys)):
        for row in conn.execute(entity_select(entity).where(KEY[entity].in_(padded(part)))):
            out[row.involvement_uuid if entity == "decision" else row.uuid] = row
    return out


def rows_of_incidents(conn: Connection, entity: str, incident_ids: Sequence[int]) -> list[Row[Any]]:
    """Rows of the given incidents (the incidents themselves for ``incident``), by id."""
    order = TABLES[entity].c.id
    return list(
        conn.execute(
            entity_select(entity)
            .where(INCIDENT_ID[entity].in_(padded(incident_ids)))
            .order_by(order)
        )
    )


def suspects_by_ids(conn: Connection, ids: Sequence[int]) -> list[Row[Any]]:
    return list(conn.execute(select(sus).where(sus.c.id.in_(padded(ids))).order_by(sus.c.id)))


def crime_types(conn: Connection, incident_ids: Collection[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for part in chunks(sorted(incident_ids)):
        for iid, ct in conn.execute(
            select(ict.c.incident_id, ict.c.crime_type)
            .where(ict.c.incident_id.in_(padded(part)))
            .order_by(ict.c.incident_id, ict.c.crime_type)
        ):
            out.setdefault(iid, []).append(ct)
    return out


def insert_records(
    conn: Connection, entity: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Bulk-insert rows (tuples in ``columns`` order) into an entity's table."""
    return bulk_insert(conn, TABLES[entity], columns, rows)


def insert_crime_types(conn: Connection, rows: Iterable[tuple[int, str]]) -> int:
    """Bulk-insert (incident id, crime type) pairs."""
    return bulk_insert(conn, ict, ("incident_id", "crime_type"), rows)


def update_record(conn: Connection, entity: str, row_id: int, values: dict[str, Any]) -> None:
    """Set ``values`` on one stored record: ``row_id`` is its id, or for a decision its
    involvement's id. Nothing is written without values."""
    if not values:
        return
    table = TABLES[entity]
    id_column = table.c.involvement_id if entity == "decision" else table.c.id
    conn.execute(table.update().where(id_column == row_id).values(**values))


def replace_crime_types(conn: Connection, incident_id: int, codes: Iterable[str]) -> None:
    conn.execute(delete(ict).where(ict.c.incident_id == incident_id))
    rows = [{"incident_id": incident_id, "crime_type": c} for c in sorted(set(codes))]
    if rows:
        conn.execute(ict.insert(), rows)


# -- choosing what an export holds ----------------------------------------------------------


def exported_incident_ids(conn: Connection, since: dt.datetime | None) -> list[int]:
    """Incidents changed since ``since`` (all without it), counting changes to their
    involvements, evidence and overrides (override audit entries cover removed overrides)."""
    if since is None:
        return list(conn.execute(select(inc.c.id).order_by(inc.c.id)).scalars())
    changed = union(
        select(inc.c.id).where(inc.c.updated_at >= since),
        select(inv.c.incident_id).where(inv.c.updated_at >= since),
        select(evi.c.incident_id).where(evi.c.updated_at >= since),
        select(inv.c.incident_id)
        .join(dec, dec.c.involvement_id == inv.c.id)
        .where(dec.c.override_at >= since),
        select(inv.c.incident_id).where(
            inv.c.uuid.in_(
                select(aud.c.entity_uuid).where(
                    aud.c.at >= since, aud.c.entity == "routing_decision"
                )
            )
        ),
    ).subquery()
    return list(conn.execute(select(changed.c[0]).order_by(changed.c[0])).scalars())


def suspect_ids_changed_since(conn: Connection, since: dt.datetime | None) -> set[int]:
    stmt = select(sus.c.id)
    if since is not None:
        stmt = stmt.where(sus.c.updated_at >= since)
    return set(conn.execute(stmt).scalars())


def rule_sets_by_hash(conn: Connection, hashes: Collection[str]) -> list[Row[Any]]:
    if not hashes:
        return []
    return list(
        conn.execute(
            select(rst.c.name, rst.c.version, rst.c.text, rst.c.sha256, rst.c.id).where(
                rst.c.sha256.in_(padded(sorted(hashes)))
            )
        )
    )


def insert_rule_set(conn: Connection, name: str, version: str, text: str, sha256: str) -> int:
    """Store a rule set received in a bundle (inactive: this database's active one stays)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return int(
        conn.execute(
            rst.insert().values(
                name=name, version=version, text=text, sha256=sha256, active=False, loaded_at=now
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def audit_since(conn: Connection, since: dt.datetime | None) -> Iterator[Row[Any]]:
    """Our audit entries from the first one at or after ``since`` on: a contiguous chain."""
    stmt = select(aud).order_by(aud.c.id)
    if since is not None:
        first = select(func.min(aud.c.id)).where(aud.c.at >= since).scalar_subquery()
        stmt = stmt.where(aud.c.id >= first)
    yield from conn.execute(stmt)


# -- merge bases ----------------------------------------------------------------------------


def bases(conn: Connection, peer: str, entity: str, keys: Collection[str]) -> dict[str, str]:
    """uuid -> content hash last merged from ``peer`` for these records."""
    out: dict[str, str] = {}
    for part in chunks(sorted(keys)):
        out.update(
            conn.execute(
                select(base_t.c.uuid, base_t.c.content_hash).where(
                    base_t.c.peer_db_id == peer,
                    base_t.c.entity == entity,
                    base_t.c.uuid.in_(padded(part)),
                )
            ).all()
        )
    return out


def bases_of_all_peers(
    conn: Connection, entity: str, keys: Collection[str]
) -> list[tuple[str, str, str]]:
    """(peer_db_id, uuid, content_hash) for these records, whichever database they came from."""
    out: list[tuple[str, str, str]] = []
    for part in chunks(sorted(keys)):
        out += [
            (peer, key, digest)
            for peer, key, digest in conn.execute(
                select(base_t.c.peer_db_id, base_t.c.uuid, base_t.c.content_hash).where(
                    base_t.c.entity == entity, base_t.c.uuid.in_(padded(part))
                )
            )
        ]
    return out


def set_bases(
    conn: Connection, peer: str, entity: str, hashes: dict[str, str], now: dt.datetime
) -> None:
    """Record ``hashes`` (uuid -> content hash) as merged from ``peer``."""
    keys = sorted(hashes)
    for part in chunks(keys):
        conn.execute(
            delete(base_t).where(
                base_t.c.peer_db_id == peer,
                base_t.c.entity == entity,
                base_t.c.uuid.in_(padded(part)),
            )
        )
    stamp = db_stamp(conn, now)
    bulk_insert(
        conn,
        base_t,
        ("peer_db_id", "entity", "uuid", "content_hash", "merged_at"),
        ((peer, entity, k, hashes[k], stamp) for k in keys),
    )


def delete_bases(conn: Connection, peer: str, entity: str, keys: Collection[str]) -> None:
    for part in chunks(sorted(keys)):
        conn.execute(
            delete(base_t).where(
                base_t.c.peer_db_id == peer,
                base_t.c.entity == entity,
                base_t.c.uuid.in_(padded(part)),
            )
        )


def bases_of_removed(conn: Connection, entity: str) -> list[tuple[str, str, str]]:
    """(peer_db_id, uuid, content_hash) of records received from a peer and removed since:
    exported so that the peer can remove them too."""
    table = TABLES[entity]
    stmt = select(base_t.c.peer_db_id, base_t.c.uuid, base_t.c.content_hash).where(
        base_t.c.entity == entity, base_t.c.uuid.not_in(select(table.c.uuid))
    )
    return [(peer, key, digest) for peer, key, digest in conn.execute(stmt)]


def ids_by_uuid(conn: Connection, entity: str, keys: Collection[str]) -> dict[str, int]:
    table = TABLES[entity]
    out: dict[str, int] = {}
    for part in chunks(sorted(keys)):
        stmt = select(table.c.uuid, table.c.id).where(table.c.uuid.in_(padded(part)))
        out.update((key, row_id) for key, row_id in conn.execute(stmt))
    return out


def delete_rows(conn: Connection, entity: str, ids: Collection[int]) -> None:
    table = TABLES[entity]
    for part in chunks(sorted(ids)):
        conn.execute(delete(table).where(table.c.id.in_(padded(part))))


def incidents_of_suspects(conn: Connection, suspect_ids: Collection[int]) -> set[int]:
    out: set[int] = set()
    for part in chunks(sorted(suspect_ids)):
        out.update(
            conn.execute(
                select(inv.c.incident_id).where(inv.c.suspect_id.in_(padded(part)))
            ).scalars()
        )
    return out


def taken_pairs(conn: Connection, incident_ids: Collection[int]) -> dict[tuple[int, int], str]:
    """(incident id, suspect id) -> involvement UUID for the involvements of these incidents."""
    out: dict[tuple[int, int], str] = {}
    for part in chunks(sorted(incident_ids)):
        for iid, sid, key in conn.execute(
            select(inv.c.incident_id, inv.c.suspect_id, inv.c.uuid).where(
                inv.c.incident_id.in_(padded(part))
            )
        ):
            out[(iid, sid)] = key
    return out


# -- conflicts ------------------------------------------------------------------------------


def open_conflict_id(conn: Connection, entity: str, key: str, source: str) -> int | None:
    return conn.execute(
        select(conflict_t.c.id).where(
            conflict_t.c.status == "open",
            conflict_t.c.entity == entity,
            conflict_t.c.uuid == key,
            conflict_t.c.source_db_id == source,
        )
    ).scalar()


def save_conflict(conn: Connection, conflict_id: int | None, values: dict[str, Any]) -> int:
    """Insert a conflict, or replace the remote side of the open one for the same record."""
    if conflict_id is None:
        return int(
            conn.execute(conflict_t.insert().values(**values)).inserted_primary_key[0]  # type: ignore[index]
        )
    conn.execute(conflict_t.update().where(conflict_t.c.id == conflict_id).values(**values))
    return conflict_id


def conflicts(conn: Connection, status: str | None = "open") -> list[Row[Any]]:
    stmt = select(conflict_t).order_by(conflict_t.c.id)
    if status is not None:
        stmt = stmt.where(conflict_t.c.status == status)
    return list(conn.execute(stmt))


def conflict(conn: Connection, conflict_id: int) -> Row[Any] | None:
    return conn.execute(select(conflict_t).where(conflict_t.c.id == conflict_id)).first()


def mark_resolved(
    conn: Connection, conflict_id: int, actor: str, now: dt.datetime, resolution: str
) -> None:
    conn.execute(
        conflict_t.update()
        .where(conflict_t.c.id == conflict_id)
        .values(status="resolved", resolved_at=now, resolved_by=actor, resolution=resolution)
    )


# -- other databases' audit entries ---------------------------------------------------------

FOREIGN_COLUMNS = (
    "source_db_id",
    "source_entry_id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_uuid",
    "details",
    "prev_hash",
    "hash",
    "bundle_sha256",
    "imported_at",
)


def known_foreign_hashes(conn: Connection, source: str, hashes: Collection[str]) -> set[str]:
    out: set[str] = set()
    for part in chunks(sorted(hashes)):
        out.update(
            conn.execute(
                select(foreign_t.c.hash).where(
                    foreign_t.c.source_db_id == source, foreign_t.c.hash.in_(padded(part))
                )
            ).scalars()
        )
    return out


def insert_foreign_audit(conn: Connection, rows: Iterable[Sequence[Any]]) -> int:
    return bulk_insert(conn, foreign_t, FOREIGN_COLUMNS, rows)
