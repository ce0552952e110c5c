"""Counts for `triage-app stats` and the status bar."""

from __future__ import annotations

from typing import Any

from triage_app.db.migrate import current_revision
from triage_app.db.queries import counts
from triage_app.services.store import Store


def database_stats(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        result: dict[str, Any] = dict(counts(conn))
    result["schema"] = current_revision(store.engine)
    return result
