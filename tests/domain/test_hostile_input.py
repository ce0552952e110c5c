"""Hostile input never crashes: rule files, scenario files, routing requests, form records.

Every rejection is the module's own error type and names where the problem is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage_app.domain.paths import DEFAULT_RULES
from triage_app.domain.records import (
    EvidenceRecord,
    IncidentRecord,
    SuspectRecord,
    evidence_problems,
    incident_problems,
    suspect_problems,
)
from triage_app.domain.routing import RoutingInputError, RoutingRequest
from triage_app.domain.rules import RuleSetError, parse_rule_set
from triage_app.domain.scenarios import ScenarioFileError, parse_scenarios

RULES_TEXT = DEFAULT_RULES.read_text(encoding="utf-8")
RULE_LINES = RULES_TEXT.splitlines()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@FAST
@given(st.text(max_size=400))
def test_arbitrary_text_as_a_rule_file(text: str) -> None:
    try:
        parse_rule_set(text, "fuzz.toml")
    except RuleSetError as exc:
        assert exc.messages and all(m.startswith("fuzz.toml") for m in exc.messages)


@FAST
@given(st.data())
def test_mutated_rule_files_fail_with_a_line_or_load(data: st.DataObject) -> None:
    lines = list(RULE_LINES)
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "replace", "garble"]))
        if action == "delete":
            del lines[i]
        elif action == "replace":
            lines[i] = data.draw(st.text(string.printable, max_size=40))
        else:
            lines[i] = lines[i].replace("CT_", "XX_").replace("F_", "G_").replace("R1", "R9")
    try:
        parse_rule_set("\n".join(lines), "mutant.toml")
    except RuleSetError as exc:
        assert all(m.startswith("mutant.toml") for m in exc.messages)


@FAST
@given(st.text(max_size=300) | anything.map(json.dumps))
def test_arbitrary_scenario_files(text: str) -> None:
    try:
        scenarios = parse_scenarios(text, "fuzz.json")
    except ScenarioFileError as exc:
        assert "fuzz.json" in str(exc)
        return
    for s in scenarios:
        assert (s.request is None) == (s.error is not None)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "crime_types",
                "command_level",
                "is_legal_person",
                "custody",
                "nationality",
                "mode_of_liability",
                "incident_country",
                "suspects_in_incident",
                "extra",
            ]
        ),
        anything | st.sampled_from(["CT_WC", "CL_1_DIRECT", "UA", "RU", "ML_DIRECT", "NONE"]),
    )
)
def test_arbitrary_routing_requests(mapping: dict[str, object]) -> None:
    try:
        RoutingRequest.from_mapping(mapping)
    except RoutingInputError as exc:
        assert exc.field and exc.code


record_values = (
    anything
    | st.dates()
    | st.sampled_from(
        ["", " ", '=HYPERLINK("x")', "x" * 25_000, "UA-14", "CT_WC", "DAY", "ST_NEW", "CL_LP"]
    )
)


@FAST
@given(st.data())
def test_form_validators_name_a_field_for_any_value(data: st.DataObject) -> None:
    for cls, check in (
        (IncidentRecord, incident_problems),
        (SuspectRecord, suspect_problems),
        (EvidenceRecord, evidence_problems),
    ):
        names = [f.name for f in dataclasses.fields(cls)]
        base = {
            IncidentRecord: IncidentRecord("R", "T", dt.date(2023, 1, 1), crime_types=("CT_WC",)),
            SuspectRecord: SuspectRecord("N", "CL_1_DIRECT"),
            EvidenceRecord: EvidenceRecord("EV_PHOTO"),
        }[cls]
        changes = data.draw(st.dictionaries(st.sampled_from(names), record_values, max_size=4))
        if (
            cls is IncidentRecord
            and "crime_types" in changes
            and not isinstance(changes["crime_types"], tuple | list)
        ):
            changes["crime_types"] = (changes["crime_types"],)
        record = dataclasses.replace(base, **changes)
        problems = check(record)  # type: ignore[operator]
        assert all(p.field.split(".")[0] in names for p in problems)


def test_text_fields_are_length_limited_with_a_clear_message() -> None:
    rec = IncidentRecord("R", "x" * 301, dt.date(2023, 1, 1), crime_types=("CT_WC",))
    (problem,) = incident_problems(rec)
    assert problem.field == "title" and "at most 300" in problem.message
