"""Importing the same file again: an intake file without UUIDs upserts by reference (no
duplicate incidents, suspects or evidence), and a dry run reports exactly what the import
does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from tests.exchange.conftest import write_book
from triage_app.db.models import Incident
from triage_app.db.queries import counts
from triage_app.exchange.template import REQUIRED_MARK
from triage_app.services.exchange import export_cases, import_workbook, write_template
from triage_app.services.store import Store

ZERO = {"incident": 0, "suspect": 0, "involvement": 0, "evidence": 0}
HASH = "ab" * 32


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return counts(conn)


def _stored(store: Store, reference: str) -> Any:
    t = Incident.__table__
    with store.engine.connect() as conn:
        return conn.execute(select(t).where(t.c.reference == reference)).one()


def _intake(path: Path, title: str = "School shelled") -> Path:
    """A filled-in English template: two incidents, three suspect rows, three evidence rows
    (one suspect name in both incidents, two identical evidence items in one incident)."""
    write_template(path, "en")
    wb = load_workbook(path)
    rows = {
        "Incidents": [
            {
                "Reference": "12023140000001",
                "Date from": dt.date(2023, 5, 2),
                "Title": title,
                "Region": "Donetsk Oblast",
                "Crime types": "War crimes",
                "Victims killed": 3,
            },
            {
                "Reference": "12023140000002",
                "Date from": dt.date(2023, 6, 1),
                "Title": "Market shelled",
                "Crime types": "War crimes; Crimes against humanity",
            },
        ],
        "Suspects": [
            {
                "Incident reference": "12023140000001",
                "Suspect": "Petro Ivanenko",
                "Command level": "Field-grade officer (Major to Colonel)",
                "Custody": "At large",
            },
            {
                "Incident reference": "12023140000001",
                "Suspect": "Unknown gunner",
                "Command level": "Not identified",
            },
            {
                "Incident reference": "12023140000002",
                "Suspect": "Petro Ivanenko",
                "Command level": "Field-grade officer (Major to Colonel)",
                "Custody": "At large",
            },
        ],
        "Evidence": [
            {"Incident reference": "12023140000001", "Kind": "Video", "SHA-256": HASH},
            {"Incident reference": "12023140000001", "Kind": "Photograph", "Description": "x"},
            {"Incident reference": "12023140000001", "Kind": "Photograph", "Description": "x"},
        ],
    }
    for sheet, records in rows.items():
        ws = wb[sheet]
        header = [c.value.removesuffix(REQUIRED_MARK) for c in ws[1]]
        for r, record in enumerate(records, start=2):
            for name, value in record.items():
                ws.cell(row=r, column=header.index(name) + 1, value=value)
    wb.save(path)
    return path


def test_same_intake_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = _intake(tmp_path / "intake.xlsx")
    first = import_workbook(store, path)
    assert first.ok, [p.line() for p in first.problems]
    assert first.created == {"incident": 2, "suspect": 3, "involvement": 3, "evidence": 3}
    after_first = _counts(store)

    dry = import_workbook(store, path, dry_run=True)
    again = import_workbook(store, path)
    assert again.ok, [p.line() for p in again.problems]
    assert _counts(store) == after_first
    assert again.created == ZERO and again.updated == ZERO
    assert again.unchanged == first.created
    assert (dry.created, dry.updated, dry.unchanged) == (
        again.created,
        again.updated,
        again.unchanged,
    )


def test_edited_intake_updates_by_reference(store: Store, tmp_path: Path) -> None:
    assert import_workbook(store, _intake(tmp_path / "intake.xlsx")).ok
    before = _counts(store)
    edited = _intake(tmp_path / "edited.xlsx", title="School shelled twice")
    dry = import_workbook(store, edited, dry_run=True)
    result = import_workbook(store, edited)
    assert result.ok
    assert _counts(store) == before
    assert result.created == ZERO
    assert result.updated == {**ZERO, "incident": 1}
    assert (dry.created, dry.updated, dry.unchanged) == (
        result.created,
        result.updated,
        result.unchanged,
    )
    with store.engine.connect() as conn:
        titles = conn.execute(
            select(Incident.__table__.c.title).where(
                Incident.__table__.c.reference == "12023140000001"
            )
        ).all()
    assert titles == [("School shelled twice",)]


def test_reference_of_several_live_incidents_is_a_problem(store: Store, tmp_path: Path) -> None:
    header = ["Reference", "UUID", "Date from", "Title", "Crime types (code)"]
    two = write_book(
        tmp_path / "two.xlsx",
        {
            "Incidents": [
                header,
                ["R-1", "11111111-1111-4111-8111-111111111111", dt.date(2024, 1, 5), "A", "CT_WC"],
                ["R-1", "22222222-2222-4222-8222-222222222222", dt.date(2024, 1, 6), "B", "CT_WC"],
            ]
        },
    )
    assert import_workbook(store, two).ok
    before = _counts(store)
    unnamed = write_book(
        tmp_path / "unnamed.xlsx",
        {"Incidents": [header, ["R-1", None, dt.date(2024, 1, 7), "C", "CT_WC"]]},
    )
    result = import_workbook(store, unnamed)
    assert [(p.row, p.column, p.value, p.reason) for p in result.problems] == [
        (
            2,
            "Reference",
            "R-1",
            "several incidents in the database have this reference; give the incident UUID",
        )
    ]
    assert _counts(store) == before


def test_dry_run_of_unchanged_export_says_unchanged(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    export_cases(demo_store, path)
    before = _counts(demo_store)
    dry = import_workbook(demo_store, path, dry_run=True)
    real = import_workbook(demo_store, path)
    assert dry.ok and real.ok
    assert dry.created == real.created == ZERO
    assert dry.updated == real.updated == ZERO
    assert dry.unchanged == real.unchanged
    assert real.unchanged["incident"] == before["incidents"]
    assert _counts(demo_store) == before


def test_failed_import_reports_no_counts(store: Store, tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "bad.xlsx",
        {
            "Incidents": [
                ["Reference", "Date from", "Title", "Crime types"],
                ["X-1", dt.date(2024, 1, 1), "Fine", "CT_WC"],
                ["X-2", "soon", "Bad date", "CT_WC"],
            ]
        },
    )
    for dry_run in (False, True):
        result = import_workbook(store, path, dry_run=dry_run)
        summary = result.to_json()
        assert summary["written"] is False and summary["problems"] == 1
        assert summary["created"] == summary["updated"] == summary["unchanged"] == ZERO


def test_suspects_and_evidence_alone_match_database_incident(store: Store, tmp_path: Path) -> None:
    """Rows linked by reference to an incident only the database holds do not duplicate."""
    assert import_workbook(store, _intake(tmp_path / "intake.xlsx")).ok
    before = _counts(store)
    path = write_book(
        tmp_path / "more.xlsx",
        {
            "Suspects": [
                ["Incident reference", "Suspect", "Command level (code)", "Custody"],
                ["12023140000001", "Petro Ivanenko", "CL_3_FIELD", "At large"],
                ["12023140000001", "Someone new", "CL_1_DIRECT", None],
            ],
            "Evidence": [
                ["Incident reference", "Kind (code)", "Description", "SHA-256"],
                ["12023140000001", "EV_VIDEO", None, HASH],
            ],
        },
    )
    dry = import_workbook(store, path, dry_run=True)
    result = import_workbook(store, path)
    assert result.ok, [p.line() for p in result.problems]
    expected = {"incident": 0, "suspect": 1, "involvement": 1, "evidence": 0}
    assert dry.created == result.created == expected
    assert result.unchanged == {"incident": 0, "suspect": 1, "involvement": 1, "evidence": 1}
    after = _counts(store)
    assert after["suspects"] == before["suspects"] + 1
    assert after["evidence"] == before["evidence"]


def test_a_short_intake_row_for_a_known_reference_keeps_what_is_stored(
    store: Store, tmp_path: Path
) -> None:
    """A field team re-sends a known incident with only the required cells: its empty cells
    keep the stored region, victims and status instead of resetting them to the defaults."""
    assert import_workbook(store, _intake(tmp_path / "intake.xlsx")).ok
    short = tmp_path / "short.xlsx"
    write_template(short, "en")
    wb = load_workbook(short)
    ws = wb["Incidents"]
    header = [c.value.removesuffix(REQUIRED_MARK) for c in ws[1]]
    row = {
        "Reference": "12023140000001",
        "Date from": dt.date(2023, 5, 2),
        "Title": "School shelled (confirmed)",
        "Crime types": "War crimes",
        "Victims killed": 0,  # a value, not an empty cell: corrects the stored 3
    }
    for name, value in row.items():
        ws.cell(row=2, column=header.index(name) + 1, value=value)
    wb.save(short)
    result = import_workbook(store, short)
    assert result.ok, [p.line() for p in result.problems]
    assert result.updated == {**ZERO, "incident": 1}
    stored = _stored(store, "12023140000001")
    assert stored.title == "School shelled (confirmed)"
    assert (stored.oblast_code, stored.victims_killed, stored.status) == ("UA-14", 0, "ST_NEW")

    # what the row gives must fit with what it keeps: a date from after the stored date to
    t = Incident.__table__
    with store.write_engine.begin() as conn:
        conn.execute(t.update().where(t.c.id == stored.id).values(date_to=dt.date(2023, 5, 3)))
    ws.cell(row=2, column=header.index("Date from") + 1, value=dt.date(2023, 6, 1))
    wb.save(short)
    result = import_workbook(store, short)
    assert not result.ok and result.problem_count == 1
    assert "database holds for the empty cells" in result.problems[0].reason
    assert _stored(store, "12023140000001").date_from == dt.date(2023, 5, 2)


def test_an_intake_row_may_leave_required_cells_of_a_known_incident_empty(
    store: Store, tmp_path: Path
) -> None:
    """Only the reference and the new title: the date and crime types it leaves empty are kept
    from the database. For a reference the database does not have, they are still required."""
    assert import_workbook(store, _intake(tmp_path / "intake.xlsx")).ok
    rows = [
        ["Reference", "Date from", "Title", "Crime types"],  # the template's required columns
        ["12023140000001", None, "School shelled (title only)", None],
    ]
    path = write_book(tmp_path / "title-only.xlsx", {"Incidents": rows})
    result = import_workbook(store, path)
    assert result.ok, [p.line() for p in result.problems]
    assert result.updated == {**ZERO, "incident": 1}
    stored = _stored(store, "12023140000001")
    assert stored.title == "School shelled (title only)"
    assert (stored.date_from, stored.oblast_code) == (dt.date(2023, 5, 2), "UA-14")

    unknown = write_book(
        tmp_path / "unknown.xlsx", {"Incidents": [rows[0], ["12023149999999", None, "New", None]]}
    )
    result = import_workbook(store, unknown)
    assert sorted((p.row, p.column) for p in result.problems) == [
        (2, "Crime types"),
        (2, "Date from"),
    ]
