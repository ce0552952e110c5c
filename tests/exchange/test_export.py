"""Export: sheets, headers, counts and dates as an independent reader sees them; formula-proof
text; continuation sheets; cancel and atomic rename."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tests.exchange.conftest import read_all
from triage_app.db.case_queries import case_count
from triage_app.db.models import EvidenceItem, Incident, Involvement, Suspect
from triage_app.domain.case_filter import CaseFilter
from triage_app.domain.records import IncidentRecord, InvolvementRecord, SuspectRecord
from triage_app.domain.vocab import vocabularies
from triage_app.exchange.columns import (
    EVIDENCE_COLUMNS,
    INCIDENT_COLUMNS,
    SUSPECT_COLUMNS,
    headers,
)
from triage_app.exchange.export import FILTER_FIELDS
from triage_app.services.exchange import ExchangeError, ExportCancelled, export_cases
from triage_app.services.incidents import save_incident
from triage_app.services.store import Store

SHEETS = ["Incidents", "Suspects", "Evidence", "Summary", "About"]
FORMULA_LIKE = [
    "=1+1",
    '=HYPERLINK("http://example.com","click")',
    "+380 44 123 4567",
    "-2+3",
    "@SUM(A1:A2)",
    "\tcmd|' /C calc'!A0",
    "\r=2*3",
]


def _count(store: Store, table: object) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}


def test_export_read_back_by_calamine(routed_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "cases.xlsx"
    result = export_cases(routed_store, out)
    data = read_all(out)
    assert list(data) == SHEETS
    assert data["Incidents"][0] == headers(INCIDENT_COLUMNS, "en")
    assert data["Suspects"][0] == headers(SUSPECT_COLUMNS, "en")
    assert data["Evidence"][0] == headers(EVIDENCE_COLUMNS, "en")
    n_inc = _count(routed_store, Incident.__table__)
    n_inv = _count(routed_store, Involvement.__table__)
    n_evi = _count(routed_store, EvidenceItem.__table__)
    assert len(data["Incidents"]) - 1 == n_inc == result.rows["Incidents"]
    assert len(data["Suspects"]) - 1 == n_inv == result.rows["Suspects"]
    assert len(data["Evidence"]) - 1 == n_evi == result.rows["Evidence"]
    first = dict(zip(data["Incidents"][0], data["Incidents"][1], strict=True))
    assert isinstance(first["Date from"], dt.date)  # a real date cell, not text
    assert isinstance(first["Updated at"], dt.datetime)
    assert first["Crime types (code)"].startswith("CT_")
    route = dict(zip(data["Suspects"][0], data["Suspects"][1], strict=True))
    assert route["Recommended forum (code)"].startswith("F_")
    assert route["Winning rule"] and route["Rationale"]
    about = {r[0]: r[1] for r in data["About"][1:]}
    assert about["Rows: Incidents"] == n_inc
    assert "Rule set" in about
    # computed columns are not imported: the file says so, and how to change a forum
    assert "not imported" in about["Editing this file"]
    assert "Override forum" in about["Editing this file"]
    # the Summary's forum totals add up to all involvements
    total_col = data["Summary"][0].index("All involvements")
    forum_rows = [r for r in data["Summary"][1:] if r[0] == "" or str(r[0]).startswith("F_")]
    routed = sum(r[total_col] for r in forum_rows if isinstance(r[total_col], float))
    assert routed == n_inv


def test_sheet_layout_frozen_filtered_sized(routed_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "cases.xlsx"
    export_cases(routed_store, out)
    xml = _sheet_xml(out)["xl/worksheets/sheet1.xml"]
    assert 'state="frozen"' in xml and 'topLeftCell="A2"' in xml
    assert re.search(r'<autoFilter ref="A1:U\d+"', xml)
    assert re.search(r'<dimension ref="A1:U\d+"', xml)
    assert '<col width="60"' in xml  # the description column is wide (and wrapped)
    with zipfile.ZipFile(out) as z:
        assert 'wrapText="1"' in z.read("xl/styles.xml").decode()


def test_ukrainian_labels_codes_unchanged(routed_store: Store, tmp_path: Path) -> None:
    en, uk = tmp_path / "en.xlsx", tmp_path / "uk.xlsx"
    export_cases(routed_store, en, lang="en")
    export_cases(routed_store, uk, lang="uk")
    a, b = read_all(en)["Incidents"], read_all(uk)["Incidents"]
    assert b[0] == headers(INCIDENT_COLUMNS, "uk")
    code = headers(INCIDENT_COLUMNS, "en").index("Status (code)")
    label = headers(INCIDENT_COLUMNS, "en").index("Status")
    assert [r[code] for r in a[1:]] == [r[code] for r in b[1:]]
    statuses = vocabularies().statuses
    assert all(r[label] == statuses.label(r[code], "uk") for r in b[1:])


def test_filter_honoured(routed_store: Store, tmp_path: Path) -> None:
    f = CaseFilter(crime_type="CT_WC", region="UA-14")
    out = tmp_path / "filtered.xlsx"
    result = export_cases(routed_store, out, f)
    with routed_store.engine.connect() as conn:
        expected = case_count(conn, f)
    rows = read_all(out)["Incidents"]
    assert result.rows["Incidents"] == expected == len(rows) - 1
    region = rows[0].index("Region (code)")
    cts = rows[0].index("Crime types (code)")
    assert all(r[region] == "UA-14" and "CT_WC" in r[cts].split("; ") for r in rows[1:])
    about = {r[0]: r[1] for r in read_all(out)["About"][1:]}
    assert about["Filter: Region"] == f"{vocabularies().regions.label('UA-14')} (UA-14)"
    assert about["Filter: Crime type"] == "War crimes (CT_WC)"


def test_formula_like_text_stays_text(store: Store, tmp_path: Path) -> None:
    for n, text in enumerate(FORMULA_LIKE):
        save_incident(
            store,
            IncidentRecord(
                reference=f"R{n}",
                title=text,
                date_from=dt.date(2023, 1, 1),
                description=text,
                crime_types=("CT_WC",),
            ),
            [InvolvementRecord(SuspectRecord(name=text, command_level="CL_1_DIRECT"))],
        )
    out = tmp_path / "evil.xlsx"
    export_cases(store, out)
    data = read_all(out)
    title = data["Incidents"][0].index("Title")
    assert sorted(r[title] for r in data["Incidents"][1:]) == sorted(FORMULA_LIKE)
    name = data["Suspects"][0].index("Suspect")
    assert sorted(r[name] for r in data["Suspects"][1:]) == sorted(FORMULA_LIKE)
    for part, xml in _sheet_xml(out).items():
        assert "<f>" not in xml and "<f " not in xml, part
    with zipfile.ZipFile(out) as z:
        assert 'quotePrefix="1"' in z.read("xl/styles.xml").decode()


def test_continuation_sheets_at_row_limit(routed_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "split.xlsx"
    result = export_cases(routed_store, out, max_rows=101)  # header + 100 rows a sheet
    data = read_all(out)
    n_inc = result.rows["Incidents"]
    parts = [s for s in data if s == "Incidents" or s.startswith("Incidents (")]
    assert parts == ["Incidents"] + [f"Incidents ({k})" for k in range(2, len(parts) + 1)]
    assert len(parts) == -(-n_inc // 100)
    assert all(data[p][0] == headers(INCIDENT_COLUMNS, "en") for p in parts)
    assert sum(len(data[p]) - 1 for p in parts) == n_inc
    assert all(len(data[p]) == 101 for p in parts[:-1])
    assert result.sheets[: len(parts)] == parts


def test_cancel_leaves_no_file(routed_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "cases.xlsx"
    out.write_bytes(b"previous export")
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(ExportCancelled):
        export_cases(routed_store, out, progress=progress)
    assert calls and calls[0][1] > 0
    assert out.read_bytes() == b"previous export"  # untouched: nothing renamed onto it
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_bad_target_is_a_user_error(routed_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="xlsx"):
        export_cases(routed_store, tmp_path / "cases.csv")
    with pytest.raises(ExchangeError, match="no such folder"):
        export_cases(routed_store, tmp_path / "missing" / "cases.xlsx")


def test_forum_filter_lists_only_suspects_routed_there(routed_store: Store, tmp_path: Path) -> None:
    """A case list for one partner must not carry suspects routed to other forums."""
    out = tmp_path / "abs.xlsx"
    export_cases(routed_store, out, CaseFilter(forum="F_UA_ABS"))
    book = read_all(out)
    header, *rows = book["Suspects"]
    rec, over = header.index("Recommended forum (code)"), header.index("Override forum (code)")
    effective = {r[over] or r[rec] for r in rows}
    with routed_store.engine.connect() as conn:
        n = conn.exec_driver_sql(
            "SELECT count(*) FROM routing_decision WHERE effective_forum = 'F_UA_ABS'"
        ).scalar_one()
    assert len(rows) == n > 0 and effective == {"F_UA_ABS"}
    about = {str(r[0]): r[1] for r in book["About"] if r}
    assert (
        about["Suspects listed: only those routed to"] == "Ukrainian court in absentia (F_UA_ABS)"
    )


def _summary_regions(summary: list[list[Any]]) -> list[dict[str, Any]]:
    """The Summary's "Incidents by region" table, one dict per region row."""
    start = next(i for i, r in enumerate(summary) if r and r[0] == "Incidents by region")
    header = [str(h) for h in summary[start + 1]]
    rows = []
    for r in summary[start + 2 :]:
        if not any(v not in ("", None) for v in r):
            break
        rows.append(dict(zip(header, r, strict=False)))
    return rows


