"""Composition root: paths -> engine -> migrate to head -> QApplication -> MainWindow."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from triage_app.db.errors import UserFacingDatabaseError
from triage_app.services.store import Store, open_store

ORG = "Triage"
APP = "Triage"


def _qapp(lang: str | None):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    return app


def build_main_window(store: Store, lang: str):  # type: ignore[no-untyped-def]
    from triage_app.services.case_list import CaseListService
    from triage_app.ui.main_window import MainWindow

    return MainWindow(CaseListService(store), lang=lang)


def run_app(db: str | None, lang: str | None = None) -> int:
    started = time.perf_counter()
    app = _qapp(lang)
    try:
        store = open_store(db)
    except UserFacingDatabaseError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Triage", str(exc))
        print(f"triage-app: error: {exc}", file=sys.stderr)
        return 2
    window = build_main_window(store, lang or "en")
    window.show()
    if os.environ.get("TRIAGE_STARTUP_TIMING"):
        print(f"startup {time.perf_counter() - started:.3f}s", file=sys.stderr)
    return int(app.exec())


def take_screenshot(db: str | None, out: Path, view: str = "main", lang: str | None = None) -> int:
    """Render ``view`` offscreen with the data of ``db`` and save it as PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _qapp(lang)
    store = open_store(db)
    window = build_main_window(store, lang or "en")
    window.show()
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise UserFacingDatabaseError(f"Cannot write the image {out}.")
    window.close()
    store.dispose()
    return 0


def open_main_window_for_benchmark(db: str) -> None:
    """Open the window on ``db`` as ``run_app`` does, show it, print the row count, return."""
    app = _qapp(None)
    store = open_store(db)
    window = build_main_window(store, "en")
    window.show()
    app.processEvents()
    print(f"{window.model.rowCount():,} incidents")
    window.close()
