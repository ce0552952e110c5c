"""The rule lab for trainers: build a case and watch its route; quiz on a scenario file;
compare an alternative rule file with the database's stored routes."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.paths import RESOURCES
from triage_app.domain.routing import RoutingResult
from triage_app.domain.rules import RuleSet, default_rule_set, load_rule_set
from triage_app.domain.scenarios import Scenario, check_scenario, load_scenarios
from triage_app.domain.vocab import vocabularies
from triage_app.services.rule_lab import Comparison, LabRoute, compare_rule_set, route_case
from triage_app.services.store import Store
from triage_app.ui.detail_pane import forum_label
from triage_app.ui.i18n import current_language
from triage_app.ui.widgets import CodeCombo, RowsModel, TagPicker, fmt_int, fmt_pct
from triage_app.ui.workers import Task, TaskRunner

PUBLIC_SCENARIOS = RESOURCES / "scenarios" / "public.json"
# Country codes offered in the drop-downs (any other code from a scenario file is added).
COUNTRIES: tuple[tuple[str | None, str], ...] = (
    (None, QT_TRANSLATE_NOOP("RuleLabView", "Unknown")),
    ("UA", QT_TRANSLATE_NOOP("RuleLabView", "UA — Ukraine")),
    ("RU", QT_TRANSLATE_NOOP("RuleLabView", "RU — Russia")),
    ("BY", QT_TRANSLATE_NOOP("RuleLabView", "BY — Belarus")),
    ("PL", QT_TRANSLATE_NOOP("RuleLabView", "PL — Poland")),
    ("DE", QT_TRANSLATE_NOOP("RuleLabView", "DE — Germany")),
)


def _e(text: object) -> str:
    return html.escape(str(text))


class CountryCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None, allow_unknown: bool = True) -> None:
        super().__init__(parent)
        self._codes: list[str | None] = []
        for code, label in COUNTRIES:
            if code is None and not allow_unknown:
                continue
            self._codes.append(code)
            self.addItem(label)
        self.retranslate()

    def retranslate(self) -> None:
        labels = dict(COUNTRIES)
        for i, code in enumerate(self._codes):
            text = labels.get(code)
            self.setItemText(
                i, QCoreApplication.translate("RuleLabView", text) if text else str(code)
            )

    def code(self) -> str | None:
        i = self.currentIndex()
        return self._codes[i] if 0 <= i < len(self._codes) else None

    def set_code(self, code: str | None) -> None:
        if code not in self._codes:
            self._codes.append(code)
            self.addItem(str(code))
        self.setCurrentIndex(self._codes.index(code))


# The machine-written tail of a scenario's English "why": "Fired: R17 (winner), R22.
# Secondary: F_UJ." It is dropped and rebuilt from "expected", translated ("why_uk" has none).
_FIRED_TAIL = re.compile(
    r"\s*Fired:\s*\w+(?:\s*\(winner\))?(?:\s*,\s*\w+(?:\s*\(winner\))?)*\s*\."
    r"(?:\s*Secondary:\s*\w+(?:\s*,\s*\w+)*\s*\.)?\s*$"
)


def strip_fired_tail(why: str) -> str:
    """A scenario's explanation without its untranslated "Fired: … Secondary: …" ending."""
    return _FIRED_TAIL.sub("", why)


def route_html(route: LabRoute, lang: str) -> str:
    """The route of a hand-built case in plain words, with every fired rule."""
    if route.error is not None:
        refused = QCoreApplication.translate("RuleLabView", "The rules refuse this input:")
        return f"<p style='color:#b00020'><b>{_e(refused)}</b><br>{_e(str(route.error))}</p>"
    r: RoutingResult | None = route.result
    if r is None:
        return ""
    v = vocabularies()
    none = QCoreApplication.translate("RuleLabView", "none")
    secondary = ", ".join(forum_label(f, lang) for f in r.secondary) or none
    flags = ", ".join(v.flags.label(f, lang) if f in v.flags else f for f in r.flags) or none
    winning = QCoreApplication.translate("RuleLabView", "winning rule")
    basis_text = QCoreApplication.translate("RuleLabView", "Legal basis: %1")
    rules = []
    for f in r.fired_rules:
        line = f"<li><b>{_e(f.id)}</b>"
        if f.is_winner:
            line += f" <b>★ {_e(winning)}</b>"
        line += f": {_e(f.text(lang))}"
        if f.basis:
            line += f"<br><span style='color:#555'>{_e(basis_text.replace('%1', f.basis))}</span>"
        rules.append(line + "</li>")
    also = QCoreApplication.translate("RuleLabView", "Also: %1").replace("%1", secondary)
    flags_line = QCoreApplication.translate("RuleLabView", "Flags: %1").replace("%1", flags)
    why = QCoreApplication.translate("RuleLabView", "Why (rules that fired):")
    return (
        f"<p><span style='font-size:x-large'><b>{_e(forum_label(r.forum, lang))}</b></span>"
        f"<br>{_e(also)}<br>{_e(flags_line)}</p>"
        f"<p><b>{_e(why)}</b></p><ul style='margin-top:0'>{''.join(rules)}</ul>"
    )


