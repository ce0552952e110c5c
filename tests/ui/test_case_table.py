"""The case table model and the main window, on a real demo database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from triage_app.services.case_list import CaseListService
from triage_app.services.store import Store
from triage_app.ui.case_table_model import COLUMNS, PAGE, CaseTableModel
from triage_app.ui.main_window import MainWindow


def test_model_passes_qtmodeltester(qtmodeltester, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    cases = CaseListService(demo_store)
    from triage_app.domain.case_filter import CaseFilter, CaseSort

    model = CaseTableModel(cases.rows)
    model.set_ids(cases.ids(CaseFilter(), CaseSort()))
    qtmodeltester.check(model)
    assert model.rowCount() == 300
    assert model.columnCount() == len(COLUMNS)


def test_model_loads_only_the_pages_it_shows(demo_store: Store) -> None:
    calls: list[int] = []
    cases = CaseListService(demo_store)

    def fetch(ids):  # type: ignore[no-untyped-def]
        calls.append(len(ids))
        return cases.rows(ids)

    from triage_app.domain.case_filter import CaseFilter, CaseSort

    model = CaseTableModel(fetch)
    model.set_ids(cases.ids(CaseFilter(), CaseSort()))
    model.data(model.index(0, 0))
    model.data(model.index(1, 4))
    assert calls == [PAGE]
    model.data(model.index(PAGE + 5, 0))
    assert calls == [PAGE, 300 - PAGE]


def test_window_shows_rows_count_and_sorts_in_sql(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(CaseListService(demo_store))
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 300
    assert "300" in window.count_label.text()
    # Sort by reference ascending through the header, as a user clicks it.
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    refs = [window.model.data(window.model.index(r, 0)) for r in range(300)]
    assert refs == sorted(refs)


def test_search_filters_with_full_text(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(CaseListService(demo_store))
    qtbot.addWidget(window)
    qtbot.keyClicks(window.search, "hospital")
    qtbot.waitUntil(lambda: window.model.rowCount() < 300, timeout=3000)
    n = window.model.rowCount()
    assert n > 0
    titles = [window.model.data(window.model.index(r, 4)) for r in range(n)]
    descriptions_or_titles_match = all("hospital" in t.lower() for t in titles)
    assert descriptions_or_titles_match
