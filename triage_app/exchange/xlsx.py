"""Streaming .xlsx writing on openpyxl's write-only mode: safe text, real dates, continuation.

Text that a spreadsheet would evaluate (a leading ``=``, ``+``, ``-``, ``@``, tab or carriage
return) is written as a string cell with the quote prefix, never as a formula (openpyxl
turns every str starting with ``=`` into one). A sheet that reaches Excel's row limit
continues in ``Name (2)``. The workbook is saved to a temporary file in the target folder and
renamed into place, so a crash or a cancel never leaves a half file under the final name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS

from triage_app.exchange.columns import EXCEL_MAX_ROWS, continuation_title

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_TEXT = 32_767
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)


def clean_text(value: str) -> str:
    """Drop the control characters XML cannot carry and cut at Excel's cell limit."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value[:EXCEL_MAX_TEXT]


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


@dataclass(frozen=True)
class ColumnFormat:
    header: str
    width: float
    wrap: bool = False
    number_format: str | None = None  # dates


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:  # a bare CR would be read back as LF (XML end-of-line handling)
        text = text.replace("\r", "&#13;")
    return text


class _RowWriter(WorksheetWriter):  # type: ignore[misc]
    """Writes rows that ``SheetWriter`` already serialised (one XML string per row)."""

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        write = getattr(xf, "_file", None)  # et_xmlfile's text sink
        if write is not None:
            write(row[0])
        else:  # lxml's xmlfile (OPENPYXL_LXML set by the user): slower but the same XML
            from lxml import etree

            xf.write(etree.fromstring(row[0].replace("<row ", f'<row xmlns="{SHEET_MAIN_NS}" ', 1)))


class _RawSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet whose appended rows are XML strings (see ``SheetWriter``)."""

    def _get_writer(self) -> None:
        if self._writer is None:  # type: ignore[has-type]
            writer = _RowWriter(self)
            writer.write_top()
            self._writer = writer

    def _values_to_row(self, values: Any, row_idx: int) -> Any:
        return values


class SheetWriter:
    """Appends rows to a sheet and its continuations; every str cell is text, never a formula.

    openpyxl builds the workbook (styles, widths, frozen header, autofilter, zip), but the
    cells of a row are serialised here by string formatting: openpyxl's per-cell element
    writer took ~8 µs a cell, 4x this (docs/PERFORMANCE.md).
    """

    def __init__(
        self,
        wb: Workbook,
        title: str,
        columns: Sequence[ColumnFormat],
        max_rows: int = EXCEL_MAX_ROWS,
        autofilter: bool = True,
        expected_rows: int | None = None,
    ) -> None:
        if max_rows < 2:
            raise ValueError("a sheet needs room for the header and one row")
        self.wb, self.title, self.columns = wb, title, list(columns)
        self.max_rows, self.autofilter = max_rows, autofilter
        # Known in advance, the size goes in each part's <dimension>: without it a reader
        # such as openpyxl's read-only mode parses the whole sheet once just to size it.
        self.expected_rows = expected_rows
        self.sheets: list[_RawSheet] = []
        self.rows = 0  # data rows written, all parts
        self._in_sheet = 0  # rows (header included) in the current part
        self._letters = [get_column_letter(i) for i in range(1, len(self.columns) + 1)]
        self._new_sheet()

    @property
    def titles(self) -> list[str]:
        return [ws.title for ws in self.sheets]

    def _style(self, ws: _RawSheet, **attrs: Any) -> str:
        """`` s="N"`` for a cell style registered in the workbook (``""`` for the default)."""
        cell = WriteOnlyCell(ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return f' s="{cell.style_id}"' if cell.has_style else ""

    def _new_sheet(self) -> None:
        self._finish_sheet()
        ws = _RawSheet(self.wb, continuation_title(self.title, len(self.sheets) + 1))
        if self.expected_rows is not None:
            part = 1 + min(self.max_rows - 1, self.expected_rows - self.rows)
            ref = f"A1:{self._letters[-1]}{part}"
            ws.calculate_dimension = lambda: ref  # read by openpyxl's writer (write_top)
        self.wb._add_sheet(ws)
        for letter, col in zip(self._letters, self.columns, strict=True):
            ws.column_dimensions[letter].width = col.width
        ws.freeze_panes = "A2"
        self._plain: list[str] = []
        self._quoted: list[str] = []
        for col in self.columns:
            align = WRAP if col.wrap else TOP
            fmt = {"number_format": col.number_format} if col.number_format else {}
            self._plain.append(self._style(ws, alignment=align, **fmt))
            self._quoted.append(self._style(ws, alignment=align, quotePrefix=True))
        self._date = self._style(ws, number_format=DATE_FORMAT)
        self._datetime = self._style(ws, number_format=DATETIME_FORMAT)
        bold = self._style(ws, font=BOLD)
        self.sheets.append(ws)
        self._ws = ws
        self._in_sheet = 0
        self._append([c.header for c in self.columns], header=bold)

    def _finish_sheet(self) -> None:
        if self.sheets and self.autofilter:
            last = self._letters[-1]
            self.sheets[-1].auto_filter.ref = f"A1:{last}{self._in_sheet}"

    def append(self, values: Sequence[object]) -> None:
        if self._in_sheet >= self.max_rows:
            self._new_sheet()
        self._append(values)
        self.rows += 1

    def _append(self, values: Sequence[object], header: str | None = None) -> None:
        n = self._in_sheet + 1
        parts = [f'<row r="{n}">']
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{self._letters[i]}{n}"
            style = self._plain[i] if header is None else header
            if isinstance(value, str):
                value = clean_text(value)
                if is_formula_like(value):
                    style = self._quoted[i]
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(
                    f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
                )
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                parts.append(f'<c r="{ref}"{style}><v>{value!r}</v></c>')
            elif isinstance(value, dt.date):
                if not self.columns[i].number_format:
                    style = self._datetime if isinstance(value, dt.datetime) else self._date
                parts.append(f'<c r="{ref}"{style}><v>{to_excel(value)!r}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
        parts.append("</row>")
        self._ws.append(("".join(parts),))
        self._in_sheet = n

    def close(self) -> None:
        if self.expected_rows is not None and self.rows != self.expected_rows:
            raise RuntimeError(
                f"{self.title}: {self.rows} rows written, {self.expected_rows} expected"
            )
        self._finish_sheet()


def small_sheet(
    wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """A small sheet (Summary, About) through the same safe writer; the first column is wide."""
    width = max([len(header), *(len(r) for r in rows)])
    names = [*header, *([""] * (width - len(header)))]
    cols = [ColumnFormat(h, 40 if i == 0 else 16) for i, h in enumerate(names)]
    w = SheetWriter(wb, title, cols, autofilter=False)
    for r in rows:
        w.append([*r, *([None] * (width - len(r)))])
    w.close()


def discard(wb: Workbook) -> None:
    """Close a write-only workbook's sheets and remove their temporary files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        rows = getattr(ws, "_rows", None)
        with contextlib.suppress(Exception):
            if rows is not None:
                rows.close()  # ends sheetData while the file is still open
            writer.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path``; renamed onto ``path`` only if the block succeeds."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def as_excel_datetime(value: dt.datetime | None) -> dt.datetime | None:
    """Whole seconds: Excel keeps about a millisecond, so a round trip stays identical."""
    return None if value is None else value.replace(microsecond=0)
