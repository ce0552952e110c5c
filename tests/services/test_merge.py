"""Merging laptop bundles: round trips, one-sided and two-sided edits, removals, re-imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from triage_app.db.audit import verify_chain
from triage_app.db.models import (
    Base,
    EvidenceItem,
    ForeignAudit,
    Incident,
    Involvement,
    RoutingDecision,
    Suspect,
)
from triage_app.exchange.bundle import open_bundle, write_bundle
from triage_app.services.bundles import (
    BundleError,
    MergeError,
    export_bundle,
    import_bundle,
    list_conflicts,
    resolve_conflict,
)
from triage_app.services.incidents import load_incident, save_incident
from triage_app.services.routing import route_all, set_override
from triage_app.services.store import Store, open_store


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove that something wrote nothing."""
    with store.engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in Base.metadata.sorted_tables
        }


def incident_id(store: Store, uuid: str) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.execute(select(Incident.__table__.c.id).where(Incident.uuid == uuid)).scalar_one()
        )


def incident_row(store: Store, uuid: str) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(select(Incident.__table__).where(Incident.uuid == uuid)).one()


def edit_incident(store: Store, uuid: str, drop_evidence: int = 0, **changes: Any) -> None:
    """Save an incident as the editor does, with some fields changed."""
    iid = incident_id(store, uuid)
    d = load_incident(store, iid)
    save_incident(
        store,
        dataclasses.replace(d.record, **changes),
        [v.record for v in d.involvements],
        d.evidence[drop_evidence:],
        incident_id=iid,
    )


def some_incident(store: Store, with_evidence: bool = False) -> str:
    """A UUID of an incident with at least one suspect (and evidence, if asked)."""
    inv = Involvement.__table__
    evi = EvidenceItem.__table__
    stmt = select(Incident.__table__.c.uuid).where(
        Incident.__table__.c.id.in_(select(inv.c.incident_id)),
        Incident.__table__.c.deleted_at.is_(None),
    )
    if with_evidence:
        stmt = stmt.where(Incident.__table__.c.id.in_(select(evi.c.incident_id)))
    with store.engine.connect() as conn:
        return str(conn.execute(stmt.order_by(Incident.__table__.c.id).limit(1)).scalar_one())


@pytest.fixture
def coordinator(demo_store: Store) -> Store:
    route_all(demo_store)
    return demo_store


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Any]:
    """A factory of empty laptop databases, closed at the end."""
    opened: list[Store] = []

    def make(name: str) -> Store:
        s = open_store(str(tmp_path / f"{name}.db"), actor=name)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.dispose()


def hand_over(source: Store, target: Store, path: Path, since: dt.datetime | None = None) -> Any:
    export_bundle(source, path, since)
    return import_bundle(target, path)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_round_trip_laptop_coordinator_laptop(
    coordinator: Store, laptops: Any, tmp_path: Path
) -> None:
    laptop = laptops("laptop")
    first = hand_over(coordinator, laptop, tmp_path / "c1.triage")
    assert first.added["incident"] == 300 and not first.conflict_ids
    counts = snapshot(coordinator)
    assert len(snapshot(laptop)["incident"]) == len(counts["incident"])
    # The laptop works offline: edits an incident and overrides a suspect's forum.
    since = now()
    x = some_incident(laptop)
    edit_incident(laptop, x, title="Shelling of the school (laptop)")
    inv_id = load_incident(laptop, incident_id(laptop, x)).involvements[0].involvement_id
    set_override(laptop, inv_id, "F_ICC", "command responsibility, see file 12")
    report = hand_over(laptop, coordinator, tmp_path / "l1.triage", since)
    assert report.updated == {"incident": 1, "decision": 1}
    assert not report.conflict_ids and not report.added
    assert incident_row(coordinator, x).title == "Shelling of the school (laptop)"
    with coordinator.engine.connect() as conn:
        dec = conn.execute(
            select(RoutingDecision.__table__)
            .join(Involvement.__table__)
            .where(Involvement.__table__.c.incident_id == incident_id(coordinator, x))
            .order_by(Involvement.__table__.c.id)
        ).first()
        assert dec is not None and dec.override_forum == "F_ICC"
        assert dec.effective_forum == "F_ICC" and dec.primary_forum != ""
        assert conn.execute(select(ForeignAudit.__table__)).first() is not None
        assert verify_chain(conn).ok
    # The coordinator edits another incident; it reaches the laptop, nothing else moves.
    since = now()
    y = some_incident(coordinator, with_evidence=True)
    edit_incident(coordinator, y, description="Confirmed by two witnesses.")
    back = hand_over(coordinator, laptop, tmp_path / "c2.triage", since)
    assert back.updated.get("incident") == 1 and not back.conflict_ids
    assert incident_row(laptop, y).description == "Confirmed by two witnesses."
    assert incident_row(laptop, x).title == "Shelling of the school (laptop)"
    # Everything again: no record moves (only the coordinator's audit entries it lacked).
    full = hand_over(coordinator, laptop, tmp_path / "c3.triage")
    assert not (full.added or full.updated or full.removed or full.conflict_ids), full.to_json()
    assert full.foreign_audit > 0
    before = snapshot(laptop)
    assert not import_bundle(laptop, tmp_path / "c3.triage").changed
    assert snapshot(laptop) == before


