"""Incident use cases for the editor: load, save (one transaction + audit), delete, restore.

Saving checks the row version the editor loaded (optimistic concurrency): if someone else
saved the incident in between, the save is refused with ``ConflictError`` instead of
silently overwriting their work. After a save the incident's involvements are re-routed.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from triage_app.db import incident_store as db
from triage_app.db.audit import append_audit
from triage_app.db.types import Connection
from triage_app.domain.records import (
    EVIDENCE_FIELDS,
    INCIDENT_FIELDS,
    SUSPECT_FIELDS,
    EvidenceRecord,
    FieldProblem,
    IncidentRecord,
    InvolvementRecord,
    RecordError,
    SuspectRecord,
    evidence_problems,
    incident_problems,
    involvement_problems,
)
from triage_app.services.store import Store


class ConflictError(Exception):
    """Someone else saved this record since it was loaded."""


class NotFoundError(LookupError):
    """No such record (or it was removed)."""


@dataclass(frozen=True)
class RouteView:
    """One suspect's route as stored: recommendation, override and the fired rules."""

    primary_forum: str
    secondary_forums: tuple[str, ...]
    flags: tuple[str, ...]
    winner: str
    fired: tuple[tuple[str, bool, str, str, str], ...]  # id, winner?, text_en, text_uk, basis
    error: str | None
    rule_set: str
    override_forum: str | None
    override_reason: str | None
    override_by: str | None
    override_at: dt.datetime | None

    @property
    def effective_forum(self) -> str:
        return self.override_forum or self.primary_forum


@dataclass(frozen=True)
class InvolvementView:
    involvement_id: int
    record: InvolvementRecord
    suspect_id: int
    route: RouteView | None


@dataclass(frozen=True)
class IncidentDetail:
    id: int
    record: IncidentRecord
    row_version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    deleted: bool
    involvements: tuple[InvolvementView, ...]
    evidence: tuple[EvidenceRecord, ...]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _uuid() -> str:
    return str(uuidlib.uuid4())


def load_incident(store: Store, incident_id: int) -> IncidentDetail:
    from triage_app.services.routing import explain_fired

    with store.engine.connect() as conn:
        row = db.incident_row(conn, incident_id)
        if row is None:
            raise NotFoundError(f"incident {incident_id} does not exist")
        cts = tuple(sorted(db.crime_types(conn, incident_id)))
        record = IncidentRecord(
            **{f: getattr(row, f) for f in INCIDENT_FIELDS}, crime_types=cts, uuid=row.uuid
        )
        views = []
        for r in db.involvement_views(conn, incident_id):
            suspect = SuspectRecord(**{f: getattr(r, f) for f in SUSPECT_FIELDS}, uuid=r.uuid)
            route = None
            if r.primary_forum is not None:
                route = RouteView(
                    r.primary_forum,
                    tuple(r.secondary_forums.split()),
                    tuple(r.flags.split()),
                    r.winner,
                    tuple(explain_fired(r.rules_text, r.fired, r.winner)),
                    r.error,
                    f"{r.rules_name} {r.rules_version}",
                    r.override_forum,
                    r.override_reason,
                    r.override_by,
                    r.override_at,
                )
            views.append(
                InvolvementView(
                    r.inv_id,
                    InvolvementRecord(suspect, r.mode_of_liability, r.inv_uuid),
                    r.id,
                    route,
                )
            )
        evidence = tuple(
            EvidenceRecord(**{f: getattr(e, f) for f in EVIDENCE_FIELDS}, uuid=e.uuid)
            for e in db.evidence_rows(conn, incident_id)
        )
    return IncidentDetail(
        row.id,
        record,
        row.row_version,
        row.created_at,
        row.created_by,
        row.updated_at,
        row.updated_by,
        row.deleted_at is not None,
        tuple(views),
        evidence,
    )


