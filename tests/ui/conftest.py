"""The window is tested on SQLite only: server mode shares every service underneath it."""

from __future__ import annotations

import pytest

from triage_app.services.store import Store


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
def demo_store(sqlite_demo_store: Store) -> Store:
    return sqlite_demo_store
