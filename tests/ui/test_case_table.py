"""The case table model and the main window's list, filter bar and detail pane."""

from __future__ import annotations

from PySide6.QtCore import Qt

from triage_app.domain.case_filter import CaseFilter, CaseSort
from triage_app.services.case_list import CaseListService
from triage_app.services.store import Store
from triage_app.ui.case_table_model import COLUMNS, PAGE, CaseTableModel

N = 300  # incidents in the demo fixture


def test_model_passes_qtmodeltester(qtmodeltester, sqlite_demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    cases = CaseListService(sqlite_demo_store)
    model = CaseTableModel(cases.rows)
    model.set_ids(cases.ids(CaseFilter(), CaseSort()))
    qtmodeltester.check(model)
    assert model.rowCount() == N
    assert model.columnCount() == len(COLUMNS)


def test_model_extends_a_first_page_without_reset(qtmodeltester, sqlite_demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    cases = CaseListService(sqlite_demo_store)
    full = cases.ids(CaseFilter(), CaseSort())
    first = cases.ids(CaseFilter(), CaseSort(), limit=50)
    assert full[:50] == first  # the limited list is a prefix of the full one
    model = CaseTableModel(cases.rows)
    qtmodeltester.check(model)
    model.set_ids(first)
    model.extend_ids(full[50:])
    assert model.ids() == full


def test_model_loads_only_the_pages_it_shows(sqlite_demo_store: Store) -> None:
    calls: list[int] = []
    cases = CaseListService(sqlite_demo_store)

    def fetch(ids):  # type: ignore[no-untyped-def]
        calls.append(len(ids))
        return cases.rows(ids)

    model = CaseTableModel(fetch)
    model.set_ids(cases.ids(CaseFilter(), CaseSort()))
    model.data(model.index(0, 0))
    model.data(model.index(1, 4))
    assert calls == [PAGE]
    model.data(model.index(PAGE + 5, 0))
    assert calls == [PAGE, N - PAGE]


def test_window_shows_rows_count_and_sorts_in_sql(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.model.rowCount() == N
    assert "300 incidents" in window.count_label.text()
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # as a user clicks it
    refs = [window.model.data(window.model.index(r, 0)) for r in range(N)]
    assert refs == sorted(refs)


def test_search_filters_with_full_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        qtbot.keyClicks(window.search, "hospital")
    n = window.model.rowCount()
    assert 0 < n < N
    titles = [window.model.data(window.model.index(r, 4)) for r in range(n)]
    assert all("hospital" in t.lower() for t in titles)


def test_filter_bar_filters_by_crime_type_and_forum_and_clears(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    bar = window.filter_bar
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        bar.crime_type.set_code("CT_AGG")
    n = window.model.rowCount()
    assert 0 < n < N
    for r in range(n):
        assert window.model.case_row(r).crime_types.count("CT_AGG") == 1
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        bar.forum.set_code("F_UA_ABS")
    m = window.model.rowCount()
    assert m <= n
    assert all("F_UA_ABS" in window.model.case_row(r).forums for r in range(m))
    assert window.case_filter == CaseFilter(crime_type="CT_AGG", forum="F_UA_ABS")
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.act_clear.trigger()
    assert window.model.rowCount() == N


def test_selecting_a_row_shows_its_details_and_routes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.select_row(0)
    detail = window.detail
    assert detail is not None and detail.id == window.model.id_at(0)
    assert detail.record.title in window.detail_pane.header.text()
    assert len(window.detail_pane.cards) == len(detail.involvements)


def test_delete_and_undo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.select_row(0)
    incident_id = window.detail.id
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.act_delete.trigger()
    assert window.model.row_of(incident_id) == -1
    assert window.model.rowCount() == N - 1
    assert window.act_undo_delete.isEnabled()
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.act_undo_delete.trigger()
    assert window.model.row_of(incident_id) >= 0
    assert window.model.rowCount() == N


def test_column_widths_and_geometry_are_remembered(qtbot, routed_store: Store) -> None:  # type: ignore[no-untyped-def]
    from triage_app.ui.main_window import MainWindow

    first = MainWindow(routed_store)
    qtbot.addWidget(first)
    first.table.setColumnWidth(4, 432)
    first.close()
    second = MainWindow(routed_store)
    qtbot.addWidget(second)
    assert second.table.columnWidth(4) == 432
    for w in (first, second):
        w.runner.wait()
