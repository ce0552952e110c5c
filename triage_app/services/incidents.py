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

from sqlalchemy import Connection, and_, delete, func, or_, select

from triage_app.db.audit import append_audit
from triage_app.db.tables import dec, evi, ict, inc, inv, rst, sus
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
        row = conn.execute(select(inc).where(inc.c.id == incident_id)).first()
        if row is None:
            raise NotFoundError(f"incident {incident_id} does not exist")
        cts = tuple(
            sorted(
                conn.execute(
                    select(ict.c.crime_type).where(ict.c.incident_id == incident_id)
                ).scalars()
            )
        )
        record = IncidentRecord(
            **{f: getattr(row, f) for f in INCIDENT_FIELDS}, crime_types=cts, uuid=row.uuid
        )
        views = []
        for r in conn.execute(
            select(
                inv.c.id.label("inv_id"),
                inv.c.uuid.label("inv_uuid"),
                inv.c.mode_of_liability,
                sus,
                dec.c.primary_forum,
                dec.c.secondary_forums,
                dec.c.flags,
                dec.c.winner,
                dec.c.fired,
                dec.c.error,
                dec.c.override_forum,
                dec.c.override_reason,
                dec.c.override_by,
                dec.c.override_at,
                rst.c.text.label("rules_text"),
                rst.c.name.label("rules_name"),
                rst.c.version.label("rules_version"),
            )
            .join(sus, sus.c.id == inv.c.suspect_id)
            .outerjoin(dec, dec.c.involvement_id == inv.c.id)
            .outerjoin(rst, rst.c.id == dec.c.rule_set_id)
            .where(inv.c.incident_id == incident_id)
            .order_by(inv.c.id)
        ):
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
            for e in conn.execute(
                select(evi).where(evi.c.incident_id == incident_id).order_by(evi.c.id)
            )
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
            incident_id = int(
                conn.execute(
                    inc.insert().values(
                        **values,
                        uuid=incident_uuid,
                        created_at=now,
                        created_by=actor,
                        updated_at=now,
                        updated_by=actor,
                        row_version=1,
                    )
                ).inserted_primary_key[0]
            )  # type: ignore[index]
            changes: dict[str, Any] = {"after": _jsonable(values)}
            action = "create"
        else:
            # FOR UPDATE: on a server, a concurrent save waits here and then sees the new
            # row version (SQLite's write lock already serialises writers).
            row = conn.execute(select(inc).where(inc.c.id == incident_id).with_for_update()).first()
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
            conn.execute(
                inc.update()
                .where(inc.c.id == incident_id)
                .values(
                    **changed, updated_at=now, updated_by=actor, row_version=row.row_version + 1
                )
            )
            changes = {
                "before": _jsonable({f: getattr(row, f) for f in changed}),
                "after": _jsonable(changed),
            }
            action = "update"
        old_cts = set(
            conn.execute(select(ict.c.crime_type).where(ict.c.incident_id == incident_id)).scalars()
        )
        new_cts = set(record.crime_types)
        if old_cts != new_cts:
            conn.execute(delete(ict).where(ict.c.incident_id == incident_id))
            conn.execute(
                ict.insert(),
                [{"incident_id": incident_id, "crime_type": c} for c in sorted(new_cts)],
            )
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
    existing = {
        r.uuid: r
        for r in conn.execute(
            select(inv.c.id, inv.c.uuid, inv.c.suspect_id, inv.c.mode_of_liability).where(
                inv.c.incident_id == incident_id
            )
        )
    }
    kept: set[str] = set()
    report: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    for item in items:
        suspect_id = _save_suspect(conn, item.suspect, now, actor)
        if item.uuid and item.uuid in existing:
            old = existing[item.uuid]
            kept.add(item.uuid)
            if (old.suspect_id, old.mode_of_liability) != (suspect_id, item.mode_of_liability):
                conn.execute(
                    inv.update()
                    .where(inv.c.id == old.id)
                    .values(
                        suspect_id=suspect_id,
                        mode_of_liability=item.mode_of_liability,
                        updated_at=now,
                    )
                )
                report["changed"].append(item.uuid)
            continue
        clash = conn.execute(
            select(inv.c.uuid).where(
                and_(inv.c.incident_id == incident_id, inv.c.suspect_id == suspect_id)
            )
        ).scalar()
        if clash is not None:
            kept.add(clash)
            continue  # the same suspect twice: one involvement
        new_uuid = item.uuid or _uuid()
        conn.execute(
            inv.insert().values(
                uuid=new_uuid,
                incident_id=incident_id,
                suspect_id=suspect_id,
                mode_of_liability=item.mode_of_liability,
                updated_at=now,
            )
        )
        report["added"].append(new_uuid)
    for u, old in existing.items():
        if u not in kept:
            conn.execute(delete(inv).where(inv.c.id == old.id))
            report["removed"].append(u)
    return report


