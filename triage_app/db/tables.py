"""The models' Core tables under the short names every query uses (one place, not per module)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table

from triage_app.db.models import (
    EvidenceItem,
    Incident,
    IncidentCrimeType,
    Involvement,
    RoutingDecision,
    RuleSet,
    Suspect,
)


def table_of(model: type[Any]) -> Table:
    """A model's Table, typed as one (``__table__`` is typed as a FromClause)."""
    return cast(Table, model.__table__)


inc = table_of(Incident)
ict = table_of(IncidentCrimeType)
sus = table_of(Suspect)
inv = table_of(Involvement)
dec = table_of(RoutingDecision)
evi = table_of(EvidenceItem)
rst = table_of(RuleSet)