def test_two_laptops_editing_one_incident_make_one_conflict(
    coordinator: Store, laptops: Any, tmp_path: Path
) -> None:
    start = tmp_path / "start.triage"
    export_bundle(coordinator, start)
    one, two = laptops("one"), laptops("two")
    import_bundle(one, start)
    import_bundle(two, start)
    since = now()
    x = some_incident(coordinator)
    edit_incident(one, x, title="Version of laptop one")
    edit_incident(two, x, title="Version of laptop two", victims_killed=7)
    assert hand_over(one, coordinator, tmp_path / "one.triage", since).updated == {"incident": 1}
    report = hand_over(two, coordinator, tmp_path / "two.triage", since)
    assert report.conflicts == {"incident": 1} and len(report.conflict_ids) == 1
    assert incident_row(coordinator, x).title == "Version of laptop one"  # not overwritten
    [conflict] = list_conflicts(coordinator)
    diffs = {d.field: (d.local, d.remote) for d in conflict.fields}
    assert diffs["title"] == ("Version of laptop one", "Version of laptop two")
    assert diffs["victims_killed"][1] == 7
    assert conflict.source_db_id == report.source_db_id
    # Importing the same bundle again changes nothing, not even the audit log.
    before = snapshot(coordinator)
    again = import_bundle(coordinator, tmp_path / "two.triage")
    assert not again.changed and snapshot(coordinator) == before
    # Field by field: laptop one's title, laptop two's victims.
    resolved = resolve_conflict(coordinator, conflict.id, "remote", {"title": "local"})
    assert resolved.status == "resolved"
    row = incident_row(coordinator, x)
    assert (row.title, row.victims_killed) == ("Version of laptop one", 7)
    assert list_conflicts(coordinator) == []
    with coordinator.engine.connect() as conn:
        assert verify_chain(conn).ok
    # The resolution travels back: both laptops converge without a conflict.
    since2 = since - dt.timedelta(seconds=1)
    for lap in (one, two):
        r = hand_over(coordinator, lap, tmp_path / f"back-{lap.actor}.triage", since2)
        assert not r.conflict_ids, r.to_json()
        assert incident_row(lap, x).title == "Version of laptop one"
        assert incident_row(lap, x).victims_killed == 7


def test_resolution_is_checked(coordinator: Store, laptops: Any, tmp_path: Path) -> None:
    start = tmp_path / "start.triage"
    export_bundle(coordinator, start)
    lap = laptops("lap")
    import_bundle(lap, start)
    x = some_incident(coordinator)
    since = now()
    edit_incident(lap, x, title="Laptop")
    edit_incident(coordinator, x, title="Office")
    report = hand_over(lap, coordinator, tmp_path / "lap.triage", since)
    [cid] = report.conflict_ids
    with pytest.raises(MergeError, match="--field colour"):
        resolve_conflict(coordinator, cid, "local", {"colour": "remote"})
    with pytest.raises(MergeError, match="local or remote"):
        resolve_conflict(coordinator, cid, "theirs")
    with pytest.raises(MergeError, match="no conflict 999"):
        resolve_conflict(coordinator, 999, "local")
    resolve_conflict(coordinator, cid, "local")
    assert incident_row(coordinator, x).title == "Office"
    with pytest.raises(MergeError, match="already resolved"):
        resolve_conflict(coordinator, cid, "remote")


def test_dry_run_reports_and_writes_nothing(
    coordinator: Store, laptops: Any, tmp_path: Path
) -> None:
    path = tmp_path / "all.triage"
    export_bundle(coordinator, path)
    lap = laptops("lap")
    before = snapshot(lap)
    report = import_bundle(lap, path, dry_run=True)
    assert report.dry_run and report.added["incident"] == 300 and report.changed
    assert snapshot(lap) == before


