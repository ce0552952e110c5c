"""Regression guard for PySide6 6.12.0's `none_dealloc` abort (see DESIGN.md).

A model's data() returning None for an unhandled role lost a reference to None on each call;
after ~100k calls the interpreter aborted. Run 200k calls in a subprocess and expect exit 0.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_model_data_returning_none_200k_times_does_not_abort() -> None:
    code = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
        from PySide6.QtWidgets import QApplication

        class M(QAbstractTableModel):
            def rowCount(self, parent=QModelIndex()):
                return 10
            def columnCount(self, parent=QModelIndex()):
                return 3
            def data(self, index, role=Qt.ItemDataRole.DisplayRole):
                return None

        app = QApplication([])
        m = M()
        idx = m.index(1, 1)
        for _ in range(200_000):
            idx.data(Qt.ItemDataRole.DecorationRole)  # C++ calls the Python override
        print("ok")
        """
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "ok"
