"""The case list use case: id lists and display pages for the window and exports."""

from __future__ import annotations

from collections.abc import Sequence

from triage_app.db.case_queries import CaseRow, case_count, case_ids, case_rows
from triage_app.domain.case_filter import CaseFilter, CaseSort
from triage_app.services.store import Store

__all__ = ["CaseListService", "CaseRow"]


class CaseListService:
    """Each call opens and closes its own connection (one per user action)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def ids(self, f: CaseFilter, sort: CaseSort, limit: int | None = None) -> list[int]:
        """Matching ids in order; ``limit`` returns only the first ones (a prefix)."""
        with self.store.engine.connect() as conn:
            return case_ids(conn, f, sort, limit)

    def rows(self, ids: Sequence[int]) -> list[CaseRow]:
        with self.store.engine.connect() as conn:
            return case_rows(conn, ids)

    def count(self, f: CaseFilter) -> int:
        with self.store.engine.connect() as conn:
            return case_count(conn, f)
