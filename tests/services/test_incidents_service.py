"""The editor's use cases on a real database: create, update, conflicts, delete, validation."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from triage_app.db.audit import verify_chain
from triage_app.domain.case_filter import CaseFilter, CaseSort
from triage_app.domain.records import (
    EvidenceRecord,
    IncidentRecord,
    InvolvementRecord,
    RecordError,
    SuspectRecord,
)
from triage_app.services.case_list import CaseListService
from triage_app.services.incidents import (
    ConflictError,
    find_suspects,
    load_incident,
    save_incident,
    set_deleted,
)
from triage_app.services.store import Store

INCIDENT = IncidentRecord(
    reference="12023140000000001",
    title="Shelling of a fictional school in Testove",
    date_from=dt.date(2023, 5, 2),
    oblast_code="UA-14",
    settlement="Тестове",
    latitude=48.1,
    longitude=37.7,
    description="Two teachers injured.",
    victims_injured=2,
    crime_types=("CT_WC",),
)
PRIVATE = SuspectRecord(
    name="Тестовий Рядовий", command_level="CL_1_DIRECT", nationality="RU", custody="UA"
)
COLONEL = SuspectRecord(
    name="Тестовий Полковник", command_level="CL_3_FIELD", nationality="RU", custody="NONE"
)


def audit(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql(  # type: ignore[misc]
                "SELECT action, entity FROM audit_log ORDER BY id"
            )
        ]


def test_create_with_two_suspects_routes_each(store: Store) -> None:
    iid = save_incident(
        store,
        INCIDENT,
        [
            InvolvementRecord(PRIVATE, "ML_DIRECT"),
            InvolvementRecord(COLONEL, "ML_COMMAND"),
        ],
        [
            EvidenceRecord(
                "EV_PHOTO", "Photos of the school", file_name="school.jpg", sha256="a" * 64
            )
        ],
    )
    detail = load_incident(store, iid)
    assert detail.record.title == INCIDENT.title and detail.record.crime_types == ("CT_WC",)
    routes = {v.record.suspect.name: v.route for v in detail.involvements}
    assert routes["Тестовий Рядовий"].primary_forum == "F_UA_DOM"  # type: ignore[union-attr]
    colonel = routes["Тестовий Полковник"]
    assert colonel is not None and colonel.primary_forum == "F_UA_ABS"
    assert colonel.winner == "R17" and "FL_CMD_RESP" in colonel.flags
    assert colonel.fired[0][0] == "R17" and colonel.fired[0][1] is True and colonel.fired[0][2]
    assert detail.evidence[0].sha256 == "a" * 64
    assert ("create", "incident") in audit(store)
    assert iid in CaseListService(store).ids(CaseFilter(text="fictional school"), CaseSort())


def test_update_audits_changed_fields_and_reroutes(store: Store) -> None:
    iid = save_incident(store, INCIDENT, [InvolvementRecord(PRIVATE, "ML_DIRECT")])
    detail = load_incident(store, iid)
    suspect = dataclasses.replace(detail.involvements[0].record.suspect, custody="NONE")
    save_incident(
        store,
        dataclasses.replace(detail.record, title="Shelling of a school (updated)"),
        [dataclasses.replace(detail.involvements[0].record, suspect=suspect)],
        incident_id=iid,
        expected_row_version=detail.row_version,
    )
    after = load_incident(store, iid)
    assert after.row_version == detail.row_version + 1
    assert after.involvements[0].route.primary_forum == "F_UA_ABS"  # type: ignore[union-attr]
    with store.engine.connect() as conn:
        assert verify_chain(conn).ok
    assert ("update", "incident") in audit(store) and ("update", "suspect") in audit(store)


def test_a_stale_save_is_a_conflict_not_an_overwrite(store: Store) -> None:
    iid = save_incident(store, INCIDENT, [])
    mine = load_incident(store, iid)
    save_incident(
        store,
        dataclasses.replace(mine.record, title="Theirs"),
        incident_id=iid,
        expected_row_version=mine.row_version,
    )
    with pytest.raises(ConflictError, match="changed by"):
        save_incident(
            store,
            dataclasses.replace(mine.record, title="Mine"),
            incident_id=iid,
            expected_row_version=mine.row_version,
        )
    assert load_incident(store, iid).record.title == "Theirs"


def test_invalid_fields_are_all_named_and_nothing_is_stored(store: Store) -> None:
    bad = dataclasses.replace(
        INCIDENT,
        title=" ",
        date_to=dt.date(2023, 1, 1),
        latitude=95.0,
        crime_types=("CT_WC", "CT_XX"),
        oblast_code="UA-99",
    )
    with pytest.raises(RecordError) as err:
        save_incident(
            store,
            bad,
            [InvolvementRecord(dataclasses.replace(PRIVATE, command_level="CL_LP"), "ML_NOPE")],
        )
    fields = {p.field for p in err.value.problems}
    assert {
        "title",
        "date_to",
        "latitude",
        "crime_types",
        "oblast_code",
        "suspects[1].mode_of_liability",
        "suspects[1].suspect.command_level",
    } <= fields
    assert audit(store) == []


def test_soft_delete_hides_and_undo_restores(store: Store) -> None:
    iid = save_incident(store, INCIDENT, [])
    cases = CaseListService(store)
    set_deleted(store, iid, True)
    assert iid not in cases.ids(CaseFilter(), CaseSort())
    assert load_incident(store, iid).deleted
    set_deleted(store, iid, False)
    assert iid in cases.ids(CaseFilter(), CaseSort())
    assert [a for a, _ in audit(store)][-2:] == ["delete", "restore"]


def test_existing_suspect_is_reused_across_incidents(store: Store) -> None:
    a = save_incident(store, INCIDENT, [InvolvementRecord(COLONEL, "ML_ORDER")])
    hit = find_suspects(store, "Полковник")[0]
    assert hit.incidents == 1
    b = save_incident(
        store,
        dataclasses.replace(INCIDENT, reference="2"),
        [InvolvementRecord(hit.record, "ML_COMMAND")],
    )
    assert (
        load_incident(store, a).involvements[0].suspect_id
        == load_incident(store, b).involvements[0].suspect_id
    )
    assert find_suspects(store, "Полковник")[0].incidents == 2
