"""The Excel export's queries: the case list's incidents, their suspects and evidence, streamed.

Each function takes the export's ``Connection`` (one transaction, so counts and rows come from
one snapshot) and the ``CaseFilter`` of the case list. The row functions read through
server-side cursors (``stream_results``, ``FETCH`` rows at a time) in the case list's date
order and yield one plain dict per row, so memory stays flat however many incidents there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, select

from triage_app.db.case_queries import _filtered
from triage_app.db.tables import dec, evi, ict, inc, inv, rst, sus
from triage_app.domain.case_filter import CaseFilter

FETCH = 2_000  # rows a server-side cursor fetches at a time


@dataclass(frozen=True)
class ExportSizes:
    """Rows each data sheet will hold."""

    incidents: int
    suspects: int  # involvements of live suspects (of the filter's forum, if any)
    evidence: int


@dataclass(frozen=True)
class RuleSetInfo:
    name: str
    version: str
    sha256: str


def _ids(conn: Connection, f: CaseFilter) -> Select[tuple[int]]:
    """The case list's filtered incident ids (same criteria, full-text search included)."""
    sub = _filtered(conn, f).subquery()
    return select(sub.c.id)


def _joined(conn: Connection, column: Any) -> Any:
    """Codes of one incident joined by spaces (``group_concat`` / ``string_agg``)."""
    if conn.dialect.name == "postgresql":
        return func.string_agg(column, " ")
    return func.group_concat(column, " ")


def _stream(conn: Connection, stmt: Any) -> Iterator[Any]:
    result = conn.execution_options(stream_results=True, yield_per=FETCH).execute(stmt)
    yield from result


def _suspect_conditions(ids: Any, f: CaseFilter) -> list[Any]:
    """Which involvements the Suspects sheet and the summary count. With a forum filter only
    the suspects routed to that forum: a case list for the ICC lists no one routed elsewhere."""
    conds: list[Any] = [inv.c.incident_id.in_(ids), sus.c.deleted_at.is_(None)]
    if f.forum:
        conds.append(dec.c.effective_forum == f.forum)
    return conds


def _live_involvements() -> Any:
    return inv.join(sus, sus.c.id == inv.c.suspect_id).outerjoin(
        dec, dec.c.involvement_id == inv.c.id
    )


def export_sizes(conn: Connection, f: CaseFilter) -> ExportSizes:
    """Rows each data sheet will hold (the same snapshot as the rows: one transaction)."""
    ids = _ids(conn, f)
    stmts = (
        select(func.count()).select_from(inc).where(inc.c.id.in_(ids)),
        select(func.count()).select_from(_live_involvements()).where(*_suspect_conditions(ids, f)),
        select(func.count()).select_from(evi).where(evi.c.incident_id.in_(ids)),
    )
    n_inc, n_sus, n_evi = (int(conn.execute(stmt).scalar_one()) for stmt in stmts)
    return ExportSizes(n_inc, n_sus, n_evi)


def incident_rows(conn: Connection, f: CaseFilter) -> Iterator[dict[str, Any]]:
    """Every incident column, plus ``crime_types`` (sorted codes), by date then id."""
    cts = (
        select(_joined(conn, ict.c.crime_type))
        .where(ict.c.incident_id == inc.c.id)
        .scalar_subquery()
    )
    stmt = (
        select(inc, cts.label("cts"))
        .where(inc.c.id.in_(_ids(conn, f)))
        .order_by(inc.c.date_from, inc.c.id)
    )
    for r in _stream(conn, stmt):
        d = dict(r._mapping)
        d["crime_types"] = sorted((r.cts or "").split())
        yield d


def suspect_rows(conn: Connection, f: CaseFilter) -> Iterator[dict[str, Any]]:
    """One row per involvement of a live suspect, with its routing decision (None fields when
    unrouted), by incident date, incident id, involvement id. ``secondary_forums`` and
    ``flags`` come as lists of codes; ``rule_set_id`` and ``winner`` name the winning rule."""
    stmt = (
        select(
            inc.c.reference.label("incident_reference"),
            inc.c.uuid.label("incident_uuid"),
            inv.c.uuid,
            inv.c.mode_of_liability,
            sus.c.uuid.label("suspect_uuid"),
            sus.c.name,
            sus.c.name_latin,
            sus.c.is_legal_person,
            sus.c.rank_role,
            sus.c.unit,
            sus.c.command_level,
            sus.c.custody,
            sus.c.nationality,
            dec.c.primary_forum,
            dec.c.secondary_forums,
            dec.c.flags,
            dec.c.winner,
            dec.c.error,
            dec.c.rule_set_id,
            dec.c.override_forum,
            dec.c.override_reason,
        )
        .select_from(
            inv.join(inc, inc.c.id == inv.c.incident_id)
            .join(sus, sus.c.id == inv.c.suspect_id)
            .outerjoin(dec, dec.c.involvement_id == inv.c.id)
        )
        .where(*_suspect_conditions(_ids(conn, f), f))
        .order_by(inc.c.date_from, inc.c.id, inv.c.id)
    )
    for r in _stream(conn, stmt):
        d = dict(r._mapping)
        d["secondary_forums"] = (r.secondary_forums or "").split()
        d["flags"] = (r.flags or "").split()
        yield d


