"""Background work: run a callable off the UI thread with progress, cancel and one error path.

Cf. Anki's ``QueryOp``/``CollectionOp`` and Picard's thread helper: the callable gets a
``progress(done, total) -> keep_going`` function; its result or exception comes back to the
main thread through queued signals. Nothing in a worker touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from triage_app.services.demo import Cancelled as DemoCancelled
from triage_app.services.routing import RoutingCancelled
from triage_app.ui.dialogs import ErrorDialog, describe_error

Progress = Callable[[int, int], bool]


class TaskCancelled(Exception):
    """Raised inside a task (or by the service it calls) when the user cancelled."""


CANCELLED: tuple[type[BaseException], ...] = (TaskCancelled, RoutingCancelled, DemoCancelled)


class Task(QObject):
    """One background job. Signals arrive on the main thread (queued)."""

    sig_progressed = Signal(int, int)
    sig_partial = Signal(object)  # intermediate results, e.g. the first page of ids
    sig_succeeded = Signal(object)
    sig_failed = Signal(object)  # the exception
    sig_cancelled = Signal()
    sig_finished = Signal()

    def __init__(self, title: str, fn: Callable[[Task], Any]) -> None:
        super().__init__()
        self.title = title
        self._fn = fn
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        # Set in the worker when run() ends; lets a caller that connects late (tests) wait
        # without missing sig_finished.
        self.finished = threading.Event()

    # -- called from the worker thread ----------------------------------------------------
    def progress(self, done: int, total: int) -> bool:
        self.sig_progressed.emit(done, total)
        return not self._cancel.is_set()

    def partial(self, value: Any) -> None:
        self.sig_partial.emit(value)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled(self.title)

    def run(self) -> None:
        try:
            self.result = self._fn(self)
        except CANCELLED:
            self.sig_cancelled.emit()
        except Exception as exc:
            if type(exc).__name__.endswith("Cancelled"):  # ExportCancelled, ImportCancelled
                self.sig_cancelled.emit()
            else:
                self.error = exc
                self.sig_failed.emit(exc)
        except BaseException as exc:
            self.error = exc
            self.sig_failed.emit(exc)
        else:
            if self._cancel.is_set():
                self.sig_cancelled.emit()
            else:
                self.sig_succeeded.emit(self.result)
        self.finished.set()
        self.sig_finished.emit()

    # -- main thread ------------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.run()


class ProgressPanel(QWidget):
    """Status-bar strip: what runs, a progress bar and a Cancel button (Esc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        self.setObjectName("progressPanel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancelTaskButton")
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop this task; nothing it started is kept"))

    def changeEvent(self, event: Any) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TaskRunner(QObject):
    """Starts tasks, shows their progress in a status bar and routes errors to one dialog.

    Tasks that only load data for display (``quiet=True``) show no progress strip unless
    they take longer than ``SHOW_AFTER_MS``; a newer quiet task of the same ``kind`` makes
    the older one's result be dropped (and cancels it).
    """

    SHOW_AFTER_MS = 200
    sig_task_finished = Signal(object)  # Task

    def __init__(self, parent_widget: QWidget, status_bar: QStatusBar | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.panel = ProgressPanel(parent_widget)
        if status_bar is not None:
            status_bar.addWidget(self.panel)
        self.panel.cancel_button.clicked.connect(self.cancel_visible)
        self.running: list[Task] = []
        self._latest: dict[str, Task] = {}
        self._visible: Task | None = None

    def run(
        self,
        title: str,
        fn: Callable[[Task], Any],
        on_success: Callable[[Any], None] | None = None,
        *,
        kind: str | None = None,
        quiet: bool = False,
        on_partial: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        task = Task(title, fn)
        if kind is not None:
            old = self._latest.get(kind)
            if old is not None:
                old.cancel()
            self._latest[kind] = task

        def current() -> bool:
            return kind is None or self._latest.get(kind) is task

        if on_partial is not None:
            task.sig_partial.connect(lambda v: on_partial(v) if current() else None)
        if on_success is not None:
            task.sig_succeeded.connect(lambda v: on_success(v) if current() else None)
        task.sig_failed.connect(
            lambda exc: (on_error or self._show_error)(exc) if current() else None
        )
        task.sig_cancelled.connect(
            lambda: (
                self._status(self.tr("Cancelled: %1").replace("%1", task.title))
                if not quiet
                else None
            )
        )
        task.sig_progressed.connect(lambda d, t: self._progress(task, d, t))
        task.sig_finished.connect(lambda: self._finished(task), Qt.ConnectionType.QueuedConnection)
        self.running.append(task)
        if quiet:
            QTimer.singleShot(self.SHOW_AFTER_MS, lambda: self._show(task))
        else:
            self._show(task)
        self.pool.start(_Runnable(task))
        return task

    def _show(self, task: Task) -> None:
        if task not in self.running:
            return
        self._visible = task
        self.panel.label.setText(task.title)
        self.panel.bar.setRange(0, 0)  # busy until the first progress report
        self.panel.show()

    def _progress(self, task: Task, done: int, total: int) -> None:
        if task is self._visible and total > 0:
            self.panel.bar.setRange(0, total)
            self.panel.bar.setValue(done)

    def _finished(self, task: Task) -> None:
        if task in self.running:
            self.running.remove(task)
        if task is self._visible:
            self._visible = None
            following = [t for t in self.running]
            if following:
                self._show(following[-1])
            else:
                self.panel.hide()
        self.sig_task_finished.emit(task)

    def cancel_visible(self) -> None:
        if self._visible is not None:
            self._visible.cancel()

    def cancel_all(self) -> None:
        for task in self.running:
            task.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self.pool.waitForDone(msecs))

    def _status(self, text: str) -> None:
        bar = getattr(self.parent_widget, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 5000)

    def _show_error(self, exc: BaseException) -> None:
        message, details = describe_error(exc)
        ErrorDialog.ask(self.parent_widget, self.tr("Triage — error"), message, details)
