"""Shared fixtures: a real, migrated SQLite file per test; Qt offscreen before Qt loads."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from triage_app.services.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "triage.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(str(db_path), actor="tester")
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with 300 demo incidents, built once and copied per test."""
    from triage_app.services.demo import add_demo_data

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = open_store(str(path), actor="tester")
    add_demo_data(s, 300, seed=7)
    s.dispose()
    return path


@pytest.fixture
def demo_store(demo_db_template: Path, tmp_path: Path) -> Iterator[Store]:
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, target)
    s = open_store(str(target), actor="tester")
    yield s
    s.dispose()
