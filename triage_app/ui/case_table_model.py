"""The case table: a list of ids plus a cache of row pages, sorted and filtered in SQL.

Only the page under the view is ever loaded (cf. Anki's browser table and calibre's library
model); ``sort()`` asks the database for a new id order and resets.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from triage_app.db.case_queries import CaseRow
from triage_app.domain.case_filter import CaseSort
from triage_app.domain.vocab import vocabularies

PAGE = 200
MAX_PAGES = 50

Index = QModelIndex | QPersistentModelIndex

# (key, header, sort key or None); headers are translated in the "CaseTableModel" context.
COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("reference", QT_TRANSLATE_NOOP("CaseTableModel", "Reference"), "reference"),
    ("date", QT_TRANSLATE_NOOP("CaseTableModel", "Date"), "date"),
    ("region", QT_TRANSLATE_NOOP("CaseTableModel", "Region"), "region"),
    ("settlement", QT_TRANSLATE_NOOP("CaseTableModel", "Settlement"), None),
    ("title", QT_TRANSLATE_NOOP("CaseTableModel", "Title"), "title"),
    ("crime_types", QT_TRANSLATE_NOOP("CaseTableModel", "Crime types"), None),
    ("forums", QT_TRANSLATE_NOOP("CaseTableModel", "Forums"), None),
    ("status", QT_TRANSLATE_NOOP("CaseTableModel", "Status"), "status"),
    ("victims", QT_TRANSLATE_NOOP("CaseTableModel", "Killed / injured"), "victims"),
)


def _at_precision(d: dt.date, precision: str) -> str:
    if precision == "MONTH":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "YEAR":
        return f"{d.year:04d}"
    return d.isoformat()


def format_incident_date(
    date_from: dt.date | None,
    date_to: dt.date | None,
    precision: str | None,
    *,
    compact: bool = False,
) -> str:
    """An incident date (or range) at its precision, in language-neutral ISO forms.

    DAY → ``2026-10-30``, MONTH → ``2026-10``, YEAR → ``2026``, ESTIMATE → ``~2026-10-30``.
    A range joins both ends with " – " (once if they collapse to the same text); with
    ``compact`` the end drops its year when both ends share it (``2026-10-29 – 10-31``).
    """
    if date_from is None:
        return ""
    precision = precision or "DAY"
    start = _at_precision(date_from, precision)
    text = start
    if date_to is not None and date_to != date_from:
        end = _at_precision(date_to, precision)
        if end != start:
            if compact and precision in ("DAY", "ESTIMATE") and date_to.year == date_from.year:
                end = end[5:]
            text = f"{start} – {end}"
    return f"~{text}" if precision == "ESTIMATE" else text


class CaseTableModel(QAbstractTableModel):
    """Rows are incidents; the window owns loading ids (``sort_requested`` asks it to)."""

    sort_requested = Signal(object)  # CaseSort

    def __init__(
        self,
        fetch_rows: Callable[[Sequence[int]], list[CaseRow]],
        lang: str = "en",
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, CaseRow]] = OrderedDict()
        self.lang = lang
        self.sort_order = CaseSort()
        self._vocab = vocabularies()
        self._headers = {key: header for key, header, _ in COLUMNS}
        self.retranslate()

    # -- data management ---------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def extend_ids(self, ids: list[int]) -> None:
        """Append ids after the ones shown (the rest of a list whose first page came first)."""
        if not ids:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(ids) - 1)
        self._ids.extend(ids)
        self.endInsertRows()

    def ids(self) -> list[int]:
        return self._ids

    def retranslate(self) -> None:
        self.set_headers(
            {key: QCoreApplication.translate("CaseTableModel", h) for key, h, _ in COLUMNS}
        )

    def set_headers(self, headers: dict[str, str]) -> None:
        self._headers.update(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def invalidate(self) -> None:
        """Drop cached pages (after an edit) without changing the id order."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, incident_id: int) -> int:
        try:
            return self._ids.index(incident_id)
        except ValueError:
            return -1

    def case_row(self, row: int) -> CaseRow | None:
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            ids = self._ids[page_no * PAGE : (page_no + 1) * PAGE]
            page = {r.id: r for r in self._fetch_rows(ids)}
            self._pages[page_no] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])

    # -- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return self._headers[COLUMNS[section][0]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self.case_row(index.row())
        if row is None:  # vanished since the id list was made: show it disabled
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.case_row(index.row())
        if row is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        return self._display(row, key)

    def _display(self, row: CaseRow, key: str) -> str:
        v = self._vocab
        if key == "reference":
            return row.reference
        if key == "date":
            return format_incident_date(
                row.date_from, row.date_to, row.date_precision, compact=True
            )
        if key == "region":
            return v.regions.label(row.oblast_code, self.lang) if row.oblast_code else ""
        if key == "settlement":
            return row.settlement or ""
        if key == "title":
            return row.title
        if key == "crime_types":
            return ", ".join(v.crime_types.label(c, self.lang) for c in row.crime_types)
        if key == "forums":
            return ", ".join(
                str(v.forums.get(f).extra.get(f"short_{self.lang}", f)) for f in row.forums
            )
        if key == "status":
            return v.statuses.label(row.status, self.lang)
        if key == "victims":
            return f"{row.victims_killed} / {row.victims_injured}"
        return ""

    def _tooltip(self, row: CaseRow, key: str) -> str | None:
        v = self._vocab
        if key == "forums" and row.forums:
            return "\n".join(v.forums.label(f, self.lang) for f in row.forums)
        if key == "crime_types":
            return " ".join(row.crime_types)
        if key == "title":
            return row.title
        if key == "date":
            text = format_incident_date(row.date_from, row.date_to, row.date_precision)
            label = v.date_precisions.label(row.date_precision, self.lang)
            return f"{text} ({label})" if row.date_precision else text
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2] if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        self.sort_order = CaseSort(key, descending=order == Qt.SortOrder.DescendingOrder)
        self.sort_requested.emit(self.sort_order)
