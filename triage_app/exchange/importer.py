"""Import a workbook (an export of this app or the intake template): validate, then write.

Pass 1 streams every row (openpyxl read-only), converts the cells, validates each record with
the same validators as the editor (``domain.records``), checks references between sheets and
against the database, and spools the valid rows to a temporary file. Pass 2, only when there
were no problems at all, writes the spool in one transaction with bulk executemany: records
with a known UUID are updated, the others created. Memory holds neither the rows nor their
keys: the keys (UUIDs, references, outcomes) go to a temporary SQLite file, looked up and
written a batch at a time, so memory stays flat however long the file is.

Rows without a UUID (the intake template) are matched in pass 1 so that importing the same
file twice duplicates nothing: an incident by its reference (exactly one live incident), a
suspect by name and command level among those of its incident, an evidence item by kind,
description, file name and SHA-256 among its incident's. A dry run runs pass 2 without
writing, so it reports the same created/updated/unchanged counts as the import.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import pickle
import re
import sqlite3
import tempfile
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from zipfile import BadZipFile

from openpyxl import load_workbook

from triage_app.db import import_store as store
from triage_app.db.audit import append_audit_items
from triage_app.db.bulk import padded, to_db_datetime
from triage_app.db.fts import fts_bulk_load
from triage_app.db.queries import max_ids
from triage_app.db.types import Connection, Engine
from triage_app.domain.records import (
    INCIDENT_FIELDS,
    SUSPECT_FIELDS,
    EvidenceRecord,
    FieldProblem,
    IncidentRecord,
    SuspectRecord,
    evidence_problems,
    incident_problems,
    suspect_problems,
)
from triage_app.domain.vocab import LANGUAGES, vocabularies
from triage_app.exchange.columns import (
    DATA_SHEETS,
    EVIDENCE,
    INCIDENTS,
    SUSPECTS,
    Column,
    Kind,
    data_sheet_of,
    to_code,
    to_codes,
    vocabulary,
)
from triage_app.exchange.sheet_reader import ErrorValue, Uncalculated
from triage_app.exchange.sheet_reader import rows as sheet_rows

Progress = Callable[[int, int], bool]
BATCH = 5_000  # rows per spool batch and per IN (...) lookup
OVERRIDE_REASON_MAX = 2_000
KEPT_PROBLEMS = 1_000
REPORT_HEADER = ("sheet", "row", "column", "value", "reason")

EVIDENCE_FIELDS = ("kind", "description", "source", "file_name", "sha256", "custody_notes")
KINDS = ("incident", "suspect", "involvement", "evidence")


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


class WorkbookError(ValueError):
    """The file is not a workbook this import can read; the message says why."""


@dataclass(frozen=True)
class Problem:
    """One invalid cell (or missing column): where it is and what is wrong."""

    sheet: str
    row: int
    column: str
    value: str
    reason: str

    def as_row(self) -> tuple[str, str, str, str, str]:
        return (self.sheet, str(self.row), self.column, self.value, self.reason)

    def line(self) -> str:
        """``sheet,row,column,value,reason`` as one CSV line."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(self.as_row())
        return buf.getvalue()


# -- reading cells -----------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_NOT_PARSED = object()


def _text(raw: object) -> object:
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw if raw.strip() else None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a reference typed as a number
    if isinstance(raw, int | float):
        return str(raw)
    return raw  # a date in a text column: the validator says "must be text"


def _date(raw: object) -> object:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        s = raw.strip()
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(s)
        if m := _DMY.fullmatch(s):
            with contextlib.suppress(ValueError):
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
    return raw


def _int(raw: object) -> object:
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*", raw):
        return int(raw)
    return raw


def _float(raw: object) -> object:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, str):
        with contextlib.suppress(ValueError):
            return float(raw.strip().replace(",", "."))
    return raw


def convert(col: Column, raw: object) -> object:
    """A cell as the record field wants it; what cannot be converted passes through as it is,
    so the shared validators name the problem (e.g. "must be a date"). A formula without a
    value is None here: ``_Reader.values`` reports it."""
    if _blank_cell(raw) or isinstance(raw, Uncalculated | ErrorValue):
        return None
    kind = col.kind
    if kind in (Kind.TEXT, Kind.LONG):
        return _text(raw)
    if kind is Kind.DATE:
        return _date(raw)
    if kind is Kind.INT:
        return _int(raw)
    if kind is Kind.FLOAT:
        return _float(raw)
    if kind is Kind.UUID:
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            return str(uuidlib.UUID(str(raw).strip()))
        return _NOT_PARSED
    if kind is Kind.DATETIME:
        when = raw if isinstance(raw, dt.datetime) else None
        with contextlib.suppress(ValueError, TypeError):
            when = when or dt.datetime.fromisoformat(str(raw).strip())
        if when is None:
            return _NOT_PARSED
        if when.tzinfo is not None:  # "...Z", "+02:00": stored times are naive UTC
            when = when.astimezone(dt.UTC).replace(tzinfo=None)
        return when
    assert col.vocab is not None
    if not isinstance(raw, str):
        return str(raw)
    if kind in (Kind.CODES, Kind.LABELS):
        return tuple(to_codes(col.vocab, raw))
    return to_code(col.vocab, raw) or raw.strip()


def shown(value: object) -> str:
    """A cell's value as a report shows it: dates as dates (a date cell is read as midnight)."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _blank_cell(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _blank(value: object) -> bool:
    """An empty cell (0 is a value: '0 killed' corrects a stored count)."""
    return value is None or value == "" or value == ()


def _unknown(col: Column, value: object) -> bool:
    """``value`` (converted from a code cell) holds a code the vocabulary does not know."""
    if col.vocab is None or value is None:
        return False
    codes = value if isinstance(value, tuple) else (value,)
    return any(not isinstance(c, str) or to_code(col.vocab, c) is None for c in codes)


def _allowed(col: Column | None) -> str:
    """What an unknown-code problem adds: the codes the column takes."""
    if col is None or col.vocab is None:
        return ""
    codes = [t.code for t in vocabulary(col.vocab)]
    listed = ", ".join(codes[:30]) + (", ..." if len(codes) > 30 else "")
    return f"; use the drop-down list (a label in English or Ukrainian) or a code: {listed}"


def _same_codes(a: object, b: object) -> bool:
    """The same code, or the same codes in any order."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return set(a) == set(b)
    return a == b


_OWN_CHECKS = {Kind.UUID: "must be a UUID", Kind.DATETIME: "must be a date and time"}
UNCALCULATED = (
    "is a formula with no calculated value (the file was not saved by Excel or LibreOffice): "
    "type the value itself"
)
ERROR_VALUE = "is an error value, not data (a formula that failed?): type the value itself"


def _unreadable(raw: object) -> str | None:
    """Why a cell cannot be imported whatever its column: a formula without value, an error."""
    if isinstance(raw, Uncalculated):
        return UNCALCULATED
    if isinstance(raw, ErrorValue):
        return ERROR_VALUE
    return None


def _header_index(columns: Sequence[Column]) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for col in columns:
        for lang in LANGUAGES:
            out.setdefault(col.header(lang).casefold(), col)
    return out