@pytest.mark.parametrize("forum", ["F_ICC", "F_UA_ABS", None])
def test_summary_counts_agree_with_suspects_sheet(
    routed_store: Store, tmp_path: Path, forum: str | None
) -> None:
    """Every involvement count in the Summary is one of the Suspects sheet's rows: with a forum
    filter, the per-region involvements add up to the suspects routed there, not to every
    involvement of the filtered incidents."""
    out = tmp_path / "summary.xlsx"
    result = export_cases(routed_store, out, CaseFilter(forum=forum))
    book = read_all(out)
    n_suspects = len(book["Suspects"]) - 1
    n_incidents = len(book["Incidents"]) - 1
    assert n_suspects == result.rows["Suspects"] > 0
    regions = _summary_regions(book["Summary"])
    assert regions
    assert sum(r["Involvements"] for r in regions) == n_suspects
    assert sum(r["Incidents"] for r in regions) == n_incidents
    total_col = book["Summary"][0].index("All involvements")
    forum_rows = [r for r in book["Summary"][1:] if r and str(r[0]).startswith("F_")]
    unrouted = [r for r in book["Summary"][1:] if r and r[0] == "" and r[1] == "Not routed"]
    assert sum(r[total_col] for r in forum_rows + unrouted) == n_suspects
    if forum:
        assert [r[0] for r in forum_rows] == [forum] and not unrouted


