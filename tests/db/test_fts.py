"""The FTS5 index stays in sync through triggers and through bulk loads."""

from __future__ import annotations

import sqlite3

from triage_app.db.fts import INSERT_TRIGGER, INSERT_TRIGGER_SQL, fts_query
from triage_app.services.store import Store


def fts_ids(store: Store, query: str) -> set[int]:
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?", (fts_query(query),)
            )
        }
    finally:
        conn.close()


def test_bulk_load_restores_the_migrations_trigger_exactly(sqlite_demo_store: Store) -> None:
    assert sqlite_demo_store.path is not None
    conn = sqlite3.connect(sqlite_demo_store.path)
    sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", (INSERT_TRIGGER,)
    ).fetchone()[0]
    conn.close()
    assert sql == INSERT_TRIGGER_SQL


def test_every_demo_incident_is_indexed(sqlite_demo_store: Store) -> None:
    assert sqlite_demo_store.path is not None
    conn = sqlite3.connect(sqlite_demo_store.path)
    n_inc = conn.execute("SELECT count(*) FROM incident").fetchone()[0]
    n_fts = conn.execute("SELECT count(*) FROM incident_fts_docsize").fetchone()[0]
    title = conn.execute("SELECT id, title FROM incident ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    assert n_inc == n_fts == 300
    assert title[0] in fts_ids(sqlite_demo_store, title[1].split()[-1])


def test_triggers_follow_inserts_updates_and_deletes(sqlite_demo_store: Store) -> None:
    assert sqlite_demo_store.path is not None
    conn = sqlite3.connect(sqlite_demo_store.path)
    with conn:
        conn.execute("UPDATE incident SET title = 'Zebrafinch shelling' WHERE id = 1")
    assert fts_ids(sqlite_demo_store, "zebrafinch") == {1}
    with conn:
        conn.execute("UPDATE incident SET title = 'Quiet' WHERE id = 1")
    assert fts_ids(sqlite_demo_store, "zebrafinch") == set()
    conn.close()


def test_user_text_cannot_break_the_fts_query(sqlite_demo_store: Store) -> None:
    """Quotes, operators and column filters typed by a user are searched as plain words."""
    assert fts_query("   ") == ""
    for hostile in ['hospital "OR x', "title:abc", "NEAR(a b)", "*", "a AND", '"', "-x ^y"]:
        fts_ids(sqlite_demo_store, hostile)  # raises sqlite3.OperationalError on a syntax error


def test_search_finds_the_settlement_as_shown(store: Store) -> None:
    """Prosecutors search a place by the name the case list shows (Cyrillic)."""
    import datetime as dt

    from triage_app.domain.case_filter import CaseFilter, CaseSort
    from triage_app.domain.records import IncidentRecord
    from triage_app.services.case_list import CaseListService
    from triage_app.services.incidents import save_incident

    iid = save_incident(
        store,
        IncidentRecord(
            reference="R-1",
            title="Shelling near the river",
            date_from=dt.date(2023, 4, 1),
            settlement="Вишнани",
            crime_types=("CT_WC",),
        ),
    )
    assert CaseListService(store).ids(CaseFilter(text="Вишнани"), CaseSort()) == [iid]
