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
    assert fts_query("   ") == fts_query("*") == fts_query('"') == ""  # no search at all
    for hostile in ['hospital "OR x', "title:abc", "NEAR(a b)", "a AND", "-x ^y", "a*b"]:
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


def test_search_finds_a_ukrainian_word_in_its_other_forms(store: Store) -> None:
    """'школа' finds 'Обстріл школи' (neither index stems Ukrainian), on SQLite and PostgreSQL;
    a search is still all of its words, and text with no word searches nothing away."""
    import datetime as dt

    from triage_app.domain.case_filter import CaseFilter, CaseSort
    from triage_app.domain.records import IncidentRecord
    from triage_app.services.case_list import CaseListService
    from triage_app.services.incidents import save_incident

    def add(ref: str, title: str, description: str = "") -> int:
        record = IncidentRecord(
            reference=ref,
            title=title,
            description=description,
            date_from=dt.date(2023, 4, 1),
            crime_types=("CT_WC",),
        )
        return save_incident(store, record)

    school = add("R-1", "Обстріл школи в Ізюмі", "Загинули троє вчителів.")
    hospital = add("R-2", "Удар по лікарні", "Shelling of the maternity ward")
    ids = CaseListService(store).ids

    def found(text: str) -> set[int]:
        return set(ids(CaseFilter(text=text), CaseSort()))

    assert found("школа") == found("школою") == found("Школи") == {school}
    assert found("лікарня") == found("лікарнею") == {hospital}
    assert found("Ізюм обстріли") == {school}
    assert found("школа лікарня") == set()  # every word must be found
    assert found("учитель") == set()  # a different stem: not a fuzzy match
    assert found("matern") == {hospital}  # Latin words are prefixes as typed
    assert found("*") == {school, hospital}  # nothing searchable: no text filter
    kyiv = add("R-4", "Обстріл у Києві", "Свідки зі Львова")
    assert found("Київ") == found("києва") == found("Львів") == {kyiv}  # і/о, ї/є in oblique
    assert found("Києві Львові") == {kyiv}
    dated = add("R-3", "Mi-8 strike on 13.05.2022", "Photo IMG_0012.jpg, crater 1.5 m wide")
    for text in ("13.05.2022", "IMG_0012.jpg", "Mi-8", "1.5", "strike 13.05.2022", "(Mi-8)"):
        assert found(text) == {dated}, text  # PostgreSQL keeps these as one word


def test_stems_keep_four_letters_and_leave_latin_alone() -> None:
    from triage_app.domain.search import forms, search_prefixes, search_words, stem

    assert [stem(w) for w in ("школа", "школою", "лікарнях", "Ізюм", "бої")] == [
        "школ",
        "школ",
        "лікарн",
        "ізюм",
        "бої",
    ]
    assert search_prefixes("Shelling, ward-3") == ["shelling", "ward", "3"]
    assert search_prefixes("п'ятниця") == ["п", "ятниц"]
    assert search_prefixes("Straße") == ["straße"]  # as both indexes keep it
    assert forms("київ") == ["київ", "києв"] and forms("львов") == ["львов", "львів"]
    assert forms("school") == ["school"] and forms("шов") == ["шов"]  # too short to alternate
    assert search_words("школи, 13.05.2022 (Mi-8)") == (["школ"], ["13.05.2022", "Mi-8"])