def evidence_rows(conn: Connection, f: CaseFilter) -> Iterator[dict[str, Any]]:
    """Every evidence column plus its incident's reference and UUID, by incident date, id."""
    stmt = (
        select(
            inc.c.reference.label("incident_reference"),
            inc.c.uuid.label("incident_uuid"),
            evi,
        )
        .select_from(evi.join(inc, inc.c.id == evi.c.incident_id))
        .where(evi.c.incident_id.in_(_ids(conn, f)))
        .order_by(inc.c.date_from, inc.c.id, evi.c.id)
    )
    for r in _stream(conn, stmt):
        yield dict(r._mapping)


def rule_set_text(conn: Connection, rule_set_id: int) -> str:
    """The text of a stored rule set (the rules a decision was made by)."""
    return str(conn.execute(select(rst.c.text).where(rst.c.id == rule_set_id)).scalar_one())


def rule_set_info(conn: Connection, rule_set_id: int) -> RuleSetInfo:
    r = conn.execute(
        select(rst.c.name, rst.c.version, rst.c.sha256).where(rst.c.id == rule_set_id)
    ).one()
    return RuleSetInfo(r.name, r.version, r.sha256)


def forum_crime_type_counts(conn: Connection, f: CaseFilter) -> list[tuple[str | None, str, int]]:
    """(effective forum or None when unrouted, crime type, involvements), as the Suspects sheet
    counts them: one per involvement and crime type of its incident."""
    stmt = (
        select(dec.c.effective_forum, ict.c.crime_type, func.count())
        .select_from(_live_involvements().join(ict, ict.c.incident_id == inv.c.incident_id))
        .where(*_suspect_conditions(_ids(conn, f), f))
        .group_by(dec.c.effective_forum, ict.c.crime_type)
    )
    return [(forum, ct, int(n)) for forum, ct, n in conn.execute(stmt)]


def forum_counts(conn: Connection, f: CaseFilter) -> list[tuple[str | None, int]]:
    """(effective forum or None when unrouted, involvements) of the Suspects sheet."""
    stmt = (
        select(dec.c.effective_forum, func.count())
        .select_from(_live_involvements())
        .where(*_suspect_conditions(_ids(conn, f), f))
        .group_by(dec.c.effective_forum)
    )
    return [(forum, int(n)) for forum, n in conn.execute(stmt)]


@dataclass(frozen=True)
class RegionTotals:
    region: str | None
    incidents: int
    involvements: int
    killed: int
    injured: int


def region_totals(conn: Connection, f: CaseFilter) -> list[RegionTotals]:
    """Per region of the filtered incidents (by region code): incidents, involvements as the
    Suspects sheet lists them (live suspects, of the filter's forum if any), victims killed
    and injured. A region whose incidents list no suspect still shows, with 0 involvements."""
    ids = _ids(conn, f)
    n_inv = (
        select(inv.c.incident_id.label("incident_id"), func.count().label("n"))
        .select_from(_live_involvements())
        .where(*_suspect_conditions(ids, f))
        .group_by(inv.c.incident_id)
        .subquery()
    )
    stmt = (
        select(
            inc.c.oblast_code,
            func.count(),
            func.sum(func.coalesce(n_inv.c.n, 0)),
            func.sum(inc.c.victims_killed),
            func.sum(inc.c.victims_injured),
        )
        .select_from(inc.outerjoin(n_inv, n_inv.c.incident_id == inc.c.id))
        .where(inc.c.id.in_(ids))
        .group_by(inc.c.oblast_code)
        .order_by(inc.c.oblast_code)
    )
    return [
        RegionTotals(region, int(n), int(invs or 0), int(killed or 0), int(injured or 0))
        for region, n, invs, killed, injured in conn.execute(stmt)
    ]
