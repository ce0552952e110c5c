"""Small reusable widgets: vocabulary drop-downs, optional dates, tags, a generic rows model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QWidget,
    QWidgetItem,
)

from triage_app.domain.vocab import Vocabulary

Index = QModelIndex | QPersistentModelIndex


def fmt_int(n: int) -> str:
    """A count in the interface language's format (20,000 / 20 000)."""
    return QLocale().toString(n)


def fmt_pct(x: float) -> str:
    return QLocale().toString(x, "f", 1)


class CodeCombo(QComboBox):
    """A drop-down over a vocabulary: shows labels in the current language, returns codes.

    ``none_text`` adds a first entry meaning "no value" (e.g. "All forums", "Unknown").
    """

    def __init__(
        self,
        vocab: Vocabulary,
        lang: str = "en",
        none_text: str | None = None,
        parent: QWidget | None = None,
        codes: Sequence[str] | None = None,
        short: bool = False,
    ) -> None:
        super().__init__(parent)
        self.vocab = vocab
        self.none_text = none_text
        self.short = short
        self._codes: list[str | None] = ([None] if none_text is not None else []) + list(
            codes if codes is not None else vocab.codes
        )
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        for _ in self._codes:
            self.addItem("")
        self.set_language(lang)

    def label_of(self, code: str | None, lang: str) -> str:
        if code is None:
            return self.none_text or ""
        term = self.vocab.get(code)
        if self.short:
            return str(term.extra.get(f"short_{lang}", term.label(lang)))
        return term.label(lang)

    def set_language(self, lang: str, none_text: str | None = None) -> None:
        if none_text is not None:
            self.none_text = none_text
        for i, code in enumerate(self._codes):
            self.setItemText(i, self.label_of(code, lang))
            self.setItemData(
                i,
                self.vocab.get(code).label(lang) if code else self.none_text,
                Qt.ItemDataRole.ToolTipRole,
            )

    def code(self) -> str | None:
        i = self.currentIndex()
        return self._codes[i] if 0 <= i < len(self._codes) else None

    def set_code(self, code: str | None) -> None:
        if code in self._codes:
            self.setCurrentIndex(self._codes.index(code))
        elif code is None and None not in self._codes:
            self.setCurrentIndex(-1)
        else:
            raise ValueError(f"{code!r} is not offered here")


class OptionalDateEdit(QDateEdit):
    """A date that may be empty: the minimum date stands for "no date" (shown as a dash).

    Delete or Backspace on an empty selection clears it; typing a date sets it.
    """

    EMPTY = QDate(2000, 1, 1)

    def __init__(self, parent: QWidget | None = None, empty_text: str = "—") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(empty_text)
        self.setDate(self.EMPTY)

    def value(self) -> dt.date | None:
        d = self.date()
        if d == self.EMPTY:
            return None
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(self.EMPTY if value is None else QDate(value.year, value.month, value.day))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            self.value() is None or self.lineEdit().selectedText() == self.lineEdit().text()
        ):
            self.set_value(None)
            return
        if self.value() is None and event.text().isdigit():
            self.setDate(QDate.currentDate())  # start from today, then type over it
            self.lineEdit().selectAll()
        super().keyPressEvent(event)


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping (the Qt "flow layout" example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, w: QWidget) -> None:  # type: ignore[override]
        self.addChildWidget(w)
        self.addItem(QWidgetItem(w))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, test: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            nxt = x + hint.width() + self._spacing
            if nxt - self._spacing > rect.right() and line > 0:
                x, y = rect.x(), y + line + self._spacing
                nxt, line = x + hint.width() + self._spacing, 0
            if not test:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x, line = nxt, max(line, hint.height())
        return y + line - rect.y()


class TagPicker(QWidget):
    """Checkable tags (one check box per code), wrapping; emits ``changed``."""

    changed = Signal()

    def __init__(self, vocab: Vocabulary, lang: str = "en", parent: QWidget | None = None):
        super().__init__(parent)
        self.vocab = vocab
        layout = FlowLayout(self, spacing=10)
        self.boxes: dict[str, QCheckBox] = {}
        for term in vocab:
            box = QCheckBox(self)
            box.setObjectName(f"tag_{term.code}")
            box.toggled.connect(lambda _on: self.changed.emit())
            layout.addWidget(box)
            self.boxes[term.code] = box
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        for code, box in self.boxes.items():
            box.setText(self.vocab.label(code, lang))

    def codes(self) -> tuple[str, ...]:
        return tuple(c for c, b in self.boxes.items() if b.isChecked())

    def set_codes(self, codes: Sequence[str]) -> None:
        for c, b in self.boxes.items():
            b.setChecked(c in codes)


class ErrorLabel(QLabel):
    """The red line under a field that says what is wrong with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.hide()

    def show_message(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


class RowsModel(QAbstractTableModel):
    """A small read-only table: rows of values, columns described by (header, getter)."""

    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[Any], Any]]],
        parent: Any = None,
        tooltip: Callable[[Any, int], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._tooltip = tooltip

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[tuple[str, Callable[[Any], Any]]]) -> None:
        """Same number of columns, new headers/getters (after a language change)."""
        assert len(columns) == len(self._columns)
        self._columns = list(columns)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(columns) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(columns) - 1)
            )

    def rows(self) -> list[Any]:
        return list(self._rows)

    def update_row(self, row: int, value: Any) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def append_row(self, value: Any) -> int:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(value)
        self.endInsertRows()
        return n

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(row, index.column())
        return None