def validate(
    record: IncidentRecord,
    involvements: Sequence[InvolvementRecord],
    evidence: Sequence[EvidenceRecord],
) -> list[FieldProblem]:
    problems = list(incident_problems(record))
    for n, i in enumerate(involvements, start=1):
        problems += [
            FieldProblem(f"suspects[{n}].{p.field}", p.message, p.value)
            for p in involvement_problems(i)
        ]
    for n, e in enumerate(evidence, start=1):
        problems += [
            FieldProblem(f"evidence[{n}].{p.field}", p.message, p.value)
            for p in evidence_problems(e)
        ]
    return problems


def save_incident(
    store: Store,
    record: IncidentRecord,
    involvements: Sequence[InvolvementRecord] = (),
    evidence: Sequence[EvidenceRecord] = (),
    *,
    incident_id: int | None = None,
    expected_row_version: int | None = None,
    route: bool = True,
) -> int:
    """Create (``incident_id`` None) or update an incident with its suspects and evidence.

    One write transaction and one audit entry listing the changed fields before/after.
    """
    if problems := validate(record, involvements, evidence):
        raise RecordError("incident", problems)
    now = _now()
    actor = store.actor
    with store.write_engine.begin() as conn:
        if incident_id is None:
            incident_uuid = record.uuid or _uuid()
            values = {f: getattr(record, f) for f in INCIDENT_FIELDS}
            incident_id = db.insert_versioned(conn, "incident", values, incident_uuid, now, actor)
            changes: dict[str, Any] = {"after": _jsonable(values)}
            action = "create"
        else:
            # FOR UPDATE: on a server, a concurrent save waits here and then sees the new
            # row version (SQLite's write lock already serialises writers).
            row = db.incident_row(conn, incident_id, for_update=True)
            if row is None:
                raise NotFoundError(f"incident {incident_id} does not exist")
            if expected_row_version is not None and row.row_version != expected_row_version:
                raise ConflictError(
                    f"Incident {row.reference} was changed by {row.updated_by} at "
                    f"{row.updated_at:%Y-%m-%d %H:%M} after you opened it. Reload it to see "
                    "their changes, then apply yours again."
                )
            incident_uuid = row.uuid
            values = {f: getattr(record, f) for f in INCIDENT_FIELDS}
            changed = {f: v for f, v in values.items() if getattr(row, f) != v}
            db.update_versioned(
                conn,
                "incident",
                incident_id,
                changed,
                now=now,
                actor=actor,
                row_version=row.row_version + 1,
            )
            changes = {
                "before": _jsonable({f: getattr(row, f) for f in changed}),
                "after": _jsonable(changed),
            }
            action = "update"
        old_cts = set(db.crime_types(conn, incident_id))
        new_cts = set(record.crime_types)
        if old_cts != new_cts:
            db.replace_crime_types(conn, incident_id, sorted(new_cts))
            changes.setdefault("before", {})["crime_types"] = sorted(old_cts)
            changes.setdefault("after", {})["crime_types"] = sorted(new_cts)
        changes["suspects"] = _save_involvements(conn, incident_id, involvements, now, actor)
        changes["evidence"] = _save_evidence(conn, incident_id, evidence, now)
        append_audit(conn, actor, action, "incident", incident_uuid, changes)
    if route:
        from triage_app.services.routing import route_all

        route_all(store, incident_ids=[incident_id], audit=False)
    return incident_id


def _save_involvements(
    conn: Connection,
    incident_id: int,
    items: Sequence[InvolvementRecord],
    now: dt.datetime,
    actor: str,
) -> dict[str, list[str]]:
    existing = {r.uuid: r for r in db.involvements_of(conn, incident_id)}
    kept: set[str] = set()
    report: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    for item in items:
        suspect_id = _save_suspect(conn, item.suspect, now, actor)
        if item.uuid and item.uuid in existing:
            old = existing[item.uuid]
            kept.add(item.uuid)
            if (old.suspect_id, old.mode_of_liability) != (suspect_id, item.mode_of_liability):
                db.update_involvement(conn, old.id, suspect_id, item.mode_of_liability, now)
                report["changed"].append(item.uuid)
            continue
        clash = db.involvement_uuid(conn, incident_id, suspect_id)
        if clash is not None:
            kept.add(clash)
            continue  # the same suspect twice: one involvement
        new_uuid = item.uuid or _uuid()
        db.insert_involvement(conn, new_uuid, incident_id, suspect_id, item.mode_of_liability, now)
        report["added"].append(new_uuid)
    for u, old in existing.items():
        if u not in kept:
            db.delete_involvement(conn, old.id)
            report["removed"].append(u)
    return report