@dataclass
class _Layout:
    """Which column of this sheet carries which field. A coded field may have both a code
    column and a label column: the code is read, the label when the code cell is empty."""

    sheet: str
    by_key: dict[str, tuple[int, Column, str]]  # key -> (index, column, header as written)
    # label columns of fields that also have a code column: key -> (index, column, header)
    labels: dict[str, tuple[int, Column, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, sheet: str, header: Sequence[object], columns: Sequence[Column]) -> _Layout:
        index = _header_index(columns)
        by_key: dict[str, tuple[int, Column, str]] = {}
        labels: dict[str, tuple[int, Column, str]] = {}
        for i, name in enumerate(header):
            # "Title *": the template marks required columns with a star
            text = str(name).strip().removesuffix("*").strip() if name is not None else ""
            col = index.get(text.casefold())
            if col is None or not col.imported:
                continue
            found = (i, col, str(name).strip())
            if col.is_label:
                labels.setdefault(col.key, found)
            else:
                by_key.setdefault(col.key, found)
        for key, found in labels.items():
            by_key.setdefault(key, found)
        return cls(sheet, by_key, {k: f for k, f in labels.items() if by_key[k] is not f})

    def header_of(self, key: str, columns: Sequence[Column]) -> str:
        if key in self.by_key:
            return self.by_key[key][2]
        return next((c.en for c in columns if c.key == key and not c.is_label), key)


# -- the plan: what pass 1 found, what pass 2 writes --------------------------------------------


@dataclass
class ImportPlan:
    """Pass 1's findings: counts, problems (spooled), keys and the spooled valid rows."""

    path: Path
    rows: Counter[str] = field(default_factory=Counter)
    problem_count: int = 0
    first_problems: list[Problem] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    touched_table: str | None = None  # scratch table of the incidents to route after a write
    overrides: int = 0  # file overrides (inv uuid, forum, why), kept in the scratch database
    db_refs: dict[str, str] = field(default_factory=dict)  # reference -> database incident uuid
    # data sheet -> (title of its first sheet in the file, key -> that sheet's header): how
    # pass 2 names a cell (the file's own headers, in its language)
    sheets: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    written: bool = False

    def __post_init__(self) -> None:
        # Closed by close(); they outlive this call on purpose.
        self.problems_file: IO[str] = tempfile.TemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", newline=""
        )
        self._problems = csv.writer(self.problems_file)
        self.spools: dict[str, IO[bytes]] = {
            s: tempfile.TemporaryFile()  # noqa: SIM115
            for s in DATA_SHEETS
        }
        # the keys of every row (UUIDs, references, outcomes) live here, not in memory
        self.scratch = _Scratch()
        self.scratch.db.execute(
            "CREATE TABLE overrides (seq INTEGER PRIMARY KEY, inv TEXT, forum TEXT, reason TEXT)"
        )
        self.scratch.db.execute(
            "CREATE TABLE outcomes (seq INTEGER PRIMARY KEY, kind TEXT, created INTEGER, uuid TEXT)"
        )
        self._outcomes: list[tuple[str, int, str]] = []

    def problem(self, p: Problem) -> None:
        self.problem_count += 1
        if len(self.first_problems) < KEPT_PROBLEMS:
            self.first_problems.append(p)
        self._problems.writerow(p.as_row())

    def spool(self, sheet: str, batch: list[tuple[Any, ...]]) -> None:
        if batch and not self.problem_count:  # once a problem exists the rows are not needed
            pickle.dump(batch, self.spools[sheet], protocol=pickle.HIGHEST_PROTOCOL)

    def spooled(self, sheet: str) -> Iterator[list[tuple[Any, ...]]]:
        f = self.spools[sheet]
        f.seek(0)
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return

    def add_overrides(self, rows: list[tuple[str, str, str]]) -> None:
        if rows:
            self.overrides += len(rows)
            self.scratch.db.executemany(
                "INSERT INTO overrides (inv, forum, reason) VALUES (?, ?, ?)", rows
            )

    def outcome(
        self, kind: str, uuid: str, created: bool, changed: bool, *, keep: bool = True
    ) -> None:
        """Count a row's outcome; ``keep`` the UUID of a created or updated record (audit)."""
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1
        else:
            self.unchanged[kind] += 1
            return
        if keep:
            self._outcomes.append((kind, int(created), uuid))
        if len(self._outcomes) >= BATCH:
            self.save_outcomes()

    def save_outcomes(self) -> None:
        if self._outcomes:
            self.scratch.db.executemany(
                "INSERT INTO outcomes (kind, created, uuid) VALUES (?, ?, ?)", self._outcomes
            )
            self._outcomes = []

    def outcome_items(self) -> Iterator[tuple[str, str, str]]:
        """(kind, created or updated, uuid) of each record written, in the order pass 2 decided
        them: the import's audit items. Streamed from the scratch database."""
        self.save_outcomes()
        cur = self.scratch.db.execute("SELECT kind, created, uuid FROM outcomes ORDER BY seq")
        while part := cur.fetchmany(BATCH):
            for kind, created, uuid in part:
                yield kind, "created" if created else "updated", uuid

    def created_counts(self) -> dict[str, int]:
        """Zeros until pass 2 (real or dry) has decided every row's outcome."""
        return {k: self.created[k] for k in KINDS}

    def updated_counts(self) -> dict[str, int]:
        return {k: self.updated[k] for k in KINDS}

    def unchanged_counts(self) -> dict[str, int]:
        return {k: self.unchanged[k] for k in KINDS}

    def touched_incidents(self, chunk: int) -> Iterator[list[int]]:
        """After a write: the ids of the incidents to route, ``chunk`` at a time, in id order."""
        if self.touched_table is None:
            return
        cur = self.scratch.db.execute(f"SELECT id FROM {self.touched_table} ORDER BY id")
        while part := cur.fetchmany(chunk):
            yield [i for (i,) in part]

    def overrides_to_apply(self, engine: Engine) -> list[tuple[int, str, str]]:
        """(involvement id, forum, reason) for file overrides the database does not hold yet."""
        out: list[tuple[int, str, str]] = []
        cur = self.scratch.db.cursor()
        cur.execute("SELECT inv, forum, reason FROM overrides ORDER BY seq")
        with engine.connect() as conn:
            while part := cur.fetchmany(BATCH):
                wanted = {u: (f, r) for u, f, r in part}
                for inv_id, inv_uuid, forum, reason in store.override_states(conn, list(wanted)):
                    f, r = wanted[inv_uuid]
                    if (forum, reason) != (f, r):
                        out.append((inv_id, f, r))
        return out

    def close(self) -> None:
        self.problems_file.close()
        for f in self.spools.values():
            f.close()
        self.scratch.close()


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for a in range(0, len(items), n):
        yield items[a : a + n]


def _existing(conn: Connection, table: str, uuids: Iterable[str]) -> dict[str, int]:
    """uuid -> id for the given UUIDs that the table holds."""
    out: dict[str, int] = {}
    for part in _chunks(list(uuids), BATCH):
        out.update(store.ids_by_uuid(conn, table, part))
    return out


# -- keys on disk ------------------------------------------------------------------------------

_ABSENT = object()


class _Scratch:
    """A temporary SQLite file holding the per-row keys (UUIDs, references, outcomes), so that
    memory stays flat in the number of rows. Never committed: it is thrown away on close."""

    def __init__(self) -> None:
        self.dir = tempfile.TemporaryDirectory(prefix="triage-import-")
        self.db = sqlite3.connect(
            Path(self.dir.name) / "keys.db",
            isolation_level=None,
            check_same_thread=False,
            cached_statements=32,
        )
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            "locking_mode=EXCLUSIVE",
            "temp_store=FILE",
            "cache_size=-8000",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")
        self.tables = 0

    def name(self, base: str) -> str:
        self.tables += 1
        return f"{base}_{self.tables}"

    def map(self, base: str, *, pickled: bool = False) -> _DiskMap:
        return _DiskMap(self.db, self.name(base), pickled=pickled)

    def close(self) -> None:
        self.db.close()
        self.dir.cleanup()


def _padded(part: Sequence[Any]) -> tuple[str, list[Any]]:
    """``?`` marks and values for a raw ``IN (...)`` on the scratch file, padded like every
    IN list (``db.bulk.padded``: a few statement lengths in sqlite3's cache)."""
    values = padded(part)
    return ",".join("?" * len(values)), values


