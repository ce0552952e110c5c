"""Rows of a read-only worksheet as values, with formulas that have no calculated value marked.

openpyxl's ``iter_rows(values_only=True)`` on a workbook loaded with ``data_only=True`` gives a
formula's cached value -- what Excel or LibreOffice showed when they saved the file -- and
``None`` when there is none (a file written by a script). An import would then take
``=UPPER("Ізюм")`` for an empty cell and clear what the database holds. ``rows`` gives the
cached value where there is one (what the user saw), an ``Uncalculated`` marker where there
is not, and an ``ErrorValue`` for a cell holding an error such as #N/A, so the importer can
name the cell instead of erasing anything or storing "#N/A" as text.

It walks the sheet with openpyxl's own parser (one subclass method) the way
``ReadOnlyWorksheet.iter_rows`` does; ``tests/exchange/test_sheet_reader.py`` checks that both
agree on a sheet with gaps, dates and shared strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell whose value was never calculated and saved."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class ErrorValue:
    """A cell holding an error (#N/A, #DIV/0!, #NAME?...), usually a formula's result."""

    code: str

    def __str__(self) -> str:
        return self.code


class _Parser(WorkSheetParser):  # type: ignore[misc]
    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["data_type"] == "e":
            cell["value"] = ErrorValue(str(cell["value"]))
        elif cell["value"] is None and element.get("t") != "str":
            # Excel and LibreOffice mark a text result t="str" (an empty one too); a formula
            # without that and without a value was never calculated (openpyxl writes <v/>)
            formula = element.find(FORMULA_TAG)
            if formula is not None:  # a shared formula's other cells carry no text
                text = formula.text or ("(shared formula)" if formula.get("t") else "")
                cell["value"] = Uncalculated("=" + text)
        return cell


def rows(ws: Any) -> Iterator[tuple[Any, ...]]:
    """Every row of the read-only worksheet ``ws`` (of a workbook loaded with
    ``data_only=True``) as a tuple of values, empty rows included, like
    ``ws.iter_rows(values_only=True)``."""
    wb = ws.parent
    counter = 1
    with ws._get_source() as src:
        parser = _Parser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for idx, cells in parser.parse():
            for _ in range(counter, idx):  # rows missing from the file: empty
                counter += 1
                yield ()
            if counter <= idx:
                counter += 1
                yield tuple(ws._get_row(cells, values_only=True))
