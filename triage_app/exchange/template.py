"""The intake template for field teams: the importable columns, drop-downs, instructions.

Coded columns offer the vocabulary's labels in the chosen language (a hidden ``Lists`` sheet
holds them); the import accepts those labels, codes, or labels in the other language.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from triage_app.domain.records import EARLIEST
from triage_app.domain.vocab import alphabetical_key
from triage_app.exchange.columns import DATA_SHEETS, Column, Kind, vocabulary
from triage_app.exchange.xlsx import DATE_FORMAT, atomic_path

ROWS = 5_000  # rows that carry the drop-downs and formats
LISTS = "Lists"

_INSTRUCTIONS = {
    "en": (
        "Instructions",
        [
            "Triage intake template",
            "",
            "1. Fill in one row per incident on the Incidents sheet. Reference, date from, "
            "title and at least one crime type are required.",
            "2. On the Suspects sheet, one row per suspect in an incident. Write the incident's "
            "reference in the first column so the row is linked to it.",
            "3. On the Evidence sheet, one row per evidence item, linked the same way.",
            "4. Pick coded values from the drop-down lists. For several crime types, separate "
            "them with a semicolon (;), e.g. 'War crimes; Crimes against humanity'.",
            "5. Dates as dates (YYYY-MM-DD or DD.MM.YYYY). Numbers as numbers.",
            "6. Empty cells take the defaults: country UA, date precision Day, status New, "
            "custody Unknown, mode of liability Unknown. A row whose reference is already in "
            "the database updates that incident: filled cells replace what is stored, empty "
            "cells keep it.",
            "7. Save as .xlsx and import it: File > Import in the app, or "
            "'triage-app import FILE.xlsx' (add --dry-run to only check it).",
            "",
            "Nothing is imported if any row has a problem. The app then lists every problem "
            "(sheet, row, column, value, reason) and saves them next to your file in "
            "FILE.import-report.csv (for intake.xlsx: intake.import-report.csv). Correct "
            "those cells and import again.",
            "",
            "Required columns are marked with *.",
        ],
    ),
    "uk": (
        "Інструкція",
        [
            "Шаблон для внесення даних Triage",
            "",
            "1. На аркуші Incidents заповніть один рядок на кожен інцидент. Обов'язкові: номер "
            "провадження, дата початку, назва і щонайменше один вид злочину.",
            "2. На аркуші Suspects — один рядок на кожного підозрюваного в інциденті. У першій "
            "колонці вкажіть номер провадження інциденту, щоб пов'язати рядок з ним.",
            "3. На аркуші Evidence — один рядок на кожен доказ, пов'язаний так само.",
            "4. Кодовані значення вибирайте зі списків. Кілька видів злочинів розділяйте крапкою "
            "з комою (;), наприклад «Воєнні злочини; Злочини проти людяності».",
            "5. Дати — як дати (РРРР-ММ-ДД або ДД.ММ.РРРР). Числа — як числа.",
            "6. Порожні клітинки отримують типові значення: країна UA, точність дати День, "
            "статус Нове, тримання під вартою Невідомо, форма участі Невідомо. Рядок із номером "
            "провадження, що вже є в базі, оновлює цей інцидент: заповнені клітинки замінюють "
            "збережене, порожні — залишають його без змін.",
            "7. Збережіть файл як .xlsx та імпортуйте: Файл > Імпорт у програмі або "
            "'triage-app import FILE.xlsx' (з --dry-run — лише перевірка).",
            "",
            "Якщо хоч один рядок містить помилку, нічого не імпортується. Програма покаже всі "
            "помилки (аркуш, рядок, колонка, значення, причина) і збереже їх у файл "
            "FILE.import-report.csv поруч із вашим файлом (для intake.xlsx — "
            "intake.import-report.csv). Виправте ці клітинки й імпортуйте знову.",
            "",
            "Обов'язкові колонки позначено *.",
        ],
    ),
}
_MULTI_HINT = {
    "en": "Pick from the list; separate several with ;",
    "uk": "Виберіть зі списку; кілька значень розділяйте ;",
}
REQUIRED_MARK = " *"
_REQUIRED_FOR_RECORD = {
    "reference",
    "date_from",
    "title",
    "crime_types",
    "name",
    "command_level",
    "kind",
    "incident_reference",
}


def template_columns(sheet: str) -> list[Column]:
    """What field teams fill in: importable columns only (no routing outputs)."""
    return [c for c in DATA_SHEETS[sheet] if c.template and c.imported]


ALPHABETICAL = {"regions"}  # other lists keep the vocabulary's order (e.g. rank)


def _lists_sheet(wb: Workbook, lang: str) -> dict[str, str]:
    """Write every needed vocabulary's labels; vocabulary -> range formula for a drop-down."""
    ws = wb.create_sheet(LISTS)
    ranges: dict[str, str] = {}
    names = sorted({c.vocab for sheet in DATA_SHEETS for c in template_columns(sheet) if c.vocab})
    for i, name in enumerate(names, start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=name)
        labels = [t.label(lang) for t in vocabulary(name)]
        if name in ALPHABETICAL:  # a long list without an order of its own
            labels.sort(key=alphabetical_key)
        for r, text in enumerate(labels, start=2):
            ws.cell(row=r, column=i, value=text).data_type = "s"
        ranges[name] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(labels) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _validation(col: Column, lang: str, ranges: dict[str, str]) -> DataValidation | None:
    if col.vocab:
        dv = DataValidation(type="list", formula1=ranges[col.vocab], allow_blank=True)
        if col.kind is Kind.LABELS:
            dv.errorStyle = "warning"  # several values typed by hand are allowed
            dv.error = dv.prompt = _MULTI_HINT[lang]
            dv.showInputMessage = True
        return dv
    if col.kind is Kind.DATE:
        return DataValidation(
            type="date",
            operator="greaterThanOrEqual",
            formula1=f"DATE({EARLIEST.year},{EARLIEST.month},{EARLIEST.day})",
            allow_blank=True,
        )
    if col.kind is Kind.INT:
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
    if col.kind is Kind.FLOAT:
        lim = "90" if col.key == "latitude" else "180"
        return DataValidation(
            type="decimal", operator="between", formula1=f"-{lim}", formula2=lim, allow_blank=True
        )
    return None


def _data_sheet(wb: Workbook, sheet: str, lang: str, ranges: dict[str, str]) -> None:
    ws: Worksheet = wb.create_sheet(sheet)
    columns = template_columns(sheet)
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        header = col.header(lang) + (REQUIRED_MARK if col.key in _REQUIRED_FOR_RECORD else "")
        cell = ws.cell(row=1, column=i, value=header)
        cell.font = Font(bold=True)
        ws.column_dimensions[letter].width = col.width
        if col.kind is Kind.DATE:
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if col.kind is Kind.LONG:
            ws.column_dimensions[letter].alignment = Alignment(wrap_text=True, vertical="top")
        dv = _validation(col, lang, ranges)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"


def write_template_workbook(path: Path, lang: str) -> None:
    """Instructions, Incidents, Suspects, Evidence and the hidden Lists sheet, atomically."""
    wb = Workbook()
    title, lines = _INSTRUCTIONS[lang]
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.column_dimensions["A"].width = 110
    for r, text in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1:
            cell.font = Font(bold=True, size=14)
    ranges = _lists_sheet(wb, lang)
    for sheet in DATA_SHEETS:
        _data_sheet(wb, sheet, lang, ranges)
    wb.move_sheet(LISTS, offset=len(wb.sheetnames))
    with atomic_path(path) as tmp:
        wb.save(tmp)