class _DiskMap:
    """A dict (or set) of str keys kept in the scratch database. A cache holds the keys of the
    rows at hand: ``prefetch`` loads many keys with one query, ``commit`` writes the changes
    and empties the cache. A key not prefetched is still looked up, on its own."""

    def __init__(self, db: sqlite3.Connection, name: str, *, pickled: bool = False) -> None:
        self.db, self.name, self.pickled = db, name, pickled
        db.execute(f"CREATE TABLE {name} (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
        self.cache: dict[str, Any] = {}
        self.dirty: set[str] = set()
        self.misses = 0

    def _decode(self, v: Any) -> Any:
        return pickle.loads(v) if self.pickled else v

    def _encode(self, v: Any) -> Any:
        return pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) if self.pickled else v

    def prefetch(self, keys: Iterable[object]) -> None:
        cache = self.cache
        want = list({k for k in keys if isinstance(k, str) and k not in cache})
        for part in _chunks(want, BATCH):
            for k in part:
                cache[k] = _ABSENT
            marks, values = _padded(part)
            for k, v in self.db.execute(
                f"SELECT k, v FROM {self.name} WHERE k IN ({marks})", values
            ):
                cache[k] = self._decode(v)

    def _get(self, k: object) -> Any:
        try:
            return self.cache[k]  # type: ignore[index]
        except KeyError:
            pass
        if not isinstance(k, str):
            return _ABSENT
        self.misses += 1
        row = self.db.execute(f"SELECT v FROM {self.name} WHERE k = ?", (k,)).fetchone()
        v = _ABSENT if row is None else self._decode(row[0])
        self.cache[k] = v
        return v

    def __contains__(self, k: object) -> bool:
        return self._get(k) is not _ABSENT

    def get(self, k: object, default: Any = None) -> Any:
        v = self._get(k)
        return default if v is _ABSENT else v

    def __getitem__(self, k: str) -> Any:
        v = self._get(k)
        if v is _ABSENT:
            raise KeyError(k)
        return v

    def __setitem__(self, k: str, v: Any) -> None:
        self.cache[k] = v
        self.dirty.add(k)

    def setdefault(self, k: str, v: Any) -> Any:
        old = self._get(k)
        if old is _ABSENT:
            self[k] = v
            return v
        return old

    def add(self, k: str) -> None:
        self[k] = 1

    def discard(self, k: str) -> None:
        self.cache[k] = _ABSENT
        self.dirty.add(k)

    def new(self, k: str) -> None:
        """``k`` was just made up: it is not stored (no need to look)."""
        self.cache.setdefault(k, _ABSENT)

    def commit(self) -> None:
        if self.dirty:
            cache = self.cache
            gone = [(k,) for k in self.dirty if cache[k] is _ABSENT]
            put = [(k, self._encode(cache[k])) for k in self.dirty if cache[k] is not _ABSENT]
            if gone:
                self.db.executemany(f"DELETE FROM {self.name} WHERE k = ?", gone)
            if put:
                self.db.executemany(f"INSERT OR REPLACE INTO {self.name} VALUES (?, ?)", put)
        self.cache.clear()
        self.dirty.clear()


# -- pass 1 -----------------------------------------------------------------------------------


@dataclass
class _Link:
    """How a Suspects/Evidence row names its incident: by UUID, else by reference."""

    uuid: str | None
    reference: str | None


