"""The main window: search over the case table, a status bar with counts."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QToolBar,
    QWidget,
)

from triage_app.domain.case_filter import CaseFilter, CaseSort
from triage_app.services.case_list import CaseListService
from triage_app.ui.case_table_model import COLUMNS, CaseTableModel

SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    def __init__(self, cases: CaseListService, lang: str = "en", parent: QWidget | None = None):
        super().__init__(parent)
        self.cases = cases
        self.lang = lang
        self.case_filter = CaseFilter()
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Triage — case list"))
        self.resize(1280, 760)

        self.model = CaseTableModel(cases.rows, lang=lang, parent=self)
        self.model.set_headers({key: self.tr(header) for key, header, _ in COLUMNS})

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = (150, 150, 150, 110, 380, 170, 140, 150, 110)
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # sorts at once; connected below, so no reload yet
        self.model.sort_requested.connect(self._on_sort_requested)
        self.setCentralWidget(self.table)

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(self.tr("Search titles and descriptions (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        toolbar = QToolBar(self.tr("Search"), self)
        toolbar.setObjectName("searchToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_menus()
        self.reload()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        find = QAction(self.tr("&Find"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        ids = self.cases.ids(self.case_filter, self.model.sort_order)
        self.model.set_ids(ids)
        self._update_count(len(ids))

    def _update_count(self, n: int) -> None:
        self.count_label.setText(self.tr("%n incident(s)", "", n))

    def _on_sort_requested(self, _sort: CaseSort) -> None:
        self.reload()

    def _apply_search(self) -> None:
        text = self.search.text().strip() or None
        if text != self.case_filter.text:
            self.case_filter = CaseFilter(**{**self.case_filter.__dict__, "text": text})
            self.reload()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/header", self.table.horizontalHeader().saveState())
        super().closeEvent(event)
