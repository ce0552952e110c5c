"""Queries and writes for the workbook import (``exchange/importer.py``).

Tables are named by their table names: ``incident``, ``incident_crime_type``, ``suspect``,
``involvement`` and ``evidence_item``. Every function takes the caller's connection (pass 2 runs
in the caller's write transaction) and runs one statement. A function taking a list of keys
looks them up with one ``IN (...)`` list: the caller cuts its keys into batches (the importer's
``BATCH``) and calls it once per batch; the list is padded (``bulk.padded``) so the driver's
statement cache holds a few statements. Rows are streamed back (generators) as the importer
consumes them, never collected here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Row, Table, bindparam, delete, select

from triage_app.db.bulk import bulk_insert, padded
from triage_app.db.tables import dec, evi, ict, inc, inv, sus

TABLES: dict[str, Table] = {t.name: t for t in (inc, ict, sus, inv, evi)}


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"the import writes no table {name!r}") from None


# -- lookups (pass 1 and pass 2) ---------------------------------------------------------------


def ids_by_uuid(conn: Connection, table: str, uuids: Sequence[str]) -> dict[str, int]:
    """uuid -> id for those of ``uuids`` (one batch) that the table holds."""
    t = _table(table)
    rows = conn.execute(select(t.c.uuid, t.c.id).where(t.c.uuid.in_(padded(uuids))))
    return {u: i for u, i in rows}


def live_incidents_by_reference(conn: Connection, refs: Sequence[str]) -> Iterator[Row[str, str]]:
    """(reference, uuid) of the live (not deleted) incidents with one of ``refs``, by id."""
    yield from conn.execute(
        select(inc.c.reference, inc.c.uuid)
        .where(inc.c.reference.in_(padded(refs)), inc.c.deleted_at.is_(None))
        .order_by(inc.c.id)
    )


def involvements_of_incidents(
    conn: Connection, incident_uuids: Sequence[str]
) -> Iterator[Row[str, str, str, str, str]]:
    """(incident uuid, suspect uuid, involvement uuid, suspect name, command level) of every
    involvement of the given incidents, by involvement id."""
    yield from conn.execute(
        select(inc.c.uuid, sus.c.uuid, inv.c.uuid, sus.c.name, sus.c.command_level)
        .select_from(
            inv.join(inc, inc.c.id == inv.c.incident_id).join(sus, sus.c.id == inv.c.suspect_id)
        )
        .where(inc.c.uuid.in_(padded(incident_uuids)))
        .order_by(inv.c.id)
    )


def involvement_links(
    conn: Connection, incident_uuids: Sequence[str]
) -> Iterator[Row[str, str, str]]:
    """(incident uuid, suspect uuid, involvement uuid) of every involvement of the incidents."""
    yield from conn.execute(
        select(inc.c.uuid, sus.c.uuid, inv.c.uuid)
        .select_from(
            inv.join(inc, inc.c.id == inv.c.incident_id).join(sus, sus.c.id == inv.c.suspect_id)
        )
        .where(inc.c.uuid.in_(padded(incident_uuids)))
    )


def evidence_of_incidents(
    conn: Connection, incident_uuids: Sequence[str], fields: Sequence[str]
) -> Iterator[Row[*tuple[Any, ...]]]:
    """(incident uuid, evidence uuid, *fields) of every evidence item of the incidents, by id."""
    yield from conn.execute(
        select(inc.c.uuid, evi.c.uuid, *(evi.c[f] for f in fields))
        .select_from(evi.join(inc, inc.c.id == evi.c.incident_id))
        .where(inc.c.uuid.in_(padded(incident_uuids)))
        .order_by(evi.c.id)
    )


def override_states(
    conn: Connection, involvement_uuids: Sequence[str]
) -> Iterator[Row[int, str, str | None, str | None]]:
    """(involvement id, uuid, override forum, override reason) of the given involvements that
    have a routing decision."""
    yield from conn.execute(
        select(inv.c.id, inv.c.uuid, dec.c.override_forum, dec.c.override_reason)
        .join(dec, dec.c.involvement_id == inv.c.id)
        .where(inv.c.uuid.in_(padded(involvement_uuids)))
    )


def stored_rows(
    conn: Connection, table: str, fields: Sequence[str], uuids: Sequence[str]
) -> Iterator[Row[*tuple[Any, ...]]]:
    """The stored rows of those of ``uuids`` the table holds: ``id``, ``uuid``, the ``fields``
    and ``row_version`` if the table has one, by name (``row.id``, ``getattr(row, f)``)."""
    t = _table(table)
    cols = [t.c.id, t.c.uuid, *(t.c[f] for f in fields)]
    if "row_version" in t.c:
        cols.append(t.c.row_version)
    yield from conn.execute(select(*cols).where(t.c.uuid.in_(padded(uuids))))


def crime_types_of(conn: Connection, incident_ids: Sequence[int]) -> Iterator[Row[int, str]]:
    """(incident id, crime type) of the given incidents, by incident then crime type."""
    yield from conn.execute(
        select(ict.c.incident_id, ict.c.crime_type)
        .where(ict.c.incident_id.in_(padded(incident_ids)))
        .order_by(ict.c.incident_id, ict.c.crime_type)
    )


def incidents_of_suspects(conn: Connection, suspect_ids: Sequence[int]) -> list[int]:
    """The ids of the incidents the given suspects are involved in (each once)."""
    return list(
        conn.execute(
            select(inv.c.incident_id).where(inv.c.suspect_id.in_(padded(suspect_ids))).distinct()
        ).scalars()
    )


# -- writes (pass 2) ---------------------------------------------------------------------------


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """``bulk_insert`` into the named table; returns the row count."""
    return bulk_insert(conn, _table(table), columns, rows)


def update_by_id(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Update rows by id, one executemany: each dict holds the id as ``b_id`` and the columns
    to set (every dict the same keys)."""
    if rows:
        t = _table(table)
        conn.execute(t.update().where(t.c.id == bindparam("b_id")), rows)


def bump_incidents(conn: Connection, incident_ids: Sequence[int], now: Any, actor: str) -> None:
    """Mark incidents changed (``now`` by ``actor``, next row version) whose suspects,
    involvements or evidence an import changed, as the editor does when it saves them."""
    conn.execute(
        inc.update()
        .where(inc.c.id.in_(padded(incident_ids)))
        .values(updated_at=now, updated_by=actor, row_version=inc.c.row_version + 1)
    )


def delete_crime_types(conn: Connection, incident_ids: Sequence[int]) -> None:
    """Remove every crime type of the given incidents (to write them anew)."""
    conn.execute(delete(ict).where(ict.c.incident_id.in_(padded(incident_ids))))
