"""Composition root: paths -> engine -> migrate to head -> QApplication -> MainWindow."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from triage_app.db.errors import UserFacingDatabaseError
from triage_app.services.store import Store, open_store

ORG = "Triage"
APP = "Triage"
SCREENSHOT_VIEWS = ("main", "incident", "routes", "rule-lab", "dashboard")


def _quiet_offscreen_warning() -> None:
    """Drop the offscreen platform's 'propagateSizeHints' notice (screenshots, CI); pass
    every other Qt message on to stderr as Qt would."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: Any, message: str) -> None:
        if "does not support propagateSizeHints" in message:
            return
        print(message, file=sys.stderr)

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(handler)


def _qapp(lang: str | None) -> Any:
    """The QApplication, with the interface language: ``lang``, else the saved one, else en."""
    from PySide6.QtWidgets import QApplication

    from triage_app.ui import i18n

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    chosen = lang or i18n.saved_language() or "en"
    if not i18n.set_language(chosen, remember=lang is not None):
        print(f"triage-app: the {chosen} translation is missing; run make", file=sys.stderr)
    return app


def build_main_window(store: Store, lang: str | None = None) -> Any:
    from triage_app.ui.main_window import MainWindow

    return MainWindow(store)


def run_app(db: str | None, lang: str | None = None, passphrase: str | None = None) -> int:
    """Open the window; an encrypted database asks for its passphrase (and again on idle)."""
    started = time.perf_counter()
    app = _qapp(lang)
    from triage_app.db.engine import resolve_db_url, sqlite_path
    from triage_app.services.unlock import open_with_passphrase, passphrase_matches
    from triage_app.ui.unlock import IdleLock, PassphraseDialog

    url = resolve_db_url(db)
    label = str(sqlite_path(url) or url)
    try:
        store = open_with_passphrase(
            db, lambda error: PassphraseDialog.ask(None, label, error), passphrase
        )
    except UserFacingDatabaseError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Triage", str(exc))
        print(f"triage-app: error: {exc}", file=sys.stderr)
        return 2
    if store is None:  # cancelled at the passphrase prompt
        return 1
    window = build_main_window(store, lang)
    window.show()
    if store.passphrase is not None:
        window.idle_lock = IdleLock(window, label, lambda typed: passphrase_matches(store, typed))
    window.start_daily_backup()
    if os.environ.get("TRIAGE_STARTUP_TIMING"):
        print(f"startup {time.perf_counter() - started:.3f}s", file=sys.stderr)
    return int(app.exec())


def _wait(app: Any, condition: Any, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def take_screenshot(db: str | None, out: Path, view: str = "main", lang: str | None = None) -> int:
    """Render ``view`` offscreen with the data of ``db`` and save it as PNG.

    Nothing is written to the database (the rule lab's comparison only reads).
    """
    if view not in SCREENSHOT_VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(SCREENSHOT_VIEWS)}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _quiet_offscreen_warning()
    import tempfile

    from PySide6.QtCore import QSettings

    # Screenshots never read or change the user's own settings (language, geometry, columns).
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="triage-")
    )
    app = _qapp(lang or "en")
    store = open_store(db)
    try:
        window = build_main_window(store, lang)
        window.resize(1400, 860)
        window.show()
        _wait(app, lambda: not window.loading)
        from triage_app.services.dashboard import showcase_incident

        showcase = showcase_incident(store)
        target: Any = window
        if view in ("main", "routes", "incident") and showcase is not None:
            row = window.model.row_of(showcase)
            if row < 0:
                window.model.set_ids([showcase, *window.model.ids()])
                row = 0
            window.select_row(row)
        if view == "main" and window.model.rowCount():
            window.select_row(0)
        if view == "routes":
            window.splitter.setSizes([420, 980])
            window.table.setFocus()
        elif view == "dashboard":
            window.tabs.setCurrentWidget(window.dashboard)
            _wait(app, lambda: window.dashboard.counts is not None)
        elif view == "rule-lab":
            from triage_app.ui.rule_lab import PUBLIC_SCENARIOS

            lab = window.rule_lab
            window.tabs.setCurrentWidget(lab)
            lab.load_scenario_file(PUBLIC_SCENARIOS)
            lab.answer.set_code("F_ICC")
            lab.check_answer()
            alt = (
                Path(os.environ.get("TRIAGE_LAB_RULES", ""))
                if os.environ.get("TRIAGE_LAB_RULES")
                else None
            )
            if alt is not None:
                lab.compare_rule_file(alt)
                _wait(app, lambda: lab.comparison is not None, 300)
        elif view == "incident":
            from triage_app.ui.incident_editor import IncidentEditor

            editor = IncidentEditor(store, showcase, window)
            editor.show()
            if editor.involvements.rowCount():
                editor.tabs.setCurrentIndex(0)
            target = editor
        app.processEvents()
        _wait(app, lambda: False, 0.2)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not target.grab().save(str(out), "PNG"):
            raise UserFacingDatabaseError(f"Cannot write the image {out}.")
        if target is not window:
            target.dirty = False
            target.close()
        window.runner.cancel_all()
        window.runner.wait()
        window.close()
    finally:
        store.dispose()
    return 0


def open_main_window_for_benchmark(db: str) -> None:
    """Open the window on ``db`` as ``run_app`` does, show it, print the row count, return."""
    _quiet_offscreen_warning()
    app = _qapp(None)
    store = open_store(db)
    window = build_main_window(store, "en")
    window.show()
    _wait(app, lambda: not window.loading)
    print(f"{window.model.rowCount():,} incidents")
    window.close()
