"""Read queries returning plain rows and dataclasses (never ORM objects), and the database's id."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, func, select

from triage_app.db.models import AppMeta
from triage_app.db.tables import dec, evi, inc, inv, sus, table_of

meta_t = table_of(AppMeta)


def max_ids(conn: Connection) -> dict[str, int]:
    """Highest id per bulk-loaded table (0 when empty)."""
    return {
        t.name: conn.execute(select(func.coalesce(func.max(t.c.id), 0))).scalar_one()
        for t in (inc, sus, inv, evi)
    }


def counts(conn: Connection) -> dict[str, int]:
    """Live (not soft-deleted) incidents and suspects; all involvements, decisions, evidence."""

    def count(stmt: object) -> int:
        return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]

    return {
        "incidents": count(select(func.count()).select_from(inc).where(inc.c.deleted_at.is_(None))),
        "suspects": count(select(func.count()).select_from(sus).where(sus.c.deleted_at.is_(None))),
        "involvements": count(select(func.count()).select_from(inv)),
        "decisions": count(select(func.count()).select_from(dec)),
        "evidence": count(select(func.count()).select_from(evi)),
    }


def ensure_database_id(conn: Connection) -> None:
    """Give the database a stable id if it has none (bundles and merges name their source by it)."""
    row = conn.execute(select(meta_t.c.value).where(meta_t.c.key == "database_id")).first()
    if row is None:
        conn.execute(meta_t.insert().values(key="database_id", value=str(uuid.uuid4())))
