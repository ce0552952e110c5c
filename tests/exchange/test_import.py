"""Import: the round trip is identical, known UUIDs update, bad files are rejected whole with a
complete report, and nothing is written on a dry run or a rejected file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.exchange.conftest import edit_book, read_all, write_book
from triage_app.db.audit import entry_items, verify_chain
from triage_app.db.models import (
    AuditEntry,
    EvidenceItem,
    Incident,
    Involvement,
    RoutingDecision,
    Suspect,
)
from triage_app.db.queries import counts
from triage_app.db.tables import table_of
from triage_app.exchange.report import report_lines
from triage_app.services.exchange import export_cases, import_workbook
from triage_app.services.routing import set_override
from triage_app.services.store import Store

MODEL = {
    "incident": Incident,
    "suspect": Suspect,
    "involvement": Involvement,
    "evidence": EvidenceItem,
}


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return counts(conn)


def _without_export_time(book: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    about = [r for r in book["About"] if not str(r[0]).endswith("(UTC)")]  # en and uk
    assert len(about) == len(book["About"]) - 1
    return {**book, "About": about}


def test_round_trip_is_identical(routed_store: Store, empty_store: Store, tmp_path: Path) -> None:
    with routed_store.engine.connect() as conn:
        inv_id = conn.execute(select(Involvement.__table__.c.id).limit(1)).scalar_one()
    set_override(routed_store, inv_id, "F_ICC", "=cmd| leaked? no: a reason")
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    export_cases(routed_store, first, lang="uk")
    result = import_workbook(empty_store, first)
    assert result.ok and result.overrides == 1
    assert result.created["incident"] == _counts(routed_store)["incidents"]
    assert _counts(empty_store) == _counts(routed_store)
    export_cases(empty_store, second, lang="uk")
    a, b = read_all(first), read_all(second)
    assert _without_export_time(a) == _without_export_time(b)
    with empty_store.engine.connect() as conn:
        entry = conn.execute(
            select(AuditEntry.__table__).where(AuditEntry.__table__.c.action == "import")
        ).one()
        assert verify_chain(conn).ok
        items = list(entry_items(conn, entry.id))
    details = json.loads(entry.details)
    assert details["created"] == result.created and details["items"]["count"] == len(items)
    with empty_store.engine.connect() as conn:
        stored = {
            kind: set(conn.execute(select(table_of(MODEL[kind]).c.uuid)).scalars())
            for kind in MODEL
        }
    for kind, uuids in stored.items():  # every record the import created, and nothing else
        assert {u for k, change, u in items if k == kind and change == "created"} == uuids
    assert all(change == "created" for _, change, _ in items)

    again = import_workbook(empty_store, second)  # the same rows again: nothing changes
    assert again.ok and sum(again.created.values()) == 0 and sum(again.updated.values()) == 0
    assert again.unchanged["incident"] == result.created["incident"]


def test_known_uuid_updates(routed_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    export_cases(routed_store, path)
    wb = load_workbook(path)
    ws = wb["Incidents"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Title") + 1, value="Zebracrossing shelling renamed")
    ws.cell(row=2, column=header.index("Crime types (code)") + 1, value="CT_WC; CT_CAH")
    ws.cell(row=2, column=header.index("Crime types") + 1).value = None  # the code alone counts
    uuid = ws.cell(row=2, column=header.index("UUID") + 1).value
    wb.save(path)
    before = _counts(routed_store)
    result = import_workbook(routed_store, path)
    assert result.ok, result.problems
    assert result.updated["incident"] == 1 and result.created["incident"] == 0
    assert _counts(routed_store) == before
    with routed_store.engine.connect() as conn:
        row = conn.execute(
            select(Incident.__table__).where(Incident.__table__.c.uuid == uuid)
        ).one()
        assert row.title == "Zebracrossing shelling renamed" and row.row_version == 2
        hits = (
            conn.exec_driver_sql(
                "SELECT rowid FROM incident_fts WHERE incident_fts MATCH 'Zebracrossing'"
            ).all()
            if conn.dialect.name == "sqlite"
            else [(row.id,)]
        )
        assert hits == [(row.id,)]
        entry_id = conn.execute(
            select(AuditEntry.__table__.c.id).where(AuditEntry.__table__.c.action == "import")
        ).scalar_one()
        assert list(entry_items(conn, entry_id)) == [("incident", "updated", uuid)]
        assert verify_chain(conn).ok


INCIDENT_HEADER = ["Reference", "Date from", "Title", "Crime types", "Victims killed", "Status"]
SUSPECT_HEADER = ["Incident reference", "Suspect", "Command level", "Custody"]
EVIDENCE_HEADER = ["Incident reference", "Kind", "SHA-256"]


def _bad_book(path: Path) -> Path:
    return write_book(
        path,
        {
            "Incidents": [
                INCIDENT_HEADER,
                ["A-1", dt.date(2023, 3, 1), "Good incident", "War crimes", 2, "New"],
                ["A-2", "31.02.2023", "Wrong date", "CT_WC", 0, None],  # row 3
                ["A-3", dt.date(2023, 3, 1), "Unknown code", "CT_NOPE", 0, None],  # row 4
                ["A-4", dt.date(2023, 3, 1), None, "CT_WC", 0, None],  # row 5: no title
                ["A-5", dt.date(2023, 3, 1), "Text in number", "CT_WC", "many", None],  # 6
            ],
            "Suspects": [
                SUSPECT_HEADER,
                ["A-1", "Іван Петренко", "CL_1_DIRECT", "At large"],
                ["Z-404", "Nobody", "CL_1_DIRECT", None],  # row 3: dangling reference
            ],
            "Evidence": [EVIDENCE_HEADER, ["A-1", "EV_PHOTO", "not-a-hash"]],
        },
    )


def test_bad_rows_rejected_whole_with_report(store: Store, tmp_path: Path) -> None:
    path = _bad_book(tmp_path / "intake.xlsx")
    before = _counts(store)
    result = import_workbook(store, path)
    assert not result.ok
    assert _counts(store) == before  # nothing written
    got = {(p.sheet, p.row, p.column): (p.value, p.reason) for p in result.problems}
    unknown = got[("Incidents", 4, "Crime types")]
    assert unknown[1].startswith("not a known value; use the drop-down list")
    assert "CT_WC" in unknown[1]  # the allowed codes are listed
    got[("Incidents", 4, "Crime types")] = (unknown[0], "not a known value")
    assert got == {
        ("Incidents", 3, "Date from"): ("31.02.2023", "must be a date"),
        ("Incidents", 4, "Crime types"): ("CT_NOPE", "not a known value"),
        ("Incidents", 5, "Title"): ("", "is required"),
        ("Incidents", 6, "Victims killed"): ("many", "must be a whole number"),
        ("Suspects", 3, "Incident reference"): (
            "Z-404",
            "no incident with this reference in the file or the database",
        ),
        ("Evidence", 2, "SHA-256"): (
            "not-a-hash",
            "must be 64 lower-case hexadecimal characters",
        ),
    }
    assert result.problem_count == len(result.problems) == 6
    assert result.report == tmp_path / "intake.import-report.csv"
    lines = list(report_lines(result.report))
    assert len(lines) == 6
    assert "Incidents,3,Date from,31.02.2023,must be a date" in lines
    text = result.report.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "sheet,row,column,value,reason"


def test_dry_run_writes_nothing(routed_store: Store, empty_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    export_cases(routed_store, path)
    result = import_workbook(empty_store, path, dry_run=True)
    assert result.ok and result.created["incident"] == _counts(routed_store)["incidents"]
    assert _counts(empty_store)["incidents"] == 0
    assert not (tmp_path / "cases.import-report.csv").exists()


def test_continuation_sheets_import(
    routed_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "split.xlsx"
    export_cases(routed_store, path, max_rows=120)
    result = import_workbook(empty_store, path)
    assert result.ok
    assert _counts(empty_store) == _counts(routed_store)
    with empty_store.engine.connect() as conn:
        routed = conn.execute(select(func.count()).select_from(RoutingDecision.__table__))
        assert routed.scalar_one() == _counts(routed_store)["involvements"]


def test_duplicate_uuid_and_conflicting_suspect(store: Store, tmp_path: Path) -> None:
    inc_uuid = "11111111-1111-4111-8111-111111111111"
    sus_uuid = "22222222-2222-4222-8222-222222222222"
    path = write_book(
        tmp_path / "dups.xlsx",
        {
            "Incidents": [
                ["Reference", "UUID", "Date from", "Title", "Crime types (code)"],
                ["B-1", inc_uuid, dt.date(2024, 1, 5), "One", "CT_WC"],
                ["B-2", inc_uuid, dt.date(2024, 1, 6), "Two", "CT_WC"],
            ],
            "Suspects": [
                ["Incident UUID", "Suspect UUID", "Suspect", "Command level (code)"],
                [inc_uuid, sus_uuid, "Same person", "CL_1_DIRECT"],
                [inc_uuid, "not a uuid", "Other", "CL_1_DIRECT"],
            ],
        },
    )
    result = import_workbook(store, path)
    reasons = {(p.sheet, p.row, p.column): p.reason for p in result.problems}
    assert reasons[("Incidents", 3, "UUID")] == "appears twice in Incidents (first in row 2)"
    assert reasons[("Suspects", 3, "Suspect UUID")] == "must be a UUID"


def test_not_a_workbook(store: Store, tmp_path: Path) -> None:
    from triage_app.exchange.importer import WorkbookError

    path = tmp_path / "fake.xlsx"
    path.write_text("hello")
    with pytest.raises(WorkbookError, match=r"not an \.xlsx workbook"):
        import_workbook(store, path)


def test_cancel_while_writing_rolls_back(
    routed_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    from triage_app.services.exchange import ImportCancelled

    path = tmp_path / "cases.xlsx"
    export_cases(routed_store, path)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < total * 3 // 4  # cancel in the second (writing) half

    with pytest.raises(ImportCancelled):
        import_workbook(empty_store, path, progress=progress)
    rows = sum(len(r) - 1 for s, r in read_all(path).items() if s not in ("Summary", "About"))
    assert calls and all(total == 2 * rows for _, total in calls)
    assert _counts(empty_store)["incidents"] == 0


def test_suspect_twice_in_one_incident(routed_store: Store, tmp_path: Path) -> None:
    """Within the file, and against an involvement the database already holds."""
    path = tmp_path / "cases.xlsx"
    export_cases(routed_store, path)
    wb = load_workbook(path)
    ws = wb["Suspects"]
    header = [c.value for c in ws[1]]
    first = [c.value for c in ws[2]]
    inv_col = header.index("Involvement UUID")
    copy = list(first)
    copy[inv_col] = "33333333-3333-4333-8333-333333333333"
    ws.append(copy)  # same incident, same suspect, a new involvement UUID
    wb.save(path)
    result = import_workbook(routed_store, path)
    reasons = [(p.row, p.reason) for p in result.problems]
    last = ws.max_row
    assert (last, "this suspect is already linked to this incident in row 2") in reasons
    # only that row, alone in a file: the database holds the pair under another UUID
    single = write_book(tmp_path / "one.xlsx", {"Suspects": [header, copy]})
    clash = import_workbook(routed_store, single)
    assert [(p.row, p.column) for p in clash.problems] == [(2, "Involvement UUID")]
    assert first[inv_col] in clash.problems[0].reason


def test_label_and_code_columns(routed_store: Store, tmp_path: Path) -> None:
    """Both filled in and different: a problem naming both; the code empty: the label."""
    path = tmp_path / "cases.xlsx"
    export_cases(routed_store, path)
    wb = load_workbook(path)
    ws = wb["Incidents"]
    header = [c.value for c in ws[1]]

    def col(name: str) -> int:
        return header.index(name) + 1

    ws.cell(row=2, column=col("Status (code)")).value = "ST_NEW"
    ws.cell(row=2, column=col("Status")).value = "Closed"
    wb.save(path)
    result = import_workbook(routed_store, path)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (
            2,
            "Status (code)",
            "Status (code) says ST_NEW but Status says Closed: make them agree or clear one",
        )
    ]

    ws.cell(row=2, column=col("Status (code)")).value = None
    ws.cell(row=2, column=col("Region (code)")).value = None
    ws.cell(row=2, column=col("Region")).value = "Lviv Oblast"
    ws.cell(row=3, column=col("Status (code)")).value = "ST_CLOSED"  # agrees once relabelled
    ws.cell(row=3, column=col("Status")).value = "закрито"  # a label in the other language
    uuids = [ws.cell(row=r, column=col("UUID")).value for r in (2, 3)]
    wb.save(path)
    result = import_workbook(routed_store, path)
    assert result.ok, [p.line() for p in result.problems]
    with routed_store.engine.connect() as conn:
        rows = conn.execute(
            select(
                Incident.__table__.c.uuid,
                Incident.__table__.c.status,
                Incident.__table__.c.oblast_code,
            ).where(Incident.__table__.c.uuid.in_(uuids))
        ).all()
    got = {u: (status, region) for u, status, region in rows}
    assert got[uuids[0]] == ("ST_CLOSED", "UA-46")
    assert got[uuids[1]][0] == "ST_CLOSED"


def test_a_formula_without_a_value_is_a_problem_not_an_empty_cell(
    routed_store: Store, tmp_path: Path
) -> None:
    """A script (or openpyxl) writing '=UPPER(...)' saves no value: importing it as empty would
    clear the stored settlement. It is named instead, and nothing is written."""
    path = export_cases(routed_store, tmp_path / "cases.xlsx").path
    edit_book(path, path, {(2, "Settlement"): '=UPPER("Світлець")', (3, "Region"): "=B3"})
    before = _counts(routed_store)
    result = import_workbook(routed_store, path)
    assert not result.ok and result.problem_count == 2
    lines = sorted((p.row, p.column, p.value) for p in result.problems)
    assert lines == [(2, "Settlement", '=UPPER("Світлець")'), (3, "Region", "=B3")]
    assert all("formula with no calculated value" in p.reason for p in result.problems)
    assert _counts(routed_store) == before


def test_an_older_export_does_not_undo_newer_changes(routed_store: Store, tmp_path: Path) -> None:
    """Last week's export, edited and imported after someone changed the same incident, would
    silently put the old values back: the row is named instead and nothing is written."""
    old = tmp_path / "last-week.xlsx"
    export_cases(routed_store, old)
    newer = edit_book(old, tmp_path / "colleague.xlsx", {(2, "Title"): "Renamed by a colleague"})
    assert import_workbook(routed_store, newer).updated["incident"] == 1

    mine = edit_book(
        old,
        tmp_path / "mine.xlsx",
        {
            (2, "Victims injured"): 99,  # the incident the colleague renamed
            (3, "Title"): "An unrelated fix",  # another incident: fine alone
        },
    )
    for dry_run in (True, False):
        result = import_workbook(routed_store, mine, dry_run=dry_run)
        assert not result.ok and result.problem_count == 1
        (p,) = result.problems
        assert (p.sheet, p.row, p.column) == ("Incidents", 2, "Updated at")
        assert "newer version" in p.reason and f"by {routed_store.actor}" in p.reason
        assert sum(result.updated.values()) == sum(result.created.values()) == 0
        assert result.report is not None and result.report.exists()
    with routed_store.engine.connect() as conn:
        titles = set(conn.execute(select(Incident.__table__.c.title)).scalars())
    assert "Renamed by a colleague" in titles and "An unrelated fix" not in titles

    on_purpose = edit_book(mine, tmp_path / "on-purpose.xlsx", {(2, "Updated at"): None})
    result = import_workbook(routed_store, on_purpose)
    assert result.ok and result.updated["incident"] == 2, result.problems


def test_an_unknown_code_beside_its_label_is_named_as_unknown(
    routed_store: Store, tmp_path: Path
) -> None:
    """'Region (code) says UA-99 but Region says ...' hid that UA-99 does not exist."""
    path = export_cases(routed_store, tmp_path / "cases.xlsx").path
    edit_book(path, path, {(2, "Region (code)"): "UA-99"})
    result = import_workbook(routed_store, path)
    assert [(p.row, p.column, p.value) for p in result.problems] == [(2, "Region (code)", "UA-99")]
    assert result.problems[0].reason.startswith("not a known value") and "UA-14" in (
        result.problems[0].reason
    )


def test_report_shows_dates_as_dates() -> None:
    from triage_app.exchange.importer import shown

    assert shown(dt.datetime(2000, 1, 1)) == "2000-01-01"  # a date cell reads as midnight
    assert shown(dt.datetime(2000, 1, 1, 12, 30)) == "2000-01-01 12:30:00"
    assert shown(dt.date(2000, 1, 1)) == "2000-01-01" and shown(None) == ""


def test_a_filled_down_helper_column_does_not_make_rows(store: Store, tmp_path: Path) -> None:
    """Field teams add check columns such as =IF(A2="","","ok") and fill them down: rows
    blank in every column we import stay blank, whatever the helper column holds."""
    header = [*INCIDENT_HEADER, "Check"]
    rows = [["A-1", dt.date(2023, 5, 2), "School shelled", "War crimes", 1, "New", None]]
    rows += [[None] * len(INCIDENT_HEADER) + [None] for _ in range(5)]
    for r, row in enumerate(rows, start=2):
        row[-1] = f'=IF(A{r}="","","ok")'  # openpyxl saves it without a value
    path = write_book(tmp_path / "intake.xlsx", {"Incidents": [header, *rows]})
    result = import_workbook(store, path)
    assert result.ok, [p.line() for p in result.problems]
    assert result.created["incident"] == 1


def test_an_updated_at_with_a_time_zone_is_compared_in_utc(
    routed_store: Store, tmp_path: Path
) -> None:
    path = export_cases(routed_store, tmp_path / "cases.xlsx").path
    edit_book(path, path, {(2, "Title"): "Edited", (2, "Updated at"): "2020-01-01T10:00:00+02:00"})
    result = import_workbook(routed_store, path)  # was: TypeError comparing naive and aware
    assert [(p.row, p.column) for p in result.problems] == [(2, "Updated at")]


def test_an_older_export_does_not_undo_newer_suspect_and_evidence_changes(
    routed_store: Store, tmp_path: Path
) -> None:
    """An import that changes an incident's suspects or evidence marks the incident changed
    (as the editor does), so last week's export cannot put the old ones back."""
    old = export_cases(routed_store, tmp_path / "last-week.xlsx").path
    newer = edit_book(old, tmp_path / "newer.xlsx", {(2, "Rank or role"): "полковник"}, "Suspects")
    newer = edit_book(newer, newer, {(2, "Description"): "Re-described"}, "Evidence")
    result = import_workbook(routed_store, newer)
    assert result.ok and result.updated["suspect"] == result.updated["evidence"] == 1
    assert result.updated["incident"] == 0

    for dry_run in (True, False):  # the untouched older export would revert both
        again = import_workbook(routed_store, old, dry_run=dry_run)
        assert not again.ok
        assert {(p.sheet, p.row) for p in again.problems} >= {("Suspects", 2), ("Evidence", 2)}
        assert all("newer version of this incident" in p.reason for p in again.problems)
    with routed_store.engine.connect() as conn:
        ranks = set(conn.exec_driver_sql("SELECT rank_role FROM suspect").scalars())
        texts = set(conn.exec_driver_sql("SELECT description FROM evidence_item").scalars())
    assert "полковник" in ranks and "Re-described" in texts
    assert import_workbook(routed_store, newer).ok  # the newer file itself changes nothing


def test_problems_found_while_writing_use_the_files_own_headers(
    routed_store: Store, tmp_path: Path
) -> None:
    old = export_cases(routed_store, tmp_path / "uk.xlsx", lang="uk").path
    newer = edit_book(old, tmp_path / "newer.xlsx", {(2, "Назва"): "Перейменовано"})
    assert import_workbook(routed_store, newer).ok
    mine = edit_book(old, tmp_path / "mine.xlsx", {(2, "Поранені"): 99})
    result = import_workbook(routed_store, mine)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("Incidents", 2, "Оновлено")]