def test_since_takes_changed_incidents_with_all_their_children(
    coordinator: Store, tmp_path: Path
) -> None:
    since = now()
    x = some_incident(coordinator, with_evidence=True)
    edit_incident(coordinator, x, status="ST_SUSPICION")
    path = tmp_path / "since.triage"
    result = export_bundle(coordinator, path, since)
    detail = load_incident(coordinator, incident_id(coordinator, x))
    with open_bundle(path) as b:
        incidents = [r["uuid"] for _, r in b.records("incidents.jsonl")]
        involvements = {r["uuid"] for _, r in b.records("involvements.jsonl")}
        evidence = {r["uuid"] for _, r in b.records("evidence.jsonl")}
        suspects = {r["uuid"] for _, r in b.records("suspects.jsonl")}
        assert b.manifest["since"] == since.isoformat()
    # x, and the few demo incidents stamped in the future; never the whole database.
    assert x in incidents and len(incidents) < 10
    assert {v.record.uuid for v in detail.involvements} <= involvements
    assert {v.record.suspect.uuid for v in detail.involvements} <= suspects
    assert {e.uuid for e in detail.evidence} <= evidence
    assert result.bundle.counts["incidents.jsonl"] == len(incidents)
    later = now() + dt.timedelta(days=3650)
    assert export_bundle(coordinator, tmp_path / "none.triage", later).bundle.counts == {
        name: 0 for name in result.bundle.counts
    }


def test_removal_on_one_side_travels(coordinator: Store, laptops: Any, tmp_path: Path) -> None:
    lap = laptops("lap")
    hand_over(coordinator, lap, tmp_path / "c.triage")
    x = some_incident(lap, with_evidence=True)
    n_before = len(load_incident(coordinator, incident_id(coordinator, x)).evidence)
    since = now()
    edit_incident(lap, x, drop_evidence=1)
    report = hand_over(lap, coordinator, tmp_path / "l.triage", since)
    assert report.removed == {"evidence": 1}
    assert len(load_incident(coordinator, incident_id(coordinator, x)).evidence) == n_before - 1


def test_suspect_edited_on_both_sides_is_a_conflict(
    coordinator: Store, laptops: Any, tmp_path: Path
) -> None:
    lap = laptops("lap")
    hand_over(coordinator, lap, tmp_path / "c.triage")
    x = some_incident(coordinator)
    since = now()
    for store, unit in ((lap, "Unit A"), (coordinator, "Unit B")):
        d = load_incident(store, incident_id(store, x))
        inv = d.involvements[0].record
        changed = dataclasses.replace(inv, suspect=dataclasses.replace(inv.suspect, unit=unit))
        others = [v.record for v in d.involvements[1:]]
        save_incident(
            store, d.record, [changed, *others], d.evidence, incident_id=incident_id(store, x)
        )
    report = hand_over(lap, coordinator, tmp_path / "l.triage", since)
    assert report.conflicts.get("suspect") == 1
    with coordinator.engine.connect() as conn:
        units = set(conn.execute(select(Suspect.__table__.c.unit)).scalars())
    assert "Unit B" in units and "Unit A" not in units


def test_invalid_record_rejects_the_whole_bundle(
    coordinator: Store, laptops: Any, tmp_path: Path
) -> None:
    path = tmp_path / "all.triage"
    export_bundle(coordinator, path)
    with open_bundle(path) as b:
        manifest = {k: v for k, v in b.manifest.items() if k not in ("parts", "format")}
        parts = {name: [rec for _, rec in b.records(name)] for name in b.parts}
    parts["incidents.jsonl"][4]["status"] = "ST_BOGUS"
    parts["incidents.jsonl"][9]["date_from"] = "yesterday"
    bad = tmp_path / "bad.triage"
    write_bundle(bad, manifest, parts)
    lap = laptops("lap")
    before = snapshot(lap)
    with pytest.raises(BundleError) as err:
        import_bundle(lap, bad)
    text = str(err.value)
    assert "incidents.jsonl line 5" in text and "status: unknown code 'ST_BOGUS'" in text
    assert "incidents.jsonl line 10" in text and "date_from: must be a date" in text
    assert snapshot(lap) == before


def test_a_bundle_from_this_database_is_refused(coordinator: Store, tmp_path: Path) -> None:
    path = tmp_path / "self.triage"
    export_bundle(coordinator, path)
    with pytest.raises(BundleError, match="exported by this database"):
        import_bundle(coordinator, path)


def test_conflicts_are_listed_as_json(coordinator: Store, laptops: Any, tmp_path: Path) -> None:
    lap = laptops("lap")
    hand_over(coordinator, lap, tmp_path / "c.triage")
    x = some_incident(coordinator)
    since = now()
    edit_incident(lap, x, title="L")
    edit_incident(coordinator, x, title="C")
    hand_over(lap, coordinator, tmp_path / "l.triage", since)
    [view] = list_conflicts(coordinator)
    data = json.loads(json.dumps(view.to_json()))
    assert data["entity"] == "incident" and data["uuid"] == x
    assert {"field": "title", "local": "C", "remote": "L"} in data["fields"]
