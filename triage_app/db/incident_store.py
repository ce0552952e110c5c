"""Reading and writing one incident with its suspects, involvements and evidence (the editor).

Every function takes the caller's connection: ``services/incidents.py`` owns the transaction
(one per user action) and the audit entries, and compares old and new values itself. Values
are passed as plain dicts of column name -> value; rows come back as SQLAlchemy ``Row``s,
read by attribute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, func, or_, select

from triage_app.db.tables import dec, evi, ict, inc, inv, rst, sus

# -- incidents ---------------------------------------------------------------------------------


VERSIONED = {"incident": inc, "suspect": sus}  # records with a row version and a stamp


def insert_versioned(
    conn: Connection,
    table: str,
    values: Mapping[str, Any],
    uuid: str,
    now: dt.datetime,
    actor: str,
) -> int:
    """Insert an incident or a suspect (``table``): row version 1, created and updated ``now``
    by ``actor``; returns its id."""
    result = conn.execute(
        VERSIONED[table]
        .insert()
        .values(
            **values,
            uuid=uuid,
            created_at=now,
            created_by=actor,
            updated_at=now,
            updated_by=actor,
            row_version=1,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def update_versioned(
    conn: Connection,
    table: str,
    record_id: int,
    values: Mapping[str, Any],
    *,
    now: dt.datetime,
    actor: str,
    row_version: int,
) -> None:
    """Set ``values`` on an incident or a suspect (``table``), stamped updated ``now`` by
    ``actor``, with the given (new) ``row_version``."""
    t = VERSIONED[table]
    conn.execute(
        t.update()
        .where(t.c.id == record_id)
        .values(**values, updated_at=now, updated_by=actor, row_version=row_version)
    )


def incident_row(
    conn: Connection, incident_id: int, *, for_update: bool = False
) -> Row[Any] | None:
    """All columns of one incident, or None. ``for_update`` locks the row (``FOR UPDATE``):
    on a server a concurrent save waits there and then sees the new row version."""
    stmt = select(inc).where(inc.c.id == incident_id)
    if for_update:
        stmt = stmt.with_for_update()
    return conn.execute(stmt).first()


def incident_state(conn: Connection, incident_id: int) -> Row[Any, Any, Any] | None:
    """One incident's ``uuid``, ``deleted_at`` and ``row_version``, or None."""
    return conn.execute(
        select(inc.c.uuid, inc.c.deleted_at, inc.c.row_version).where(inc.c.id == incident_id)
    ).first()


def crime_types(conn: Connection, incident_id: int) -> list[str]:
    """An incident's crime type codes, in no particular order."""
    return list(
        conn.execute(select(ict.c.crime_type).where(ict.c.incident_id == incident_id)).scalars()
    )


def replace_crime_types(conn: Connection, incident_id: int, codes: Iterable[str]) -> None:
    """Delete an incident's crime types and insert ``codes`` (one executemany)."""
    conn.execute(delete(ict).where(ict.c.incident_id == incident_id))
    conn.execute(ict.insert(), [{"incident_id": incident_id, "crime_type": c} for c in codes])


# -- involvements and suspects -----------------------------------------------------------------


def involvement_views(conn: Connection, incident_id: int) -> list[Row[Any]]:
    """An incident's involvements in id order, each with all its suspect's columns and its
    routing decision (NULLs when not routed) and rule set.

    Besides the suspect's columns (``id`` is the suspect's): ``inv_id``, ``inv_uuid``,
    ``mode_of_liability``, the decision's ``primary_forum``, ``secondary_forums``, ``flags``,
    ``winner``, ``fired``, ``error``, ``override_*``, and ``rules_text``, ``rules_name``,
    ``rules_version``.
    """
    return list(
        conn.execute(
            select(
                inv.c.id.label("inv_id"),
                inv.c.uuid.label("inv_uuid"),
                inv.c.mode_of_liability,
                sus,
                dec.c.primary_forum,
                dec.c.secondary_forums,
                dec.c.flags,
                dec.c.winner,
                dec.c.fired,
                dec.c.error,
                dec.c.override_forum,
                dec.c.override_reason,
                dec.c.override_by,
                dec.c.override_at,
                rst.c.text.label("rules_text"),
                rst.c.name.label("rules_name"),
                rst.c.version.label("rules_version"),
            )
            .join(sus, sus.c.id == inv.c.suspect_id)
            .outerjoin(dec, dec.c.involvement_id == inv.c.id)
            .outerjoin(rst, rst.c.id == dec.c.rule_set_id)
            .where(inv.c.incident_id == incident_id)
            .order_by(inv.c.id)
        )
    )


