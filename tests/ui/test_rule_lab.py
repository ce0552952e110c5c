"""The rule lab: live routing, a quiz step from a scenario file, comparing rule files."""

from __future__ import annotations

from pathlib import Path

from triage_app.domain.paths import DEFAULT_RULES
from triage_app.domain.scenarios import load_scenarios
from triage_app.services.store import Store
from triage_app.ui.rule_lab import PUBLIC_SCENARIOS, RuleLabView


def make_lab(qtbot, store: Store | None = None, runner=None) -> RuleLabView:  # type: ignore[no-untyped-def]
    lab = RuleLabView(store, runner)
    qtbot.addWidget(lab)
    return lab


def test_route_updates_live_with_fired_rules(qtbot) -> None:  # type: ignore[no-untyped-def]
    lab = make_lab(qtbot)
    assert lab.last_route.result.forum == "F_UA_DOM"  # a private held by Ukraine
    assert "R20" in lab.route_label.text()
    lab.custody.set_code("NONE")  # at large: in absentia
    assert lab.last_route.result.forum == "F_UA_ABS"
    assert "Ukrainian court in absentia" in lab.route_label.text()
    lab.command_level.set_code("CL_6_TROIKA_IN_OFFICE")
    assert lab.last_route.result.winner != "R20"
    lab.legal_person.click()  # a legal person: the level follows
    assert lab.command_level.code() == "CL_LP"
    lab.crime_types.set_codes([])
    assert lab.last_route.error is not None
    assert "refuse" in lab.route_label.text()


def test_quiz_step_from_the_public_scenarios(qtbot) -> None:  # type: ignore[no-untyped-def]
    lab = make_lab(qtbot)
    lab.load_public_button.click()
    first = load_scenarios(PUBLIC_SCENARIOS)[0]
    assert first.id in lab.quiz_title.text()
    assert "Hidden until" in lab.route_label.text()  # no peeking at the route
    assert not lab.quiz_result.text()
    expected = first.expected["forum"]
    wrong = next(c for c in lab.answer._codes if c not in (None, expected))
    lab.answer.set_code(wrong)
    lab.check_button.click()
    assert "Not quite." in lab.quiz_result.text()
    assert "Score: 0 of 1" in lab.quiz_result.text()
    assert lab.last_route.result.forum == expected  # the case is shown in the builder
    assert first.why[:30] in lab.quiz_result.text()
    lab.next_button.click()
    assert not lab.revealed and lab.quiz_index == 1
    second = lab.current_scenario()
    lab.answer.set_code(second.expected["forum"])
    lab.check_button.click()
    assert "Correct." in lab.quiz_result.text()
    assert "Score: 1 of 2" in lab.quiz_result.text()


def test_compare_an_alternative_rule_file_without_writing(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, qtmodeltester
) -> None:
    from triage_app.services.stats import database_stats

    text = DEFAULT_RULES.read_text(encoding="utf-8")
    r17 = text.index('id = "R17"')
    alt = tmp_path / "alt.toml"
    alt.write_text(text[:r17] + text[r17:].replace('primary = "DOM_ABS"', 'primary = "F_ICC"', 1))
    before = database_stats(window.store)
    lab = window.rule_lab
    task = lab.compare_rule_file(alt)
    qtbot.waitUntil(task.finished.is_set, timeout=20_000)
    qtbot.waitUntil(lambda: lab.comparison is not None)
    c = lab.comparison
    assert c.compared > 0 and c.moved > 0
    assert c.moves[("F_UA_ABS", "F_ICC")] > 0  # field-grade officers at large move
    assert lab.moves.rowCount() == len(c.moves)
    qtmodeltester.check(lab.moves)
    assert "would move" in lab.compare_summary.text()
    assert "alt.toml" in lab.rules_label.text()
    assert database_stats(window.store) == before  # nothing written
    lab.shipped_button.click()
    assert lab.alternative_path is None and lab.moves.rowCount() == 0


def test_a_broken_rule_file_reaches_the_error_dialog(qtbot, dialogs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nversion = "1"\n[[rule]]\nid = "R1"\nkind = "nonsense"\n')
    lab = make_lab(qtbot)
    assert lab.compare_rule_file(bad) is None
    assert dialogs.errors and dialogs.errors[0][0] == "Cannot load the rule file"
    assert "bad.toml" in dialogs.errors[0][1]
