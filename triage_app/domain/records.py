"""Incident, suspect and evidence records as plain values, and their validation.

The same validators serve the editor (errors shown next to the field), the Excel import
(errors listed by sheet, row and column) and the bundle merge. Each problem names its field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from triage_app.domain.vocab import vocabularies

TITLE_MAX = 300
REFERENCE_MAX = 64
NAME_MAX = 200
SHORT_MAX = 200
DESCRIPTION_MAX = 20_000
NOTES_MAX = 5_000
VICTIMS_MAX = 1_000_000
EARLIEST = dt.date(2013, 11, 21)  # ICC jurisdiction for Ukraine starts here (art 12(3))

_COUNTRY = re.compile(r"[A-Z]{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
CUSTODY_CODES = ("UA", "THIRD_STATE", "NONE")  # None = unknown


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: its name (as in the record), the value and what is wrong."""

    field: str
    message: str
    value: object = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RecordError(ValueError):
    """A record failed validation; ``problems`` names every bad field."""

    def __init__(self, what: str, problems: Iterable[FieldProblem]) -> None:
        self.what = what
        self.problems = tuple(problems)
        super().__init__(f"{what}: " + "; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class IncidentRecord:
    reference: str
    title: str
    date_from: dt.date | None
    date_to: dt.date | None = None
    date_precision: str = "DAY"
    country: str = "UA"
    oblast_code: str | None = None
    settlement: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    description: str = ""
    victims_killed: int = 0
    victims_injured: int = 0
    status: str = "ST_NEW"
    crime_types: tuple[str, ...] = ()
    uuid: str | None = None


@dataclass(frozen=True)
class SuspectRecord:
    name: str
    command_level: str
    is_legal_person: bool = False
    name_latin: str | None = None
    rank_role: str | None = None
    unit: str | None = None
    nationality: str | None = None
    custody: str | None = None
    uuid: str | None = None


@dataclass(frozen=True)
class InvolvementRecord:
    suspect: SuspectRecord
    mode_of_liability: str = "ML_UNKNOWN"
    uuid: str | None = None


@dataclass(frozen=True)
class EvidenceRecord:
    kind: str
    description: str = ""
    source: str | None = None
    file_name: str | None = None
    sha256: str | None = None
    custody_notes: str | None = None
    uuid: str | None = None


def _stored_fields(cls: type, *leave_out: str) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in ("uuid", *leave_out))


# The columns each record maps to one to one (crime types and UUIDs are handled apart);
# shared by the editor's service, the Excel import and the bundle merge.
INCIDENT_FIELDS = _stored_fields(IncidentRecord, "crime_types")
SUSPECT_FIELDS = _stored_fields(SuspectRecord)
EVIDENCE_FIELDS = _stored_fields(EvidenceRecord)


