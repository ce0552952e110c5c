"""An incident's history from the audit log: who changed what, and when."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_app.services.safety import AuditLine
from triage_app.ui.widgets import RowsModel


def summarize(line: AuditLine) -> str:
    """The changed fields as ``field: before → after``, one per line (what people read)."""
    d = line.details
    before, after = d.get("before") or {}, d.get("after") or {}
    parts = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        parts.append(
            f"{name}: {_short(old)} → {_short(new)}" if name in before else f"{name}: {_short(new)}"
        )
    if line.items:  # a bulk entry (import): what it did to this incident's records
        for (kind, change), n in Counter(line.items).items():
            parts.append(f"{kind} {change}" + (f" ×{n}" if n > 1 else ""))
    elif d.get("file"):  # the whole import
        for change in ("created", "updated"):
            counts = d.get(change) or {}
            parts += [f"{k} {change}: {n}" for k, n in counts.items() if isinstance(n, int) and n]
    if d.get("file"):
        parts.append(f"file: {d['file']}")
    for key in ("suspects", "evidence"):
        changes = d.get(key) or {}
        for kind, uuids in changes.items():
            if uuids:
                parts.append(f"{key} {kind}: {len(uuids)}")
    return "\n".join(parts) if parts else json.dumps(d, ensure_ascii=False)[:200]


def _short(value: Any) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class HistoryDialog(QDialog):
    def __init__(self, reference: str, lines: list[AuditLine], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History of %1").replace("%1", reference))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Every change is in the tamper-evident audit log (newest first)."), self)
        )
        actions = {
            "create": self.tr("created"),
            "update": self.tr("changed"),
            "delete": self.tr("deleted"),
            "restore": self.tr("restored"),
            "override": self.tr("route overridden"),
            "override_removed": self.tr("override removed"),
            "import": self.tr("imported"),
            "merge": self.tr("merged"),
        }
        entities = {
            "incident": self.tr("incident"),
            "suspect": self.tr("suspect"),
            "routing_decision": self.tr("route"),
        }
        self.model = RowsModel(
            [
                (self.tr("When (UTC)"), lambda x: f"{x.at:%Y-%m-%d %H:%M}"),
                (self.tr("Who"), lambda x: x.actor),
                (self.tr("Action"), lambda x: actions.get(x.action, x.action)),
                (self.tr("Record"), lambda x: entities.get(x.entity, x.entity)),
                (self.tr("What changed"), summarize),
            ],
            self,
        )
        self.model.set_rows(lines)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, parent: QWidget | None, reference: str, lines: list[AuditLine]) -> None:
        cls(reference, lines, parent).exec()
