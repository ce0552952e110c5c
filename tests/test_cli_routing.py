"""``route-scenarios`` and ``rules check``: output lines, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from triage_app.cli_routing import cmd_route_scenarios, cmd_rules_check
from triage_app.domain.paths import DEFAULT_RULES, RESOURCES
from triage_app.domain.rules import default_rule_set

REPO = Path(__file__).resolve().parents[1]
PUBLIC = RESOURCES / "scenarios" / "public.json"
EDGE = RESOURCES / "scenarios" / "training_edge_cases.json"
RESULT_KEYS = ["id", "forum", "secondary", "flags", "winner", "fired"]


def run_scenarios(path: Path, rules: Path | None = None) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    code = cmd_route_scenarios(str(path), str(rules) if rules else None, out, err)
    return code, out.getvalue().splitlines(), err.getvalue()


def write_json(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "scenarios.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def public_data() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(PUBLIC.read_text(encoding="utf-8"))
    return data


def test_public_scenarios_all_pass() -> None:
    code, lines, err = run_scenarios(PUBLIC)
    assert (code, err) == (0, "")
    assert lines[-1] == "12 passed, 0 failed"
    expected = {s["id"]: s["expected"] for s in public_data()}
    for line in lines[:-1]:
        row = json.loads(line)
        assert list(row) == RESULT_KEYS
        assert {k: v for k, v in row.items() if k != "id"} == expected[row["id"]]
        assert " " not in line  # compact


def test_edge_case_scenarios_all_pass() -> None:
    code, lines, err = run_scenarios(EDGE)
    assert (code, err) == (0, "")
    n = len(lines) - 1
    assert lines[-1] == f"{n} passed, 0 failed"
    errors = [json.loads(line) for line in lines[:-1] if '"error"' in line]
    assert [e["id"] for e in errors] == ["TR-20"]
    assert "V7" in errors[0]["error"]


def test_mismatch_fails_and_is_explained_on_stderr(tmp_path: Path) -> None:
    data = public_data()
    data[0]["expected"] = {**data[0]["expected"], "forum": "F_ICC"}  # type: ignore[dict-item]
    code, lines, err = run_scenarios(write_json(tmp_path, data))
    assert code == 1
    assert lines[-1] == "11 passed, 1 failed"
    assert err == "HC-01: forum: expected 'F_ICC', got 'F_UA_DOM'\n"


def test_invalid_scenario_does_not_abort_the_others(tmp_path: Path) -> None:
    data = public_data()[:2]
    data.insert(1, {**data[0], "id": "BAD", "command_level": "CL_9"})
    data.append({"id": "NO-EXPECTED", "crime_types": []})
    code, lines, err = run_scenarios(write_json(tmp_path, data))
    assert code == 1
    rows = [json.loads(line) for line in lines[:-1]]
    assert [r["id"] for r in rows] == ["HC-01", "BAD", "HC-02", "NO-EXPECTED"]
    assert rows[1]["error"].startswith("scenario BAD: V2 command_level: 'CL_9'")
    assert list(rows[3]) == ["id", "error"]
    assert lines[-1] == "2 passed, 1 failed"
    assert err.startswith("BAD: input rejected")


def test_without_expected_there_is_no_summary(tmp_path: Path) -> None:
    data = [{k: v for k, v in s.items() if k != "expected"} for s in public_data()]
    code, lines, _ = run_scenarios(write_json(tmp_path, data))
    assert code == 0
    assert len(lines) == 12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"id": "A",\n  "x": }]', "scenarios.json:2:8: invalid JSON"),
        ('{"id": "A"}', "expected a JSON list of scenarios"),
    ],
)
def test_bad_scenario_file_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "scenarios.json"
    path.write_text(content, encoding="utf-8")
    code, lines, err = run_scenarios(path)
    assert (code, lines) == (2, [])
    assert err.count("\n") == 1 and message in err
    assert "Traceback" not in err


def test_missing_files_are_one_line(tmp_path: Path) -> None:
    code, _, err = run_scenarios(tmp_path / "nope.json")
    assert code == 2 and "nope.json" in err and err.count("\n") == 1
    code, _, err = run_scenarios(PUBLIC, tmp_path / "nope.toml")
    assert code == 2 and "nope.toml" in err and err.count("\n") == 1


def test_bad_rule_file_is_one_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    rules.write_text(text.replace('"FL_UJ_CANDIDATE"', '"FL_X"').replace("ML_COMMAND", "ML_Y"))
    code, lines, err = run_scenarios(PUBLIC, rules)
    assert (code, lines) == (2, [])
    assert err.count("\n") == 1
    assert "rule R14: unknown flag code 'FL_X'" in err
    assert "triage-app rules check" in err


def test_rules_option_changes_routes(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    rules.write_text(text.replace("precedence = 14\n", "precedence = 99\n"), encoding="utf-8")
    code, lines, err = run_scenarios(PUBLIC, rules)
    assert code == 1
    assert lines[-1] == "11 passed, 1 failed"
    assert err.startswith("HC-09: forum: expected 'F_UJ', got 'F_UA_DOM'")


def test_rules_check_ok() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert cmd_rules_check(str(DEFAULT_RULES), out, err) == 0
    rules = default_rule_set()
    assert out.getvalue() == (
        f"OK: {rules.name} {rules.version}, 27 rules, sha256 {rules.sha256}\n"
    )
    assert err.getvalue() == ""


def test_rules_check_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    path.write_text(text.replace('"FL_UJ_CANDIDATE"', '"FL_X"').replace("ML_COMMAND", "ML_Y"))
    out, err = io.StringIO(), io.StringIO()
    assert cmd_rules_check(str(path), out, err) == 1
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:") and "rule R14" in lines[0]
    assert "rule R22" in lines[1]
    assert out.getvalue() == ""


@pytest.mark.skipif(
    not (REPO / "triage_app" / "__main__.py").exists(),
    reason="triage_app/__main__.py (python -m triage_app) is not there yet",
)
def test_route_scenarios_through_a_real_process() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "triage_app", "route-scenarios", str(PUBLIC)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-1] == "12 passed, 0 failed"
    assert json.loads(lines[0])["id"] == "HC-01"