def _save_suspect(conn: Connection, s: SuspectRecord, now: dt.datetime, actor: str) -> int:
    values = {f: getattr(s, f) for f in SUSPECT_FIELDS}
    if s.uuid:
        row = db.suspect_by_uuid(conn, s.uuid)
        if row is not None:
            changed = {f: v for f, v in values.items() if getattr(row, f) != v}
            if changed:
                db.update_versioned(
                    conn,
                    "suspect",
                    row.id,
                    changed,
                    now=now,
                    actor=actor,
                    row_version=row.row_version + 1,
                )
                append_audit(
                    conn,
                    actor,
                    "update",
                    "suspect",
                    s.uuid,
                    {
                        "before": _jsonable({f: getattr(row, f) for f in changed}),
                        "after": _jsonable(changed),
                    },
                )
            return int(row.id)
    new_uuid = s.uuid or _uuid()
    sid = db.insert_versioned(conn, "suspect", values, new_uuid, now, actor)
    append_audit(conn, actor, "create", "suspect", new_uuid, {"after": _jsonable(values)})
    return sid


def _save_evidence(
    conn: Connection, incident_id: int, items: Sequence[EvidenceRecord], now: dt.datetime
) -> dict[str, list[str]]:
    existing = {r.uuid: r for r in db.evidence_rows(conn, incident_id, by_id=False)}
    report: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    kept = set()
    for e in items:
        values = {f: getattr(e, f) for f in EVIDENCE_FIELDS}
        if e.uuid and e.uuid in existing:
            kept.add(e.uuid)
            old = existing[e.uuid]
            if any(getattr(old, f) != v for f, v in values.items()):
                db.update_evidence(conn, old.id, values, now)
                report["changed"].append(e.uuid)
            continue
        new_uuid = e.uuid or _uuid()
        db.insert_evidence(conn, values, new_uuid, incident_id, now)
        report["added"].append(new_uuid)
    for u, old in existing.items():
        if u not in kept:
            db.delete_evidence(conn, old.id)
            report["removed"].append(u)
    return report


def set_deleted(store: Store, incident_id: int, deleted: bool) -> None:
    """Soft delete (or undo it); the row stays, hidden from lists. Audited."""
    now = _now()
    with store.write_engine.begin() as conn:
        row = db.incident_state(conn, incident_id)
        if row is None:
            raise NotFoundError(f"incident {incident_id} does not exist")
        if (row.deleted_at is not None) == deleted:
            return
        db.update_versioned(
            conn,
            "incident",
            incident_id,
            {"deleted_at": now if deleted else None},
            now=now,
            actor=store.actor,
            row_version=row.row_version + 1,
        )
        append_audit(
            conn, store.actor, "delete" if deleted else "restore", "incident", row.uuid, {}
        )


@dataclass(frozen=True)
class SuspectHit:
    id: int
    record: SuspectRecord
    incidents: int


def find_suspects(store: Store, text: str, limit: int = 50) -> list[SuspectHit]:
    """Suspects whose name, Latin name or unit contains ``text`` (for 'add existing')."""
    with store.engine.connect() as conn:
        rows = db.suspects_matching(conn, text, limit)
    return [
        SuspectHit(
            r.id, SuspectRecord(**{f: getattr(r, f) for f in SUSPECT_FIELDS}, uuid=r.uuid), r.n
        )
        for r in rows
    ]


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in values.items()
    }
