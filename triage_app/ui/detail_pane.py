"""The detail pane: the selected incident and, for each suspect, the route with its reasons."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocab import vocabularies
from triage_app.services.incidents import IncidentDetail, InvolvementView, RouteView
from triage_app.services.routing import OVERRIDE_REASON_MAX
from triage_app.ui.case_table_model import format_incident_date
from triage_app.ui.i18n import current_language
from triage_app.ui.widgets import CodeCombo, ErrorLabel


def _e(text: object) -> str:
    return html.escape(str(text))


def forum_label(code: str, lang: str) -> str:
    forums = vocabularies().forums
    return forums.label(code, lang) if code in forums else code


class OverrideDialog(QDialog):
    """Choose a forum and give the reason (required) for overriding a recommendation."""

    def __init__(self, route: RouteView, suspect_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        lang = current_language()
        self.setWindowTitle(self.tr("Override the recommended forum"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            self.tr(
                "Suspect: %1\nRecommended: %2\nThe recommendation stays on record beside "
                "your override."
            )
            .replace("%1", suspect_name)
            .replace("%2", forum_label(route.primary_forum, lang))
        )
        layout.addWidget(intro)
        form = QFormLayout()
        self.forum = CodeCombo(vocabularies().forums, lang, None, self)
        self.forum.setObjectName("overrideForum")
        self.forum.set_code(route.override_forum or route.primary_forum)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            self.tr("Why this forum and not the recommended one (required)")
        )
        if route.override_reason:
            self.reason.setPlainText(route.override_reason)
        self.reason_error = ErrorLabel(self)
        forum_label_w = QLabel(self.tr("&Forum:"), self)
        forum_label_w.setBuddy(self.forum)
        reason_label = QLabel(self.tr("&Reason:"), self)
        reason_label.setBuddy(self.reason)
        form.addRow(forum_label_w, self.forum)
        form.addRow(reason_label, self.reason)
        form.addRow("", self.reason_error)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Override"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_error.show_message(self.tr("An override needs a reason."))
        elif len(reason) > OVERRIDE_REASON_MAX:
            self.reason_error.show_message(
                self.tr("At most %1 characters.").replace("%1", str(OVERRIDE_REASON_MAX))
            )
        else:
            self.reason_error.show_message(None)
        self.ok_button.setEnabled(bool(reason) and len(reason) <= OVERRIDE_REASON_MAX)

    def value(self) -> tuple[str, str]:
        return self.forum.code() or "", self.reason.toPlainText().strip()

    @classmethod
    def ask(
        cls, parent: QWidget | None, route: RouteView, suspect_name: str
    ) -> tuple[str, str] | None:
        dialog = cls(route, suspect_name, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RouteCard(QFrame):
    """One suspect of the incident: who, the recommendation, any override, the reasons."""

    override_requested = Signal(object)  # InvolvementView
    clear_requested = Signal(object)
    route_requested = Signal(object)  # an unrouted suspect: route the incident now

    def __init__(self, view: InvolvementView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("routeCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.text = QLabel(self)
        self.text.setObjectName("routeText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.override_button = QPushButton(self)
        self.override_button.setObjectName("overrideButton")
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearOverrideButton")
        self.route_button = QPushButton(self)
        self.route_button.setObjectName("routeNowButton")
        row.addWidget(self.route_button)
        row.addWidget(self.override_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.override_button.clicked.connect(lambda: self.override_requested.emit(self.view))
        self.clear_button.clicked.connect(lambda: self.clear_requested.emit(self.view))
        self.route_button.clicked.connect(lambda: self.route_requested.emit(self.view))
        self.retranslate()

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        lang = current_language()
        v = vocabularies()
        s = self.view.record.suspect
        route = self.view.route
        self.override_button.setText(self.tr("O&verride…"))
        self.clear_button.setText(self.tr("Remove override"))
        self.override_button.setEnabled(route is not None)
        self.clear_button.setVisible(route is not None and route.override_forum is not None)
        self.route_button.setText(self.tr("&Route now"))
        self.route_button.setVisible(route is None)
        who = [f"<b>{_e(s.name)}</b>"]
        if s.name_latin:
            who.append(f"({_e(s.name_latin)})")
        details = [x for x in (s.rank_role, s.unit) if x] + [
            v.command_levels.label(s.command_level, lang),
            v.modes_of_liability.label(self.view.record.mode_of_liability, lang),
            v.custody.label(s.custody or "UNKNOWN", lang),
        ]
        if s.nationality:
            details.append(self.tr("nationality %1").replace("%1", s.nationality))
        parts = [" ".join(who), f"<br><span style='color:#555'>{_e(' · '.join(details))}</span>"]
        if route is None:
            parts.append("<p><i>" + _e(self.tr("Not routed yet.")) + "</i></p>")
            self.text.setText("".join(parts))
            return
        if route.error:
            parts.append(
                "<p style='color:#b00020'>"
                + _e(self.tr("The rules cannot route this record: %1").replace("%1", route.error))
                + "</p>"
            )
        rec = forum_label(route.primary_forum, lang)
        if route.override_forum:
            parts.append(
                "<p><span style='font-size:large'><b>"
                + _e(
                    self.tr("Forum (override): %1").replace(
                        "%1", forum_label(route.override_forum, lang)
                    )
                )
                + "</b></span><br>"
                + _e(self.tr("Recommended by the rules: %1").replace("%1", rec))
                + "<br>"
                + _e(self.tr("Override reason: %1").replace("%1", route.override_reason or ""))
                + "<br><span style='color:#555'>"
                + _e(
                    self.tr("by %1, %2")
                    .replace("%1", route.override_by or "")
                    .replace(
                        "%2", f"{route.override_at:%Y-%m-%d %H:%M}" if route.override_at else ""
                    )
                )
                + "</span></p>"
            )
        else:
            parts.append(
                "<p><span style='font-size:large'><b>"
                + _e(self.tr("Recommended forum: %1").replace("%1", rec))
                + "</b></span></p>"
            )
        secondary = ", ".join(forum_label(f, lang) for f in route.secondary_forums)
        flags = ", ".join(v.flags.label(f, lang) if f in v.flags else f for f in route.flags)
        parts.append(
            "<p>"
            + _e(self.tr("Also: %1").replace("%1", secondary or self.tr("none")))
            + "<br>"
            + _e(self.tr("Flags: %1").replace("%1", flags or self.tr("none")))
            + "</p>"
        )
        rules = []
        for rid, winner, text_en, text_uk, basis in route.fired:
            text = text_uk if lang == "uk" else text_en
            head = f"<b>{_e(rid)}</b>" + (
                " <b>★ " + _e(self.tr("winning rule")) + "</b>" if winner else ""
            )
            line = f"<li>{head}: {_e(text)}"
            if basis:
                line += (
                    "<br><span style='color:#555'>"
                    + _e(self.tr("Legal basis: %1").replace("%1", basis))
                    + "</span>"
                )
            rules.append(line + "</li>")
        parts.append(
            "<p><b>"
            + _e(self.tr("Why (rules that fired):"))
            + "</b></p><ul style='margin-top:0'>"
            + "".join(rules)
            + "</ul>"
        )
        parts.append(
            "<span style='color:#777'>"
            + _e(self.tr("Rule set: %1").replace("%1", route.rule_set))
            + "</span>"
        )
        self.text.setText("".join(parts))


class IncidentDetailPane(QScrollArea):
    """Shows an ``IncidentDetail``; its cards ask for overrides through signals."""

    override_requested = Signal(object)  # InvolvementView
    clear_requested = Signal(object)
    route_requested = Signal(object)
    edit_requested = Signal()
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setWidgetResizable(True)
        self.setMinimumWidth(380)
        self.detail: IncidentDetail | None = None
        self.empty_list: str | None = None  # None, "database" or "filter": the list is empty
        self.cards: list[RouteCard] = []
        self._body = QWidget(self)
        self._layout = QVBoxLayout(self._body)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.header = QLabel(self._body)
        self.header.setObjectName("incidentHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton(self._body)
        self.edit_button.setObjectName("editIncidentButton")
        self.edit_button.clicked.connect(self.edit_requested.emit)
        self.history_button = QPushButton(self._body)
        self.history_button.setObjectName("historyButton")
        self.history_button.clicked.connect(self.history_requested.emit)
        self.routes_title = QLabel(self._body)
        self.routes_title.setObjectName("routesTitle")
        self._layout.addWidget(self.header)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        self._layout.addLayout(buttons)
        self._layout.addWidget(self.routes_title)
        self._cards_box = QVBoxLayout()
        self._layout.addLayout(self._cards_box)
        self._layout.addStretch(1)
        self.setWidget(self._body)
        self.show_incident(None)

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render_header()
        super().changeEvent(event)

    def set_empty_list(self, why: str | None) -> None:
        """Say why nothing is selected: an empty database ("database"), a filter that matches
        nothing ("filter"), or neither (None)."""
        self.empty_list = why
        self._render_header()

    def show_incident(self, detail: IncidentDetail | None) -> None:
        self.detail = detail
        for card in self.cards:
            self._cards_box.removeWidget(card)
            card.hide()
            card.setParent(None)  # type: ignore[call-overload]
            card.deleteLater()
        self.cards = []
        if detail is not None:
            for view in detail.involvements:
                card = RouteCard(view, self._body)
                card.override_requested.connect(self.override_requested.emit)
                card.clear_requested.connect(self.clear_requested.emit)
                card.route_requested.connect(self.route_requested.emit)
                self._cards_box.addWidget(card)
                self.cards.append(card)
        self._render_header()

    def _render_header(self) -> None:
        d = self.detail
        self.edit_button.setText(self.tr("&Edit incident…"))
        self.edit_button.setVisible(d is not None)
        self.history_button.setText(self.tr("&History…"))
        self.history_button.setVisible(d is not None)
        self.routes_title.setVisible(d is not None)
        if d is None:
            hint = {
                "database": self.tr(
                    "No incidents yet. Add the first with File > New incident (Ctrl+N), or "
                    "bring in a field team's intake sheet with File > Import from Excel "
                    "(Ctrl+Shift+I)."
                ),
                "filter": self.tr("No incident matches the filter. Clear it with Ctrl+Shift+L."),
            }.get(self.empty_list or "")
            text = hint or self.tr("Select an incident to see its suspects and their routes.")
            self.header.setText("<p style='color:#666'>" + _e(text) + "</p>")
            return
        lang = current_language()
        v = vocabularies()
        r = d.record
        date = format_incident_date(r.date_from, r.date_to, r.date_precision)
        place = ", ".join(
            x
            for x in (
                r.settlement,
                v.regions.label(r.oblast_code, lang) if r.oblast_code else None,
                r.country,
            )
            if x
        )
        crimes = ", ".join(v.crime_types.label(c, lang) for c in r.crime_types)
        lines = [
            f"<h3 style='margin-bottom:2px'>{_e(r.title)}</h3>",
            f"<b>{_e(r.reference)}</b> · {_e(v.statuses.label(r.status, lang))}"
            + (
                " · <b style='color:#b00020'>" + _e(self.tr("deleted")) + "</b>"
                if d.deleted
                else ""
            ),
            "<br>" + _e(self.tr("Date: %1").replace("%1", date)),
            "<br>" + _e(self.tr("Place: %1").replace("%1", place)),
            "<br>" + _e(self.tr("Crime types: %1").replace("%1", crimes)),
            "<br>"
            + _e(
                self.tr("Victims: %1 killed, %2 injured")
                .replace("%1", str(r.victims_killed))
                .replace("%2", str(r.victims_injured))
            ),
        ]
        if r.description:
            lines.append(f"<p>{_e(r.description)}</p>")
        self.header.setText("".join(lines))
        n = len(d.involvements)
        self.routes_title.setText(
            "<h4>" + _e(self.tr("Suspects and their routes (%n)", "", n)) + "</h4>"
        )