def test_summary_leaves_out_deleted_suspects(routed_store: Store, tmp_path: Path) -> None:
    """A deleted suspect is on no sheet, so no Summary count includes its involvements."""
    with routed_store.engine.begin() as conn:
        sid = conn.execute(select(Involvement.suspect_id).limit(1)).scalar_one()
        conn.execute(
            update(Suspect).where(Suspect.id == sid).values(deleted_at=dt.datetime(2024, 1, 1))
        )
    out = tmp_path / "summary.xlsx"
    export_cases(routed_store, out)
    book = read_all(out)
    n_suspects = len(book["Suspects"]) - 1
    assert n_suspects < _count(routed_store, Involvement.__table__)
    regions = _summary_regions(book["Summary"])
    assert sum(r["Involvements"] for r in regions) == n_suspects


EVERY_CRITERION = CaseFilter(
    crime_type="CT_WC",
    command_level="CL_1_DIRECT",
    forum="F_ICC",
    region="UA-14",
    status="ST_NEW",
    date_from=dt.date(2022, 3, 1),
    date_to=dt.date(2022, 12, 31),
    text="school",
    include_deleted=True,
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "Filter: Crime type": "War crimes (CT_WC)",
                "Filter: Command level": "Direct perpetrator (rank-and-file, NCO) (CL_1_DIRECT)",
                "Filter: Effective forum": "International Criminal Court (F_ICC)",
                "Filter: Region": "Donetsk Oblast (UA-14)",
                "Filter: Status": "New (ST_NEW)",
                "Filter: Date from": dt.date(2022, 3, 1),
                "Filter: Date to": dt.date(2022, 12, 31),
                "Filter: Text search": "school",
                "Filter: Deleted incidents included": "yes",
                "Suspects listed: only those routed to": "International Criminal Court (F_ICC)",
            },
        ),
        (
            "uk",
            {
                "Фільтр: Вид злочину": "Воєнні злочини (CT_WC)",
                "Фільтр: Рівень командування": (
                    "Безпосередній виконавець (рядовий, сержант) (CL_1_DIRECT)"
                ),
                "Фільтр: Чинний форум": "Міжнародний кримінальний суд (F_ICC)",
                "Фільтр: Регіон": "Донецька область (UA-14)",
                "Фільтр: Статус": "Нове (ST_NEW)",
                "Фільтр: Дата від": dt.date(2022, 3, 1),
                "Фільтр: Дата до": dt.date(2022, 12, 31),
                "Фільтр: Пошук у тексті": "school",
                "Фільтр: Разом із видаленими": "так",
                "Підозрювані у списку: лише скеровані до": "Міжнародний кримінальний суд (F_ICC)",
            },
        ),
    ],
)
def test_about_names_the_filter_readably(
    routed_store: Store, tmp_path: Path, lang: str, expected: dict[str, object]
) -> None:
    """A coordinator reads the filter in the export's language: names, not field keys; codes
    with their labels; dates as dates."""
    out = tmp_path / f"about-{lang}.xlsx"
    export_cases(routed_store, out, EVERY_CRITERION, lang=lang)
    about = read_all(out)["About"]
    names = [str(r[0]) for r in about[1:]]
    described = {str(r[0]): r[1] for r in about[1:] if str(r[0]) in expected}
    assert described == expected
    filter_rows = [n for n in names if ":" in n and not n.startswith(("Rows", "Рядків"))]
    assert filter_rows == list(expected)  # in the filter's own order, nothing else
    assert not [n for n in names for f in fields(CaseFilter) if n.endswith(f": {f.name}")]


def test_every_filter_criterion_has_a_readable_name() -> None:
    """A criterion added to CaseFilter must be named for the About sheet too."""
    assert list(FILTER_FIELDS) == [f.name for f in fields(CaseFilter)]
    for col in FILTER_FIELDS.values():
        assert col.en and col.uk and col.en != col.key
        if col.vocab:
            assert len(vocabularies().by_name(col.vocab)) > 0
