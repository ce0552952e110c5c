"""SQL aggregates for the dashboard: counts of live incidents and suspects by category."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, String, cast, distinct, func, select

from triage_app.db.tables import dec, ict, inc, inv


@dataclass(frozen=True)
class DashboardCounts:
    incidents: int
    suspects: int  # involvements of live incidents (one suspect per incident counts once)
    by_forum_incidents: dict[str, int]
    by_forum_suspects: dict[str, int]
    by_crime_type: dict[str, int]
    by_region: dict[str | None, int]
    by_month: dict[str, int]  # 'YYYY-MM' -> incidents


def dashboard_counts(conn: Connection) -> DashboardCounts:
    live = inc.c.deleted_at.is_(None)
    incidents = int(conn.execute(select(func.count()).select_from(inc).where(live)).scalar_one())
    suspects = int(
        conn.execute(
            select(func.count())
            .select_from(inv.join(inc, inc.c.id == inv.c.incident_id))
            .where(live)
        ).scalar_one()
    )
    forum_rows = conn.execute(
        select(dec.c.effective_forum, func.count(), func.count(distinct(inv.c.incident_id)))
        .select_from(
            dec.join(inv, inv.c.id == dec.c.involvement_id).join(inc, inc.c.id == inv.c.incident_id)
        )
        .where(live)
        .group_by(dec.c.effective_forum)
    ).all()
    by_crime = conn.execute(
        select(ict.c.crime_type, func.count())
        .select_from(ict.join(inc, inc.c.id == ict.c.incident_id))
        .where(live)
        .group_by(ict.c.crime_type)
    ).all()
    by_region = conn.execute(
        select(inc.c.oblast_code, func.count()).where(live).group_by(inc.c.oblast_code)
    ).all()
    month = func.substr(cast(inc.c.date_from, String), 1, 7)
    by_month = conn.execute(
        select(month, func.count()).where(live).group_by(month).order_by(month)
    ).all()
    return DashboardCounts(
        incidents=incidents,
        suspects=suspects,
        by_forum_incidents={f: int(n_inc) for f, _n, n_inc in forum_rows},
        by_forum_suspects={f: int(n) for f, n, _i in forum_rows},
        by_crime_type={c: int(n) for c, n in by_crime},
        by_region={r: int(n) for r, n in by_region},
        by_month={str(m): int(n) for m, n in by_month if m},
    )


def showcase_incident_id(conn: Connection, min_suspects: int = 2) -> int | None:
    """A live incident with several routed suspects (for screenshots and demos)."""
    sub = (
        select(inv.c.incident_id, func.count().label("n"))
        .join(dec, dec.c.involvement_id == inv.c.id)
        .where(inv.c.incident_id <= select(func.min(inc.c.id)).scalar_subquery() + 5000)
        .group_by(inv.c.incident_id)
        .having(func.count() >= min_suspects)
        .subquery()
    )
    row = conn.execute(
        select(sub.c.incident_id)
        .join(inc, inc.c.id == sub.c.incident_id)
        .where(inc.c.deleted_at.is_(None))
        .order_by(sub.c.n.desc(), sub.c.incident_id)
        .limit(1)
    ).first()
    return int(row[0]) if row else None
