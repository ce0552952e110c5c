"""The workbook's sheets and columns: one table shared by export, import and the template.

Each column names the record field it carries (``key``), its kind and, for coded columns, its
vocabulary. A coded field has two columns: the code (what the import reads) and the label in
the export's language (what people read). The import also accepts a label column alone, as
in the intake template, and labels in either language wherever a code is expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache

from triage_app.domain.vocab import LANGUAGES, Term, Vocabulary, vocabularies

EXCEL_MAX_ROWS = 1_048_576
LIST_SEPARATOR = "; "
# The person-type column has no vocabulary file: the database stores a boolean.
PERSON_TYPES = Vocabulary(
    "person_types",
    (
        Term("NATURAL", "Natural person", "Фізична особа"),
        Term("LEGAL", "Legal person", "Юридична особа"),
    ),
)


class Kind(Enum):
    TEXT = "text"  # one line of text
    LONG = "long"  # long text: wrapped, wide
    UUID = "uuid"
    DATE = "date"
    DATETIME = "datetime"
    INT = "int"
    FLOAT = "float"
    CODE = "code"  # one code of ``vocab``
    LABEL = "label"  # the label of the code in the same ``key``
    CODES = "codes"  # several codes, "; "-separated
    LABELS = "labels"  # their labels


@dataclass(frozen=True)
class Column:
    key: str
    kind: Kind
    en: str
    uk: str
    width: float = 14
    vocab: str | None = None
    imported: bool = True  # read back by the import (False: derived, e.g. the route)
    template: bool = True  # offered in the intake template (never a column not imported)
    required: bool = False  # the import needs this column in the sheet

    def header(self, lang: str) -> str:
        return self.uk if lang == "uk" else self.en

    @property
    def is_label(self) -> bool:
        return self.kind in (Kind.LABEL, Kind.LABELS)


def _coded(
    key: str,
    vocab: str,
    en: str,
    uk: str,
    width: float = 24,
    *,
    many: bool = False,
    imported: bool = True,
    template: bool = True,
) -> tuple[Column, Column]:
    """The code column and the label column (the template's choice) of one coded field."""
    code_kind, label_kind = (Kind.CODES, Kind.LABELS) if many else (Kind.CODE, Kind.LABEL)
    return (
        Column(key, code_kind, f"{en} (code)", f"{uk} (код)", 16, vocab, imported, False),
        Column(key, label_kind, en, uk, width, vocab, imported, imported and template),
    )


INCIDENT_COLUMNS: tuple[Column, ...] = (
    Column("reference", Kind.TEXT, "Reference", "Номер провадження", 22, required=True),
    Column("uuid", Kind.UUID, "UUID", "UUID", 38, template=False),
    Column("date_from", Kind.DATE, "Date from", "Дата з", 12, required=True),
    Column("date_to", Kind.DATE, "Date to", "Дата по", 12),
    *_coded("date_precision", "date_precisions", "Date precision", "Точність дати", 12),
    Column("country", Kind.TEXT, "Country", "Країна", 8),
    *_coded("oblast_code", "regions", "Region", "Регіон", 24),
    Column("settlement", Kind.TEXT, "Settlement", "Населений пункт", 20),
    Column("latitude", Kind.FLOAT, "Latitude", "Широта", 10),
    Column("longitude", Kind.FLOAT, "Longitude", "Довгота", 10),
    Column("title", Kind.LONG, "Title", "Назва", 40, required=True),
    Column("description", Kind.LONG, "Description", "Опис", 60),
    Column("victims_killed", Kind.INT, "Victims killed", "Загиблі", 9),
    Column("victims_injured", Kind.INT, "Victims injured", "Поранені", 9),
    *_coded("status", "statuses", "Status", "Статус", 22),
    *_coded("crime_types", "crime_types", "Crime types", "Види злочинів", 30, many=True),
    Column("updated_at", Kind.DATETIME, "Updated at", "Оновлено", 19, template=False),
)

SUSPECT_COLUMNS: tuple[Column, ...] = (
    Column("incident_reference", Kind.TEXT, "Incident reference", "Номер провадження", 22),
    Column("incident_uuid", Kind.UUID, "Incident UUID", "UUID інциденту", 38, template=False),
    Column("uuid", Kind.UUID, "Involvement UUID", "UUID участі", 38, template=False),
    Column("suspect_uuid", Kind.UUID, "Suspect UUID", "UUID підозрюваного", 38, template=False),
    Column("name", Kind.TEXT, "Suspect", "Підозрюваний", 28, required=True),
    Column("name_latin", Kind.TEXT, "Name (Latin)", "Ім'я латиницею", 28),
    *_coded("person_type", "person_types", "Person", "Особа", 16),
    Column("rank_role", Kind.TEXT, "Rank or role", "Звання чи посада", 20),
    Column("unit", Kind.TEXT, "Unit", "Підрозділ", 24),
    *_coded("command_level", "command_levels", "Command level", "Рівень командування", 30),
    *_coded("custody", "custody", "Custody", "Тримання під вартою", 20),
    Column("nationality", Kind.TEXT, "Nationality", "Громадянство", 8),
    *_coded("mode_of_liability", "modes_of_liability", "Mode of liability", "Форма участі", 26),
    *_coded(
        "primary_forum", "forums", "Recommended forum", "Рекомендований форум", 28, imported=False
    ),
    *_coded(
        "secondary_forums",
        "forums",
        "Secondary forums",
        "Додаткові форуми",
        28,
        many=True,
        imported=False,
    ),
    *_coded("flags", "flags", "Flags", "Позначки", 40, many=True, imported=False),
    # routing outputs: exported for reading, left out of the template, ignored by the import
    Column(
        "winner",
        Kind.TEXT,
        "Winning rule",
        "Вирішальне правило",
        10,
        imported=False,
        template=False,
    ),
    Column(
        "rationale", Kind.LONG, "Rationale", "Обґрунтування", 50, imported=False, template=False
    ),
    Column(
        "basis", Kind.TEXT, "Legal basis", "Правова підстава", 20, imported=False, template=False
    ),
    # a prosecutor's decision, carried by exports; field teams' intake does not make one
    *_coded(
        "override_forum",
        "forums",
        "Override forum",
        "Форум (рішення прокурора)",
        28,
        template=False,
    ),
    Column(
        "override_reason", Kind.LONG, "Override reason", "Підстава зміни форуму", 40, template=False
    ),
)

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("incident_reference", Kind.TEXT, "Incident reference", "Номер провадження", 22),
    Column("incident_uuid", Kind.UUID, "Incident UUID", "UUID інциденту", 38, template=False),
    Column("uuid", Kind.UUID, "Evidence UUID", "UUID доказу", 38, template=False),
    *_coded("kind", "evidence_kinds", "Kind", "Вид", 22),
    Column("description", Kind.LONG, "Description", "Опис", 50),
    Column("source", Kind.TEXT, "Source", "Джерело", 20),
    Column("file_name", Kind.TEXT, "File name", "Файл", 24),
    Column("sha256", Kind.TEXT, "SHA-256", "SHA-256", 66),
    Column("custody_notes", Kind.LONG, "Custody notes", "Ланцюг зберігання", 30),
)

