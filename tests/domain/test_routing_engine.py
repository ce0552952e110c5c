"""The routing engine against ROUTING.md: scenarios, rule kinds, validation, explanations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from triage_app.domain.paths import RESOURCES
from triage_app.domain.routing import (
    Router,
    RoutingInputError,
    RoutingInternalError,
    RoutingRequest,
    RoutingResult,
    route,
)
from triage_app.domain.rules import RuleSet, parse_rule_set
from triage_app.domain.scenarios import Scenario, check_scenario, load_scenarios

SCENARIO_FILES = [
    RESOURCES / "scenarios" / "public.json",
    RESOURCES / "scenarios" / "training_edge_cases.json",
]


def all_scenarios() -> list[Any]:
    return [
        pytest.param(s, id=f"{path.stem}:{s.id}")
        for path in SCENARIO_FILES
        for s in load_scenarios(path)
    ]


def request(**changes: Any) -> RoutingRequest:
    """A valid request (HC-02: private at large, war crime) with some fields changed."""
    data: dict[str, Any] = {
        "crime_types": ["CT_WC"],
        "command_level": "CL_1_DIRECT",
        "is_legal_person": False,
        "custody": "NONE",
        "nationality": "RU",
        "mode_of_liability": "ML_DIRECT",
        "incident_country": "UA",
        "suspects_in_incident": 1,
    }
    data.update(changes)
    return RoutingRequest.from_mapping(data)


def mini_rules(body: str) -> RuleSet:
    """A small rule set (header + ``body``) to test one rule kind in isolation."""
    return parse_rule_set(f'name = "mini"\nversion = "1"\n{body}', "mini.toml")


def rule(rule_id: str, kind: str, extra: str) -> str:
    return (
        f'[[rule]]\nid = "{rule_id}"\nkind = "{kind}"\n{extra}\n'
        f'text_en = "{rule_id} en"\ntext_uk = "{rule_id} uk"\nbasis = "basis {rule_id}"\n'
    )


CATCH_ALL = rule("R99", "route", 'precedence = 99\nprimary = "F_HOLD"')


# --------------------------------------------------------------------------------------------
# Scenario files (ROUTING.md §8 and §9)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", all_scenarios())
def test_scenario_routes_as_expected(scenario: Scenario) -> None:
    assert scenario.expected is not None
    result = route(scenario.request) if scenario.request is not None else None
    assert check_scenario(scenario, result) == []


def test_scenario_files_cover_the_spec() -> None:
    public, edge = (load_scenarios(p) for p in SCENARIO_FILES)
    assert len(public) == 12
    assert len(edge) >= 15
    winners = {s.expected.get("winner") for s in edge if s.expected}
    assert {"R07", "R08", "R09", "R10", "R14", "R04", "R21", "R03", "R12"} <= winners


# --------------------------------------------------------------------------------------------
# Each rule kind, on the shipped rules
# --------------------------------------------------------------------------------------------


def test_gate_skips_filters_and_routes_but_not_modifiers() -> None:
    result = route(request(crime_types=["CT_AGG", "CT_WC_CHEM"], incident_country="SD"))
    assert (result.winner, result.forum, result.fired) == ("R01", "F_HOLD", ("R01", "R23"))


def test_only_the_first_gate_fires() -> None:
    result = route(request(command_level="CL_X_UNIDENTIFIED", incident_country="SD"))
    assert result.fired == ("R01",)


def test_filter_without_forum_when_charges_remain() -> None:
    result = route(request(crime_types=["CT_AGG", "CT_WC"], command_level="CL_2_JUNIOR"))
    assert result.winner == "R18"
    assert result.fired == ("R18", "R05", "R26")
    assert "F_REQUALIFY" not in (result.forum, *result.secondary)
    assert {"FL_REQUALIFY", "FL_COMBATANT_IMMUNITY"} <= set(result.flags)
    assert result.facts["remaining_charges"] == ("CT_WC",)


def test_filter_is_the_candidate_when_it_empties_the_charges() -> None:
    result = route(request(crime_types=["CT_AGG"], command_level="CL_2_JUNIOR"))
    assert (result.winner, result.forum, result.fired) == ("R05", "F_REQUALIFY", ("R05",))


def test_route_rules_all_fire_and_add_their_forums_as_secondary() -> None:
    result = route(request(crime_types=["CT_AGG", "CT_WC_CHEM"], command_level="CL_4_GENERAL"))
    assert result.fired[:2] == ("R15", "R16")
    assert result.secondary == ("F_ICC", "F_STCA", "F_UJ")


def test_precedence_conflict_lowest_number_wins() -> None:
    result = route(request(command_level="CL_3_FIELD", custody="THIRD_STATE"))
    assert (result.winner, result.fired) == ("R14", ("R14", "R17"))
    assert result.secondary == ("F_UA_DOM",)


def test_dom_abs_resolves_by_custody() -> None:
    assert route(request(custody="UA")).forum == "F_UA_DOM"
    assert route(request(custody="THIRD_STATE", command_level="CL_2_JUNIOR")).secondary == (
        "F_UA_DOM",
    )
    assert route(request(custody="NONE")).forum == "F_UA_ABS"
    assert route(request(custody=None)).forum == "F_UA_ABS"


def test_modifiers_see_the_final_primary() -> None:
    unknown = route(request(custody=None))
    assert unknown.flags == ("FL_IN_ABSENTIA", "FL_VERIFY_CUSTODY")
    held = route(request(custody="UA", crime_types=["CT_CAH"], mode_of_liability="ML_COMMAND"))
    assert held.fired == ("R20", "R22", "R25")
    assert held.flags == ("FL_CMD_RESP", "FL_NON_RETRO")


def test_multi_suspect_modifier_runs_first_and_adds_a_flag() -> None:
    result = route(request(suspects_in_incident=3))
    assert result.fired == ("R20", "R00", "R26")
    assert "FL_SPLIT_SUSPECTS" in result.flags


def test_art124_keeps_the_icc_when_crimes_against_humanity_are_charged() -> None:
    result = route(
        request(
            crime_types=["CT_WC", "CT_GEN"], command_level="CL_6_TROIKA_FORMER", nationality="UA"
        )
    )
    assert (result.forum, result.winner) == ("F_ICC", "R12")
    assert {"FL_ART124", "FL_ICC_COOP"} <= set(result.flags)


def test_art124_runs_after_a_gate() -> None:
    result = route(request(command_level="CL_LP", is_legal_person=True, nationality="UA"))
    assert result.fired == ("R03", "R06")


# --------------------------------------------------------------------------------------------
# Each rule kind, generic over a small rule set
# --------------------------------------------------------------------------------------------


def test_generic_gate_filter_route_modifier() -> None:
    gate = (
        'when = { level_in = ["CL_X_UNIDENTIFIED"] }\nprimary = "F_HOLD"\nflags = ["FL_IDENTIFY"]'
    )
    drop_eco = (
        'when = { remaining_all = ["CT_ECO"] }\nremoves = ["CT_ECO"]\nprimary = "F_REQUALIFY"'
    )
    to_icc = 'when = { remaining_any = ["CT_WC"] }\nprimary = "F_ICC"\nsecondary = ["F_UJ"]'
    rules = mini_rules(
        rule("G1", "gate", f"precedence = 1\n{gate}")
        + rule("F2", "filter", f'precedence = 2\n{drop_eco}\nflags = ["FL_REQUALIFY"]')
        + rule("R3", "route", f"precedence = 3\n{to_icc}")
        + rule("M4", "modifier", 'when = { primary_in = ["F_ICC"] }\nflags = ["FL_ICC_COOP"]')
        + CATCH_ALL
    )
    gated = route(request(command_level="CL_X_UNIDENTIFIED", crime_types=["CT_ECO"]), rules)
    assert (gated.winner, gated.forum, gated.flags) == ("G1", "F_HOLD", ("FL_IDENTIFY",))
    filtered = route(request(crime_types=["CT_ECO"]), rules)
    assert (filtered.winner, filtered.forum) == ("F2", "F_REQUALIFY")
    both = route(request(crime_types=["CT_ECO", "CT_WC"]), rules)
    assert both.to_json_dict() == {
        "forum": "F_ICC",
        "secondary": ["F_HOLD", "F_UJ"],
        "flags": ["FL_ICC_COOP", "FL_REQUALIFY"],
        "winner": "R3",
        "fired": ["R3", "F2", "M4", "R99"],
    }


def test_generic_precedence_decides_between_routes() -> None:
    body = rule("R5", "route", 'precedence = 5\nprimary = "F_UJ"') + CATCH_ALL
    assert route(request(), mini_rules(body)).winner == "R5"
    body = rule("R5", "route", 'precedence = 100\nprimary = "F_UJ"') + CATCH_ALL
    result = route(request(), mini_rules(body))
    assert (result.winner, result.forum, result.secondary) == ("R99", "F_HOLD", ("F_UJ",))


def test_no_candidate_is_an_internal_error() -> None:
    only_colonels = 'precedence = 1\nwhen = { level_in = ["CL_3_FIELD"] }\nprimary = "F_UJ"'
    rules = mini_rules(rule("R1", "route", only_colonels))
    with pytest.raises(RoutingInternalError, match="no rule can win"):
        route(request(), rules)


# --------------------------------------------------------------------------------------------
# Validation V1..V7 (ROUTING.md §4.3)
# --------------------------------------------------------------------------------------------

INVALID = [
    ("V1", "crime_types", {"crime_types": None}, "missing"),
    ("V1", "crime_types", {"crime_types": []}, "empty"),
    ("V1", "crime_types", {"crime_types": "CT_WC"}, "list"),
    ("V1", "crime_types", {"crime_types": ["CT_WC", "CT_NOPE"]}, "CT_NOPE"),
    ("V2", "command_level", {"command_level": "CL_9"}, "CL_9"),
    ("V2", "command_level", {"command_level": None}, "missing"),
    ("V3", "is_legal_person", {"is_legal_person": True}, "CL_1_DIRECT"),
    ("V3", "is_legal_person", {"command_level": "CL_LP"}, "CL_LP"),
    ("V3", "is_legal_person", {"is_legal_person": None}, "true or false"),
    ("V3", "is_legal_person", {"is_legal_person": "false"}, "true or false"),
    ("V4", "custody", {"custody": "UNKNOWN"}, "UNKNOWN"),
    ("V4", "custody", {"custody": "ua"}, "'ua'"),
    ("V5", "mode_of_liability", {"mode_of_liability": "ML_X"}, "ML_X"),
    ("V5", "mode_of_liability", {"mode_of_liability": None}, "missing"),
    ("V6", "suspects_in_incident", {"suspects_in_incident": 0}, "0"),
    ("V6", "suspects_in_incident", {"suspects_in_incident": True}, "True"),
    ("V6", "suspects_in_incident", {"suspects_in_incident": "2"}, "'2'"),
    ("V6", "suspects_in_incident", {"suspects_in_incident": None}, "None"),
    ("V7", "incident_country", {"nationality": "UA", "incident_country": "PL"}, "'PL'"),
    ("FORMAT", "nationality", {"nationality": "ru"}, "'ru'"),
    ("FORMAT", "incident_country", {"incident_country": "UKR"}, "'UKR'"),
]


@pytest.mark.parametrize(("code", "field", "changes", "shown"), INVALID)
def test_invalid_input_is_rejected(
    code: str, field: str, changes: dict[str, Any], shown: str
) -> None:
    with pytest.raises(RoutingInputError) as info:
        request(**changes)
    assert (info.value.code, info.value.field) == (code, field)
    assert field in str(info.value)
    assert shown in str(info.value)


def test_validation_runs_in_order() -> None:
    everything_wrong = {
        "crime_types": [],
        "command_level": "X",
        "is_legal_person": 1,
        "custody": "X",
        "mode_of_liability": "X",
        "suspects_in_incident": 0,
        "nationality": "UA",
        "incident_country": "PL",
    }
    codes = []
    for field in (
        "crime_types",
        "command_level",
        "is_legal_person",
        "custody",
        "mode_of_liability",
        "suspects_in_incident",
        "incident_country",
    ):
        with pytest.raises(RoutingInputError) as info:
            request(**everything_wrong)
        codes.append(info.value.code)
        everything_wrong.pop(field)
    assert codes == ["V1", "V2", "V3", "V4", "V5", "V6", "V7"]


def test_absent_optional_fields_have_defaults() -> None:
    req = RoutingRequest.from_mapping(
        {
            "crime_types": ["CT_WC"],
            "command_level": "CL_1_DIRECT",
            "is_legal_person": False,
            "mode_of_liability": "ML_DIRECT",
        }
    )
    assert (req.custody, req.nationality, req.incident_country) == (None, None, None)
    assert req.suspects_in_incident == 1


def test_crime_types_are_normalised_and_requests_hashable() -> None:
    a = request(crime_types=["CT_WC", "CT_AGG", "CT_WC"])
    b = request(crime_types=("CT_AGG", "CT_WC"))
    assert a.crime_types == ("CT_AGG", "CT_WC")
    assert a == b and hash(a) == hash(b)
    assert RoutingRequest.from_mapping(a.to_mapping()) == a


# --------------------------------------------------------------------------------------------
# Output and explanations (ROUTING.md §7)
# --------------------------------------------------------------------------------------------


def hc11() -> RoutingResult:
    return route(
        request(
            crime_types=["CT_AGG", "CT_WC"],
            command_level="CL_3_FIELD",
            mode_of_liability="ML_ORDER",
        )
    )


def test_explanation_lines_follow_fired_order() -> None:
    assert hc11().explanation() == (
        "R17 (winner): Field-grade officers link command intent to conduct and travel",
        "R05: Below leadership, aggression cannot be charged; re-qualify as concrete 438 acts",
        "R26: Record the in-absentia track",
    )


def test_explanation_in_ukrainian_and_fired_rules_carry_basis() -> None:
    result = hc11()
    assert result.explanation("uk")[0].startswith("R17 (winner): Старші офіцери")
    winner, *others = result.fired_rules
    assert (winner.id, winner.is_winner, winner.basis) == ("R17", True, "[S]; CCU 438, 31-1")
    assert [r.is_winner for r in others] == [False, False]
    assert [r.id for r in result.fired_rules] == list(result.fired)


def test_json_dict_and_facts() -> None:
    result = hc11()
    assert result.to_json_dict("HC-11")["id"] == "HC-11"
    assert "id" not in result.to_json_dict()
    assert result.facts["in_custody"] is False
    assert result.facts["LEAD"] is False
    assert result.facts["DOMESTIC"] is True
    assert result.facts["X_OUT_OF_SCOPE"] is False


def test_router_memoises_equivalent_requests() -> None:
    router = Router()
    first = router.route(request(nationality="RU"))
    assert router.route(request(nationality="BY")) is first  # only "UA or not" matters
    assert router.route(request(suspects_in_incident=2)) is not first
    assert router.cache_size == 2
    assert router.route_uncached(request()) == first
    router.clear_cache()
    assert router.cache_size == 0


def test_router_uses_its_rule_set(tmp_path: Path) -> None:
    rules = mini_rules(CATCH_ALL)
    assert Router(rules).route(request()).forum == "F_HOLD"
    assert Router().rule_set.name == "Ukraine complementarity"
