"""The intake template: drop-downs for coded columns, instructions in the chosen language, and
a filled-in template imports (labels in either language are accepted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from triage_app.db.models import RoutingDecision
from triage_app.domain.vocab import vocabularies
from triage_app.exchange.template import LISTS, REQUIRED_MARK, template_columns
from triage_app.services.exchange import import_workbook, write_template
from triage_app.services.store import Store


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_template_sheets_and_dropdowns(tmp_path: Path, lang: str) -> None:
    path = write_template(tmp_path / "intake.xlsx", lang)
    wb = load_workbook(path)
    instructions = "Instructions" if lang == "en" else "Інструкція"
    assert wb.sheetnames == [instructions, "Incidents", "Suspects", "Evidence", LISTS]
    assert wb[LISTS].sheet_state == "hidden"
    assert ("Шаблон" in wb[instructions]["A1"].value) == (lang == "uk")
    for sheet in ("Incidents", "Suspects", "Evidence"):
        ws = wb[sheet]
        header = [c.value.removesuffix(REQUIRED_MARK) for c in ws[1]]
        columns = template_columns(sheet)
        assert header == [c.header(lang) for c in columns]
        listed = {
            str(dv.sqref).split(":")[0].rstrip("0123456789")
            for dv in ws.data_validations.dataValidation
            if dv.type == "list"
        }
        coded = {
            ws.cell(row=1, column=i + 1).column_letter for i, c in enumerate(columns) if c.vocab
        }
        assert coded and coded == listed
    listed_labels = {c.value for col in wb[LISTS].iter_cols() for c in col}
    assert vocabularies().regions.label("UA-14", lang) in listed_labels


def test_filled_template_imports(store: Store, tmp_path: Path) -> None:
    path = write_template(tmp_path / "intake.xlsx", "uk")
    wb = load_workbook(path)
    inc, sus, evi = wb["Incidents"], wb["Suspects"], wb["Evidence"]
    cols = {s: [c.value.removesuffix(REQUIRED_MARK) for c in wb[s][1]] for s in wb.sheetnames[1:4]}

    def put(ws, sheet: str, row: int, values: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
        for header, value in values.items():
            ws.cell(row=row, column=cols[sheet].index(header) + 1, value=value)

    put(
        inc,
        "Incidents",
        2,
        {
            "Номер провадження": "12023140000001",
            "Дата з": dt.date(2023, 5, 2),
            "Назва": "Обстріл школи",
            "Регіон": "Донецька область",
            "Види злочинів": "Воєнні злочини; Crimes against humanity",
            "Загиблі": 3,
        },
    )
    put(
        sus,
        "Suspects",
        2,
        {
            "Номер провадження": "12023140000001",
            "Підозрюваний": "Петро Іваненко",
            "Рівень командування": vocabularies().command_levels.label("CL_3_FIELD", "uk"),
            "Тримання під вартою": "На волі",
            "Громадянство": "RU",
        },
    )
    put(evi, "Evidence", 2, {"Номер провадження": "12023140000001", "Вид": "Відео"})
    wb.save(path)
    result = import_workbook(store, path)
    assert result.ok, [p.line() for p in result.problems]
    assert result.created == {"incident": 1, "suspect": 1, "involvement": 1, "evidence": 1}
    assert result.routed == 1
    with store.engine.connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(RoutingDecision.__table__)).scalar_one()
            == 1
        )


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_template_leaves_routing_outputs_out(tmp_path: Path, lang: str) -> None:
    from triage_app.exchange.columns import SUSPECT_COLUMNS

    path = write_template(tmp_path / "intake.xlsx", lang)
    header = {c.value.removesuffix(REQUIRED_MARK) for c in load_workbook(path)["Suspects"][1]}
    outputs = [c for c in SUSPECT_COLUMNS if not c.imported]
    assert {c.key for c in outputs} >= {"winner", "rationale", "basis", "primary_forum"}
    assert not header & {c.header(lang) for c in outputs}
    assert not header & {c.header(lang) for c in SUSPECT_COLUMNS if c.key == "override_forum"}


def test_region_drop_down_is_in_alphabetical_order(tmp_path: Path) -> None:
    """The Ukrainian region list follows the Ukrainian alphabet (Unicode puts і, ї, є, ґ out
    of place), not the order of the region codes; a list with an order of its own (command
    levels, by rank) keeps it."""
    from python_calamine import CalamineWorkbook

    path = write_template(tmp_path / "uk.xlsx", "uk")
    lists = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(LISTS).to_python()
    column = {str(name): i for i, name in enumerate(lists[0])}
    regions = [r[column["regions"]] for r in lists[1:] if r[column["regions"]]]
    assert len(regions) == len(vocabularies().regions)
    at = regions.index
    assert at("Запорізька область") < at("Івано-Франківська область") < at("Київська область")
    assert at("Дніпропетровська область") < at("Луганська область")  # codes: UA-12 > UA-09
    levels = [r[column["command_levels"]] for r in lists[1:] if r[column["command_levels"]]]
    assert levels == [t.label("uk") for t in vocabularies().command_levels]
