"""Bulk inserts for large loads (demo data, imports, routing): one executemany per batch.

Rows are tuples in ``columns`` order, with dates and datetimes already as ISO strings on
SQLite (what SQLAlchemy's Date/DateTime store there), so the driver does the work rather than
one Python bind processor per value: inserting costs about what raw sqlite3 executemany costs
(bench/bench_demo.py, docs/PERFORMANCE.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, insert

BATCH = 20_000

# Lengths an ``IN (...)`` list is padded to (see ``padded``): the chunk sizes callers use, and
# a few small steps.
IN_SIZES = (16, 64, 256, 1_000, 2_000, 5_000, 10_000, 20_000)

T = TypeVar("T")

SQLITE_DATETIME_FMT = "%Y-%m-%d %H:%M:%S.%f"


def to_db_datetime(value: dt.datetime) -> str:
    """The text SQLAlchemy's DateTime writes on SQLite, so ORM reads parse it back."""
    return value.strftime(SQLITE_DATETIME_FMT)


def padded(values: Iterable[T]) -> list[T]:
    """``values`` for an ``IN (...)`` list, padded to one of ``IN_SIZES`` by repeating the last.

    SQLAlchemy renders one ``?`` per value and the driver caches each distinct statement; at
    5,000 markers sqlite3 keeps about 1 MB for one, and its cache holds 128. Lists of every
    length (the last chunk of each batch) would fill it with such statements -- an import's
    memory grew by 160 MB that way. Padded, each query has a few lengths. Repeating a value
    changes nothing for ``IN``.
    """
    out = list(values)
    if out:
        size = next((n for n in IN_SIZES if n >= len(out)), len(out))
        out += [out[-1]] * (size - len(out))
    return out


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) in batches; returns the row count."""
    for name in columns:
        if name not in table.c:
            raise KeyError(f"{table.name} has no column {name}")
    it = iter(rows)
    count = 0
    if conn.dialect.name == "sqlite":
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        while batch := list(islice(it, BATCH)):
            conn.exec_driver_sql(sql, batch)
            count += len(batch)
        return count
    stmt = insert(table)
    while batch := list(islice(it, BATCH)):
        conn.execute(
            stmt, [dict(zip(columns, _from_text(table, columns, r), strict=True)) for r in batch]
        )
        count += len(batch)
    if "id" in columns and conn.dialect.name == "postgresql":
        sync_id_sequence(conn, table)
    return count


def sync_id_sequence(conn: Connection, table: Table) -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequence past them."""
    conn.exec_driver_sql(
        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
        f"COALESCE((SELECT max(id) FROM {table.name}), 1), "
        f"(SELECT max(id) FROM {table.name}) IS NOT NULL)"
    )


def _from_text(table: Table, columns: Sequence[str], row: Sequence[Any]) -> list[Any]:
    """Other databases want real date objects back where SQLite rows carry ISO text."""
    out = list(row)
    for i, name in enumerate(columns):
        value = out[i]
        if isinstance(value, str):
            python_type = getattr(table.c[name].type, "python_type", None)
            if python_type is dt.datetime:
                out[i] = dt.datetime.fromisoformat(value)
            elif python_type is dt.date:
                out[i] = dt.date.fromisoformat(value)
    return out
