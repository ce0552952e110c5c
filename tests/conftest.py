"""Shared fixtures: real, migrated databases per test; Qt offscreen before Qt loads.

``store`` and ``demo_store`` are parametrized over SQLite (a file in tmp_path) and
PostgreSQL (a fresh database on a throwaway server, see tests/pg_server.py), so every
database-facing test runs on both. ``sqlite_store``/``sqlite_demo_store`` are for tests of
SQLite-only features (files, encryption, FTS5, crash safety).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.pg_server import ENV_URL, throwaway_cluster
from triage_app.services.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
DEMO_INCIDENTS = 300
_names = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


# -- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str | None]:
    with throwaway_cluster() as url:
        yield url


def create_pg_database(server_url: str, template: str | None = None) -> str:
    """A new empty (or copied from ``template``) database; returns its URL."""
    name = f"triage_t{os.getpid()}_{next(_names)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, pg_server_url: str | None) -> str:
    if request.param == "postgresql" and pg_server_url is None:
        pytest.skip(f"PostgreSQL is not installed here and {ENV_URL} is not set")
    return str(request.param)


# -- stores ---------------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "triage.db"


@pytest.fixture
def db_url(backend: str, db_path: Path, pg_server_url: str | None) -> str:
    if backend == "postgresql":
        assert pg_server_url is not None
        return create_pg_database(pg_server_url)
    return str(db_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url, actor="tester")
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[Store]:
    s = open_store(str(db_path), actor="tester")
    yield s
    s.dispose()


def _fill_demo(url: str) -> None:
    from triage_app.services.demo import add_demo_data

    s = open_store(url, actor="tester")
    add_demo_data(s, DEMO_INCIDENTS, seed=7)
    s.dispose()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the demo incidents, built once and copied per test."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _fill_demo(str(path))
    return path


@pytest.fixture(scope="session")
def pg_demo_template(pg_server_url: str | None) -> str | None:
    """The same demo data in a PostgreSQL database used as a CREATE DATABASE template."""
    if pg_server_url is None:
        return None
    url = create_pg_database(pg_server_url)
    _fill_demo(url)
    return str(make_url(url).database)


@pytest.fixture
def sqlite_demo_store(demo_db_template: Path, tmp_path: Path) -> Iterator[Store]:
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, target)
    s = open_store(str(target), actor="tester")
    yield s
    s.dispose()


@pytest.fixture
def demo_store(
    backend: str,
    request: pytest.FixtureRequest,
    pg_server_url: str | None,
) -> Iterator[Store]:
    if backend == "sqlite":
        yield request.getfixturevalue("sqlite_demo_store")
        return
    assert pg_server_url is not None
    template = request.getfixturevalue("pg_demo_template")
    s = open_store(create_pg_database(pg_server_url, template), actor="tester")
    yield s
    s.dispose()


def _on_postgresql(nodeid: str) -> bool:
    """``test_x[postgresql]``, ``test_x[postgresql-en-expected0]``: a server-mode test."""
    params = nodeid.rpartition("[")[2].rstrip("]") if nodeid.endswith("]") else ""
    return "postgresql" in params.split("-")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly how many server-mode (PostgreSQL) tests ran, so a CI log shows it."""
    counts = {
        outcome: len(
            {
                r.nodeid
                for r in terminalreporter.stats.get(outcome, [])
                if _on_postgresql(r.nodeid)
            }
        )
        for outcome in ("passed", "failed", "error", "skipped")
    }
    terminalreporter.write_line(
        "PostgreSQL-parametrized tests: " + ", ".join(f"{n} {o}" for o, n in counts.items())
    )
