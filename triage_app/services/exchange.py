"""Excel exchange use cases: export the case list, import a workbook, write the intake template.

Qt-free and safe to call from a worker thread: each call opens its own connection or write
transaction from the ``Store``; ``progress(done, total)`` returning False cancels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage_app.domain.case_filter import CaseFilter
from triage_app.exchange.columns import EXCEL_MAX_ROWS
from triage_app.exchange.export import ExportCancelled, export_workbook
from triage_app.exchange.importer import (
    ImportCancelled,
    ImportPlan,
    Problem,
    RowsRejected,
    dry_run_plan,
    read_workbook,
    write_plan,
)
from triage_app.exchange.report import report_path, write_report
from triage_app.exchange.template import write_template_workbook
from triage_app.services.store import Store

Progress = Callable[[int, int], bool]
LANGS = ("en", "uk")
ROUTE_CHUNK = 10_000
LISTED_PROBLEMS = 1_000

__all__ = [
    "ExportCancelled",
    "ExportResult",
    "ImportCancelled",
    "ImportResult",
    "export_cases",
    "import_workbook",
    "write_template",
]


class ExchangeError(ValueError):
    """A file or an argument the user can fix; the message says how."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]  # data sheet -> rows (continuations included)
    sheets: list[str]
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "rows": self.rows,
            "sheets": self.sheets,
            "seconds": round(self.seconds, 2),
        }


def _check_xlsx(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise ExchangeError(f"{path.name}: the file name must end in .xlsx")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ExchangeError(f"unknown language {lang!r}; use en or uk")


def export_cases(
    store: Store,
    path: str | Path,
    case_filter: CaseFilter | None = None,
    lang: str = "en",
    progress: Progress | None = None,
    *,
    max_rows: int = EXCEL_MAX_ROWS,
) -> ExportResult:
    """Export the incidents matching ``case_filter`` (all live ones if None) to ``path``.

    Cancelling through ``progress`` raises ``ExportCancelled`` and leaves no file behind.
    """
    path = Path(path)
    _check_xlsx(path)
    _check_lang(lang)
    if not path.parent.is_dir():
        raise ExchangeError(f"{path.parent}: no such folder")
    start = dt.datetime.now()
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # counts and rows from one snapshot
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        counts = export_workbook(conn, path, case_filter, lang, progress, max_rows)
    seconds = (dt.datetime.now() - start).total_seconds()
    return ExportResult(path, counts.rows, counts.sheets, seconds)


def write_template(path: str | Path, lang: str = "en") -> Path:
    """Write the intake template (drop-downs, instructions in ``lang``) to ``path``."""
    path = Path(path)
    _check_xlsx(path)
    _check_lang(lang)
    if not path.parent.is_dir():
        raise ExchangeError(f"{path.parent}: no such folder")
    write_template_workbook(path, lang)
    return path


@dataclass
class ImportResult:
    path: Path
    dry_run: bool
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the first LISTED_PROBLEMS
    problem_count: int = 0
    report: Path | None = None  # every problem, beside the input
    routed: int = 0
    overrides: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "dry_run": self.dry_run,
            "written": self.ok and not self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            # routing and overrides happen only when the import writes: a dry run says null
            "routed": None if self.dry_run else self.routed,
            "overrides": None if self.dry_run else self.overrides,
            "problems": self.problem_count,
            "report": str(self.report) if self.report else None,
        }


def import_workbook(
    store: Store,
    path: str | Path,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row of ``path``, then (unless ``dry_run``) write it all or nothing.

    With problems nothing is written and every one of them is saved to a CSV report beside
    the input. After a write the touched incidents are routed and overrides applied.
    """
    from triage_app.services.routing import OverrideError, route_all, set_override

    path = Path(path)
    if not path.is_file():
        raise ExchangeError(f"{path}: no such file")
    _check_xlsx(path)
    with store.engine.connect() as conn:
        plan = read_workbook(conn, path, progress)
    try:
        if plan.problem_count:  # nothing written: created, updated and unchanged stay zero
            return _rejected(path, dry_run, plan)
        if dry_run:  # decide every row as the import would, write nothing
            with store.engine.connect() as conn:
                dry_run_plan(conn, plan, progress)
            return (
                _rejected(path, dry_run, plan)
                if plan.problem_count
                else _result(path, dry_run, plan)
            )
        try:
            with store.write_engine.begin() as conn:
                write_plan(conn, plan, store.actor, path.name, progress)
        except RowsRejected:  # rolled back: nothing written
            return _rejected(path, dry_run, plan)
        result = _result(path, dry_run, plan)
        for incident_ids in plan.touched_incidents(ROUTE_CHUNK):
            result.routed += route_all(store, incident_ids=incident_ids, audit=False).routed
        for involvement_id, forum, reason in plan.overrides_to_apply(store.engine):
            try:
                set_override(store, involvement_id, forum, reason)
                result.overrides += 1
            except OverrideError:  # not routable (deleted suspect): left as recommended
                continue
        return result
    finally:
        plan.close()


def _rejected(path: Path, dry_run: bool, plan: ImportPlan) -> ImportResult:
    """Nothing written: the problems, with every one of them in a report beside the file."""
    plan.created.clear()
    plan.updated.clear()
    plan.unchanged.clear()
    result = _result(path, dry_run, plan)
    result.report = write_report(report_path(path), plan.problems_file)
    return result


def _result(path: Path, dry_run: bool, plan: ImportPlan) -> ImportResult:
    return ImportResult(
        path=path,
        dry_run=dry_run,
        created=plan.created_counts(),
        updated=plan.updated_counts(),
        unchanged=plan.unchanged_counts(),
        rows=dict(plan.rows),
        problems=list(plan.first_problems[:LISTED_PROBLEMS]),
        problem_count=plan.problem_count,
    )
