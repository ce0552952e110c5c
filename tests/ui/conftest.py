"""UI test fixtures: settings in a temporary folder, English at the start of every test.

The window is tested on SQLite only: server mode shares every service underneath it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from triage_app.services.store import Store
from triage_app.ui import i18n


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
def demo_store(sqlite_demo_store: Store) -> Store:
    return sqlite_demo_store


@pytest.fixture(autouse=True)
def isolated_settings(qapp, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    qapp.setOrganizationName("TriageTests")
    qapp.setApplicationName("TriageTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    i18n.set_language("en", remember=False)
    yield
    i18n.set_language("en", remember=False)


@pytest.fixture
def routed_store(sqlite_demo_store: Store) -> Store:
    """The demo database with every involvement routed."""
    from triage_app.services.routing import route_all

    route_all(sqlite_demo_store)
    return sqlite_demo_store


@pytest.fixture
def window(qtbot, routed_store: Store):  # type: ignore[no-untyped-def]
    from triage_app.ui.main_window import MainWindow

    w = MainWindow(routed_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not w.loading, timeout=10_000)
    yield w
    w.runner.cancel_all()
    w.runner.wait()


class DialogLog:
    """Modal dialogs replaced for tests: errors are recorded, questions answered."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.confirm = True
        self.discard_answer = "discard"


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[DialogLog]:
    from triage_app.ui.dialogs import ConfirmDialog, ErrorDialog

    log = DialogLog()
    monkeypatch.setattr(
        ErrorDialog,
        "ask",
        classmethod(lambda cls, p, title, msg, details=None: log.errors.append((title, msg))),
    )
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(lambda cls, *a: log.confirm))
    monkeypatch.setattr(
        ConfirmDialog, "ask_discard", classmethod(lambda cls, *a: log.discard_answer)
    )
    yield log
