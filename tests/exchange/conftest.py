"""Fixtures for the Excel exchange tests: a routed demo database and workbook helpers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from triage_app.services.routing import route_all
from triage_app.services.store import Store, open_store


@pytest.fixture
def routed_store(demo_store: Store) -> Store:
    """The 300-incident demo database, routed."""
    route_all(demo_store)
    return demo_store


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "empty.db"), actor="importer")
    yield s
    s.dispose()


def read_all(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, read by an independent reader (python-calamine)."""
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def edit_book(
    path: Path, out: Path, edits: Mapping[tuple[int, str], Any], sheet: str = "Incidents"
) -> Path:
    """A copy of a workbook at ``out`` with cells set by (row, column header); None clears."""
    wb = load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for (row, column), value in edits.items():
        ws.cell(row=row, column=header.index(column) + 1).value = value
    wb.save(out)
    return out


def write_book(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """A plain workbook from rows (the first row of each sheet is its header)."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path