INCIDENTS, SUSPECTS, EVIDENCE, SUMMARY, ABOUT = (
    "Incidents",
    "Suspects",
    "Evidence",
    "Summary",
    "About",
)
DATA_SHEETS: dict[str, tuple[Column, ...]] = {
    INCIDENTS: INCIDENT_COLUMNS,
    SUSPECTS: SUSPECT_COLUMNS,
    EVIDENCE: EVIDENCE_COLUMNS,
}
_CONTINUATION = re.compile(r"^(?P<base>.+?) \((?P<n>\d+)\)$")


def continuation_title(base: str, n: int) -> str:
    """``Incidents``, then ``Incidents (2)``, ``Incidents (3)``... past Excel's row limit."""
    return base if n == 1 else f"{base} ({n})"


def data_sheet_of(title: str) -> str | None:
    """Which data sheet a workbook sheet belongs to (continuations included), or None."""
    m = _CONTINUATION.match(title)
    base = m.group("base") if m else title
    return base if base in DATA_SHEETS else None


def vocabulary(name: str) -> Vocabulary:
    return PERSON_TYPES if name == PERSON_TYPES.name else vocabularies().by_name(name)


def label(vocab: str, code: str, lang: str) -> str:
    """The label of ``code``, or the code itself when the vocabulary no longer has it."""
    voc = vocabulary(vocab)
    return voc.label(code, lang) if code in voc else code


@cache
def _lookup(vocab: str) -> dict[str, str]:
    """Code, English and Ukrainian label (case-folded) -> code."""
    out: dict[str, str] = {}
    for term in vocabulary(vocab):
        for text in (term.code, *(term.label(lang) for lang in LANGUAGES)):
            out.setdefault(text.casefold(), term.code)
    return out


def to_code(vocab: str, text: str) -> str | None:
    """The code a cell means: a code or a label in either language; None if unknown."""
    return _lookup(vocab).get(text.strip().casefold())


def to_codes(vocab: str, text: str) -> list[str]:
    """Several codes from "a; b" (labels or codes) or "CT_A CT_B"; unknown parts kept as-is."""
    out: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        code = to_code(vocab, part)
        if code is not None:
            out.append(code)
        else:
            out += [to_code(vocab, w) or w for w in re.split(r"[\s,]+", part) if w]
    return out


def headers(columns: Iterable[Column], lang: str) -> list[str]:
    return [c.header(lang) for c in columns]
