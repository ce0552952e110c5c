"""Reading routing inputs and writing decisions in bulk, one incident-id range at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, and_, func, select

from triage_app.db.bulk import to_db_datetime
from triage_app.db.tables import dec, ict, inc, inv, rst, sus

UNIDENTIFIED = "CL_X_UNIDENTIFIED"


@dataclass(frozen=True, slots=True)
class RoutingInput:
    """The stored facts of one involvement, as the engine's request needs them."""

    involvement_id: int
    involvement_uuid: str
    crime_types: tuple[str, ...]
    command_level: str
    is_legal_person: bool
    custody: str | None
    nationality: str | None
    mode_of_liability: str
    incident_country: str | None
    suspects_in_incident: int


@dataclass(frozen=True, slots=True)
class StoredDecision:
    primary_forum: str
    secondary_forums: str
    flags: str
    winner: str
    fired: str
    error: str | None
    rule_set_hash: str


def incident_id_bounds(conn: Connection) -> tuple[int, int]:
    lo, hi = conn.execute(select(func.min(inc.c.id), func.max(inc.c.id))).one()
    return (lo or 0, hi or -1)


def routing_inputs(
    conn: Connection, lo: int, hi: int, incident_ids: Sequence[int] | None = None
) -> list[RoutingInput]:
    """Inputs for live involvements of live incidents with ids in [lo, hi] (or the given ids)."""
    in_range = inc.c.id.in_(incident_ids) if incident_ids is not None else inc.c.id.between(lo, hi)
    charges: dict[int, list[str]] = {}
    for iid, ct in conn.execute(
        select(ict.c.incident_id, ict.c.crime_type)
        .join(inc, inc.c.id == ict.c.incident_id)
        .where(in_range)
    ):
        charges.setdefault(iid, []).append(ct)
    rows = conn.execute(
        select(
            inv.c.id,
            inv.c.uuid,
            inv.c.incident_id,
            inv.c.mode_of_liability,
            sus.c.command_level,
            sus.c.is_legal_person,
            sus.c.custody,
            sus.c.nationality,
            inc.c.country,
        )
        .join(sus, sus.c.id == inv.c.suspect_id)
        .join(inc, inc.c.id == inv.c.incident_id)
        .where(and_(in_range, inc.c.deleted_at.is_(None), sus.c.deleted_at.is_(None)))
        .order_by(inv.c.id)
    ).all()
    identified: dict[int, int] = {}
    for r in rows:
        if r.command_level != UNIDENTIFIED:
            identified[r.incident_id] = identified.get(r.incident_id, 0) + 1
    return [
        RoutingInput(
            involvement_id=r.id,
            involvement_uuid=r.uuid,
            crime_types=tuple(sorted(charges.get(r.incident_id, ()))),
            command_level=r.command_level,
            is_legal_person=bool(r.is_legal_person),
            custody=r.custody,
            nationality=r.nationality,
            mode_of_liability=r.mode_of_liability,
            incident_country=r.country,
            suspects_in_incident=max(1, identified.get(r.incident_id, 0)),
        )
        for r in rows
    ]


def stored_decisions(conn: Connection, involvement_ids: Sequence[int]) -> dict[int, StoredDecision]:
    out: dict[int, StoredDecision] = {}
    if not involvement_ids:
        return out
    lo, hi = min(involvement_ids), max(involvement_ids)
    wanted = set(involvement_ids)
    for r in conn.execute(
        select(
            dec.c.involvement_id,
            dec.c.primary_forum,
            dec.c.secondary_forums,
            dec.c.flags,
            dec.c.winner,
            dec.c.fired,
            dec.c.error,
            dec.c.rule_set_hash,
        ).where(dec.c.involvement_id.between(lo, hi))
    ):
        if r.involvement_id in wanted:
            out[r.involvement_id] = StoredDecision(
                r.primary_forum,
                r.secondary_forums,
                r.flags,
                r.winner,
                r.fired,
                r.error,
                r.rule_set_hash,
            )
    return out


DECISION_COLUMNS = (
    "involvement_id",
    "rule_set_id",
    "rule_set_version",
    "rule_set_hash",
    "primary_forum",
    "effective_forum",
    "secondary_forums",
    "flags",
    "winner",
    "fired",
    "error",
    "decided_at",
)


def upsert_decisions(conn: Connection, rows: Iterable[Sequence[object]]) -> int:
    """Insert or replace recommendations; a human override already stored is kept as is."""
    rows = list(rows)
    if not rows:
        return 0
    cols = ", ".join(DECISION_COLUMNS)
    marks = ", ".join(["?"] * len(DECISION_COLUMNS))
    updates = ", ".join(
        f"{c} = excluded.{c}"
        for c in DECISION_COLUMNS
        if c not in ("involvement_id", "effective_forum")
    )
    sql = (
        f"INSERT INTO routing_decision ({cols}) VALUES ({marks}) "
        f"ON CONFLICT (involvement_id) DO UPDATE SET {updates}, "
        "effective_forum = COALESCE(routing_decision.override_forum, excluded.primary_forum)"
    )
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
    return len(rows)


def ensure_rule_set(
    conn: Connection, name: str, version: str, text: str, sha256: str, now: dt.datetime
) -> int:
    """The id of this rule-set text (stored once, by hash); it becomes the active one."""
    row = conn.execute(select(rst.c.id).where(rst.c.sha256 == sha256)).first()
    if row is None:
        rid = conn.execute(
            rst.insert().values(
                name=name, version=version, text=text, sha256=sha256, active=False, loaded_at=now
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    else:
        rid = row[0]
    conn.execute(rst.update().where(rst.c.id != rid).values(active=False))
    conn.execute(rst.update().where(rst.c.id == rid).values(active=True))
    return int(rid)


def decision_row(conn: Connection, involvement_id: int) -> Row[Any] | None:
    """The stored decision of an involvement (all columns, and ``involvement_uuid``)."""
    return conn.execute(
        select(dec, inv.c.uuid.label("involvement_uuid"))
        .join(inv, inv.c.id == dec.c.involvement_id)
        .where(dec.c.involvement_id == involvement_id)
    ).first()


def write_override(
    conn: Connection,
    involvement_id: int,
    *,
    forum: str | None,
    reason: str | None,
    by: str | None,
    at: dt.datetime | None,
    effective_forum: str,
) -> None:
    """Set (or, with None, clear) the override of a stored decision and its effective forum."""
    conn.execute(
        dec.update()
        .where(dec.c.involvement_id == involvement_id)
        .values(
            override_forum=forum,
            override_reason=reason,
            override_by=by,
            override_at=at,
            effective_forum=effective_forum,
        )
    )


def rule_set_texts(conn: Connection) -> dict[str, str]:
    """sha256 -> stored rule-set text, to explain decisions exactly as they were made."""
    return dict(conn.execute(select(rst.c.sha256, rst.c.text)).all())


def now_text(now: dt.datetime, dialect: str) -> object:
    return to_db_datetime(now) if dialect == "sqlite" else now
