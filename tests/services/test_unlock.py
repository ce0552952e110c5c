"""Opening an encrypted database from the window: ask, retry on a wrong passphrase, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage_app.db.errors import NotATriageDatabase
from triage_app.services.stats import database_stats
from triage_app.services.store import open_store
from triage_app.services.unlock import open_with_passphrase, passphrase_matches

PASS = "river stone lantern"


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "enc.db"
    open_store(str(path), passphrase=PASS).dispose()
    return path


def test_asks_then_retries_after_a_wrong_passphrase(encrypted: Path) -> None:
    answers = iter(["wrong one here", PASS])
    errors: list[str | None] = []

    def ask(error: str | None) -> str | None:
        errors.append(error)
        return next(answers)

    store = open_with_passphrase(str(encrypted), ask)
    assert store is not None and database_stats(store)["schema"]
    assert errors[0] is None and errors[1] is not None and "wrong" in errors[1]
    assert passphrase_matches(store, PASS) and not passphrase_matches(store, "nope nope")
    store.dispose()


def test_cancel_opens_nothing_and_changes_nothing(encrypted: Path) -> None:
    before = encrypted.read_bytes()
    assert open_with_passphrase(str(encrypted), lambda _e: None) is None
    assert encrypted.read_bytes() == before
    assert not list(encrypted.parent.glob("*.db-*"))


def test_a_plain_database_opens_without_asking(sqlite_store_path: Path) -> None:
    def ask(_e: str | None) -> str | None:
        raise AssertionError("must not ask")

    store = open_with_passphrase(str(sqlite_store_path), ask)
    assert store is not None
    store.dispose()


def test_a_text_file_is_refused_after_cancel(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    assert open_with_passphrase(str(path), lambda _e: None) is None
    with pytest.raises(NotATriageDatabase):
        open_store(str(path))
    assert path.read_text() == "not a database"


@pytest.fixture
def sqlite_store_path(tmp_path: Path) -> Path:
    path = tmp_path / "plain.db"
    open_store(str(path)).dispose()
    return path
