"""The dashboard: incidents and suspects by forum, crime type, region and month.

Charts are drawn with QPainter (no QtCharts add-on in PySide6-Essentials); the figures come
from SQL aggregates computed in the background and are refreshed after data changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocab import vocabularies
from triage_app.services.dashboard import DashboardCounts, load_dashboard
from triage_app.services.store import Store
from triage_app.ui.i18n import current_language
from triage_app.ui.widgets import fmt_int
from triage_app.ui.workers import Task, TaskRunner

SERIES_COLOURS = (QColor("#2f6db5"), QColor("#e08a1e"))


class BarChart(QWidget):
    """Horizontal bars, one row per category, one or two series (grouped) per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.rows: list[tuple[str, tuple[int, ...]]] = []
        self.series: tuple[str, ...] = ()
        self.empty_text = ""

    def set_data(self, rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str]) -> None:
        self.rows = [(label, tuple(values)) for label, values in rows]
        self.series = tuple(series)
        self.update()

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 160)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(4, 4, -8, -4)
        fm = QFontMetrics(self.font())
        if not self.rows:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        legend_h = fm.height() + 6 if len(self.series) > 1 else 0
        if legend_h:
            x = rect.left()
            for name, colour in zip(self.series, SERIES_COLOURS, strict=False):
                p.fillRect(QRectF(x, rect.top() + 3, 12, 12), colour)
                p.setPen(self.palette().text().color())
                p.drawText(
                    QRectF(x + 16, rect.top(), 400, fm.height() + 4),
                    Qt.AlignmentFlag.AlignVCenter,
                    name,
                )
                x += 16 + fm.horizontalAdvance(name) + 18
        label_w = min(
            max(fm.horizontalAdvance(label) for label, _ in self.rows) + 8, rect.width() * 0.42
        )
        top = rect.top() + legend_h
        row_h = (rect.bottom() - top) / len(self.rows)
        vmax = max((max(v) for _, v in self.rows if v), default=1) or 1
        value_w = fm.horizontalAdvance(fmt_int(vmax)) + 6
        bar_area = rect.width() - label_w - value_w
        n_series = max(1, len(self.series))
        # Value labels: in the widget's font when a bar (or, with one series, its row) is
        # tall enough, else in a smaller font that fits; omitted only below 7 px.
        slot_h = row_h / n_series
        value_font = QFont(self.font())
        if slot_h < fm.height() * 0.8:
            value_font.setPixelSize(max(1, int(slot_h * 0.95)))
        show_values = slot_h >= 7
        vfm = QFontMetrics(value_font)
        for i, (label, values) in enumerate(self.rows):
            y = top + i * row_h
            p.setPen(self.palette().text().color())
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 8))
            p.drawText(
                QRectF(rect.left(), y, label_w - 8, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                shown,
            )
            gap = max(1.0, row_h * (0.15 if n_series > 1 else 0.12))
            bh = (row_h - 2 * gap) / n_series
            for s, value in enumerate(values):
                w = bar_area * value / vmax
                bar = QRectF(rect.left() + label_w, y + gap + s * bh, max(w, 1), bh - 1)
                p.fillRect(bar, SERIES_COLOURS[s % len(SERIES_COLOURS)])
                if show_values:
                    p.setPen(self.palette().text().color())
                    p.setFont(value_font)
                    centre = bar.center().y()
                    p.drawText(
                        QRectF(bar.right() + 4, centre - vfm.height() / 2, value_w, vfm.height()),
                        Qt.AlignmentFlag.AlignVCenter,
                        fmt_int(value),
                    )
                    p.setFont(self.font())
        p.end()


def _month_index(label: str) -> int | None:
    """``YYYY-MM`` → months since year 0, else None."""
    try:
        year, month = label.split("-")
        y, m = int(year), int(month)
    except ValueError:
        return None
    return y * 12 + m - 1 if 1 <= m <= 12 else None


def every_month(counts: dict[str, int]) -> list[tuple[str, int]]:
    """All months from the first to the last key (gaps as 0), oldest first.

    Keys that are not ``YYYY-MM`` are kept, in order, after the months.
    """
    months = {k: v for k, v in counts.items() if _month_index(k) is not None}
    other = sorted((k, v) for k, v in counts.items() if k not in months)
    if not months:
        return other
    indices = [_month_index(k) or 0 for k in months]
    out: list[tuple[str, int]] = []
    for i in range(min(indices), max(indices) + 1):
        key = f"{i // 12:04d}-{i % 12 + 1:02d}"
        out.append((key, months.get(key, 0)))
    return out + other


LABEL_STEPS = (1, 2, 3, 4, 6, 12, 24, 60, 120)


class ColumnChart(QWidget):
    """Vertical columns over time (every month), with thinned axis labels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.points: list[tuple[str, int]] = []
        self.empty_text = ""
        self._plot = QRectF()

    def set_data(self, points: Sequence[tuple[str, int]]) -> None:
        self.points = list(points)
        self.update()

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 160)

    def label_step(self, bar_width: float) -> int:
        """Months between axis labels so that labels do not collide."""
        need = QFontMetrics(self.font()).horizontalAdvance("0000-00") * 1.4 / max(bar_width, 0.1)
        for step in LABEL_STEPS:
            if step >= need:
                return step
        return max(LABEL_STEPS[-1], int(need) + 1)

    def labelled(self, step: int) -> list[int]:
        """Indices of the points that get an axis label: the first, then January, April…
        when step is 3 (labels that would collide with the first are dropped when drawn)."""
        out = []
        for i, (label, _value) in enumerate(self.points):
            m = _month_index(label)
            if i == 0 or ((m % step == 0) if m is not None and step > 1 else i % step == 0):
                out.append(i)
        return out

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and self.points and self._plot.width() > 0:
            x = e.pos().x()  # type: ignore[attr-defined]
            i = int((x - self._plot.left()) / (self._plot.width() / len(self.points)))
            if 0 <= i < len(self.points):
                label, value = self.points[i]
                QToolTip.showText(e.globalPos(), f"{label}: {fmt_int(value)}", self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        rect = QRectF(self.rect()).adjusted(4, 4, -8, -4)
        fm = QFontMetrics(self.font())
        if not self.points:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        vmax = max(n for _, n in self.points) or 1
        axis_w = fm.horizontalAdvance(fmt_int(vmax)) + 8
        plot = QRectF(
            rect.left() + axis_w,
            rect.top() + fm.height() / 2,
            rect.width() - axis_w,
            rect.height() - fm.height() * 2,
        )
        self._plot = plot
        grid = self.palette().mid().color()
        p.setPen(self.palette().text().color())
        for frac in (0.0, 0.5, 1.0):
            y = plot.bottom() - plot.height() * frac
            p.setPen(grid)
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(rect.left(), y - fm.height() / 2, axis_w - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fmt_int(int(vmax * frac)),
            )
        n = len(self.points)
        w = plot.width() / n
        bar_w = max(1.0, w * 0.8) if w >= 2 else w
        for i, (_label, value) in enumerate(self.points):
            h = plot.height() * value / vmax
            p.fillRect(
                QRectF(plot.left() + i * w + (w - bar_w) / 2, plot.bottom() - h, bar_w, h),
                SERIES_COLOURS[0],
            )
        p.setPen(self.palette().text().color())
        last_right = plot.left() - fm.horizontalAdvance(" ")
        for i in self.labelled(self.label_step(w)):
            label = self.points[i][0]
            tw = fm.horizontalAdvance(label)
            centre = plot.left() + (i + 0.5) * w
            x = min(max(centre - tw / 2, plot.left()), plot.right() - tw)
            if x < last_right + fm.horizontalAdvance(" "):
                continue
            p.setPen(grid)
            p.drawLine(int(centre), int(plot.bottom()), int(centre), int(plot.bottom() + 3))
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(x, plot.bottom() + 3, tw + 2, fm.height()),
                Qt.AlignmentFlag.AlignLeft,
                label,
            )
            last_right = x + tw
        p.end()


class ChartPanel(QFrame):
    def __init__(self, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.chart = chart
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(chart, 1)


class DashboardView(QWidget):
    """Four charts and the totals; ``mark_stale()`` after writes, refreshed when shown."""

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.store = store
        self.runner = runner
        self.counts: DashboardCounts | None = None
        self.stale = True
        self.totals = QLabel(self)
        self.totals.setObjectName("dashboardTotals")
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("refreshDashboard")
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.refresh)
        self.forum_chart = BarChart(self)
        self.crime_chart = BarChart(self)
        self.region_chart = BarChart(self)
        self.month_chart = ColumnChart(self)
        self.panels = [
            ChartPanel(c, self)
            for c in (self.forum_chart, self.crime_chart, self.region_chart, self.month_chart)
        ]
        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(self.refresh_button)
        grid = QGridLayout()
        grid.addWidget(self.panels[0], 0, 0)
        grid.addWidget(self.panels[1], 0, 1)
        grid.addWidget(self.panels[2], 1, 0)
        grid.addWidget(self.panels[3], 1, 1)
        grid.setRowStretch(0, 2)
        grid.setRowStretch(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        self.retranslate()

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Recount from the database (F5)"))
        titles = (
            self.tr("Incidents and suspects by forum"),
            self.tr("Incidents by crime type"),
            self.tr("Incidents by region"),
            self.tr("Incidents by month"),
        )
        for panel, title in zip(self.panels, titles, strict=True):
            panel.title.setText(title)
        for chart in (self.forum_chart, self.crime_chart, self.region_chart, self.month_chart):
            chart.empty_text = self.tr("Loading…") if self.counts is None else self.tr("No data")
        self._render()

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def refresh_if_stale(self) -> None:
        if self.stale:
            self.refresh()

    def refresh(self) -> Task:
        store = self.store
        self.stale = False

        def work(_task: Task) -> DashboardCounts:
            return load_dashboard(store)

        return self.runner.run(
            self.tr("Counting for the dashboard"),
            work,
            self.set_counts,
            kind="dashboard",
            quiet=True,
        )

    def set_counts(self, counts: DashboardCounts) -> None:
        self.counts = counts
        self.retranslate()

    def _render(self) -> None:
        c = self.counts
        if c is None:
            self.totals.setText(self.tr("Counting…"))
            return
        lang = current_language()
        v = vocabularies()
        self.totals.setText(
            self.tr("%1 incidents, %2 suspect involvements")
            .replace("%1", fmt_int(c.incidents))
            .replace("%2", fmt_int(c.suspects))
        )

        def short(code: str) -> str:
            if code not in v.forums:
                return code
            term = v.forums.get(code)
            return str(term.extra.get(f"short_{lang}", term.label(lang)))

        forums = [f for f in v.forums.codes if f in c.by_forum_suspects]
        forums += sorted(set(c.by_forum_suspects) - set(forums))
        self.forum_chart.set_data(
            [
                (short(f), (c.by_forum_incidents.get(f, 0), c.by_forum_suspects.get(f, 0)))
                for f in forums
            ],
            (self.tr("Incidents"), self.tr("Suspects")),
        )
        self.crime_chart.set_data(
            [
                (v.crime_types.label(ct, lang) if ct in v.crime_types else ct, (n,))
                for ct, n in sorted(c.by_crime_type.items(), key=lambda x: -x[1])
            ],
            (self.tr("Incidents"),),
        )
        regions = sorted(c.by_region.items(), key=lambda x: -x[1])
        self.region_chart.set_data(
            [
                (
                    (v.regions.label(r, lang) if r in v.regions else r)
                    if r
                    else self.tr("No region"),
                    (n,),
                )
                for r, n in regions
            ],
            (self.tr("Incidents"),),
        )
        self.month_chart.set_data(every_month(c.by_month))
