"""QA findings: every month on the dashboard, dates at their precision, Ukrainian layout."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from triage_app.ui import i18n
from triage_app.ui.case_table_model import COLUMNS, format_incident_date
from triage_app.ui.dashboard import BarChart, ColumnChart, every_month
from triage_app.ui.rule_lab import PUBLIC_SCENARIOS, RuleLabView, strip_fired_tail

D1 = dt.date(2026, 10, 29)
D2 = dt.date(2026, 10, 31)


def test_dates_are_shown_at_their_precision() -> None:
    assert format_incident_date(D1, None, "DAY") == "2026-10-29"
    assert format_incident_date(D1, None, "MONTH") == "2026-10"
    assert format_incident_date(D1, None, "YEAR") == "2026"
    assert format_incident_date(D1, None, "ESTIMATE") == "~2026-10-29"
    assert format_incident_date(D1, D2, "DAY") == "2026-10-29 – 2026-10-31"
    assert format_incident_date(D1, D2, "DAY", compact=True) == "2026-10-29 – 10-31"
    assert format_incident_date(D1, D2, "ESTIMATE", compact=True) == "~2026-10-29 – 10-31"
    assert format_incident_date(D1, D2, "MONTH") == "2026-10"  # both ends in one month
    assert format_incident_date(D1, dt.date(2026, 12, 1), "MONTH") == "2026-10 – 2026-12"
    assert format_incident_date(D1, dt.date(2027, 1, 2), "YEAR") == "2026 – 2027"
    # across a year the compact form keeps both years
    assert (
        format_incident_date(dt.date(2025, 12, 30), dt.date(2026, 1, 2), "DAY", compact=True)
        == "2025-12-30 – 2026-01-02"
    )
    assert format_incident_date(None, None, "DAY") == ""


def test_table_and_detail_pane_show_dates_at_their_precision(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    date_col = [c[0] for c in COLUMNS].index("date")
    model = window.model
    seen: set[str] = set()
    for r in range(model.rowCount()):
        row = model.case_row(r)
        text = model.data(model.index(r, date_col))
        assert "(~)" not in text
        assert text == format_incident_date(
            row.date_from, row.date_to, row.date_precision, compact=True
        )
        seen.add(row.date_precision)
        if row.date_precision != "DAY" and "detail" not in seen:
            window.select_row(r)
            qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=10_000)
            qtbot.waitUntil(
                lambda r=r: (
                    window.detail_pane.detail is not None
                    and window.detail_pane.detail.id == model.case_row(r).id
                ),
                timeout=10_000,
            )
            header = window.detail_pane.header.text()
            full = format_incident_date(row.date_from, row.date_to, row.date_precision)
            assert full in header
            seen.add("detail")
    assert "detail" in seen and len(seen - {"detail"}) > 1


def test_month_chart_shows_every_month_from_the_first() -> None:
    counts = {"2022-02": 5, "2022-03": 90, "2022-06": 7, "2023-01": 4}
    points = every_month(counts)
    assert points[0] == ("2022-02", 5)
    assert points[-1] == ("2023-01", 4)
    assert len(points) == 12  # 2022-02 … 2023-01, gaps as zero
    assert dict(points)["2022-04"] == 0
    assert sum(n for _, n in points) == sum(counts.values())


def test_dashboard_month_chart_is_not_cut(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dash = window.dashboard
    window.tabs.setCurrentWidget(dash)
    qtbot.waitUntil(lambda: dash.counts is not None, timeout=10_000)
    months = sorted(dash.counts.by_month)
    points = dash.month_chart.points
    assert points[0][0] == months[0] and points[-1][0] == months[-1]
    assert sum(n for _, n in points) == dash.counts.incidents
    # the first month is labelled, later labels thinned
    chart = ColumnChart()
    qtbot.addWidget(chart)
    chart.set_data(every_month({"2020-02": 1, "2026-10": 1}))
    labelled = chart.labelled(chart.label_step(5.0))
    assert labelled[0] == 0 and 1 < len(labelled) < len(chart.points) // 4


def _dark_pixels(image: QImage, x0: int, x1: int, y0: int, y1: int) -> int:
    n = 0
    for x in range(x0, x1):
        for y in range(y0, y1):
            if QColor(image.pixel(x, y)).lightness() < 110:
                n += 1
    return n


def test_bar_chart_labels_values_when_rows_are_dense(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = BarChart()
    qtbot.addWidget(chart)
    rows = [("A", (1000,))] + [(chr(66 + i % 24), (100,)) for i in range(25)]  # 26 regions
    chart.set_data(rows, ("Incidents",))
    chart.resize(680, 26 * 14 + 8)  # the region chart's row height at 1400x860
    image = chart.grab().toImage()
    w = image.width()
    # short bars end near 10% of the bar area: their values are drawn just to the right
    assert (
        _dark_pixels(image, int(w * 0.13), int(w * 0.25), image.height() // 2, image.height()) > 0
    )


def test_quiz_fixed_text_is_translated(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert strip_fired_tail("Wins. Fired: R17 (winner), R22, R26. Secondary: F_UJ.") == "Wins."
    assert strip_fired_tail("No tail here.") == "No tail here."
    i18n.set_language("uk", remember=False)
    lab = RuleLabView(None, None)
    qtbot.addWidget(lab)
    lab.load_public_button.click()
    assert lab.current_scenario().why.endswith("Fired: R20 (winner).")
    lab.answer.set_code(lab.current_scenario().expected["forum"])
    lab.check_button.click()
    text = lab.quiz_result.text()
    assert "Fired:" not in text and "(winner)" not in text
    assert "R20 (переможець)" in text
    assert PUBLIC_SCENARIOS.exists()


def test_filter_drop_downs_fit_their_all_item_in_both_languages(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1400, 860)
    bar = window.filter_bar
    for lang in ("en", "uk"):
        i18n.set_language(lang, remember=False)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: bar.crime_type.itemText(0) != "", timeout=2_000)
        for combo in (bar.crime_type, bar.command_level, bar.forum, bar.region, bar.status):
            text_w = combo.fontMetrics().horizontalAdvance(combo.itemText(0))
            assert combo.width() >= text_w + 20, (lang, combo.itemText(0), combo.width())
        assert bar.command_level.itemText(0) == (
            "Усі рівні командування" if lang == "uk" else "All command levels"
        )
        assert bar.geometry().right() <= window.width()


def test_an_empty_database_says_how_to_start(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from triage_app.ui.main_window import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not w.loading, timeout=10_000)
    assert "No incidents yet" in w.detail_pane.header.text()
    assert "Ctrl+N" in w.detail_pane.header.text()
    w.runner.wait()


def test_a_filter_matching_nothing_says_so(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("zzqxnotanywhere")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0 and not window.loading, timeout=10_000)
    assert "No incident matches the filter" in window.detail_pane.header.text()
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0 and not window.loading, timeout=10_000)
    assert "matches" not in window.detail_pane.header.text()


def test_an_unrouted_suspect_can_be_routed_from_its_card(qtbot, demo_store) -> None:  # type: ignore[no-untyped-def]
    from triage_app.ui.main_window import MainWindow

    w = MainWindow(demo_store)  # demo data, never routed
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not w.loading, timeout=10_000)
    for row in range(w.model.rowCount()):  # the first incident with a suspect
        w.select_row(row)
        if w.detail_pane.cards:
            break
    card = w.detail_pane.cards[0]
    qtbot.waitUntil(card.isVisible)  # a card added to a shown pane shows at the next event
    assert card.route_button.isVisible() and not card.override_button.isEnabled()
    assert "Not routed yet" in card.text.text()
    card.route_button.click()  # routes in the background, then reloads
    qtbot.waitUntil(lambda: "Routed" in w.statusBar().currentMessage(), timeout=10_000)
    qtbot.waitUntil(lambda: not w.loading, timeout=10_000)  # the list reloads, cards rebuilt
    qtbot.waitUntil(lambda: w.detail_pane.cards[0].isVisible())
    card = w.detail_pane.cards[0]
    assert not card.route_button.isVisible() and card.override_button.isEnabled()
    assert "Why (rules that fired)" in card.text.text()
    assert "Routed" in w.statusBar().currentMessage()
    w.runner.cancel_all()
    w.runner.wait()
