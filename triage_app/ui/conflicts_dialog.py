"""Merge conflicts from laptop bundles, resolved field by field.

Each open conflict lists the fields that differ: the value here, the incoming value, and a
choice of which to keep. Nothing changes until Resolve; the resolution is audited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from triage_app.services.bundles import ConflictView, list_conflicts, resolve_conflict
from triage_app.services.store import Store


def _text(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class ConflictsDialog(QDialog):
    """Lists open conflicts; the user picks a side per field and resolves one at a time."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Merge conflicts"))
        self.resize(1000, 560)
        self.conflicts: list[ConflictView] = []
        self.resolved = 0
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        body = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("conflictList")
        self.list.setMaximumWidth(320)
        self.list.currentRowChanged.connect(self._show)
        body.addWidget(self.list)
        right = QVBoxLayout()
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("conflictFields")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Here"), self.tr("Incoming"), self.tr("Keep")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        right.addWidget(self.table)
        row = QHBoxLayout()
        self.all_here = QPushButton(self.tr("Keep all &here"), self)
        self.all_incoming = QPushButton(self.tr("Take all i&ncoming"), self)
        self.resolve_button = QPushButton(self.tr("&Resolve"), self)
        self.resolve_button.setObjectName("resolveButton")
        self.all_here.clicked.connect(lambda: self._set_all("local"))
        self.all_incoming.clicked.connect(lambda: self._set_all("remote"))
        self.resolve_button.clicked.connect(self.resolve_current)
        row.addWidget(self.all_here)
        row.addWidget(self.all_incoming)
        row.addStretch(1)
        row.addWidget(self.resolve_button)
        right.addLayout(row)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.conflicts = list_conflicts(self.store)
        self.list.clear()
        for c in self.conflicts:
            item = QListWidgetItem(f"#{c.id} · {c.entity} · {c.label}", self.list)
            item.setToolTip(item.text())
        self.intro.setText(
            self.tr(
                "%1 record(s) were changed both here and on the laptop that sent them. Choose, "
                "field by field, which value to keep; both versions stay on record."
            ).replace("%1", str(len(self.conflicts)))
            if self.conflicts
            else self.tr("No open conflicts: every bundle merged cleanly.")
        )
        self.resolve_button.setEnabled(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self.table.setRowCount(0)

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        c = self.current()
        self.table.setRowCount(0)
        if c is None:
            return
        self.table.setRowCount(len(c.fields))
        for r, diff in enumerate(c.fields):
            for col, value in enumerate((diff.field, _text(diff.local), _text(diff.remote))):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, col, item)
            choice = QComboBox(self.table)
            choice.addItem(self.tr("here"), "local")
            choice.addItem(self.tr("incoming"), "remote")
            self.table.setCellWidget(r, 3, choice)
        self.table.resizeRowsToContents()

    def _set_all(self, side: str) -> None:
        for r in range(self.table.rowCount()):
            box = self.table.cellWidget(r, 3)
            if isinstance(box, QComboBox):
                box.setCurrentIndex(box.findData(side))

    def choices(self) -> dict[str, str]:
        c = self.current()
        out: dict[str, str] = {}
        if c is None:
            return out
        for r, diff in enumerate(c.fields):
            box = self.table.cellWidget(r, 3)
            if isinstance(box, QComboBox):
                out[diff.field] = str(box.currentData())
        return out

    def resolve_current(self) -> None:
        c = self.current()
        if c is None:
            return
        resolve_conflict(self.store, c.id, "local", self.choices())
        self.resolved += 1
        self.reload()

    @classmethod
    def show_for(cls, store: Store, parent: QWidget | None) -> int:
        """Show the dialog; returns how many conflicts were resolved."""
        dialog = cls(store, parent)
        dialog.exec()
        return dialog.resolved
