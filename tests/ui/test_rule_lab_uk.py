"""The rule lab's quiz in Ukrainian: scenario titles, summaries and explanations translated."""

from __future__ import annotations

from html import escape

from triage_app.domain.scenarios import Scenario
from triage_app.ui import i18n
from triage_app.ui.rule_lab import RuleLabView


def reveal_first_public_scenario(qtbot) -> tuple[RuleLabView, Scenario]:  # type: ignore[no-untyped-def]
    lab = RuleLabView(None, None)
    qtbot.addWidget(lab)
    lab.load_public_button.click()
    scenario = lab.current_scenario()
    assert scenario is not None and scenario.expected is not None
    lab.answer.set_code(scenario.expected["forum"])
    lab.check_button.click()
    return lab, scenario


def test_quiz_shows_the_ukrainian_scenario_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("uk", remember=False)
    lab, s = reveal_first_public_scenario(qtbot)
    assert s.id == "HC-01" and s.title_uk and s.summary_uk and s.why_uk and s.title and s.why
    title, text, result = lab.quiz_title.text(), lab.quiz_text.text(), lab.quiz_result.text()
    assert "Сценарій 1 з 12" in title
    assert escape(s.title_uk) in title and s.title not in title
    assert escape(s.summary_uk) in text
    assert "Чому: " + escape(s.why_uk) in result
    assert s.why[:30] not in result
    assert "Правильно." in result


def test_quiz_stays_english_in_english_and_follows_a_switch(qtbot) -> None:  # type: ignore[no-untyped-def]
    lab, s = reveal_first_public_scenario(qtbot)
    assert s.title and s.summary and s.why and s.title_uk and s.why_uk
    assert escape(s.title) in lab.quiz_title.text()
    assert escape(s.summary) in lab.quiz_text.text()
    assert "Why: " + escape(s.why[:60]) in lab.quiz_result.text()
    assert s.why_uk[:30] not in lab.quiz_result.text()
    i18n.set_language("uk", remember=False)  # switched while the scenario is open
    assert escape(s.title_uk) in lab.quiz_title.text()
    assert "Чому: " + escape(s.why_uk) in lab.quiz_result.text()
    i18n.set_language("en", remember=False)
    assert escape(s.title) in lab.quiz_title.text()
    assert "Why: " in lab.quiz_result.text()


def test_untranslated_scenario_falls_back_to_english(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.json"
    path.write_text(
        '[{"id": "MY-1", "title": "Private held by Ukraine", "why": "Domestic caseload.",'
        ' "crime_types": ["CT_WC"], "command_level": "CL_1_DIRECT", "is_legal_person": false,'
        ' "custody": "UA", "nationality": "RU", "mode_of_liability": "ML_DIRECT",'
        ' "incident_country": "UA", "expected": {"forum": "F_UA_DOM"}}]',
        encoding="utf-8",
    )
    i18n.set_language("uk", remember=False)
    lab = RuleLabView(None, None)
    qtbot.addWidget(lab)
    lab.load_scenario_file(path)
    lab.answer.set_code("F_UA_DOM")
    lab.check_button.click()
    assert "MY-1 — Private held by Ukraine" in lab.quiz_title.text()
    assert "Чому: Domestic caseload." in lab.quiz_result.text()