@dataclass
class _Checker:
    problems: list[FieldProblem] = field(default_factory=list)

    def add(self, name: str, message: str, value: object = None) -> None:
        self.problems.append(FieldProblem(name, message, value))

    def text(self, name: str, value: object, limit: int, required: bool = False) -> None:
        if value is None or value == "":
            if required:
                self.add(name, "is required", value)
            return
        if not isinstance(value, str):
            self.add(name, "must be text", value)
        elif required and not value.strip():
            self.add(name, "is required", value)
        elif len(value) > limit:
            self.add(name, f"is too long ({len(value)} characters; at most {limit})", value)

    def code(self, name: str, value: object, vocab_name: str, required: bool = True) -> None:
        if value is None or value == "":
            if required:
                self.add(name, "is required", value)
            return
        if value not in vocabularies().by_name(vocab_name):
            self.add(name, f"unknown code {value!r}", value)

    def count(self, name: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(name, "must be a whole number", value)
        elif not 0 <= value <= VICTIMS_MAX:
            self.add(name, f"must be between 0 and {VICTIMS_MAX:,}", value)

    def country(self, name: str, value: object, required: bool = False) -> None:
        if value is None or value == "":
            if required:
                self.add(name, "is required", value)
            return
        if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
            self.add(name, "must be a two-letter upper-case ISO country code", value)


def _is_date(value: object) -> bool:
    """A calendar date (a datetime is not one: it would not compare with dates)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def incident_problems(r: IncidentRecord, today: dt.date | None = None) -> list[FieldProblem]:
    c = _Checker()
    today = today or dt.date.today()
    c.text("reference", r.reference, REFERENCE_MAX, required=True)
    c.text("title", r.title, TITLE_MAX, required=True)
    c.text("description", r.description, DESCRIPTION_MAX)
    c.text("settlement", r.settlement, SHORT_MAX)
    if r.date_from is None:
        c.add("date_from", "is required")
    elif not _is_date(r.date_from):
        c.add("date_from", "must be a date", r.date_from)
    elif not EARLIEST <= r.date_from <= today:
        c.add("date_from", f"must be between {EARLIEST} and today", r.date_from)
    if r.date_to is not None:
        if not _is_date(r.date_to):
            c.add("date_to", "must be a date", r.date_to)
        elif _is_date(r.date_from) and r.date_to < r.date_from:
            c.add("date_to", "must not be before the start date", r.date_to)
        elif r.date_to > today:
            c.add("date_to", "must not be in the future", r.date_to)
    c.code("date_precision", r.date_precision, "date_precisions")
    c.country("country", r.country, required=True)
    if r.oblast_code:
        c.code("oblast_code", r.oblast_code, "regions")
        if r.country and r.country != "UA":
            c.add("oblast_code", "a Ukrainian region needs country UA", r.oblast_code)
    for name, value, lo, hi in (
        ("latitude", r.latitude, -90, 90),
        ("longitude", r.longitude, -180, 180),
    ):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            c.add(name, "must be a number", value)
        elif not lo <= value <= hi:
            c.add(name, f"must be between {lo} and {hi}", value)
    if (r.latitude is None) != (r.longitude is None):
        c.add(
            "longitude" if r.longitude is None else "latitude", "give both coordinates or neither"
        )
    c.count("victims_killed", r.victims_killed)
    c.count("victims_injured", r.victims_injured)
    c.code("status", r.status, "statuses")
    if not r.crime_types:
        c.add("crime_types", "tag at least one crime type")
    for ct in r.crime_types:
        c.code("crime_types", ct, "crime_types")
    return c.problems


def suspect_problems(r: SuspectRecord) -> list[FieldProblem]:
    c = _Checker()
    c.text("name", r.name, NAME_MAX, required=True)
    c.text("name_latin", r.name_latin, NAME_MAX)
    c.text("rank_role", r.rank_role, SHORT_MAX)
    c.text("unit", r.unit, SHORT_MAX)
    c.code("command_level", r.command_level, "command_levels")
    if not isinstance(r.is_legal_person, bool):
        c.add("is_legal_person", "must be yes or no", r.is_legal_person)
    elif (r.command_level == "CL_LP") != r.is_legal_person:
        c.add(
            "command_level",
            "a legal person has level CL_LP, and only a legal person",
            r.command_level,
        )
    c.country("nationality", r.nationality)
    if r.custody is not None and r.custody not in CUSTODY_CODES:
        c.add("custody", f"must be one of {', '.join(CUSTODY_CODES)} or empty (unknown)", r.custody)
    return c.problems


def evidence_problems(r: EvidenceRecord) -> list[FieldProblem]:
    c = _Checker()
    c.code("kind", r.kind, "evidence_kinds")
    c.text("description", r.description, DESCRIPTION_MAX)
    c.text("source", r.source, SHORT_MAX)
    c.text("file_name", r.file_name, SHORT_MAX)
    c.text("custody_notes", r.custody_notes, NOTES_MAX)
    if r.sha256 is not None and (not isinstance(r.sha256, str) or not _SHA256.fullmatch(r.sha256)):
        c.add("sha256", "must be 64 lower-case hexadecimal characters", r.sha256)
    return c.problems


def involvement_problems(r: InvolvementRecord) -> list[FieldProblem]:
    c = _Checker()
    c.code("mode_of_liability", r.mode_of_liability, "modes_of_liability")
    return c.problems + [
        FieldProblem(f"suspect.{p.field}", p.message, p.value) for p in suspect_problems(r.suspect)
    ]


def check_incident(r: IncidentRecord) -> IncidentRecord:
    if problems := incident_problems(r):
        raise RecordError("incident", problems)
    return r
