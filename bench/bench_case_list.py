"""Case-list responsiveness at 1,000,000 incidents: first rows shown, a filter + sort applied.

Measured in the real window (offscreen): from the request to the first page painted, and to
the whole id list loaded (the count in the status bar). The floor is raw ``sqlite3`` running
the same id query in the same run.

    python bench/bench_case_list.py [DB]     # default bench/out/case_list_1m.db (made if missing)
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT, machine, save

INCIDENTS = 1_000_000
RUNS = 5
FIRST_SQL = "SELECT id FROM incident WHERE deleted_at IS NULL ORDER BY date_from DESC, id DESC"
FILTER_SQL = (
    "SELECT id FROM incident WHERE deleted_at IS NULL AND oblast_code = ? AND id IN "
    "(SELECT incident_id FROM incident_crime_type WHERE crime_type = ?) ORDER BY title, id"
)
REGION, CRIME = "UA-14", "CT_CAH"


def ensure_db(path: Path) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "triage_app", "--db", str(path)]
    subprocess.run([*exe, "demo", "--incidents", str(INCIDENTS)], check=True)
    subprocess.run([*exe, "route"], check=True, stdout=subprocess.DEVNULL)


def floor_ms(db: Path, sql: str, params: tuple[str, ...], limit: int | None) -> float:
    conn = sqlite3.connect(db)
    q = sql + (f" LIMIT {limit}" if limit else "")
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        conn.execute(q, params).fetchall()
        times.append(time.perf_counter() - t)
    conn.close()
    return statistics.median(times) * 1000


def main() -> int:
    db = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT / "case_list_1m.db"
    ensure_db(db)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from triage_app.services.store import open_store
    from triage_app.ui.main_window import FIRST_PAGE, MainWindow

    app = QApplication.instance() or QApplication([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(OUT / "qs"))
    store = open_store(str(db))
    window = MainWindow(store)
    window.resize(1400, 860)
    window.show()

    def wait(cond: Callable[[], bool]) -> None:
        while not cond():
            app.processEvents()
            time.sleep(0.0005)

    wait(lambda: not window.loading)
    total = window.model.rowCount()

    def measure(action: Callable[[], None]) -> tuple[float, float, int]:
        """(ms to the first page painted, ms to the full id list, rows)."""
        window.model.set_ids([])
        app.processEvents()
        t = time.perf_counter()
        action()
        wait(lambda: window.model.rowCount() > 0 or not window.loading)
        window.table.viewport().repaint()  # paints the first page: fetches its rows
        first = time.perf_counter() - t
        wait(lambda: not window.loading)
        return first * 1000, (time.perf_counter() - t) * 1000, window.model.rowCount()

    def median(action: Callable[[], None], reset: Callable[[], None]) -> tuple[float, float, int]:
        results = []
        for _ in range(RUNS):
            reset()
            results.append(measure(action))
        return (
            statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results),
            results[-1][2],
        )

    bar = window.filter_bar

    def no_filter() -> None:
        bar.blockSignals(True)
        bar.clear()
        bar.blockSignals(False)
        bar._last = bar.current()
        window.case_filter = bar.current()
        window.model.sort_order = window.model.sort_order.__class__()  # date, newest first
        wait(lambda: not window.loading)

    def first_rows() -> None:
        window.reload()

    def filter_and_sort() -> None:
        from triage_app.domain.case_filter import CaseSort

        window.model.sort_order = CaseSort("title", descending=False)
        bar.region.blockSignals(True)
        bar.region.set_code(REGION)
        bar.region.blockSignals(False)
        bar.crime_type.set_code(CRIME)  # emits: one reload with the new filter and sort

    f_first, f_all, n_all = median(first_rows, no_filter)
    s_first, s_all, n_sel = median(filter_and_sort, no_filter)
    floor_first = floor_ms(db, FIRST_SQL, (), FIRST_PAGE)
    floor_all = floor_ms(db, FIRST_SQL, (), None)
    floor_sel_first = floor_ms(db, FILTER_SQL, (REGION, CRIME), FIRST_PAGE)
    floor_sel_all = floor_ms(db, FILTER_SQL, (REGION, CRIME), None)
    window.close()
    store.dispose()

    def row(what: str, rows: int, ms: float, floor: float, target: str) -> dict[str, object]:
        return {
            "what": what,
            "rows": f"{rows:,}",
            "window (ms)": round(ms, 1),
            "floor: raw sqlite3 (ms)": round(floor, 2),
            "ratio": round(ms / floor, 1) if floor else "",
            "target": target,
        }

    rows = [
        row("all incidents: first rows shown", n_all, f_first, floor_first, "< 300 ms"),
        row("all incidents: whole id list, count shown", n_all, f_all, floor_all, "background"),
        row(
            f"filter ({REGION} + {CRIME}) + sort by title: first rows shown",
            n_sel,
            s_first,
            floor_sel_first,
            "< 300 ms",
        ),
        row("filter + sort: whole id list, count shown", n_sel, s_all, floor_sel_all, "background"),
    ]
    save(
        "bench_case_list",
        f"Case list at {total:,} incidents",
        rows,
        f"""
The window asks for the first {FIRST_PAGE} ids of the order (an indexed `LIMIT` query) in a
background task, shows and paints them, then loads the rest of the id list in the same task
and appends it without a model reset (selection and scroll position stay). "First rows shown"
is from the request (a filter change, or opening the list) to the first page painted, including
the page's display rows; "whole id list" is until the count is in the status bar. Medians of
{RUNS} runs on {machine()}. The floor is raw `sqlite3` running the same id query (with and
without `LIMIT {FIRST_PAGE}`) in the same run.
""",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
