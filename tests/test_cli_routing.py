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


def summary(lines: list[str]) -> dict[str, int]:
    """The last stdout line: the JSON summary ``{"passed": N, "failed": M}``."""
    row: dict[str, int] = json.loads(lines[-1])
    assert list(row) == ["passed", "failed"]
    return row


def test_public_scenarios_all_pass() -> None:
    code, lines, err = run_scenarios(PUBLIC)
    assert (code, err) == (0, "12 passed, 0 failed\n")
    assert summary(lines) == {"passed": 12, "failed": 0}
    expected = {s["id"]: s["expected"] for s in public_data()}
    for line in lines[:-1]:
        row = json.loads(line)
        assert list(row) == RESULT_KEYS
        assert {k: v for k, v in row.items() if k != "id"} == expected[row["id"]]
        assert " " not in line  # compact


def test_edge_case_scenarios_all_pass() -> None:
    code, lines, err = run_scenarios(EDGE)
    n = len(lines) - 1
    assert (code, err) == (0, f"{n} passed, 0 failed\n")
    assert summary(lines) == {"passed": n, "failed": 0}
    errors = [json.loads(line) for line in lines[:-1] if '"error"' in line]
    assert [e["id"] for e in errors] == ["TR-20"]
    assert "V7" in errors[0]["error"]


def test_mismatch_fails_and_is_explained_on_stderr(tmp_path: Path) -> None:
    data = public_data()
    data[0]["expected"] = {**data[0]["expected"], "forum": "F_ICC"}  # type: ignore[dict-item]
    code, lines, err = run_scenarios(write_json(tmp_path, data))
    assert code == 1
    assert summary(lines) == {"passed": 11, "failed": 1}
    assert err == "HC-01: forum: expected 'F_ICC', got 'F_UA_DOM'\n11 passed, 1 failed\n"


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
    assert summary(lines) == {"passed": 2, "failed": 1}
    assert err.startswith("BAD: input rejected")
    assert err.endswith("\n2 passed, 1 failed\n")


def test_without_expected_nothing_is_checked(tmp_path: Path) -> None:
    data = [{k: v for k, v in s.items() if k != "expected"} for s in public_data()]
    code, lines, err = run_scenarios(write_json(tmp_path, data))
    assert (code, err) == (0, "")
    assert len(lines) == 13
    assert summary(lines) == {"passed": 0, "failed": 0}


@pytest.mark.parametrize("mismatch", [False, True])
def test_stdout_is_json_lines(tmp_path: Path, mismatch: bool) -> None:
    """A script reads stdout line by line with a JSON parser: every line is one object, the
    scenarios' (each with an ``id``) and last the summary; the sentence is on stderr."""
    data = public_data()
    if mismatch:
        data[0]["expected"] = {**data[0]["expected"], "forum": "F_ICC"}  # type: ignore[dict-item]
    data.append({"id": "BAD", "command_level": "CL_9"})
    _, lines, err = run_scenarios(write_json(tmp_path, data))
    rows = [json.loads(line) for line in lines]
    assert all(isinstance(r, dict) for r in rows)
    assert [r["id"] for r in rows[:-1]] == [str(s["id"]) for s in data]
    assert "id" not in rows[-1] and rows[-1]["passed"] + rows[-1]["failed"] == 12
    assert err.splitlines()[-1] == f"{rows[-1]['passed']} passed, {rows[-1]['failed']} failed"


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
    assert err.startswith("triage-app: error: ")
    assert "Traceback" not in err


def test_missing_files_are_one_line(tmp_path: Path) -> None:
    code, _, err = run_scenarios(tmp_path / "nope.json")
    assert code == 2 and "nope.json" in err and err.count("\n") == 1
    assert err.startswith("triage-app: error: ")
    code, _, err = run_scenarios(PUBLIC, tmp_path / "nope.toml")
    assert code == 2 and "nope.toml" in err and err.count("\n") == 1
    assert err.startswith("triage-app: error: ")


def test_bad_rule_file_is_one_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    rules.write_text(text.replace('"FL_UJ_CANDIDATE"', '"FL_X"').replace("ML_COMMAND", "ML_Y"))
    code, lines, err = run_scenarios(PUBLIC, rules)
    assert (code, lines) == (2, [])
    assert err.count("\n") == 1 and err.startswith("triage-app: error: ")
    assert "rule R14: unknown flag code 'FL_X'" in err
    assert "triage-app rules check" in err


def test_rules_option_changes_routes(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    rules.write_text(text.replace("precedence = 14\n", "precedence = 99\n"), encoding="utf-8")
    code, lines, err = run_scenarios(PUBLIC, rules)
    assert code == 1
    assert summary(lines) == {"passed": 11, "failed": 1}
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


def _route_scenarios(path: Path) -> subprocess.CompletedProcess[str]:
    """``triage-app route-scenarios PATH`` in a real process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "triage_app", "route-scenarios", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(
    not (REPO / "triage_app" / "__main__.py").exists(),
    reason="triage_app/__main__.py (python -m triage_app) is not there yet",
)
def test_route_scenarios_through_a_real_process() -> None:
    proc = _route_scenarios(PUBLIC)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines[:-1]] == [s["id"] for s in public_data()]
    assert summary(lines) == {"passed": 12, "failed": 0}
    assert proc.stderr == "12 passed, 0 failed\n"


def test_an_unusable_file_reads_like_every_other_command_error(tmp_path: Path) -> None:
    """Through the real command line: the same ``triage-app: error:`` prefix as ``stats``."""
    proc = _route_scenarios(tmp_path / "nope.json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("triage-app: error: ") and proc.stderr.count("\n") == 1


def test_route_scenarios_needs_no_database_library() -> None:
    """The trainer's check stays light: importing it loads neither SQLAlchemy nor Qt."""
    code = (
        "import sys, triage_app.cli_routing; "
        "print(sorted({'sqlalchemy', 'PySide6'} & set(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert proc.stdout.strip() == "[]"
