"""Fill a database with fictional demo incidents (bulk, one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from triage_app.db.audit import append_audit
from triage_app.db.demo_store import insert_demo_batch
from triage_app.db.fts import fts_bulk_load
from triage_app.db.queries import counts, max_ids
from triage_app.domain.demo_data import DemoGenerator
from triage_app.services.store import Store

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class Cancelled(Exception):
    """The user cancelled; the transaction was rolled back."""


@dataclass(frozen=True)
class DemoResult:
    incidents: int
    suspects: int
    involvements: int
    evidence: int


def add_demo_data(
    store: Store, incidents: int, seed: int = 2022, progress: Progress | None = None
) -> DemoResult:
    """Add ``incidents`` fictional incidents with suspects, involvements and evidence.

    All-or-nothing: one write transaction; cancelling through ``progress`` rolls it back.
    """
    if incidents < 0:
        raise ValueError("the number of incidents must not be negative")
    totals = [0, 0, 0, 0]
    with store.write_engine.begin() as conn:
        ids = max_ids(conn)
        gen = DemoGenerator(
            seed=seed,
            first_incident_id=ids["incident"] + 1,
            first_suspect_id=ids["suspect"] + 1,
            first_involvement_id=ids["involvement"] + 1,
            first_evidence_id=ids["evidence_item"] + 1,
        )
        with fts_bulk_load(conn, after_id=ids["incident"]):
            for batch in gen.generate(incidents):
                insert_demo_batch(conn, batch)
                totals[0] += len(batch.incidents)
                totals[1] += len(batch.suspects)
                totals[2] += len(batch.involvements)
                totals[3] += len(batch.evidence)
                if progress is not None and not progress(totals[0], incidents):
                    raise Cancelled("demo generation cancelled")
        result = DemoResult(*totals)
        append_audit(
            conn,
            store.actor,
            "demo",
            "database",
            None,
            {"seed": seed, **result.__dict__, "totals_after": counts(conn)},
        )
    return result