def involvements_of(conn: Connection, incident_id: int) -> list[Row[Any]]:
    """An incident's involvements: ``id``, ``uuid``, ``suspect_id``, ``mode_of_liability``."""
    return list(
        conn.execute(
            select(inv.c.id, inv.c.uuid, inv.c.suspect_id, inv.c.mode_of_liability).where(
                inv.c.incident_id == incident_id
            )
        )
    )


def involvement_uuid(conn: Connection, incident_id: int, suspect_id: int) -> str | None:
    """The UUID of the suspect's involvement in the incident, if there is one."""
    return conn.execute(
        select(inv.c.uuid).where(
            and_(inv.c.incident_id == incident_id, inv.c.suspect_id == suspect_id)
        )
    ).scalar()


def insert_involvement(
    conn: Connection,
    uuid: str,
    incident_id: int,
    suspect_id: int,
    mode_of_liability: str,
    now: dt.datetime,
) -> None:
    conn.execute(
        inv.insert().values(
            uuid=uuid,
            incident_id=incident_id,
            suspect_id=suspect_id,
            mode_of_liability=mode_of_liability,
            updated_at=now,
        )
    )


def update_involvement(
    conn: Connection,
    involvement_id: int,
    suspect_id: int,
    mode_of_liability: str,
    now: dt.datetime,
) -> None:
    conn.execute(
        inv.update()
        .where(inv.c.id == involvement_id)
        .values(suspect_id=suspect_id, mode_of_liability=mode_of_liability, updated_at=now)
    )


def delete_involvement(conn: Connection, involvement_id: int) -> None:
    conn.execute(delete(inv).where(inv.c.id == involvement_id))


def suspect_by_uuid(conn: Connection, uuid: str) -> Row[Any] | None:
    """All columns of the suspect with this UUID, or None."""
    return conn.execute(select(sus).where(sus.c.uuid == uuid)).first()


def suspects_matching(conn: Connection, text: str, limit: int) -> list[Row[Any]]:
    """Live suspects whose name, Latin name or unit contains ``text`` (case-insensitive), by
    name: all their columns and ``n``, the number of involvements they have."""
    pattern = f"%{text.strip()}%"
    n_inc = (
        select(func.count()).select_from(inv).where(inv.c.suspect_id == sus.c.id).scalar_subquery()
    )
    return list(
        conn.execute(
            select(sus, n_inc.label("n"))
            .where(
                and_(
                    sus.c.deleted_at.is_(None),
                    or_(
                        sus.c.name.ilike(pattern),
                        sus.c.name_latin.ilike(pattern),
                        sus.c.unit.ilike(pattern),
                    ),
                )
            )
            .order_by(sus.c.name)
            .limit(limit)
        )
    )


# -- evidence ----------------------------------------------------------------------------------


def evidence_rows(conn: Connection, incident_id: int, *, by_id: bool = True) -> list[Row[Any]]:
    """All columns of an incident's evidence items, in id order unless ``by_id`` is False."""
    stmt = select(evi).where(evi.c.incident_id == incident_id)
    if by_id:
        stmt = stmt.order_by(evi.c.id)
    return list(conn.execute(stmt))


def insert_evidence(
    conn: Connection, values: Mapping[str, Any], uuid: str, incident_id: int, now: dt.datetime
) -> None:
    conn.execute(
        evi.insert().values(
            **values, uuid=uuid, incident_id=incident_id, created_at=now, updated_at=now
        )
    )


def update_evidence(
    conn: Connection, evidence_id: int, values: Mapping[str, Any], now: dt.datetime
) -> None:
    conn.execute(evi.update().where(evi.c.id == evidence_id).values(**values, updated_at=now))


def delete_evidence(conn: Connection, evidence_id: int) -> None:
    conn.execute(delete(evi).where(evi.c.id == evidence_id))
