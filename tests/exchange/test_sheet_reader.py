"""The importer's row reader agrees with openpyxl's iter_rows, and marks formulas that have no
calculated value instead of reading them as empty cells."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl import Workbook, load_workbook

from triage_app.exchange.sheet_reader import ErrorValue, Uncalculated, rows


def _trimmed(row: tuple[Any, ...]) -> tuple[Any, ...]:
    out = list(row)
    while out and out[-1] is None:
        out.pop()
    return tuple(out)


def _both(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    ours = [_trimmed(r) for r in rows(ws)]
    theirs = [_trimmed(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return ours, theirs


def test_agrees_with_iter_rows_on_shared_strings_dates_and_gaps(tmp_path: Path) -> None:
    path = tmp_path / "excel-like.xlsx"  # xlsxwriter writes shared strings, as Excel does
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Incidents")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["Reference", "Date from", "Title", "Victims killed"])
    ws.write_string(1, 0, "REF-1")
    ws.write_datetime(1, 1, dt.datetime(2024, 3, 2), day)
    ws.write_string(1, 2, "Обстріл школи")
    ws.write_number(1, 3, 4)
    ws.write_string(4, 0, "REF-2")  # rows 3 and 4 are missing from the file
    ws.write_string(4, 2, "=not a formula, text")
    ws.write_formula(5, 2, '=UPPER("ізюм")', None, "ІЗЮМ")  # saved with its value
    wb.close()
    ours, theirs = _both(path)
    assert ours == theirs
    assert ours[1] == ("REF-1", dt.datetime(2024, 3, 2), "Обстріл школи", 4)
    assert ours[2] == ours[3] == ()
    assert ours[4] == ("REF-2", None, "=not a formula, text")
    assert ours[5] == (None, None, "ІЗЮМ")  # what the user saw


def test_a_formula_never_calculated_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "scripted.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Reference", "Settlement"])
    ws.append(["REF-1", '=UPPER("Ізюм")'])  # openpyxl saves formulas without a value
    wb.save(path)
    ours, theirs = _both(path)
    assert theirs[1] == ("REF-1",)  # iter_rows: as if the cell were empty
    assert ours[1] == ("REF-1", Uncalculated('=UPPER("Ізюм")'))


def test_error_values_are_marked_and_an_empty_result_is_empty(tmp_path: Path) -> None:
    """'=NA()' saved as #N/A must not be imported as the text "#N/A"; a formula whose saved
    result is an empty string is an empty cell, not an uncalculated one."""
    path = tmp_path / "calculated.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Incidents")
    ws.write_row(0, 0, ["Reference", "Settlement", "Description"])
    ws.write_string(1, 0, "REF-1")
    ws.write_formula(1, 1, "=NA()", None, "#N/A")
    ws.write_formula(1, 2, '=IF(1=2,"x","")', None, "")
    wb.close()
    # Excel and LibreOffice mark a text result (here: empty) t="str"; xlsxwriter does not
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b'<c r="C2">', b'<c r="C2" t="str">')
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    ours, theirs = _both(path)
    assert theirs[1] == ("REF-1", "#N/A")
    assert ours[1] == ("REF-1", ErrorValue("#N/A"))
