"""The shipped rule file loads; broken copies name rule and line; edits change routes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from triage_app.domain.paths import DEFAULT_RULES
from triage_app.domain.routing import RoutingInternalError, RoutingRequest, route
from triage_app.domain.rules import (
    RuleSet,
    RuleSetError,
    default_rule_set,
    load_rule_set,
    parse_rule_set,
)

SHIPPED = DEFAULT_RULES.read_text(encoding="utf-8")

# HC-01 / HC-09 of ROUTING.md §8.
POW_PRIVATE = RoutingRequest(("CT_WC",), "CL_1_DIRECT", False, "UA", "RU", "ML_DIRECT", "UA")
COLONEL_ABROAD = RoutingRequest(
    ("CT_WC",), "CL_3_FIELD", False, "THIRD_STATE", "RU", "ML_ORDER", "UA"
)


def rule_block(text: str, rule_id: str) -> str:
    """The text of one ``[[rule]]`` block of the shipped file."""
    start = text.index(f'id = "{rule_id}"')
    start = text.rindex("[[rule]]", 0, start)
    end = text.find("\n[[rule]]", start + 1)
    return text[start : end if end > 0 else len(text)]


def edit_rule(rule_id: str, old: str, new: str, text: str = SHIPPED) -> str:
    """A copy of the file with ``old`` replaced by ``new`` inside one rule only."""
    block = rule_block(text, rule_id)
    assert old in block, f"{old!r} not in {rule_id}"
    return text.replace(block, block.replace(old, new, 1), 1)


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    return text[: text.index(needle)].count("\n") + 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        load_rule_set(path)
    return info.value.messages


# --------------------------------------------------------------------------------------------
# The shipped file
# --------------------------------------------------------------------------------------------


def test_shipped_rule_set_loads_with_every_rule_of_routing_md() -> None:
    rules = default_rule_set()
    assert rules.name == "Ukraine complementarity"
    assert rules.version
    assert [r.id for r in rules.rules] == [f"R{n:02d}" for n in range(27)]
    assert rules.text == SHIPPED
    assert rules.sha256 == hashlib.sha256(SHIPPED.encode("utf-8")).hexdigest()
    assert rules.source == str(DEFAULT_RULES)
    assert default_rule_set() is rules


def test_kinds_and_precedence_follow_the_rule_table() -> None:
    rules = default_rule_set()
    kinds = {r.id: r.kind for r in rules.rules}
    assert [i for i, k in kinds.items() if k == "gate"] == ["R01", "R02", "R03"]
    assert [i for i, k in kinds.items() if k == "filter"] == ["R04", "R05"]
    assert [i for i, k in kinds.items() if k == "route"] == [f"R{n:02d}" for n in range(7, 22)]
    for rule in rules.rules:
        expected = None if rule.kind == "modifier" else int(rule.id[1:])
        assert rule.precedence == expected
        assert rule.text_en and rule.text_uk and rule.basis


def test_groups_and_tokens_are_data() -> None:
    rules = default_rule_set()
    assert rules.groups["ATR"].codes == {"CT_WC", "CT_WC_ENV", "CT_WC_CHEM", "CT_CAH", "CT_GEN"}
    assert rules.groups["WC"].codes == {"CT_WC", "CT_WC_ENV", "CT_WC_CHEM"}
    assert rules.groups["DOMONLY"].codes == {"CT_ECO", "CT_WARPROP"}
    assert rules.groups["LEAD_OUT"].space == "level"
    assert rules.tokens["DOM_ABS"].resolve(True) == "F_UA_DOM"
    assert rules.tokens["DOM_ABS"].resolve(None) == "F_UA_ABS"


def test_rule_lines_point_at_the_rule_header() -> None:
    rule = default_rule_set().rule("R14")
    assert SHIPPED.splitlines()[rule.line - 1].strip() == "[[rule]]"
    assert line_of(SHIPPED, 'id = "R14"') == rule.line + 1


def test_rule_sets_with_the_same_text_are_equal() -> None:
    copy = parse_rule_set(SHIPPED, "copy.toml")
    assert copy == default_rule_set()
    assert hash(copy) == hash(default_rule_set())
    assert isinstance(copy, RuleSet)


# --------------------------------------------------------------------------------------------
# Broken copies: every problem names the rule and the line
# --------------------------------------------------------------------------------------------

BROKEN = [
    # (rule, old, new, text on the reported line, message fragment)
    ("R14", '"F_UJ"', '"F_XX"', 'primary = "F_XX"', "unknown forum code 'F_XX'"),
    ("R14", '"FL_UJ_CANDIDATE"', '"FL_NOPE"', "FL_NOPE", "unknown flag code 'FL_NOPE'"),
    ("R18", '"CL_2_JUNIOR"', '"CL_2_JUNOR"', "CL_2_JUNOR", "unknown command level code"),
    ("R23", '"CT_WC_CHEM"', '"CT_CHEM"', "CT_CHEM", "unknown crime type code 'CT_CHEM'"),
    ("R22", '"ML_COMMAND"', '"ML_COMAND"', "ML_COMAND", "unknown mode of liability code"),
    ("R18", "level_in", "levle_in", "levle_in", "unknown condition key 'levle_in'"),
    ("R18", 'kind = "route"', 'kind = "router"', "router", "kind must be one of"),
    ("R18", "precedence = 18", "precedence = 17", "precedence = 17", "also used by rule R17"),
    ("R18", 'kind = "route"', 'kind = "route"\nprecednce = 18', "precednce", "unknown key"),
    ("R18", '["CL_2_JUNIOR"]', "[]", "level_in = []", "can never fire: level_in is an empty list"),
    ("R22", '["ML_COMMAND"]', "[]", "mode_in = []", "can never fire: mode_in is an empty list"),
    (
        "R18",
        '"CL_2_JUNIOR"]',
        '"CL_2_JUNIOR"], level_not_in = ["CL_2_JUNIOR"]',
        "level_not_in",
        "can never fire: no command level passes",
    ),
    (
        "R18",
        '["CL_2_JUNIOR"]',
        '["CL_X_UNIDENTIFIED"]',
        "CL_X_UNIDENTIFIED",
        "can never fire: every command level it accepts is caught first by gate R02",
    ),
    (
        "R20",
        '["CL_1_DIRECT"]',
        '["CL_1_DIRECT"], remaining_all = ["CT_AGG"]',
        'remaining_all = ["CT_AGG"]',
        "can never fire: filter R05 always removes ['CT_AGG']",
    ),
    (
        "R23",
        'charged_any = ["CT_WC_CHEM"]',
        'charged_any = ["CT_WC"], charged_none = ["WC"]',
        "charged_none",
        "can never fire: every code of charged_any is also in charged_none",
    ),
    (
        "R22",
        'mode_in = ["ML_COMMAND"]',
        'remaining_any = ["CT_WC"]',
        "remaining_any",
        "modifiers do not see",
    ),
    (
        "R17",
        'primary = "DOM_ABS"',
        'primary = "DOM_ABS"\nstage = "final"',
        "stage",
        "only modifiers",
    ),
    ("R13", '"DOMONLY"', '"DOMONLY_X"', "DOMONLY_X", "unknown crime type code 'DOMONLY_X'"),
]


@pytest.mark.parametrize(("rule_id", "old", "new", "on_line", "message"), BROKEN)
def test_broken_copy_names_rule_and_line(
    tmp_path: Path, rule_id: str, old: str, new: str, on_line: str, message: str
) -> None:
    text = edit_rule(rule_id, old, new)
    path = write(tmp_path, text)
    problems = problems_of(path)
    block = rule_block(text, rule_id)
    line = line_of(text, block) + line_of(block, on_line) - 1
    wanted = f"{path}:{line}: rule {rule_id}: "
    assert any(p.startswith(wanted) and message in p for p in problems), problems


def test_duplicate_id_is_reported_at_the_second_rule(tmp_path: Path) -> None:
    text = edit_rule("R18", 'id = "R18"', 'id = "R17"')
    problems = problems_of(write(tmp_path, text))
    second = text.index('id = "R17"', text.index('id = "R17"') + 1)
    line = text[:second].count("\n") + 1
    assert any(f":{line}: rule R17: duplicate id" in p for p in problems), problems


def test_missing_required_keys_are_reported_at_the_rule(tmp_path: Path) -> None:
    text = edit_rule("R20", 'text_uk = "Безпосередніх виконавців судять в Україні"\n', "")
    text = edit_rule("R15", "precedence = 15\n", "", text)
    text = edit_rule("R05", 'removes = ["CT_AGG"]\n', "", text)
    problems = problems_of(write(tmp_path, text))
    for rule_id, key in (("R20", "text_uk"), ("R15", "precedence"), ("R05", "removes")):
        header = line_of(text, rule_block(text, rule_id))
        assert any(
            f":{header}: rule {rule_id}: missing required key '{key}'" in p for p in problems
        ), problems


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = edit_rule("R14", '"F_UJ"', '"F_XX"')
    text = edit_rule("R22", '"ML_COMMAND"', '"ML_NOPE"', text)
    text = edit_rule("R18", 'kind = "route"', 'kind = "rout"', text)
    problems = problems_of(write(tmp_path, text))
    assert [p.split(": rule ")[1][:3] for p in problems] == ["R14", "R18", "R22"]


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = edit_rule("R18", "precedence = 18", "precedence = ]")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'precedence = ]')}: TOML syntax:")


def test_errors_are_value_errors_with_structured_problems() -> None:
    with pytest.raises(ValueError, match="unknown forum code") as info:
        parse_rule_set(edit_rule("R14", '"F_UJ"', '"F_XX"'), "rules.toml")
    assert isinstance(info.value, RuleSetError)
    [problem] = info.value.problems
    assert (problem.source, problem.rule_id) == ("rules.toml", "R14")


def test_unreadable_file_is_a_rule_set_error(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="cannot read"):
        load_rule_set(tmp_path / "missing.toml")


def test_unknown_group_codes_and_top_level_keys(tmp_path: Path) -> None:
    text = SHIPPED.replace('DOMONLY = ["CT_ECO", "CT_WARPROP"]', 'DOMONLY = ["CT_ECO", "F_UJ"]')
    text = text.replace('name = "Ukraine', 'nmae = "x"\nname = "Ukraine')
    problems = problems_of(write(tmp_path, text))
    assert any(f":{line_of(text, 'DOMONLY =')}: group DOMONLY" in p for p in problems), problems
    assert any(f":{line_of(text, 'nmae')}: unknown top-level key 'nmae'" in p for p in problems)


# --------------------------------------------------------------------------------------------
# Edits take effect: the engine is generic over the data
# --------------------------------------------------------------------------------------------


def test_changing_a_forum_changes_the_route(tmp_path: Path) -> None:
    assert route(POW_PRIVATE).forum == "F_UA_DOM"
    copy = load_rule_set(write(tmp_path, edit_rule("R20", '"DOM_ABS"', '"F_UJ"')))
    assert route(POW_PRIVATE, copy).forum == "F_UJ"
    assert copy.sha256 != default_rule_set().sha256


def test_changing_a_precedence_changes_the_winner(tmp_path: Path) -> None:
    assert route(COLONEL_ABROAD).winner == "R14"
    copy = parse_rule_set(edit_rule("R17", "precedence = 17", "precedence = 6"))
    result = route(COLONEL_ABROAD, copy)
    assert (result.winner, result.forum, result.secondary) == ("R17", "F_UA_DOM", ("F_UJ",))


def test_changing_a_condition_changes_the_fired_rules() -> None:
    assert "R22" not in route(COLONEL_ABROAD).fired
    copy = parse_rule_set(edit_rule("R22", '"ML_COMMAND"', '"ML_ORDER"'))
    result = route(COLONEL_ABROAD, copy)
    assert "R22" in result.fired
    assert "FL_CMD_RESP" in result.flags


def test_changing_a_flag_changes_the_flags() -> None:
    copy = parse_rule_set(edit_rule("R20", "primary = ", 'flags = ["FL_IDENTIFY"]\nprimary = '))
    assert route(POW_PRIVATE, copy).flags == ("FL_IDENTIFY",)


def test_changing_a_group_changes_the_route() -> None:
    ua_minister = RoutingRequest(
        ("CT_WC",), "CL_5_SENIOR_LEAD", False, "UA", "UA", "ML_ORDER", "UA"
    )
    assert route(ua_minister).forum == "F_UA_DOM"  # R06 promotes DOM/ABS
    copy = parse_rule_set(SHIPPED.replace('LEAD_OUT = ["CL_5_SENIOR_LEAD", ', "LEAD_OUT = ["))
    # CL_5 is no longer LEAD_OUT, so R12 cannot hold and no route rule covers CL_5 + CT_WC.
    with pytest.raises(RoutingInternalError, match="no rule can win"):
        route(ua_minister, copy)


def test_changing_the_art124_drop_changes_the_promotion() -> None:
    ua_troika = RoutingRequest(
        ("CT_WC",), "CL_6_TROIKA_IN_OFFICE", False, "NONE", "UA", "ML_ORDER", "UA"
    )
    assert route(ua_troika).forum == "F_HOLD"
    copy = parse_rule_set(edit_rule("R06", 'fallback = "F_HOLD"', 'fallback = "DOM_ABS"'))
    assert route(ua_troika, copy).forum == "F_UA_ABS"
