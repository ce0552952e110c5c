"""Dashboard charts from SQL aggregates; background tasks: progress, cancel, one error dialog."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from triage_app.services.incidents import set_deleted
from triage_app.ui.workers import Task, TaskRunner


def test_dashboard_renders_counts_and_refreshes_after_changes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dash = window.dashboard
    window.tabs.setCurrentWidget(dash)
    qtbot.waitUntil(lambda: dash.counts is not None, timeout=10_000)
    c = dash.counts
    assert c.incidents == 300
    assert sum(c.by_month.values()) == 300
    assert sum(c.by_region.values()) == 300
    assert sum(c.by_forum_suspects.values()) == c.suspects
    assert len(dash.forum_chart.rows) == len(c.by_forum_suspects)
    assert "300 incidents" in dash.totals.text()
    image = dash.grab().toImage()
    assert not image.isNull() and image.width() > 500
    set_deleted(window.store, 1, True)
    dash.counts = None
    dash.mark_stale()  # visible: refreshes at once
    qtbot.waitUntil(lambda: dash.counts is not None, timeout=10_000)
    assert dash.counts.incidents == 299


def test_a_worker_error_reaches_the_one_error_dialog(qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    seen_threads: list[bool] = []

    def work(_task: Task) -> None:
        seen_threads.append(threading.current_thread() is threading.main_thread())
        raise OSError(28, "No space left on device", "/tmp/x.xlsx")

    runner.run("Exporting", work)
    # Wait on the outcome, not on sig_finished: the task may finish before a wait connects.
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=5000)
    assert seen_threads == [False]  # ran off the UI thread
    title, message = dialogs.errors[0]
    assert title == "Triage — error"
    assert "No space left on device" in message and "Check the path" in message


def test_progress_and_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    started = threading.Event()
    progress: list[tuple[int, int]] = []
    done: list[object] = []

    def work(task: Task) -> str:
        started.set()
        n = 0
        while task.progress(n, 1000):
            n += 1
            threading.Event().wait(0.001)
        task.check_cancelled()
        return "finished"

    task = runner.run("Routing", work, done.append)
    task.sig_progressed.connect(lambda d, t: progress.append((d, t)))
    assert started.wait(5)
    qtbot.waitUntil(lambda: runner.panel.isVisibleTo(parent))
    with qtbot.waitSignals([task.sig_cancelled, task.sig_finished], timeout=5000):
        runner.panel.cancel_button.click()
    assert done == []  # a cancelled task's result is not used
    qtbot.waitUntil(lambda: not runner.panel.isVisibleTo(parent))


def test_route_all_from_the_menu_runs_in_the_background(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    task = window.route_all()
    qtbot.waitUntil(task.finished.is_set, timeout=20_000)
    qtbot.waitUntil(lambda: "Routed" in window.statusBar().currentMessage(), timeout=5000)


def test_export_from_the_file_menu_runs_in_a_worker(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    if window.act_export is None:
        import pytest

        pytest.skip("services.exchange is not there")
    out = tmp_path / "cases.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    task = window.export_cases()
    qtbot.waitUntil(task.finished.is_set, timeout=30_000)
    assert task.error is None
    assert out.stat().st_size > 1000
