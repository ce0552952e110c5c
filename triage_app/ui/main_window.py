"""The main window: filter bar + case table + detail pane with routes; dashboard; rule lab."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.case_filter import CaseFilter
from triage_app.services.case_list import CaseListService
from triage_app.services.incidents import (
    IncidentDetail,
    InvolvementView,
    NotFoundError,
    load_incident,
    set_deleted,
)
from triage_app.services.routing import clear_override, route_all, set_override
from triage_app.services.safety import AuditLine, audit_history
from triage_app.services.store import Store
from triage_app.ui import i18n
from triage_app.ui.case_table_model import CaseTableModel
from triage_app.ui.conflicts_dialog import ConflictsDialog
from triage_app.ui.dashboard import DashboardView
from triage_app.ui.detail_pane import IncidentDetailPane, OverrideDialog
from triage_app.ui.dialogs import ConfirmDialog, ErrorDialog, describe_error
from triage_app.ui.filter_bar import FilterBar
from triage_app.ui.history_dialog import HistoryDialog
from triage_app.ui.incident_editor import IncidentEditor
from triage_app.ui.rule_lab import RuleLabView
from triage_app.ui.unlock import PassphraseDialog
from triage_app.ui.widgets import fmt_int
from triage_app.ui.workers import Task, TaskRunner

FIRST_PAGE = 200  # ids fetched first, so the first rows show before the whole list is read
DEFAULT_WIDTHS = (150, 150, 180, 140, 380, 170, 140, 150, 110)


def exchange_available() -> bool:
    """Excel export/import actions appear once ``services.exchange`` exists."""
    return importlib.util.find_spec("triage_app.services.exchange") is not None


class MainWindow(QMainWindow):
    cases_loaded = Signal(int)  # number of matching incidents, after the whole id list

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.cases = CaseListService(store)
        self.case_filter = CaseFilter()
        self.detail: IncidentDetail | None = None
        self._selected_id: int | None = None
        self._last_deleted: int | None = None
        self.loading = False
        self.setObjectName("MainWindow")
        self.resize(1400, 860)

        self.runner = TaskRunner(self, self.statusBar())
        self.idle_lock: Any = None  # set by app.run_app for encrypted databases
        self.model = CaseTableModel(self.cases.rows, lang=i18n.current_language(), parent=self)

        self.filter_bar = FilterBar(self)
        self.search = self.filter_bar.search
        self.filter_bar.filter_changed.connect(self._on_filter_changed)

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for col, width in enumerate(DEFAULT_WIDTHS):
            self.table.setColumnWidth(col, width)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.model.sort_requested.connect(lambda _s: self.reload())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_incident())

        self.detail_pane = IncidentDetailPane(self)
        self.detail_pane.override_requested.connect(self.override_route)
        self.detail_pane.clear_requested.connect(self.clear_route_override)
        self.detail_pane.route_requested.connect(self.route_shown_incident)
        self.detail_pane.edit_requested.connect(self.edit_incident)
        self.detail_pane.history_requested.connect(self.show_history)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("caseSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 540])

        cases_page = QWidget(self)
        cases_layout = QVBoxLayout(cases_page)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        cases_layout.setSpacing(0)
        cases_layout.addWidget(self.filter_bar)
        cases_layout.addWidget(self.splitter, 1)

        self.dashboard = DashboardView(store, self.runner, self)
        self.rule_lab = RuleLabView(store, self.runner, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(cases_page, "")
        self.tabs.addTab(self.dashboard, "")
        self.tabs.addTab(self.rule_lab, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setCentralWidget(self.tabs)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.count_label)
        self._count = 0
        self._build_actions()
        self.retranslate()
        self._restore_settings()
        self.reload()

    # -- actions and menus ------------------------------------------------------------------
    def _action(self, name: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action("actNew", self.new_incident, K.New)
        self.act_edit = self._action("actEdit", self.edit_incident, "Ctrl+E")
        self.act_delete = self._action("actDelete", self.delete_incident, K.Delete)
        self.act_undo_delete = self._action("actUndoDelete", self.undo_delete, K.Undo)
        self.act_undo_delete.setEnabled(False)
        self.act_route = self._action("actRouteAll", self.route_all, "Ctrl+R")
        self.act_find = self._action("actFind", self.focus_search, K.Find)
        self.act_clear = self._action("actClearFilters", self.filter_bar.clear, "Ctrl+Shift+L")
        self.act_quit = self._action("actQuit", self.close, K.Quit)
        self.act_bundle_export = self._action("actBundleExport", self.export_bundle)
        self.act_bundle_import = self._action("actBundleImport", self.import_bundle)
        self.act_conflicts = self._action("actConflicts", self.show_conflicts)
        self.act_export = self.act_import = None
        if exchange_available():
            self.act_export = self._action("actExport", self.export_cases, "Ctrl+Shift+E")
            self.act_import = self._action("actImport", self.import_workbook, "Ctrl+Shift+I")
        self.act_views = [
            self._action(f"actView{n}", lambda n=n: self.tabs.setCurrentIndex(n), f"Ctrl+{n + 1}")
            for n in range(3)
        ]
        self.act_about = self._action("actAbout", self.about)
        self.lang_group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code, label in (("en", "English"), ("uk", "Українська")):
            a = QAction(label, self)  # language names are shown in their own language
            a.setObjectName(f"actLang_{code}")
            a.setCheckable(True)
            a.setChecked(code == i18n.current_language())
            a.triggered.connect(lambda _c=False, code=code: self.switch_language(code))
            self.lang_group.addAction(a)
            self.lang_actions[code] = a
        self.act_edit.setShortcuts([QKeySequence("Ctrl+E"), QKeySequence(Qt.Key.Key_Return)])
        self.act_edit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.act_edit)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.act_delete)

        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addAction(self.act_new)
        if self.act_export is not None and self.act_import is not None:
            self.menu_file.addSeparator()
            self.menu_file.addAction(self.act_export)
            self.menu_file.addAction(self.act_import)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_bundle_export)
        self.menu_file.addAction(self.act_bundle_import)
        self.menu_file.addAction(self.act_conflicts)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_route)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = bar.addMenu("")
        for a in (self.act_edit, self.act_delete, self.act_undo_delete):
            self.menu_edit.addAction(a)
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.act_find)
        self.menu_edit.addAction(self.act_clear)
        self.menu_view = bar.addMenu("")
        for a in self.act_views:
            self.menu_view.addAction(a)
        self.menu_lang = bar.addMenu("")
        for a in self.lang_actions.values():
            self.menu_lang.addAction(a)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Triage — case list"))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_edit.setTitle(self.tr("&Edit"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_lang.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_new.setText(self.tr("&New incident…"))
        self.act_edit.setText(self.tr("&Edit incident…"))
        self.act_delete.setText(self.tr("&Delete incident"))
        self.act_undo_delete.setText(self.tr("&Undo delete"))
        self.act_route.setText(self.tr("&Re-route all incidents"))
        self.act_find.setText(self.tr("&Find"))
        self.act_clear.setText(self.tr("&Clear filters"))
        self.act_quit.setText(self.tr("&Quit"))
        if self.act_export is not None and self.act_import is not None:
            self.act_export.setText(self.tr("&Export case list to Excel…"))
            self.act_import.setText(self.tr("&Import from Excel…"))
        self.act_bundle_export.setText(self.tr("Export laptop &bundle…"))
        self.act_bundle_import.setText(self.tr("Import laptop b&undle…"))
        self.act_conflicts.setText(self.tr("Merge &conflicts…"))
        names = (self.tr("&Cases"), self.tr("&Dashboard"), self.tr("&Rule lab"))
        for n, (action, name) in enumerate(zip(self.act_views, names, strict=True)):
            action.setText(name)
            self.tabs.setTabText(n, name)
        self.act_about.setText(self.tr("&About Triage"))
        self.model.set_language(i18n.current_language())
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def switch_language(self, lang: str) -> None:
        if not i18n.set_language(lang):
            ErrorDialog.ask(
                self,
                self.tr("Triage — error"),
                self.tr(
                    "The translation file %1 is missing. Run `make` to build it, then try again."
                ).replace("%1", str(i18n.qm_path(lang))),
            )
        for code, action in self.lang_actions.items():
            action.setChecked(code == i18n.current_language())

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Ask for the matching ids in the background: the first page, then the rest."""
        f, sort, cases = self.case_filter, self.model.sort_order, self.cases
        self.loading = True

        def work(task: Task) -> list[int]:
            first = cases.ids(f, sort, limit=FIRST_PAGE)
            task.partial(first)
            if len(first) < FIRST_PAGE:
                return first
            task.check_cancelled()
            return cases.ids(f, sort)

        self.runner.run(
            self.tr("Loading the case list"),
            work,
            self._on_ids_loaded,
            on_partial=self._on_first_ids,
            kind="case-list",
            quiet=True,
        )

    def _on_first_ids(self, ids: list[int]) -> None:
        self.model.set_ids(list(ids))
        self._count = -1
        self._update_count()
        self._reselect()

    def _on_ids_loaded(self, ids: list[int]) -> None:
        shown = self.model.rowCount()
        self.model.extend_ids(ids[shown:])
        self._count = len(ids)
        self.loading = False
        self._update_count()
        empty = "database" if self.case_filter.is_empty() else "filter"
        self.detail_pane.set_empty_list(None if ids else empty)
        if self.table.currentIndex().row() < 0:
            self._reselect()
        self.cases_loaded.emit(len(ids))

    def _reselect(self) -> None:
        if self._selected_id is None:
            return
        row = self.model.row_of(self._selected_id)
        if row >= 0:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _update_count(self) -> None:
        if self._count < 0:
            self.count_label.setText(self.tr("Counting…"))
        else:
            self.count_label.setText(self.tr("%n incident(s)", "", self._count))

    def _on_filter_changed(self, f: CaseFilter) -> None:
        self.case_filter = f
        self.reload()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        incident_id = self.model.id_at(current.row()) if current.isValid() else None
        if incident_id is None:
            return
        self._selected_id = incident_id
        self.show_detail(incident_id)

    def show_detail(self, incident_id: int | None) -> None:
        detail = None
        if incident_id is not None:
            try:
                detail = load_incident(self.store, incident_id)
            except NotFoundError:
                detail = None
        self.detail = detail
        self.detail_pane.show_incident(detail)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _data_changed(self, incident_id: int | None = None) -> None:
        """After a write: fresh rows, a fresh detail pane, a stale dashboard."""
        self.model.invalidate()
        if incident_id is not None:
            self._selected_id = incident_id
        self.reload()
        self.show_detail(self._selected_id)
        self.dashboard.mark_stale()

    # -- incident actions ---------------------------------------------------------------------
    def new_incident(self) -> None:
        saved = IncidentEditor.edit(self.store, None, self)
        if saved is not None:
            self._data_changed(saved)

    def edit_incident(self) -> None:
        if self._selected_id is None:
            return
        saved = IncidentEditor.edit(self.store, self._selected_id, self)
        if saved is not None:
            self._data_changed(saved)

    def start_daily_backup(self) -> None:
        """The scheduled backup (first start of each day), in a worker after the window shows."""
        from triage_app.services.safety import daily_backup_if_due

        store = self.store
        if store.path is None:
            return
        self.runner.run(
            self.tr("Daily backup"),
            lambda _t: daily_backup_if_due(store),
            lambda made: (
                self.statusBar().showMessage(
                    self.tr("Daily backup written to %1").replace("%1", str(made)), 8000
                )
                if made
                else None
            ),
            quiet=True,
        )

    def show_history(self) -> None:
        """The selected incident's audit history, read in a worker."""
        if self.detail is None:
            return
        reference = self.detail.record.reference
        store = self.store

        def work(_task: Task) -> list[AuditLine]:
            return audit_history(store, reference)

        self.runner.run(
            self.tr("Reading history"),
            work,
            lambda lines: HistoryDialog.show_for(self, reference, lines),
            quiet=True,
        )

    def delete_incident(self) -> None:
        if self.detail is None:
            return
        d = self.detail
        try:
            set_deleted(self.store, d.id, True)
        except Exception as exc:
            self._error(exc)
            return
        self._last_deleted = d.id
        self.act_undo_delete.setEnabled(True)
        self._selected_id = None
        self.detail_pane.show_incident(None)
        self.detail = None
        self._data_changed()
        self.statusBar().showMessage(
            self.tr("Deleted %1. Press Ctrl+Z to undo.").replace("%1", d.record.reference), 10000
        )

    def undo_delete(self) -> None:
        if self._last_deleted is None:
            return
        incident_id, self._last_deleted = self._last_deleted, None
        self.act_undo_delete.setEnabled(False)
        try:
            set_deleted(self.store, incident_id, False)
        except Exception as exc:
            self._error(exc)
            return
        self._data_changed(incident_id)
        self.statusBar().showMessage(self.tr("Restored the deleted incident."), 5000)

    def override_route(self, view: InvolvementView) -> None:
        if view.route is None:
            return
        answer = OverrideDialog.ask(self, view.route, view.record.suspect.name)
        if answer is None:
            return
        forum, reason = answer
        try:
            set_override(self.store, view.involvement_id, forum, reason)
        except Exception as exc:
            self._error(exc)
            return
        self._data_changed()

    def clear_route_override(self, view: InvolvementView) -> None:
        if not ConfirmDialog.ask(
            self,
            self.tr("Remove override"),
            self.tr("Remove the override for %1? The recommended forum applies again.").replace(
                "%1", view.record.suspect.name
            ),
        ):
            return
        try:
            clear_override(self.store, view.involvement_id)
        except Exception as exc:
            self._error(exc)
            return
        self._data_changed()

    def route_shown_incident(self, _view: InvolvementView | None = None) -> Task | None:
        """Route the suspects of the incident on screen, in the background like every write
        that may wait for the database's write lock."""
        detail = self.detail_pane.detail
        if detail is None:
            return None
        store, incident_id, reference = self.store, detail.id, detail.record.reference

        def done(summary: Any) -> None:
            self._data_changed(incident_id)
            self.statusBar().showMessage(
                self.tr("Routed %n suspect(s) of %1.", "", summary.routed).replace("%1", reference),
                5000,
            )

        return self.runner.run(
            self.tr("Routing %1").replace("%1", reference),
            lambda _task: route_all(store, incident_ids=[incident_id]),
            done,
        )

    def route_all(self) -> Task:
        store = self.store

        def work(task: Task) -> Any:
            return route_all(store, progress=task.progress)

        def done(summary: Any) -> None:
            self._data_changed()
            self.statusBar().showMessage(
                self.tr("Routed %1 suspects: %2 new, %3 changed.")
                .replace("%1", fmt_int(summary.routed))
                .replace("%2", fmt_int(summary.new))
                .replace("%3", fmt_int(summary.changed)),
                10000,
            )

        return self.runner.run(self.tr("Routing all incidents"), work, done)

    def export_cases(self) -> Task | None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export case list"), "cases.xlsx", self.tr("Excel workbooks (*.xlsx)")
        )
        if not path:
            return None
        from triage_app.services import exchange  # type: ignore[attr-defined]

        store, f, lang = self.store, self.case_filter, i18n.current_language()

        def work(task: Task) -> Any:
            return exchange.export_cases(store, Path(path), f, lang, task.progress)

        return self.runner.run(
            self.tr("Exporting the case list"),
            work,
            lambda _r: self.statusBar().showMessage(
                self.tr("Exported to %1.").replace("%1", path), 10000
            ),
        )

    def import_workbook(self) -> Task | None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import from Excel"), "", self.tr("Excel workbooks (*.xlsx)")
        )
        if not path:
            return None
        from triage_app.services import exchange  # type: ignore[attr-defined]

        store = self.store

        def work(task: Task) -> Any:
            return exchange.import_workbook(store, Path(path), False, task.progress)

        def done(result: Any) -> None:
            if not result.ok:
                ErrorDialog.ask(
                    self,
                    self.tr("Nothing was imported"),
                    self.tr(
                        "%1 has %2 problem(s); nothing was imported. Every problem is listed "
                        "with its sheet, row and column in %3. Correct them and import again."
                    )
                    .replace("%1", Path(path).name)
                    .replace("%2", fmt_int(result.problem_count))
                    .replace("%3", str(result.report or "")),
                )
                return
            self._data_changed()
            self.statusBar().showMessage(self.tr("Imported %1.").replace("%1", path), 10000)

        return self.runner.run(self.tr("Importing from Excel"), work, done)

    def export_bundle(self) -> Task | None:
        """Everything in this database to one bundle file (encrypted when the database is)."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export laptop bundle"), "", self.tr("Triage bundles (*.triage)")
        )
        if not path:
            return None
        store = self.store

        def work(_task: Task) -> Any:
            from triage_app.services.bundles import export_bundle

            return export_bundle(store, Path(path), None, store.passphrase)

        return self.runner.run(
            self.tr("Exporting bundle"),
            work,
            lambda _r: self.statusBar().showMessage(
                self.tr("Bundle written to %1").replace("%1", path), 10000
            ),
        )

    def import_bundle(self, path: str | None = None, passphrase: str | None = None) -> Task | None:
        """Merge a laptop's bundle; an encrypted one asks for its passphrase."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import laptop bundle"), "", self.tr("Triage bundles (*.triage)")
            )
        if not path:
            return None
        store = self.store
        chosen = path

        def work(task: Task) -> Any:
            from triage_app.services.bundles import import_bundle

            return import_bundle(store, Path(chosen), passphrase, progress=task.progress)

        def failed(exc: BaseException) -> None:
            from triage_app.exchange.bundle import BundlePassphraseError

            if isinstance(exc, BundlePassphraseError):
                typed = PassphraseDialog.ask(
                    self, Path(chosen).name, str(exc) if passphrase else None
                )
                if typed is not None:
                    self.import_bundle(chosen, typed)
                return
            self._error(exc)

        def done(report: Any) -> None:
            self._data_changed()
            conflicts = len(report.conflict_ids)
            self.statusBar().showMessage(
                self.tr("Bundle merged: %1 conflict(s) to resolve.").replace("%1", str(conflicts)),
                10000,
            )
            if conflicts:
                self.show_conflicts()

        return self.runner.run(self.tr("Importing bundle"), work, done, on_error=failed)

    def show_conflicts(self) -> None:
        if ConflictsDialog.show_for(self.store, self):
            self._data_changed()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Triage"),
            self.tr(
                "Triage: case triage for war-crimes prosecutors.\nThe routing is a "
                "research-based model for triage and training, not legal advice."
            ),
        )

    def _error(self, exc: BaseException) -> None:
        message, details = describe_error(exc)
        ErrorDialog.ask(self, self.tr("Triage — error"), message, details)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard:
            self.dashboard.refresh_if_stale()

    # -- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = QSettings()
        geometry = s.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        header = s.value("main/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
            # the sort order is not restored: the list is loaded in the default order
            self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        splitter = s.value("main/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_settings(self) -> None:
        s = QSettings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/header", self.table.horizontalHeader().saveState())
        s.setValue("main/splitter", self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.runner.cancel_all()
        self.runner.wait(10_000)
        super().closeEvent(event)