class RuleLabView(QWidget):
    def __init__(
        self, store: Store | None, runner: TaskRunner | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ruleLab")
        self.store = store
        self.runner = runner
        self.rule_set: RuleSet = default_rule_set()
        self.alternative_path: Path | None = None
        self.scenarios: list[Scenario] = []
        self.quiz_index = -1
        self.revealed = False
        self.score = [0, 0]
        self.last_route: LabRoute | None = None
        self.comparison: Comparison | None = None
        v = vocabularies()
        lang = current_language()

        # -- case builder -----------------------------------------------------------------
        self.builder_box = QGroupBox(self)
        form = QFormLayout(self.builder_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.crime_types = TagPicker(v.crime_types, lang, self)
        self.crime_types.setObjectName("labCrimeTypes")
        self.command_level = CodeCombo(v.command_levels, lang, None, self)
        self.command_level.setObjectName("labCommandLevel")
        self.legal_person = QCheckBox(self)
        self.legal_person.setObjectName("labLegalPerson")
        self.custody = CodeCombo(
            v.custody, lang, None, self, codes=("UNKNOWN", "UA", "THIRD_STATE", "NONE")
        )
        self.custody.setObjectName("labCustody")
        self.nationality = CountryCombo(self)
        self.nationality.setObjectName("labNationality")
        self.mode = CodeCombo(v.modes_of_liability, lang, None, self)
        self.mode.setObjectName("labMode")
        self.country = CountryCombo(self)
        self.country.setObjectName("labIncidentCountry")
        self.suspects = QSpinBox(self)
        self.suspects.setObjectName("labSuspects")
        self.suspects.setRange(1, 99)
        self.form_labels: list[QLabel] = []
        for w in (
            self.crime_types,
            self.command_level,
            self.legal_person,
            self.custody,
            self.nationality,
            self.mode,
            self.country,
            self.suspects,
        ):
            label = QLabel(self)
            label.setBuddy(w)
            self.form_labels.append(label)
            form.addRow(label, w)
        self.command_level.set_code("CL_1_DIRECT")
        self.crime_types.set_codes(["CT_WC"])
        self.custody.set_code("UA")
        self.nationality.set_code("RU")
        self.mode.set_code("ML_DIRECT")
        self.country.set_code("UA")

        # -- route ------------------------------------------------------------------------
        self.route_box = QGroupBox(self)
        rl = QVBoxLayout(self.route_box)
        self.rules_label = QLabel(self)
        self.rules_label.setObjectName("labRulesLabel")
        self.rules_label.setWordWrap(True)
        self.route_label = QLabel(self)
        self.route_label.setObjectName("labRoute")
        self.route_label.setWordWrap(True)
        self.route_label.setTextFormat(Qt.TextFormat.RichText)
        self.route_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.route_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.rules_label)
        rl.addWidget(self._scrolled(self.route_label), 1)

        # -- quiz -------------------------------------------------------------------------
        self.quiz_box = QGroupBox(self)
        ql = QVBoxLayout(self.quiz_box)
        qbuttons = QHBoxLayout()
        self.load_public_button = QPushButton(self)
        self.load_public_button.setObjectName("loadPublicScenarios")
        self.load_scenarios_button = QPushButton(self)
        self.load_scenarios_button.setObjectName("loadScenarioFile")
        qbuttons.addWidget(self.load_public_button)
        qbuttons.addWidget(self.load_scenarios_button)
        qbuttons.addStretch(1)
        self.quiz_title = QLabel(self)
        self.quiz_title.setObjectName("quizTitle")
        self.quiz_title.setWordWrap(True)
        self.quiz_text = QLabel(self)
        self.quiz_text.setObjectName("quizText")
        self.quiz_text.setWordWrap(True)
        self.quiz_text.setTextFormat(Qt.TextFormat.RichText)
        answer_row = QHBoxLayout()
        self.answer_label = QLabel(self)
        self.answer = CodeCombo(v.forums, lang, "", self)
        self.answer.setObjectName("quizAnswer")
        self.answer_label.setBuddy(self.answer)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("quizCheck")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("quizNext")
        answer_row.addWidget(self.answer_label)
        answer_row.addWidget(self.answer, 1)
        answer_row.addWidget(self.check_button)
        answer_row.addWidget(self.next_button)
        self.quiz_result = QLabel(self)
        self.quiz_result.setObjectName("quizResult")
        self.quiz_result.setWordWrap(True)
        self.quiz_result.setTextFormat(Qt.TextFormat.RichText)
        self.quiz_result.setAlignment(Qt.AlignmentFlag.AlignTop)
        ql.addLayout(qbuttons)
        ql.addWidget(self.quiz_title)
        ql.addWidget(self.quiz_text)
        ql.addLayout(answer_row)
        # a long explanation (some run to ten lines, longer in Ukrainian) scrolls, not clips
        ql.addWidget(self._scrolled(self.quiz_result), 1)

        # -- comparison -------------------------------------------------------------------
        self.compare_box = QGroupBox(self)
        cl = QVBoxLayout(self.compare_box)
        cbuttons = QHBoxLayout()
        self.compare_button = QPushButton(self)
        self.compare_button.setObjectName("compareRuleFile")
        self.shipped_button = QPushButton(self)
        self.shipped_button.setObjectName("useShippedRules")
        cbuttons.addWidget(self.compare_button)
        cbuttons.addWidget(self.shipped_button)
        cbuttons.addStretch(1)
        self.compare_summary = QLabel(self)
        self.compare_summary.setObjectName("compareSummary")
        self.compare_summary.setWordWrap(True)
        self.moves = RowsModel(self._move_columns(), self)
        self.moves_table = QTableView(self)
        self.moves_table.setObjectName("movesTable")
        self.moves_table.setModel(self.moves)
        self.moves_table.verticalHeader().setVisible(False)
        mh = self.moves_table.horizontalHeader()
        mh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        mh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        mh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.moves_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.moves_table.setTabKeyNavigation(False)
        cl.addLayout(cbuttons)
        cl.addWidget(self.compare_summary)
        cl.addWidget(self.moves_table, 1)
        self.compare_button.setEnabled(store is not None)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.builder_box)
        ll.addWidget(self.quiz_box, 1)
        right = QWidget(self)
        rr = QVBoxLayout(right)
        rr.setContentsMargins(0, 0, 0, 0)
        rr.addWidget(self.route_box, 3)
        rr.addWidget(self.compare_box, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        # -- behaviour --------------------------------------------------------------------
        self.crime_types.changed.connect(self.update_route)
        for c in (self.command_level, self.custody, self.nationality, self.mode, self.country):
            c.currentIndexChanged.connect(self.update_route)
        self.suspects.valueChanged.connect(self.update_route)
        self.legal_person.toggled.connect(self._legal_toggled)
        self.command_level.currentIndexChanged.connect(self._level_changed)
        self.load_public_button.clicked.connect(lambda: self.load_scenario_file(PUBLIC_SCENARIOS))
        self.load_scenarios_button.clicked.connect(self._choose_scenario_file)
        self.check_button.clicked.connect(self.check_answer)
        self.next_button.clicked.connect(self.next_scenario)
        self.compare_button.clicked.connect(self._choose_rule_file)
        self.shipped_button.clicked.connect(self.use_shipped_rules)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.check_answer)
        QShortcut(QKeySequence("Ctrl+Right"), self, activated=self.next_scenario)
        self.retranslate()
        self.update_route()

    # -- language ---------------------------------------------------------------------------
    def _move_columns(self) -> list[tuple[str, Any]]:
        lang = current_language()
        return [
            (self.tr("From"), lambda m: forum_label(m[0], lang)),
            (self.tr("To"), lambda m: forum_label(m[1], lang)),
            (self.tr("Suspects"), lambda m: fmt_int(m[2])),
        ]

    def retranslate(self) -> None:
        lang = current_language()
        self.builder_box.setTitle(self.tr("Build a case"))
        texts = (
            self.tr("Crime &types:"),
            self.tr("Command &level:"),
            self.tr("Legal &person:"),
            self.tr("C&ustody:"),
            self.tr("&Nationality:"),
            self.tr("&Mode of liability:"),
            self.tr("Incident c&ountry:"),
            self.tr("Suspects in the &incident:"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.legal_person.setText(self.tr("company, PMC or other organisation"))
        for combo in (self.command_level, self.custody, self.mode):
            combo.set_language(lang)
        self.answer.set_language(lang, self.tr("— choose a forum —"))
        self.crime_types.set_language(lang)
        self.nationality.retranslate()
        self.country.retranslate()
        self.route_box.setTitle(self.tr("Route (updates as you change the case)"))
        self.quiz_box.setTitle(self.tr("Quiz"))
        self.load_public_button.setText(self.tr("Load the &public scenarios"))
        self.load_scenarios_button.setText(self.tr("Load a scenario &file…"))
        self.answer_label.setText(self.tr("Your &answer:"))
        self.check_button.setText(self.tr("&Check"))
        self.check_button.setToolTip(self.tr("Reveal the answer and why (Ctrl+Enter)"))
        self.next_button.setText(self.tr("Ne&xt"))
        self.next_button.setToolTip(self.tr("Next scenario (Ctrl+Right)"))
        self.compare_box.setTitle(self.tr("Compare rule files"))
        self.compare_button.setText(self.tr("Load a rule file and &compare…"))
        self.compare_button.setToolTip(
            self.tr(
                "Route the database's suspects with another rule file and count how many would "
                "move; nothing is saved"
            )
        )
        self.shipped_button.setText(self.tr("Use the shipped rules"))
        self.moves.set_columns(self._move_columns())
        self._render_rules_label()
        self._render_route()
        self._render_quiz()
        self._render_comparison()

    def _scrolled(self, label: QLabel) -> QScrollArea:
        """``label`` in a frameless scroll area: long text scrolls instead of being cut."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(label)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- live routing -----------------------------------------------------------------------
    def request(self) -> dict[str, Any]:
        custody = self.custody.code()
        return {
            "crime_types": list(self.crime_types.codes()),
            "command_level": self.command_level.code(),
            "is_legal_person": self.legal_person.isChecked(),
            "custody": None if custody in (None, "UNKNOWN") else custody,
            "nationality": self.nationality.code(),
            "mode_of_liability": self.mode.code(),
            "incident_country": self.country.code(),
            "suspects_in_incident": self.suspects.value(),
        }

    def set_request(self, request: dict[str, Any]) -> None:
        widgets = (
            self.crime_types,
            self.command_level,
            self.legal_person,
            self.custody,
            self.nationality,
            self.mode,
            self.country,
            self.suspects,
        )
        for w in widgets:
            w.blockSignals(True)
        try:
            self.crime_types.set_codes(request.get("crime_types") or [])
            self.command_level.set_code(request["command_level"])
            self.legal_person.setChecked(bool(request.get("is_legal_person")))
            self.custody.set_code(request.get("custody") or "UNKNOWN")
            self.nationality.set_code(request.get("nationality"))
            self.mode.set_code(request["mode_of_liability"])
            self.country.set_code(request.get("incident_country"))
            self.suspects.setValue(int(request.get("suspects_in_incident") or 1))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.update_route()

    def _legal_toggled(self, on: bool) -> None:
        if on and self.command_level.code() != "CL_LP":
            self.command_level.set_code("CL_LP")
        elif not on and self.command_level.code() == "CL_LP":
            self.command_level.set_code("CL_0_UNKNOWN")
        self.update_route()

    def _level_changed(self, *_args: Any) -> None:
        is_lp = self.command_level.code() == "CL_LP"
        if self.legal_person.isChecked() != is_lp:
            self.legal_person.blockSignals(True)
            self.legal_person.setChecked(is_lp)
            self.legal_person.blockSignals(False)
            self.update_route()

    def update_route(self, *_args: Any) -> None:
        self.last_route = route_case(self.rule_set, self.request())
        self._render_route()

    def _render_route(self) -> None:
        if self.last_route is None:
            return
        if self.quiz_index >= 0 and not self.revealed:
            self.route_label.setText(
                "<p style='color:#666'>"
                + _e(self.tr("Hidden until you check your answer."))
                + "</p>"
            )
            return
        self.route_label.setText(route_html(self.last_route, current_language()))

    def _render_rules_label(self) -> None:
        text = self.tr("Rules: %1").replace("%1", self.rule_set.label)
        if self.alternative_path is not None:
            text += " — " + self.tr("loaded from %1").replace("%1", self.alternative_path.name)
        self.rules_label.setText(text)

    # -- quiz -------------------------------------------------------------------------------
    def _choose_scenario_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Load a scenario file"),
            str(PUBLIC_SCENARIOS.parent),
            self.tr("Scenario files (*.json)"),
        )
        if path:
            self.load_scenario_file(Path(path))

    def load_scenario_file(self, path: Path) -> None:
        try:
            scenarios = load_scenarios(path)
        except Exception as exc:
            from triage_app.ui.dialogs import ErrorDialog, describe_error

            message, details = describe_error(exc)
            ErrorDialog.ask(self, self.tr("Cannot load the scenarios"), message, details)
            return
        self.scenarios = [s for s in scenarios if s.request is not None and s.expected]
        self.scenario_file = path
        self.score = [0, 0]
        self.quiz_index = 0 if self.scenarios else -1
        self.revealed = False
        self.answer.setCurrentIndex(0)
        self._render_quiz()
        self._render_route()
        self.answer.setFocus()

    def current_scenario(self) -> Scenario | None:
        if 0 <= self.quiz_index < len(self.scenarios):
            return self.scenarios[self.quiz_index]
        return None

    def check_answer(self) -> None:
        s = self.current_scenario()
        if s is None or self.revealed:
            return
        chosen = self.answer.code()
        if chosen is None:
            self.quiz_result.setText("<i>" + _e(self.tr("Pick a forum first.")) + "</i>")
            return
        self.revealed = True
        assert s.request is not None and s.expected is not None
        self.score[1] += 1
        if chosen == s.expected.get("forum"):
            self.score[0] += 1
        self.set_request(s.request.to_mapping())
        self._render_quiz()

    def next_scenario(self) -> None:
        if not self.scenarios:
            return
        self.quiz_index = (self.quiz_index + 1) % len(self.scenarios)
        self.revealed = False
        self.answer.setCurrentIndex(0)
        self._render_quiz()
        self._render_route()
        self.answer.setFocus()

    def _render_quiz(self) -> None:
        s = self.current_scenario()
        lang = current_language()
        self.check_button.setEnabled(s is not None and not self.revealed)
        self.next_button.setEnabled(bool(self.scenarios))
        self.answer.setEnabled(s is not None and not self.revealed)
        if s is None:
            self.quiz_title.setText(
                self.tr(
                    "Load a scenario file, read each case, pick the forum you think the rules "
                    "choose, then check."
                )
            )
            self.quiz_text.setText("")
            self.quiz_result.setText("")
            return
        self.quiz_title.setText(
            "<b>"
            + _e(
                self.tr("Scenario %1 of %2: %3")
                .replace("%1", str(self.quiz_index + 1))
                .replace("%2", str(len(self.scenarios)))
                .replace("%3", f"{s.id} — {s.text('title', lang) or ''}")
            )
            + "</b>"
        )
        self.quiz_title.setTextFormat(Qt.TextFormat.RichText)
        assert s.request is not None
        v = vocabularies()
        r = s.request
        facts = [
            ", ".join(v.crime_types.label(c, lang) for c in r.crime_types),
            v.command_levels.label(r.command_level, lang),
            v.modes_of_liability.label(r.mode_of_liability, lang),
            v.custody.label(r.custody or "UNKNOWN", lang),
        ]
        summary = s.text("summary", lang)
        self.quiz_text.setText(
            (f"<p>{_e(summary)}</p>" if summary else "")
            + "<p style='color:#555'>"
            + _e(" · ".join(facts))
            + "</p>"
        )
        if not self.revealed:
            self.quiz_result.setText("")
            return
        expected = s.expected or {}
        chosen = self.answer.code()
        right = chosen == expected.get("forum")
        verdict = self.tr("Correct.") if right else self.tr("Not quite.")
        colour = "#1b7f3b" if right else "#b00020"
        mismatch = check_scenario(s, self.last_route.result if self.last_route else None)
        text = (
            f"<p><b style='color:{colour}'>{_e(verdict)}</b> "
            + _e(
                self.tr("The rules choose: %1").replace(
                    "%1", forum_label(str(expected.get("forum")), lang)
                )
            )
            + "</p>"
        )
        why = s.text("why", lang)
        if why and expected.get("fired"):
            why = strip_fired_tail(why)
        if why:
            text += "<p>" + _e(self.tr("Why: %1").replace("%1", why)) + "</p>"
        fired = [str(rid) for rid in expected.get("fired") or ()]
        if fired:
            winner = expected.get("winner")
            names = [
                self.tr("%1 (winner)").replace("%1", rid) if rid == winner else rid for rid in fired
            ]
            text += "<p>" + _e(self.tr("Rules that fire: %1").replace("%1", ", ".join(names)))
            secondary = [forum_label(str(f), lang) for f in expected.get("secondary") or ()]
            if secondary:
                text += "<br>" + _e(
                    self.tr("Secondary forums: %1").replace("%1", ", ".join(secondary))
                )
            text += "</p>"
        if mismatch:
            text += (
                "<p style='color:#b00020'>"
                + _e(
                    self.tr(
                        "The loaded rules route this scenario differently from its file: %1"
                    ).replace("%1", "; ".join(mismatch))
                )
                + "</p>"
            )
        text += (
            "<p style='color:#555'>"
            + _e(
                self.tr("Score: %1 of %2")
                .replace("%1", str(self.score[0]))
                .replace("%2", str(self.score[1]))
            )
            + "</p>"
        )
        self.quiz_result.setText(text)

    # -- comparison -------------------------------------------------------------------------
    def _choose_rule_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Load a rule file"),
            str(RESOURCES / "rules"),
            self.tr("Rule files (*.toml)"),
        )
        if path:
            self.compare_rule_file(Path(path))

    def compare_rule_file(self, path: Path) -> Task | None:
        """Load ``path``, route the lab case with it, compare it with the stored routes."""
        try:
            rule_set = load_rule_set(path)
        except Exception as exc:
            from triage_app.ui.dialogs import ErrorDialog, describe_error

            message, details = describe_error(exc)
            ErrorDialog.ask(self, self.tr("Cannot load the rule file"), message, details)
            return None
        self.rule_set = rule_set
        self.alternative_path = path
        self._render_rules_label()
        self.update_route()
        return self.start_comparison()

    def start_comparison(self) -> Task | None:
        if self.store is None or self.runner is None:
            return None
        store, rule_set = self.store, self.rule_set
        self.comparison = None
        self.compare_summary.setText(self.tr("Comparing…"))

        def work(task: Task) -> Comparison:
            return compare_rule_set(store, rule_set, task.progress)

        def done(result: Comparison) -> None:
            self.comparison = result
            self._render_comparison()

        return self.runner.run(self.tr("Comparing rule files"), work, done, kind="compare")

    def use_shipped_rules(self) -> None:
        self.rule_set = default_rule_set()
        self.alternative_path = None
        self.comparison = None
        self.moves.set_rows([])
        self._render_rules_label()
        self._render_comparison()
        self.update_route()

    def _render_comparison(self) -> None:
        c = self.comparison
        self.shipped_button.setEnabled(self.alternative_path is not None)
        if c is None:
            if self.alternative_path is None:
                self.compare_summary.setText(
                    self.tr(
                        "Load an alternative rule file to see how many of this database's routes "
                        "would move. Nothing is saved."
                    )
                )
            return
        pct = 100.0 * c.moved / c.compared if c.compared else 0.0
        text = (
            self.tr("With %1, %2 of %3 routed suspects would move to another primary forum (%4%).")
            .replace("%1", c.rule_set)
            .replace("%2", fmt_int(c.moved))
            .replace("%3", fmt_int(c.compared))
            .replace("%4", fmt_pct(pct))
        )
        if c.not_routed:
            text += " " + self.tr("%1 suspects are not routed yet.").replace(
                "%1", fmt_int(c.not_routed)
            )
        self.compare_summary.setText(text)
        self.moves.set_rows(c.moves_by_count())