class _Reader:
    """Pass 1 over one workbook."""

    def __init__(self, conn: Connection, plan: ImportPlan, progress: Progress | None) -> None:
        self.conn, self.plan, self.progress = conn, plan, progress
        self.today = dt.date.today()
        self.done = 0
        scratch = plan.scratch
        self.db = scratch.db
        # The per-row keys live in the scratch database (``_DiskMap``: prefetched in batches).
        self.incidents = scratch.map("incidents")  # file incident uuids
        self.refs = scratch.map("refs")  # file reference -> uuid (None: ambiguous)
        self.db_incidents = scratch.map("db_incidents")  # file incidents already in the database
        self.row_of = {s: scratch.map("row_of") for s in DATA_SHEETS}  # uuid -> row
        # suspect uuid -> (hash of its record, first row, that row's incident)
        self.suspects = scratch.map("suspects", pickled=True)
        # incidents of suspects named in several rows: suspect uuid -> {incident: row}
        self.repeated = scratch.map("repeated", pickled=True)
        self.maps = [
            self.incidents,
            self.refs,
            self.db_incidents,
            *self.row_of.values(),
            self.suspects,
            self.repeated,
        ]
        # references to incidents outside the file, checked against the database at the end
        # (buffered here, kept in the scratch table ``pending``)
        self.pending: list[tuple[str, int, str, str, _Link]] = []
        # (sheet, row, incident uuid, reference, suspect uuid, involvement uuid): clash check
        # (buffered here, kept in the scratch table ``links``)
        self.links: list[tuple[str, int, str | None, str, str, str]] = []
        self.db.execute(
            "CREATE TABLE pending (seq INTEGER PRIMARY KEY, uuid TEXT, ref TEXT, item BLOB)"
        )
        self.db.execute("CREATE TABLE links (seq INTEGER PRIMARY KEY, item BLOB)")
        self.overrides: list[tuple[str, str, str]] = []  # buffered for plan.add_overrides
        self.fresh: set[str] = set()  # UUIDs made up here for the rows of the current batch
        # made-up incident uuid -> (reference, sheet, header): matched by reference in flush
        self.unnamed: dict[str, tuple[str, str, str]] = {}
        # made-up incident uuid -> problems of its empty cells, moot if it matches by reference
        self.pending_required: dict[str, list[Problem]] = {}
        self.expected = 0  # data rows in the file, when the sheets say

    # -- helpers

    def problem(self, sheet: str, row: int, column: str, value: object, reason: str) -> None:
        self.plan.problem(Problem(sheet, row, column, shown(value), reason))

    def tick(self) -> None:
        """Progress over both passes: reading is the first half (total 0 while unknown)."""
        self.done += 1
        if (
            self.progress is not None
            and self.done % 2_000 == 0
            and not self.progress(self.done, 2 * self.expected)
        ):
            raise ImportCancelled("import cancelled; nothing was written")

    def values(
        self, layout: _Layout, columns: Sequence[Column], row: Sequence[object], n: int
    ) -> tuple[dict[str, Any], dict[str, object], set[str]]:
        """Converted values, raw values and the keys that already have a problem."""
        values: dict[str, Any] = {}
        raws: dict[str, object] = {}
        bad: set[str] = set()
        for key, (i, col, header) in layout.by_key.items():
            raw = row[i] if i < len(row) else None
            raws[key] = raw
            value = convert(col, raw)
            if (why := _unreadable(raw)) is not None:
                self.problem(layout.sheet, n, header, raw, why)
                bad.add(key)
            elif value is _NOT_PARSED:
                self.problem(layout.sheet, n, header, raw, _OWN_CHECKS[col.kind])
                bad.add(key)
                value = None
            if key in layout.labels:
                value = self.code_or_label(layout, n, key, value, raw, row, raws, bad)
            values[key] = value
        return values, raws, bad

    def code_or_label(
        self,
        layout: _Layout,
        n: int,
        key: str,
        value: object,
        raw: object,
        row: Sequence[object],
        raws: dict[str, object],
        bad: set[str],
    ) -> object:
        """A field with a code and a label cell: the code, the label if the code is empty;
        both filled in and meaning different things is a problem."""
        i, col, header = layout.labels[key]
        label_raw = row[i] if i < len(row) else None
        if (why := _unreadable(label_raw)) is not None:
            self.problem(layout.sheet, n, header, label_raw, why)
            bad.add(key)
            return value
        meant = convert(col, label_raw)
        if meant is None or _unknown(col, value):  # an unknown code is named as such
            return value
        if value is None:
            raws[key] = label_raw
            return meant
        if _same_codes(value, meant):
            return value
        code_header = layout.by_key[key][2]
        self.problem(
            layout.sheet,
            n,
            code_header,
            raw,
            f"{code_header} says {raw} but {header} says {label_raw}: make them agree or clear one",
        )
        bad.add(key)
        return value

    def field_problems(
        self,
        layout: _Layout,
        columns: Sequence[Column],
        n: int,
        problems: Iterable[FieldProblem],
        raws: dict[str, object],
        bad: set[str],
    ) -> None:
        for p in problems:
            key = p.field.removeprefix("suspect.")
            key = "person_type" if key == "is_legal_person" else key
            if key in bad:
                continue
            bad.add(key)  # one line per cell
            raw = raws.get(key, p.value)
            message = p.message
            if message.startswith("unknown code"):  # a code or a label the lists do not have
                message = "not a known value" + _allowed(
                    next((c for c in columns if c.key == key), None)
                )
            self.problem(layout.sheet, n, layout.header_of(key, columns), raw, message)

    def unique(self, layout: _Layout, n: int, key: str, value: str | None) -> str:
        """The row's UUID (a new one if empty); a UUID twice in a sheet is a problem."""
        if value is None:
            return self.new_uuid()
        base = data_sheet_of(layout.sheet) or layout.sheet
        first = self.row_of[base].setdefault(value, n)
        if first != n:
            self.problem(
                layout.sheet,
                n,
                layout.header_of(key, DATA_SHEETS[base]),
                value,
                f"appears twice in {base} (first in row {first})",
            )
        return value

    def commit(self) -> None:
        """Write the keys of the rows at hand to the scratch database; empty the caches."""
        for m in self.maps:
            m.commit()
        if self.pending:
            self.db.executemany(
                "INSERT INTO pending (uuid, ref, item) VALUES (?, ?, ?)",
                [
                    (
                        p[4].uuid,
                        p[4].reference if isinstance(p[4].reference, str) else None,
                        pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL),
                    )
                    for p in self.pending
                ],
            )
            self.pending = []
        if self.links:
            self.db.executemany(
                "INSERT INTO links (item) VALUES (?)",
                [(pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL),) for x in self.links],
            )
            self.links = []
        self.plan.add_overrides(self.overrides)
        self.overrides = []

    def prefetch(self, base: str, layout: _Layout, chunk: list[tuple[int, Any]]) -> None:
        """Load the keys the rows of ``chunk`` will look up, a few queries for all of them."""

        def keys(key: str) -> list[object]:
            found = layout.by_key.get(key)
            if found is None:
                return []
            i, col, _ = found
            return [convert(col, row[i]) for _, row in chunk if i < len(row)]

        self.row_of[base].prefetch(keys("uuid"))
        if base == INCIDENTS:
            self.refs.prefetch(keys("reference"))
            return
        refs = keys("incident_reference")
        self.refs.prefetch(refs)
        targets = keys("incident_uuid") + [self.refs.get(r) for r in refs]
        self.incidents.prefetch(targets)
        if base == SUSPECTS:
            self.db_incidents.prefetch(targets)
            named = keys("suspect_uuid")
            self.suspects.prefetch(named)
            self.repeated.prefetch(named)

    # -- sheets

    def read(self, path: Path) -> None:
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except (BadZipFile, KeyError, OSError, ValueError) as exc:
            raise WorkbookError(f"{path.name}: not an .xlsx workbook ({exc})") from exc
        try:
            sheets = {base: [] for base in DATA_SHEETS}  # type: dict[str, list[Any]]
            for ws in wb.worksheets:
                base = data_sheet_of(ws.title)
                if base is not None:
                    sheets[base].append(ws)
            # the sheets' <dimension> (every writer we know sets it) sizes the progress bar
            sizes = [ws.max_row for parts in sheets.values() for ws in parts]
            self.expected = sum(n - 1 for n in sizes) if None not in sizes else 0
            if not sheets[INCIDENTS] and not sheets[SUSPECTS] and not sheets[EVIDENCE]:
                raise WorkbookError(
                    f"{path.name}: no Incidents, Suspects or Evidence sheet; use an export of "
                    "this app or the template from 'triage-app template'"
                )
            for ws in sheets[INCIDENTS]:
                self.sheet(ws, INCIDENTS, self.incident_row)
            for ws in sheets[SUSPECTS]:
                self.sheet(ws, SUSPECTS, self.suspect_row)
            for ws in sheets[EVIDENCE]:
                self.sheet(ws, EVIDENCE, self.evidence_row)
        finally:
            wb.close()
        self.check_database_links()

    def sheet(self, ws: Any, base: str, handle: Callable[..., tuple[Any, ...] | None]) -> None:
        columns = DATA_SHEETS[base]
        rows = sheet_rows(ws)
        header = next(rows, None)
        if header is None:
            return
        layout = _Layout.read(ws.title, header, columns)
        self.plan.sheets.setdefault(
            base, (ws.title, {k: h for k, (_, _, h) in layout.by_key.items()})
        )
        for col in columns:
            if col.required and col.key not in layout.by_key:
                self.problem(ws.title, 1, col.en, "", "column missing (check the header row)")
        if self.plan.problem_count and any(
            c.required and c.key not in layout.by_key for c in columns
        ):
            return
        batch: list[tuple[Any, ...]] = []
        chunk: list[tuple[int, Any]] = []

        def run() -> None:
            nonlocal batch
            self.commit()
            self.prefetch(base, layout, chunk)
            for n, row in chunk:
                self.plan.rows[base] += 1
                item = handle(layout, columns, row, n)
                self.tick()
                if item is not None:
                    batch.append(item)
                if len(batch) >= BATCH:
                    self.flush(ws.title, base, batch)
                    batch = []

        # a row is blank when the columns we import are: a helper column filled down (e.g.
        # =IF(A2="","","ok")) does not make it a data row
        used = sorted({i for i, _, _ in (*layout.by_key.values(), *layout.labels.values())})
        for n, row in enumerate(rows, start=2):
            if all(_blank_cell(row[i]) for i in used if i < len(row)):
                continue
            chunk.append((n, row))
            if len(chunk) >= BATCH:
                run()
                chunk = []
        run()
        self.flush(ws.title, base, batch)
        self.commit()

    def flush(self, title: str, base: str, batch: list[tuple[Any, ...]]) -> None:
        if base == INCIDENTS:
            batch = self.match_incidents(batch)
            for u in _existing(self.conn, "incident", [item[1] for item in batch]):
                self.db_incidents.add(u)
        elif base == SUSPECTS:
            batch = self.match_suspects(title, batch)
        else:
            batch = self.match_evidence(batch)
        self.plan.spool(base, batch)
        self.fresh.clear()  # only the batch's own rows are matched
        self.unnamed.clear()

    def new_uuid(self) -> str:
        made = str(uuidlib.uuid4())
        self.fresh.add(made)
        return made

    def live_incidents(self, refs: Iterable[str]) -> dict[str, list[str]]:
        """reference -> uuids of the live database incidents with it."""
        live: dict[str, list[str]] = {}
        for part in _chunks(sorted(set(refs)), BATCH):
            for ref in part:
                live[ref] = []
            for ref, uuid in store.live_incidents_by_reference(self.conn, part):
                live[ref].append(uuid)
        return live

    def match_incidents(self, batch: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """A row without UUID whose reference names one live incident updates that incident."""
        unnamed = [self.unnamed[it[1]] for it in batch if it[1] in self.unnamed]
        if not unnamed:
            return self.new_incidents(batch)
        live = self.live_incidents(ref for ref, _, _ in unnamed)
        self.refs.prefetch(live)
        self.row_of[INCIDENTS].prefetch(found[0] for found in live.values() if found)
        out: list[tuple[Any, ...]] = []
        for it in batch:
            n, made = it[0], it[1]
            if made not in self.unnamed or not live[self.unnamed[made][0]]:
                out.append(it)
                continue
            ref, sheet, header = self.unnamed[made]
            found = live[ref]
            if len(found) > 1:
                self.problem(
                    sheet,
                    n,
                    header,
                    ref,
                    "several incidents in the database have this reference; give the incident UUID",
                )
                continue
            target = found[0]
            first = self.row_of[INCIDENTS].setdefault(target, n)
            if first != n:
                self.problem(
                    sheet,
                    n,
                    header,
                    ref,
                    f"row {first} already updates the incident with this reference; "
                    "give the incident UUID",
                )
                continue
            self.incidents.discard(made)
            self.incidents.add(target)
            if self.refs.get(ref) == made:
                self.refs[ref] = target
            self.pending_required.pop(made, None)  # its empty cells keep the stored values
            out.append((n, target, *it[2:]))
        return self.new_incidents(out)

    def new_incidents(self, batch: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows that create incidents need every required cell: report what was deferred."""
        out = []
        for it in batch:
            pending = self.pending_required.pop(it[1], None)
            if pending:
                for p in pending:
                    self.plan.problem(p)
                continue
            out.append(it)
        return out

    def incident_uuids(self, batch: list[tuple[Any, ...]]) -> dict[int, str]:
        """Position in ``batch`` -> the uuid of the database incident the row names, if one."""
        live = self.live_incidents(it[4] for it in batch if it[2] is None and it[4])
        out: dict[int, str] = {}
        for i, it in enumerate(batch):
            if it[2] is not None:
                out[i] = it[2]
            elif it[4] and len(live[it[4]]) == 1:
                out[i] = live[it[4]][0]
        return out

    def match_suspects(self, title: str, batch: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """A row without suspect and involvement UUIDs whose suspect (same name and command
        level) is already involved in its database incident names that involvement."""
        todo = [i for i, it in enumerate(batch) if it[3] in self.fresh and it[1] in self.fresh]
        if not todo:
            return batch
        targets = self.incident_uuids([batch[i] for i in todo])
        where = {todo[k]: u for k, u in targets.items()}
        known: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        for part in _chunks(sorted(set(where.values())), BATCH):
            for inc_uuid, sus_uuid, inv_uuid, name, level in store.involvements_of_incidents(
                self.conn, part
            ):
                known.setdefault((inc_uuid, name, level), []).append((sus_uuid, inv_uuid))
        self.row_of[SUSPECTS].prefetch(p[1] for pairs in known.values() for p in pairs)
        self.suspects.prefetch(p[0] for pairs in known.values() for p in pairs)
        name_at, level_at = SUSPECT_FIELDS.index("name"), SUSPECT_FIELDS.index("command_level")
        out = list(batch)
        for i, target in where.items():
            n, _inv, inc_uuid, _sus, ref, fields, mode = batch[i]
            pairs = known.get((target, fields[name_at], fields[level_at]), [])
            taken = self.row_of[SUSPECTS]
            pair = next((p for p in pairs if p[1] not in taken), None)
            if pair is None:
                continue
            sus_uuid, inv_uuid = pair
            taken[inv_uuid] = n
            first = self.suspects.setdefault(sus_uuid, (hash(fields), n, target))
            if first[1] != n and first[0] != hash(fields):
                self.problem(
                    title,
                    n,
                    "Suspect",
                    fields[name_at],
                    f"the same suspect has other details in row {first[1]}; make them agree",
                )
            out[i] = (n, inv_uuid, inc_uuid, sus_uuid, ref, fields, mode)
        return out

    def match_evidence(self, batch: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """A row without UUID that repeats an evidence item of its database incident (same
        kind, description, file name and SHA-256) names that item."""
        todo = [i for i, it in enumerate(batch) if it[1] in self.fresh]
        if not todo:
            return batch
        targets = self.incident_uuids([batch[i] for i in todo])
        where = {todo[k]: u for k, u in targets.items()}
        same = ("kind", "description", "file_name", "sha256")
        known: dict[tuple[Any, ...], list[str]] = {}
        for part in _chunks(sorted(set(where.values())), BATCH):
            for inc_uuid, evi_uuid, *key in store.evidence_of_incidents(self.conn, part, same):
                known.setdefault((inc_uuid, *key), []).append(evi_uuid)
        self.row_of[EVIDENCE].prefetch(u for uuids in known.values() for u in uuids)
        at = [EVIDENCE_FIELDS.index(f) for f in same]
        out = list(batch)
        taken = self.row_of[EVIDENCE]
        for i, target in where.items():
            n, _uuid, inc_uuid, s, ref, fields = batch[i]
            uuids = known.get((target, *(fields[a] for a in at)), [])
            found = next((u for u in uuids if u not in taken), None)
            if found is not None:
                taken[found] = n
                out[i] = (n, found, inc_uuid, s, ref, fields)
        return out

    def incident_row(
        self, layout: _Layout, columns: Sequence[Column], row: Sequence[object], n: int
    ) -> tuple[Any, ...] | None:
        v, raws, bad = self.values(layout, columns, row, n)
        before = self.plan.problem_count
        record = IncidentRecord(
            reference=v.get("reference") or "",
            title=v.get("title") or "",
            date_from=v.get("date_from"),
            date_to=v.get("date_to"),
            date_precision=v.get("date_precision") or "DAY",
            country=v.get("country") or "UA",
            oblast_code=v.get("oblast_code"),
            settlement=v.get("settlement"),
            latitude=v.get("latitude"),
            longitude=v.get("longitude"),
            description=v.get("description") or "",
            victims_killed=0 if v.get("victims_killed") is None else v["victims_killed"],
            victims_injured=0 if v.get("victims_injured") is None else v["victims_injured"],
            status=v.get("status") or "ST_NEW",
            crime_types=tuple(dict.fromkeys(v.get("crime_types") or ())),
        )
        empty = (
            None
            if v.get("uuid") is not None
            else frozenset(k for k in (*INCIDENT_FIELDS, "crime_types") if _blank(v.get(k)))
        )
        problems = incident_problems(record, self.today)
        # A row without UUID that turns out to update a database incident by its reference
        # keeps the stored values in its empty cells: "required" there is decided then.
        deferred = [p for p in problems if empty and p.field in empty and p.field != "reference"]
        problems = [p for p in problems if p not in deferred]
        self.field_problems(layout, columns, n, problems, raws, bad)
        uuid = self.unique(layout, n, "uuid", v.get("uuid"))
        ref = record.reference
        if isinstance(ref, str) and ref:
            self.refs[ref] = uuid if ref not in self.refs else None
            if v.get("uuid") is None:
                header = layout.header_of("reference", columns)
                self.unnamed[uuid] = (ref, layout.sheet, header)
        self.incidents.add(uuid)
        if self.plan.problem_count > before:
            return None
        if deferred:  # reported unless the row updates a database incident (match_incidents)
            self.pending_required[uuid] = [
                Problem(
                    layout.sheet,
                    n,
                    layout.header_of(p.field, columns),
                    shown(raws.get(p.field, p.value)),
                    p.message,
                )
                for p in deferred
            ]
        return (
            n,
            uuid,
            tuple(getattr(record, f) for f in INCIDENT_FIELDS),
            tuple(sorted(record.crime_types)),
            v.get("updated_at"),
            empty,
        )

    def link(
        self, layout: _Layout, columns: Sequence[Column], n: int, v: dict[str, Any]
    ) -> _Link | None:
        """Resolve the row's incident within the file; outside it, check later in the DB."""
        uuid, ref = v.get("incident_uuid"), v.get("incident_reference")
        if uuid is not None:
            if uuid not in self.incidents:
                self.pending.append(
                    (
                        layout.sheet,
                        n,
                        layout.header_of("incident_uuid", columns),
                        uuid,
                        _Link(uuid, None),
                    )
                )
            return _Link(uuid, None)
        if ref is None:
            self.problem(
                layout.sheet,
                n,
                layout.header_of("incident_reference", columns),
                None,
                "give the incident's reference (or its UUID)",
            )
            return None
        if ref in self.refs:
            if self.refs[ref] is None:
                self.problem(
                    layout.sheet,
                    n,
                    layout.header_of("incident_reference", columns),
                    ref,
                    "several incidents in the file have this reference; give the incident UUID",
                )
                return None
            return _Link(self.refs[ref], None)
        header = layout.header_of("incident_reference", columns)
        self.pending.append((layout.sheet, n, header, ref, _Link(None, ref)))
        return _Link(None, ref)

    def suspect_row(
        self, layout: _Layout, columns: Sequence[Column], row: Sequence[object], n: int
    ) -> tuple[Any, ...] | None:
        v, raws, bad = self.values(layout, columns, row, n)
        before = self.plan.problem_count
        level = v.get("command_level") or ""
        person = v.get("person_type")
        legal: object = (
            {"LEGAL": True, "NATURAL": False}.get(person, person) if person else (level == "CL_LP")
        )
        custody = v.get("custody")
        record = SuspectRecord(
            name=v.get("name") or "",
            command_level=level,
            is_legal_person=legal,  # type: ignore[arg-type]
            name_latin=v.get("name_latin"),
            rank_role=v.get("rank_role"),
            unit=v.get("unit"),
            nationality=v.get("nationality"),
            custody=None if custody in (None, "UNKNOWN") else custody,
        )
        problems = suspect_problems(record)
        mode = v.get("mode_of_liability") or "ML_UNKNOWN"
        if mode not in vocabularies().modes_of_liability:
            problems.append(FieldProblem("mode_of_liability", f"unknown code {mode!r}", mode))
        forum, reason = v.get("override_forum"), v.get("override_reason")
        if forum is not None:
            if forum not in vocabularies().forums:
                problems.append(FieldProblem("override_forum", f"unknown code {forum!r}", forum))
            elif not isinstance(reason, str) or not reason.strip():
                problems.append(FieldProblem("override_reason", "an override needs a reason"))
            elif len(reason) > OVERRIDE_REASON_MAX:
                problems.append(
                    FieldProblem("override_reason", f"at most {OVERRIDE_REASON_MAX} characters")
                )
        self.field_problems(layout, columns, n, problems, raws, bad)
        inv_uuid = self.unique(layout, n, "uuid", v.get("uuid"))
        sus_uuid = v.get("suspect_uuid")
        if not sus_uuid:
            sus_uuid = self.new_uuid()
            self.suspects.new(sus_uuid)
            self.repeated.new(sus_uuid)
        fields = tuple(getattr(record, f) for f in SUSPECT_FIELDS)
        link = self.link(layout, columns, n, v)
        target = "" if link is None else link.uuid or f"ref:{link.reference}"
        first = self.suspects.setdefault(sus_uuid, (hash(fields), n, target))
        if first[1] != n and first[0] != hash(fields):
            self.problem(
                layout.sheet,
                n,
                layout.header_of("suspect_uuid", columns),
                sus_uuid,
                f"the same suspect has other details in row {first[1]}; make them agree",
            )
        if link is not None:
            seen = n
            if first[1] != n:  # named before: the same incident twice?
                rows = self.repeated.setdefault(sus_uuid, {first[2]: first[1]})
                seen = rows.setdefault(target, n)
                self.repeated[sus_uuid] = rows  # changed in place: store it again
            if seen != n:
                self.problem(
                    layout.sheet,
                    n,
                    layout.header_of("suspect_uuid", columns),
                    sus_uuid,
                    f"this suspect is already linked to this incident in row {seen}",
                )
            known = link.uuid is None or link.uuid not in self.incidents
            if v.get("suspect_uuid") and (known or link.uuid in self.db_incidents):
                # the database may link this suspect to that incident already
                self.links.append(
                    (layout.sheet, n, link.uuid, link.reference or "", sus_uuid, inv_uuid)
                )
        if self.plan.problem_count > before or link is None:
            return None
        if forum is not None:
            self.overrides.append((inv_uuid, str(forum), str(reason)))
        return (
            n,
            inv_uuid,
            link.uuid,
            sus_uuid,
            link.reference,
            fields,
            mode,
        )

    def evidence_row(
        self, layout: _Layout, columns: Sequence[Column], row: Sequence[object], n: int
    ) -> tuple[Any, ...] | None:
        v, raws, bad = self.values(layout, columns, row, n)
        before = self.plan.problem_count
        record = EvidenceRecord(
            kind=v.get("kind") or "",
            description=v.get("description") or "",
            source=v.get("source"),
            file_name=v.get("file_name"),
            sha256=v["sha256"].lower() if isinstance(v.get("sha256"), str) else v.get("sha256"),
            custody_notes=v.get("custody_notes"),
        )
        self.field_problems(layout, columns, n, evidence_problems(record), raws, bad)
        uuid = self.unique(layout, n, "uuid", v.get("uuid"))
        link = self.link(layout, columns, n, v)
        if self.plan.problem_count > before or link is None:
            return None
        return (
            n,
            uuid,
            link.uuid,
            None,
            link.reference,
            tuple(getattr(record, f) for f in EVIDENCE_FIELDS),
        )

    # -- references outside the file

    def check_database_links(self) -> None:
        self.commit()
        db = self.db
        db.execute("CREATE TABLE known (k TEXT PRIMARY KEY) WITHOUT ROWID")
        cur = db.cursor()
        cur.execute("SELECT DISTINCT uuid FROM pending WHERE uuid IS NOT NULL")
        while part := [u for (u,) in cur.fetchmany(BATCH)]:
            found = _existing(self.conn, "incident", part)
            db.executemany("INSERT INTO known VALUES (?)", [(u,) for u in found])
        cur.execute("SELECT item FROM pending ORDER BY seq")
        while rows := cur.fetchmany(BATCH):
            items: list[tuple[str, int, str, str, _Link]] = [pickle.loads(r[0]) for r in rows]
            known = self.known({link.uuid for *_, link in items if link.uuid})
            by_ref = self.live_incidents({link.reference for *_, link in items if link.reference})
            for sheet, n, header, value, link in items:
                if link.uuid is not None and link.uuid not in known:
                    self.problem(
                        sheet,
                        n,
                        header,
                        value,
                        "no incident with this UUID in the file or the database",
                    )
                elif link.reference is not None:
                    found = by_ref.get(link.reference, [])
                    if not found:
                        self.problem(
                            sheet,
                            n,
                            header,
                            value,
                            "no incident with this reference in the file or the database",
                        )
                    elif len(found) > 1:
                        self.problem(
                            sheet,
                            n,
                            header,
                            value,
                            "several incidents in the database have this reference; "
                            "give the incident UUID",
                        )
                    else:
                        self.plan.db_refs[link.reference] = found[0]
        self.check_clashes()

    def known(self, uuids: Iterable[str]) -> set[str]:
        """Those of ``uuids`` that name database incidents outside the file (table known)."""
        out: set[str] = set()
        for part in _chunks(list(uuids), BATCH):
            marks, values = _padded(part)
            out.update(
                k for (k,) in self.db.execute(f"SELECT k FROM known WHERE k IN ({marks})", values)
            )
        return out

    def check_clashes(self) -> None:
        """A suspect already linked to a database incident under another involvement UUID."""
        db = self.db
        db.execute(
            "CREATE TABLE wanted (target TEXT, sus TEXT, sheet TEXT, n INTEGER, inv TEXT, "
            "PRIMARY KEY (target, sus)) WITHOUT ROWID"
        )
        cur = db.cursor()
        cur.execute("SELECT item FROM links ORDER BY seq")
        while rows := cur.fetchmany(BATCH):
            links = [pickle.loads(r[0]) for r in rows]
            targets = [uuid or self.plan.db_refs.get(ref) for _, _, uuid, ref, _, _ in links]
            known = self.known(t for t in targets if isinstance(t, str))
            self.db_incidents.prefetch(targets)
            wanted = [
                (target, sus_uuid, sheet, n, inv_uuid)
                for (sheet, n, _, _, sus_uuid, inv_uuid), target in zip(links, targets, strict=True)
                if target in known or target in self.db_incidents
            ]
            # the last row naming (incident, suspect) wins, as in a dict
            db.executemany("INSERT OR REPLACE INTO wanted VALUES (?, ?, ?, ?, ?)", wanted)
            self.db_incidents.commit()
        cur.execute("SELECT DISTINCT target FROM wanted ORDER BY target")
        while part := [t for (t,) in cur.fetchmany(BATCH)]:
            marks, values = _padded(part)
            here: dict[tuple[str, str], tuple[str, int, str]] = {
                (t, su): (sh, n, iv)
                for t, su, sh, n, iv in db.execute(
                    f"SELECT * FROM wanted WHERE target IN ({marks})", values
                )
            }
            for inc_uuid, sus_uuid, inv_uuid in store.involvement_links(self.conn, part):
                where = here.get((inc_uuid, sus_uuid))
                if where is not None and where[2] != inv_uuid:
                    self.problem(
                        where[0],
                        where[1],
                        "Involvement UUID",
                        where[2],
                        f"this suspect is already linked to this incident as involvement "
                        f"{inv_uuid}; use that UUID",
                    )


def read_workbook(conn: Connection, path: Path, progress: Progress | None = None) -> ImportPlan:
    """Pass 1: validate every row of ``path`` and spool the valid ones (see module doc)."""
    plan = ImportPlan(path)
    try:
        _Reader(conn, plan, progress).read(path)
    except BaseException:
        plan.close()
        raise
    return plan


# -- pass 2 -----------------------------------------------------------------------------------


class _Writer:
    """Pass 2: the spooled rows into the database, inside the caller's write transaction."""

    def __init__(
        self,
        conn: Connection,
        plan: ImportPlan,
        actor: str,
        progress: Progress | None,
        *,
        dry_run: bool = False,
    ) -> None:
        self.conn, self.plan, self.actor, self.progress = conn, plan, actor, progress
        self.dry_run = dry_run  # decide every outcome as for real, write nothing
        self.sqlite = conn.dialect.name == "sqlite"
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.next_id = {k: v + 1 for k, v in max_ids(conn).items()}
        self.first_new_incident = self.next_id["incident"]
        # incidents the database changed after the file's "Updated at": id -> (when, by); rows
        # of theirs that would change something are problems (they would undo those changes)
        self.newer: dict[int, tuple[dt.datetime, str]] = {}
        self.updated_incidents: set[int] = set()  # incidents whose own row this import updates
        self.child_changed: set[int] = set()  # incidents whose suspects or evidence it changes
        # uuid -> id, in the scratch database (prefetched per batch)
        self.incident_ids = plan.scratch.map("incident_ids")
        self.suspect_ids = plan.scratch.map("suspect_ids")
        self.changed_suspects: list[int] = []
        self.touched: set[int] = set()  # the batch's; all of them in the scratch table
        self.touched_table = plan.scratch.name("touched")
        plan.scratch.db.execute(f"CREATE TABLE {self.touched_table} (id INTEGER PRIMARY KEY)")
        self.done = 0
        self.rows = sum(plan.rows.values())

    def _id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table] - 1

    def ts(self, value: dt.datetime) -> object:
        return to_db_datetime(value) if self.sqlite else value

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """Dates as ISO text on SQLite (what ``bulk_insert`` expects)."""
        if not self.sqlite:
            return tuple(values)
        return tuple(v.isoformat() if isinstance(v, dt.date) else v for v in values)

    def commit(self) -> None:
        """The batch's keys to the scratch database."""
        self.incident_ids.commit()
        self.suspect_ids.commit()
        if self.touched:
            self.plan.scratch.db.executemany(
                f"INSERT OR IGNORE INTO {self.touched_table} VALUES (?)",
                [(i,) for i in self.touched],
            )
            self.touched = set()

    def tick(self, n: int) -> None:
        """Writing is the second half of the progress (see ``_Reader.tick``)."""
        self.commit()
        self.done += n
        if self.progress is not None and not self.progress(self.rows + self.done, 2 * self.rows):
            raise ImportCancelled("import cancelled; nothing was written")

    def changed(self, table: str, fields: Sequence[str], uuids: Iterable[str]) -> dict[str, Any]:
        """uuid -> stored row (id, row version if any, the fields) for UUIDs in the table."""
        out: dict[str, Any] = {}
        for part in _chunks(list(uuids), BATCH):
            out.update((r.uuid, r) for r in store.stored_rows(self.conn, table, fields, part))
        return out

    def update(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows and not self.dry_run:
            store.update_by_id(self.conn, table, rows)

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not self.dry_run:
            store.insert_rows(self.conn, table, columns, rows)

    def outcome(self, kind: str, uuid: str, created: bool, changed: bool) -> None:
        self.plan.outcome(kind, uuid, created, changed, keep=not self.dry_run)

    # -- incidents

    def note_newer(self, exported: dt.datetime | None, stored: Any) -> None:
        """Remember an incident the database changed after the file's "Updated at"."""
        if exported is None or stored.updated_at is None:
            return
        if stored.updated_at.replace(microsecond=0) > exported.replace(microsecond=0):
            self.newer[stored.id] = (stored.updated_at, stored.updated_by)

    def where(self, base: str, key: str) -> tuple[str, str]:
        """The sheet title and the column header the file uses for ``key`` of ``base``."""
        title, headers = self.plan.sheets.get(base, (base, {}))
        english = next((c.en for c in DATA_SHEETS[base] if c.key == key), key)
        return title, headers.get(key, english)

    def stale(self, base: str, n: int, key: str, value: object, iid: int) -> bool:
        """Writing this row would undo a change the database holds for its incident, made
        after the file's "Updated at": a problem (the whole import stops), not an update."""
        found = self.newer.get(iid)
        if found is None:
            return False
        when, who = found
        sheet, column = self.where(base, key)
        self.plan.problem(
            Problem(
                sheet,
                n,
                column,
                shown(value),
                f"the database holds a newer version of this incident (changed "
                f"{when:%Y-%m-%d %H:%M:%S} by {who}) than this file's 'Updated at' for it: "
                "importing this row would undo that change. Export again and redo your edit "
                "there, or clear the incident's Updated at cell to overwrite on purpose",
            )
        )
        return True

    def keep_stored(
        self,
        n: int,
        stored: Any,
        fields: tuple[Any, ...],
        crime_types: tuple[str, ...],
        stored_cts: tuple[str, ...],
        empty: frozenset[str],
    ) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        """The row's values with its empty cells replaced by the stored ones; the result is
        checked as a whole (e.g. a new date from after the stored date to is a problem)."""
        merged = tuple(
            getattr(stored, f) if f in empty else value
            for f, value in zip(INCIDENT_FIELDS, fields, strict=True)
        )
        cts = stored_cts if "crime_types" in empty else crime_types
        if merged != fields:
            record = IncidentRecord(
                **dict(zip(INCIDENT_FIELDS, merged, strict=True)), crime_types=cts
            )
            for p in incident_problems(record, dt.date.today()):
                sheet, column = self.where(INCIDENTS, p.field)
                self.plan.problem(
                    Problem(
                        sheet,
                        n,
                        column,
                        "" if p.value is None else str(p.value),
                        f"{p.message} (with what the database holds for the empty cells)",
                    )
                )
        return merged, cts

    def incidents(self, batch: list[tuple[Any, ...]]) -> None:
        old = self.changed(
            "incident", (*INCIDENT_FIELDS, "updated_at", "updated_by"), [it[1] for it in batch]
        )
        old_cts: dict[int, tuple[str, ...]] = {}
        for part in _chunks([r.id for r in old.values()], BATCH):
            for iid, ct in store.crime_types_of(self.conn, part):
                old_cts[iid] = (*old_cts.get(iid, ()), ct)
        new_rows: list[tuple[Any, ...]] = []
        cts: list[tuple[int, str]] = []
        updates: list[dict[str, Any]] = []
        replace: list[int] = []
        stamp = self.ts(self.now)
        for n, uuid, fields, crime_types, updated_at, empty in batch:
            o = old.get(uuid)
            if o is not None and empty:  # an intake row naming a stored incident
                fields, crime_types = self.keep_stored(
                    n, o, fields, crime_types, old_cts.get(o.id, ()), empty
                )
            if o is None:
                iid = self._id("incident")
                updated = self.ts(updated_at or self.now)
                new_rows.append(
                    (iid, uuid, *self.row(fields), stamp, self.actor, updated, self.actor, 1)
                )
                cts += [(iid, c) for c in crime_types]
                changed = True
            else:
                iid = o.id
                fields_changed = tuple(getattr(o, f) for f in INCIDENT_FIELDS) != fields
                cts_changed = old_cts.get(iid, ()) != crime_types
                changed = fields_changed or cts_changed
                self.note_newer(updated_at, o)
                if changed and self.stale(INCIDENTS, n, "updated_at", updated_at, iid):
                    changed = fields_changed = cts_changed = False
                if changed:
                    self.updated_incidents.add(iid)
                    updates.append(
                        dict(zip(INCIDENT_FIELDS, fields, strict=True))
                        | {
                            "b_id": iid,
                            "updated_at": self.now,
                            "updated_by": self.actor,
                            "row_version": o.row_version + 1,
                        }
                    )
                if cts_changed:
                    replace.append(iid)
                    cts += [(iid, c) for c in crime_types]
            self.incident_ids[uuid] = iid
            if changed:
                self.touched.add(iid)
            self.outcome("incident", uuid, o is None, changed)
        self.insert(
            "incident",
            (
                "id",
                "uuid",
                *INCIDENT_FIELDS,
                "created_at",
                "created_by",
                "updated_at",
                "updated_by",
                "row_version",
            ),
            new_rows,
        )
        self.update("incident", updates)
        for part in _chunks(replace, BATCH) if not self.dry_run else ():
            store.delete_crime_types(self.conn, part)
        self.insert("incident_crime_type", ("incident_id", "crime_type"), cts)
        self.tick(len(batch))

    def incident_id(self, uuid: str | None, reference: str | None) -> int:
        key = uuid or self.plan.db_refs[reference or ""]
        return self.incident_ids[key]

    def resolve(self, batch: list[tuple[Any, ...]]) -> None:
        """Ids of database incidents the batch names (by UUID or by reference)."""
        wanted = {it[2] or self.plan.db_refs[it[4]] for it in batch}
        self.incident_ids.prefetch(wanted)
        missing = [u for u in wanted if u not in self.incident_ids]
        for u, i in _existing(self.conn, "incident", missing).items():
            self.incident_ids[u] = i

    # -- suspects and involvements

    def suspects(self, batch: list[tuple[Any, ...]]) -> None:
        self.resolve(batch)
        self.suspect_ids.prefetch(it[3] for it in batch)
        firsts: dict[str, tuple[Any, ...]] = {}  # suspect uuid -> its first row
        for it in batch:
            if it[3] not in self.suspect_ids:
                firsts.setdefault(it[3], it)
        old = self.changed("suspect", SUSPECT_FIELDS, firsts)
        stamp = self.ts(self.now)
        new_rows: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        for uuid, first in firsts.items():
            fields = first[5]
            o = old.get(uuid)
            if o is None:
                sid = self._id("suspect")
                new_rows.append((sid, uuid, *fields, stamp, self.actor, stamp, self.actor, 1))
                changed = True
            else:
                sid = o.id
                changed = tuple(getattr(o, f) for f in SUSPECT_FIELDS) != fields
                iid = self.incident_id(first[2], first[4])
                if changed and self.stale(SUSPECTS, first[0], "name", fields[0], iid):
                    changed = False
                if changed:
                    self.child(iid)
                    updates.append(
                        dict(zip(SUSPECT_FIELDS, fields, strict=True))
                        | {
                            "b_id": sid,
                            "updated_at": self.now,
                            "updated_by": self.actor,
                            "row_version": o.row_version + 1,
                        }
                    )
                    self.changed_suspects.append(sid)
            self.suspect_ids[uuid] = sid
            self.outcome("suspect", uuid, o is None, changed)
        self.insert(
            "suspect",
            (
                "id",
                "uuid",
                *SUSPECT_FIELDS,
                "created_at",
                "created_by",
                "updated_at",
                "updated_by",
                "row_version",
            ),
            new_rows,
        )
        self.update("suspect", updates)
        self.involvements(batch)

    def involvements(self, batch: list[tuple[Any, ...]]) -> None:
        old = self.changed(
            "involvement", ("incident_id", "suspect_id", "mode_of_liability"), [i[1] for i in batch]
        )
        new_rows: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        stamp = self.ts(self.now)
        for n, uuid, inc_uuid, sus_uuid, ref, _fields, mode in batch:
            iid, sid = self.incident_id(inc_uuid, ref), self.suspect_ids[sus_uuid]
            o = old.get(uuid)
            if o is None:
                new_rows.append((self._id("involvement"), uuid, iid, sid, mode, stamp))
                changed = True
                if self.stale(SUSPECTS, n, "name", _fields[0], iid):
                    changed = False
                    continue
                self.child(iid)
            else:
                changed = (o.incident_id, o.suspect_id, o.mode_of_liability) != (iid, sid, mode)
                if changed and (
                    self.stale(SUSPECTS, n, "mode_of_liability", mode, iid)
                    or self.stale(SUSPECTS, n, "mode_of_liability", mode, o.incident_id)
                ):
                    changed = False
                if changed:
                    self.child(iid)
                    self.child(o.incident_id)
                    updates.append(
                        {
                            "b_id": o.id,
                            "incident_id": iid,
                            "suspect_id": sid,
                            "mode_of_liability": mode,
                            "updated_at": self.now,
                        }
                    )
                    self.touched.add(o.incident_id)
            if changed:
                self.touched.add(iid)
            self.outcome("involvement", uuid, o is None, changed)
        self.insert(
            "involvement",
            ("id", "uuid", "incident_id", "suspect_id", "mode_of_liability", "updated_at"),
            new_rows,
        )
        self.update("involvement", updates)
        self.tick(len(batch))

    # -- evidence

    def evidence(self, batch: list[tuple[Any, ...]]) -> None:
        self.resolve(batch)
        old = self.changed(
            "evidence_item", ("incident_id", *EVIDENCE_FIELDS), [i[1] for i in batch]
        )
        new_rows: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        stamp = self.ts(self.now)
        for n, uuid, inc_uuid, _s, ref, fields in batch:
            iid = self.incident_id(inc_uuid, ref)
            o = old.get(uuid)
            if o is None:
                if self.stale(EVIDENCE, n, "kind", fields[0], iid):
                    continue
                new_rows.append((self._id("evidence_item"), uuid, iid, *fields, stamp, stamp))
                changed = True
                self.child(iid)
            else:
                stored = (o.incident_id, *(getattr(o, f) for f in EVIDENCE_FIELDS))
                changed = stored != (iid, *fields)
                if changed and (
                    self.stale(EVIDENCE, n, "kind", fields[0], iid)
                    or self.stale(EVIDENCE, n, "kind", fields[0], o.incident_id)
                ):
                    changed = False
                if changed:
                    self.child(iid)
                    self.child(o.incident_id)
                    updates.append(
                        dict(zip(EVIDENCE_FIELDS, fields, strict=True))
                        | {"b_id": o.id, "incident_id": iid, "updated_at": self.now}
                    )
            self.outcome("evidence", uuid, o is None, changed)
        self.insert(
            "evidence_item",
            ("id", "uuid", "incident_id", *EVIDENCE_FIELDS, "created_at", "updated_at"),
            new_rows,
        )
        self.update("evidence_item", updates)
        self.tick(len(batch))

    def child(self, incident_id: int) -> None:
        """A suspect, involvement or evidence item of this incident changes."""
        if incident_id < self.first_new_incident:
            self.child_changed.add(incident_id)

    def bump(self) -> None:
        """Stored incidents whose suspects or evidence changed (and not their own row) are
        marked changed, as the editor marks them: a later import of an older export then sees
        that the database is newer."""
        ids = sorted(self.child_changed - self.updated_incidents)
        for part in _chunks(ids, BATCH) if not self.dry_run else ():
            store.bump_incidents(self.conn, part, self.now, self.actor)

    def collect_touched(self) -> str:
        """The scratch table of incidents to re-route: changed ones and those of every changed
        suspect."""
        self.commit()
        db = self.plan.scratch.db
        for part in _chunks(self.changed_suspects, BATCH):
            db.executemany(
                f"INSERT OR IGNORE INTO {self.touched_table} VALUES (?)",
                [(i,) for i in store.incidents_of_suspects(self.conn, part)],
            )
        return self.touched_table


def write_plan(
    conn: Connection,
    plan: ImportPlan,
    actor: str,
    source: str,
    progress: Progress | None = None,
) -> None:
    """Pass 2, inside the caller's write transaction: upsert every spooled row, then audit."""
    if plan.problem_count:
        raise ValueError("an import with problems must not be written")
    w = _Writer(conn, plan, actor, progress)
    with fts_bulk_load(conn, after_id=w.next_id["incident"] - 1):
        _run(w)
    plan.touched_table = w.collect_touched()
    plan.written = True
    del w
    append_audit_items(
        conn,
        actor,
        "import",
        "workbook",
        {
            "file": source,
            "rows": dict(plan.rows),
            "created": plan.created_counts(),
            "updated": plan.updated_counts(),
            "unchanged": plan.unchanged_counts(),
        },
        plan.outcome_items,
    )


class RowsRejected(Exception):
    """Pass 2 found rows it must not write (older than the database's record, or invalid
    once empty cells keep the stored values); ``ImportPlan`` holds the problems and the
    caller's transaction must roll back."""


def _run(w: _Writer) -> None:
    for batch in w.plan.spooled(INCIDENTS):
        w.incidents(batch)
    for batch in w.plan.spooled(SUSPECTS):
        w.suspects(batch)
    for batch in w.plan.spooled(EVIDENCE):
        w.evidence(batch)
    if w.plan.problem_count:
        raise RowsRejected(f"{w.plan.problem_count} problems found while writing")
    w.bump()
    w.plan.save_outcomes()


def dry_run_plan(conn: Connection, plan: ImportPlan, progress: Progress | None = None) -> None:
    """Pass 2 without writing: decide each row's outcome (created, updated or unchanged)
    exactly as ``write_plan`` would, so a dry run reports the counts the import will."""
    if plan.problem_count:
        raise ValueError("an import with problems has no outcome")
    with contextlib.suppress(RowsRejected):  # the problems say it
        _run(_Writer(conn, plan, "", progress, dry_run=True))
