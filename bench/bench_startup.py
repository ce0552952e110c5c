"""Start-up to a shown main window on a 200k-incident database, vs a bare Qt window."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT, run_python, save

BARE = """
import os; os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([]); w = QMainWindow(); w.setCentralWidget(QTableView()); w.show()
app.processEvents()
"""

APP = """
import os; os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from triage_app.app import open_main_window_for_benchmark
open_main_window_for_benchmark({db!r})
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=str(OUT / "demo.db"), help="a database made by bench_demo")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"{args.db} not found: run bench/bench_demo.py first")
    run_python(APP.format(db=args.db))  # warm the file cache once
    bare = statistics.median(run_python(BARE)[0] for _ in range(args.runs))
    app = statistics.median(run_python(APP.format(db=args.db))[0] for _ in range(args.runs))
    _, out = run_python(APP.format(db=args.db))
    rows = out.strip().splitlines()[-1] if out.strip() else "?"
    save(
        "bench_startup",
        "Start-up to a shown main window",
        [
            {
                "what": "bare Qt: QApplication + QMainWindow with an empty table (floor)",
                "median seconds": round(bare, 3),
                "x floor": "1.00",
            },
            {
                "what": f"Triage on {args.db.split('/')[-1]} ({rows})",
                "median seconds": round(app, 3),
                "x floor": f"{app / bare:.2f}",
            },
        ],
        f"""Median of {args.runs} runs of a fresh interpreter each (imports, opening and
checking the database, loading the sorted id list, first page, window shown). Target: under
1.5 s on 200,000 incidents.""",
    )


if __name__ == "__main__":
    main()