def _save_suspect(conn: Connection, s: SuspectRecord, now: dt.datetime, actor: str) -> int:
    values = {f: getattr(s, f) for f in SUSPECT_FIELDS}
    if s.uuid:
        row = conn.execute(select(sus).where(sus.c.uuid == s.uuid)).first()
        if row is not None:
            changed = {f: v for f, v in values.items() if getattr(row, f) != v}
            if changed:
                conn.execute(
                    sus.update()
                    .where(sus.c.id == row.id)
                    .values(
                        **changed, updated_at=now, updated_by=actor, row_version=row.row_version + 1
                    )
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
    sid = conn.execute(
        sus.insert().values(
            **values,
            uuid=new_uuid,
            created_at=now,
            created_by=actor,
            updated_at=now,
            updated_by=actor,
            row_version=1,
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    append_audit(conn, actor, "create", "suspect", new_uuid, {"after": _jsonable(values)})
    return int(sid)


def _save_evidence(
    conn: Connection, incident_id: int, items: Sequence[EvidenceRecord], now: dt.datetime
) -> dict[str, list[str]]:
    existing = {
        r.uuid: r for r in conn.execute(select(evi).where(evi.c.incident_id == incident_id))
    }
    report: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    kept = set()
    for e in items:
        values = {f: getattr(e, f) for f in EVIDENCE_FIELDS}
        if e.uuid and e.uuid in existing:
            kept.add(e.uuid)
            old = existing[e.uuid]
            if any(getattr(old, f) != v for f, v in values.items()):
                conn.execute(
                    evi.update().where(evi.c.id == old.id).values(**values, updated_at=now)
                )
                report["changed"].append(e.uuid)
            continue
        new_uuid = e.uuid or _uuid()
        conn.execute(
            evi.insert().values(
                **values, uuid=new_uuid, incident_id=incident_id, created_at=now, updated_at=now
            )
        )
        report["added"].append(new_uuid)
    for u, old in existing.items():
        if u not in kept:
            conn.execute(delete(evi).where(evi.c.id == old.id))
            report["removed"].append(u)
    return report


def set_deleted(store: Store, incident_id: int, deleted: bool) -> None:
    """Soft delete (or undo it); the row stays, hidden from lists. Audited."""
    now = _now()
    with store.write_engine.begin() as conn:
        row = conn.execute(
            select(inc.c.uuid, inc.c.deleted_at, inc.c.row_version).where(inc.c.id == incident_id)
        ).first()
        if row is None:
            raise NotFoundError(f"incident {incident_id} does not exist")
        if (row.deleted_at is not None) == deleted:
            return
        conn.execute(
            inc.update()
            .where(inc.c.id == incident_id)
            .values(
                deleted_at=now if deleted else None,
                updated_at=now,
                updated_by=store.actor,
                row_version=row.row_version + 1,
            )
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
    pattern = f"%{text.strip()}%"
    n_inc = (
        select(func.count()).select_from(inv).where(inv.c.suspect_id == sus.c.id).scalar_subquery()
    )
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(sus, n_inc.label("n"))
            .where(
                and_(
                    sus.c.deleted_at.is_(None),
                    or_(
                        sus.c.name.ilike(pattern),
                        sus.c.name_latin.ilike(pattern),
                        sus.c.unit.ilike(pattern),
                    ),
                )
            )
            .order_by(sus.c.name)
            .limit(limit)
        ).all()
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
