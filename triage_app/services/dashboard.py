"""Dashboard figures: SQL aggregates in one read transaction."""

from __future__ import annotations

from triage_app.db.dashboard_queries import DashboardCounts, dashboard_counts, showcase_incident_id
from triage_app.services.store import Store

__all__ = ["DashboardCounts", "load_dashboard", "showcase_incident"]


def load_dashboard(store: Store) -> DashboardCounts:
    with store.engine.connect() as conn:
        return dashboard_counts(conn)


def showcase_incident(store: Store) -> int | None:
    """An incident with two or more routed suspects, else one with any, else None."""
    with store.engine.connect() as conn:
        return showcase_incident_id(conn, 2) or showcase_incident_id(conn, 1)
