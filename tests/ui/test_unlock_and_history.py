"""Passphrase prompt, idle lock, daily backup and an incident's history in the window."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from triage_app.services.safety import AuditLine
from triage_app.services.store import open_store
from triage_app.services.unlock import passphrase_matches
from triage_app.ui.history_dialog import HistoryDialog, summarize
from triage_app.ui.unlock import IdleLock, PassphraseDialog

PASS = "orchard ladder seven"


def test_idle_lock_hides_the_window_until_the_right_passphrase(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from triage_app.ui.main_window import MainWindow

    store = open_store(str(tmp_path / "enc.db"), passphrase=PASS)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    answers = iter(["not it at all", PASS])
    errors: list[str | None] = []
    seen_hidden: list[bool] = []

    def ask(cls, parent, label, error):  # type: ignore[no-untyped-def]
        errors.append(error)
        seen_hidden.append(not window.isVisible())
        return next(answers)

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    lock = IdleLock(window, "enc.db", lambda typed: passphrase_matches(store, typed), minutes=15)
    assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000
    lock.lock()
    assert seen_hidden == [True, True]
    assert errors[0] is None and errors[1] is not None
    assert window.isVisible() and not lock.locked and lock.timer.isActive()
    window.runner.cancel_all()
    window.runner.wait()
    store.dispose()


def test_passphrase_dialog_shows_the_error_and_hides_the_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PassphraseDialog("cases.db", "wrong", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.error.isVisible()
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password


def test_history_button_lists_the_incidents_changes(
    window,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import dataclasses

    from triage_app.services.incidents import load_incident, save_incident

    window.select_row(0)
    qtbot.waitUntil(lambda: window.detail is not None, timeout=5000)
    d = window.detail
    save_incident(
        window.store,
        dataclasses.replace(d.record, title="Retitled for the test"),
        [v.record for v in d.involvements],
        list(d.evidence),
        incident_id=d.id,
        expected_row_version=load_incident(window.store, d.id).row_version,
    )
    shown: list[tuple[str, list[AuditLine]]] = []
    monkeypatch.setattr(
        HistoryDialog,
        "show_for",
        classmethod(lambda cls, p, ref, lines: shown.append((ref, lines))),
    )
    window.detail_pane.history_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    reference, lines = shown[0]
    assert reference == d.record.reference
    assert lines[0].action == "update" and "Retitled for the test" in summarize(lines[0])


def test_history_dialog_renders(qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    line = AuditLine(
        1,
        dt.datetime(2026, 1, 2, 3, 4),
        "tester",
        "update",
        "incident",
        "u",
        {"before": {"title": "Old"}, "after": {"title": "New"}},
    )
    dialog = HistoryDialog("REF-1", [line], None)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert "title: Old → New" in summarize(line)
    imported = AuditLine(
        2,
        dt.datetime(2026, 1, 2, 3, 5),
        "tester",
        "import",
        "workbook",
        None,
        {"file": "intake.xlsx", "created": {"incident": 4}, "items": {"count": 9}},
        (("evidence", "updated"), ("involvement", "created"), ("involvement", "created")),
    )
    assert summarize(imported).splitlines() == [
        "evidence updated",
        "involvement created ×2",
        "file: intake.xlsx",
    ]
    whole = dataclasses.replace(imported, items=())  # the whole log: no items
    assert summarize(whole).splitlines() == ["incident created: 4", "file: intake.xlsx"]


def test_daily_backup_runs_in_the_background(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.store.path is not None
    folder = window.store.path.parent / "backups"
    window.start_daily_backup()
    qtbot.waitUntil(lambda: folder.exists() and any(folder.glob("*-daily.db")), timeout=10_000)
