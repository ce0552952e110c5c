"""SQLite FTS5 index over incident title, description and settlement.

Triggers keep it in sync row by row, which makes inserts ~5x slower, so bulk loads drop the
insert trigger inside their transaction, index the new rows in one statement at the end and
put the trigger back: a crash rolls all of it back together. The trigger text must stay the
one the newest migration created (tests/db/test_fts.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from triage_app.domain.search import forms, search_prefixes, search_words

INSERT_TRIGGER = "incident_fts_ai"
INSERT_TRIGGER_SQL = """CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident BEGIN
        INSERT INTO incident_fts(rowid, title, description, settlement)
        VALUES (new.id, new.title, new.description, new.settlement);
    END"""


@contextmanager
def fts_bulk_load(conn: Connection, after_id: int) -> Iterator[None]:
    """Within the caller's transaction: index incidents with id > ``after_id`` at the end."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {INSERT_TRIGGER}")
    yield
    conn.exec_driver_sql(
        "INSERT INTO incident_fts(rowid, title, description, settlement) "
        "SELECT id, title, description, settlement FROM incident WHERE id > ?",
        (after_id,),
    )
    conn.exec_driver_sql(INSERT_TRIGGER_SQL)


def fts_query(text: str) -> str:
    """What a user typed as a safe FTS5 query: every word a quoted prefix of its stem
    (``domain/search.py``), all of them required."""
    return " AND ".join(_fts_group(forms(p)) for p in search_prefixes(text))


def _fts_group(prefixes: list[str]) -> str:
    terms = [f'"{p}"*' for p in prefixes]
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _ts_group(prefixes: list[str]) -> str:
    terms = [f"'{p}':*" for p in prefixes]
    return terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")"


def ts_query(text: str) -> tuple[str, str]:
    """The same for PostgreSQL: (a ``to_tsquery('simple', ...)`` of quoted prefix lexemes
    joined by ``&``, the words PostgreSQL's parser keeps whole such as dates or file names for
    ``plainto_tsquery``). Plain words are letters and digits only: nothing needs escaping."""
    plain, other = search_words(text)
    return " & ".join(_ts_group(forms(p)) for p in plain), " ".join(other)
