"""CLI commands for rule files and scenario files (``rules check``, ``route-scenarios``).

Kept free of Qt and SQLAlchemy so a trainer's check runs fast and anywhere; ``cli.py`` wires
these functions into argparse.

``route-scenarios`` keeps its standard output JSON Lines, for scripts: one object per scenario,
then one summary object ``{"passed": N, "failed": M}``. Everything meant for a person (what
differed, the ``N passed, M failed`` sentence, errors) goes to the error stream.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from triage_app.cli import error_line
from triage_app.domain.routing import Router, RoutingInternalError, RoutingResult
from triage_app.domain.rules import RuleSet, RuleSetError, default_rule_set, load_rule_set
from triage_app.domain.scenarios import (
    Scenario,
    ScenarioFileError,
    check_scenario,
    load_scenarios,
)

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def cmd_route_scenarios(
    path: str, rules: str | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Route every scenario of ``path``: one JSON line each on ``out``, then the summary line
    ``{"passed": N, "failed": M}`` (also written as ``N passed, M failed`` on ``err`` when some
    scenario carries ``expected``).

    Returns 0 when all scenarios with ``expected`` pass and every input is valid, 1 when one
    fails or is invalid, 2 when the scenario file or the rule file cannot be used.
    """
    out, err = out or sys.stdout, err or sys.stderr
    try:
        rule_set = load_rule_set(rules) if rules else default_rule_set()
        scenarios = load_scenarios(path)
    except RuleSetError as exc:
        print(error_line(_rule_file_problem(exc, rules)), file=err)
        return EXIT_ERROR
    except ScenarioFileError as exc:
        print(error_line(exc), file=err)
        return EXIT_ERROR
    return _run(scenarios, rule_set, out, err)


def _run(scenarios: list[Scenario], rule_set: RuleSet, out: TextIO, err: TextIO) -> int:
    router = Router(rule_set)
    passed = failed = invalid = 0
    for scenario in scenarios:
        result, line = _route_one(scenario, router)
        _json_line(line, out)
        if scenario.expected is None:
            if result is None:  # an input the engine rejects is a mistake in the sheet
                invalid += 1
                print(f"{scenario.id}: {line['error']}", file=err)
            continue
        mismatches = check_scenario(scenario, result)
        for mismatch in mismatches:
            print(f"{scenario.id}: {mismatch}", file=err)
        failed += bool(mismatches)
        passed += not mismatches
    _json_line({"passed": passed, "failed": failed}, out)
    if passed or failed:
        print(f"{passed} passed, {failed} failed", file=err)
    return EXIT_FAILED if failed or invalid else EXIT_OK


def _json_line(obj: dict[str, object], out: TextIO) -> None:
    print(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), file=out)


def _route_one(
    scenario: Scenario, router: Router
) -> tuple[RoutingResult | None, dict[str, object]]:
    """The result (None if the input is invalid) and the JSON line to print."""
    if scenario.request is None:
        return None, {"id": scenario.id, "error": scenario.error}
    try:
        result = router.route(scenario.request)
    except RoutingInternalError as exc:
        return None, {"id": scenario.id, "error": f"scenario {scenario.id}: {exc}"}
    return result, result.to_json_dict(scenario.id)


def _rule_file_problem(exc: RuleSetError, path: str | None) -> str:
    """One line for a rule file that cannot be used."""
    if len(exc.problems) <= 1:
        return f"{exc} (rule file)"
    return (
        f"{exc.problems[0]} (and {len(exc.problems) - 1} more problems; "
        f"run 'triage-app rules check {path}' to see all)"
    )


def cmd_rules_check(path: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Validate a rule file: ``OK: <name> <version>, N rules, sha256 <hash>`` or every problem."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        rule_set = load_rule_set(path)
    except RuleSetError as exc:
        for problem in exc.messages:
            print(problem, file=err)
        return EXIT_FAILED
    print(f"OK: {rule_set.label}, {len(rule_set.rules)} rules, sha256 {rule_set.sha256}", file=out)
    return EXIT_OK
