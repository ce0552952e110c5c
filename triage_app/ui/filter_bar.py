"""The filter bar over the case table: vocabulary drop-downs, a date range and text search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QWidget,
)

from triage_app.domain.case_filter import CaseFilter
from triage_app.domain.vocab import vocabularies
from triage_app.ui.i18n import current_language
from triage_app.ui.widgets import CodeCombo, OptionalDateEdit

SEARCH_DELAY_MS = 250


def fit_combo(combo: QComboBox) -> None:
    """Never narrower than its first ("All …") entry; the list as wide as its longest entry."""
    fm = combo.fontMetrics()
    opt = QStyleOptionComboBox()
    opt.initFrom(combo)
    text_w = fm.horizontalAdvance(combo.itemText(0)) if combo.count() else 0
    size = combo.style().sizeFromContents(
        QStyle.ContentsType.CT_ComboBox, opt, QSize(text_w + 4, fm.height()), combo
    )
    combo.setMinimumWidth(size.width())
    longest = max(
        (fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0
    )
    combo.view().setMinimumWidth(longest + 32)


class FilterBar(QWidget):
    """Emits ``filter_changed(CaseFilter)`` when any criterion changes (text after a pause)."""

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        v = vocabularies()
        lang = current_language()
        self.crime_type = CodeCombo(v.crime_types, lang, "", self)
        self.command_level = CodeCombo(v.command_levels, lang, "", self)
        self.forum = CodeCombo(v.forums, lang, "", self, short=True)
        self.region = CodeCombo(v.regions, lang, "", self)
        self.status = CodeCombo(v.statuses, lang, "", self)
        self.date_from = OptionalDateEdit(self)
        self.date_to = OptionalDateEdit(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFilters")
        self.dates_label = QLabel(self)
        self.dash = QLabel("–", self)
        for name, w in (
            ("crimeTypeFilter", self.crime_type),
            ("commandLevelFilter", self.command_level),
            ("forumFilter", self.forum),
            ("regionFilter", self.region),
            ("statusFilter", self.status),
        ):
            w.setObjectName(name)
            w.setMinimumContentsLength(9)
            w.currentIndexChanged.connect(self._emit)
        self.date_from.setObjectName("dateFromFilter")
        self.date_to.setObjectName("dateToFilter")
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._emit)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(6)
        layout.addWidget(self.search, 3)
        for w in (self.crime_type, self.command_level, self.forum, self.region, self.status):
            layout.addWidget(w, 2)
        layout.addWidget(self.dates_label)
        layout.addWidget(self.date_from)
        layout.addWidget(self.dash)
        layout.addWidget(self.date_to)
        layout.addWidget(self.clear_button)
        self._last = CaseFilter()
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.crime_type.set_language(lang, self.tr("All crime types"))
        self.command_level.set_language(lang, self.tr("All command levels"))
        self.forum.set_language(lang, self.tr("All forums"))
        self.region.set_language(lang, self.tr("All regions"))
        self.status.set_language(lang, self.tr("All statuses"))
        for combo in (self.crime_type, self.command_level, self.forum, self.region, self.status):
            fit_combo(combo)
        self.search.setPlaceholderText(self.tr("Search… (Ctrl+F)"))
        self.search.setToolTip(
            self.tr(
                "Finds incidents whose title, description or place contains every word typed; "
                "a Ukrainian word is found in its other forms too (школа finds школи)."
            )
        )
        self.dates_label.setText(self.tr("Date:"))
        self.date_from.setToolTip(self.tr("Incidents on or after this date (Delete clears it)"))
        self.date_to.setToolTip(self.tr("Incidents on or before this date (Delete clears it)"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Show all incidents again (Ctrl+Shift+L)"))

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def current(self) -> CaseFilter:
        return CaseFilter(
            crime_type=self.crime_type.code(),
            command_level=self.command_level.code(),
            forum=self.forum.code(),
            region=self.region.code(),
            status=self.status.code(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            text=self.search.text().strip() or None,
        )

    def clear(self) -> None:
        self.blockSignals(True)
        try:
            for combo in (
                self.crime_type,
                self.command_level,
                self.forum,
                self.region,
                self.status,
            ):
                combo.setCurrentIndex(0)
            self.date_from.set_value(None)
            self.date_to.set_value(None)
            self.search.clear()
        finally:
            self.blockSignals(False)
        self._timer.stop()
        self._emit()

    def _emit(self, *_args: Any) -> None:
        if self.signalsBlocked():
            return
        f = self.current()
        if f != self._last:
            self._last = f
            self.filter_changed.emit(f)
