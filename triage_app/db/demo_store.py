"""Writing generated demo data: one bulk insert per table and batch."""

from __future__ import annotations

from sqlalchemy import Connection

from triage_app.db.bulk import bulk_insert
from triage_app.db.tables import evi, ict, inc, inv, sus
from triage_app.domain.demo_data import (
    CRIME_TYPE_COLUMNS,
    EVIDENCE_COLUMNS,
    INCIDENT_COLUMNS,
    INVOLVEMENT_COLUMNS,
    SUSPECT_COLUMNS,
    DemoBatch,
)


def insert_demo_batch(conn: Connection, b: DemoBatch) -> None:
    """Insert one generated batch (rows already in the column order of ``demo_data``)."""
    bulk_insert(conn, inc, INCIDENT_COLUMNS, b.incidents)
    bulk_insert(conn, ict, CRIME_TYPE_COLUMNS, b.crime_types)
    bulk_insert(conn, sus, SUSPECT_COLUMNS, b.suspects)
    bulk_insert(conn, inv, INVOLVEMENT_COLUMNS, b.involvements)
    bulk_insert(conn, evi, EVIDENCE_COLUMNS, b.evidence)
