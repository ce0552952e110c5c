"""Read queries returning plain rows and dataclasses (never ORM objects)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from triage_app.db.models import (
    EvidenceItem,
    Incident,
    Involvement,
    RoutingDecision,
    Suspect,
)

incident_t = Incident.__table__
suspect_t = Suspect.__table__
involvement_t = Involvement.__table__
decision_t = RoutingDecision.__table__
evidence_t = EvidenceItem.__table__


def max_ids(conn: Connection) -> dict[str, int]:
    """Highest id per bulk-loaded table (0 when empty)."""
    return {
        t.name: conn.execute(select(func.coalesce(func.max(t.c.id), 0))).scalar_one()
        for t in (incident_t, suspect_t, involvement_t, evidence_t)
    }


def counts(conn: Connection) -> dict[str, int]:
    """Live (not soft-deleted) incidents and suspects; all involvements, decisions, evidence."""

    def count(stmt: object) -> int:
        return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]

    return {
        "incidents": count(
            select(func.count()).select_from(incident_t).where(incident_t.c.deleted_at.is_(None))
        ),
        "suspects": count(
            select(func.count()).select_from(suspect_t).where(suspect_t.c.deleted_at.is_(None))
        ),
        "involvements": count(select(func.count()).select_from(involvement_t)),
        "decisions": count(select(func.count()).select_from(decision_t)),
        "evidence": count(select(func.count()).select_from(evidence_t)),
    }
