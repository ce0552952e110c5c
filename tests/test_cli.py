"""The CLI contract, run as a user runs it: a real subprocess on a real file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from triage_app.db.migrate import head_revision


def run(*args: str, env_db: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if env_db is not None:
        env["TRIAGE_DB"] = env_db
    return subprocess.run(
        [sys.executable, "-m", "triage_app", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_demo_then_stats_reports_counts_and_head(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    r = run("--db", db, "demo", "--incidents", "400", "--seed", "5")
    assert r.returncode == 0, r.stderr
    stats = json.loads(run("--db", db, "stats").stdout)
    assert stats["incidents"] == 400
    assert stats["schema"] == head_revision()
    assert stats["involvements"] >= 400 and stats["suspects"] > 0 and stats["evidence"] > 0
    assert set(stats) == {
        "incidents",
        "suspects",
        "involvements",
        "decisions",
        "evidence",
        "schema",
    }


def test_demo_is_reproducible_with_seed(tmp_path: Path) -> None:
    import sqlite3

    dumps = []
    for name in ("a.db", "b.db"):
        db = tmp_path / name
        assert run("--db", str(db), "demo", "--incidents", "50", "--seed", "9").returncode == 0
        conn = sqlite3.connect(db)
        dumps.append(
            conn.execute(
                "SELECT uuid, reference, title, date_from, oblast_code FROM incident ORDER BY id"
            ).fetchall()
            + conn.execute("SELECT uuid, name, command_level FROM suspect ORDER BY id").fetchall()
        )
        conn.close()
    assert dumps[0] == dumps[1]


def test_triage_db_environment_variable_names_the_database(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    assert run("migrate", env_db=str(db)).returncode == 0
    assert db.exists()


def test_migrate_prints_schema(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "m.db"), "migrate")
    assert r.returncode == 0
    assert json.loads(r.stdout)["schema"] == head_revision()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/missing-folder/x.db", "stats"], "does not exist"),
        (["--db", "{tmp}/notes.txt", "stats"], "not a Triage database"),
        (["--db", "{tmp}/x.db", "demo", "--incidents", "-5"], "--incidents"),
        (["--db", "{tmp}/x.db", "demo", "--incidents", "many"], "invalid int value"),
    ],
)
def test_user_errors_are_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "notes.txt").write_text("my notes\n")
    r = run(*[a.format(tmp=tmp_path) for a in args])
    assert r.returncode != 0
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert (tmp_path / "notes.txt").read_text() == "my notes\n"


def test_screenshot_writes_a_png_of_the_window(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert run("--db", db, "demo", "--incidents", "120").returncode == 0
    out = tmp_path / "main.png"
    r = run("--db", db, "screenshot", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000  # a rendered table, not a blank image
    assert json.loads(r.stdout) == {"screenshot": str(out.resolve())}


@pytest.mark.parametrize("name", ["main.jpg", "main", "main.png.txt"])
def test_screenshot_refuses_a_name_not_ending_in_png(tmp_path: Path, name: str) -> None:
    db = tmp_path / "s.db"
    r = run("--db", str(db), "screenshot", str(tmp_path / name))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and ".png" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert not (tmp_path / name).exists()
    assert not db.exists()  # refused before the database is opened


@pytest.mark.postgresql
def test_server_mode_migrate_demo_route_stats(pg_server_url: str | None) -> None:
    """The CLI contract against a real PostgreSQL server (server mode)."""
    if pg_server_url is None:
        pytest.skip("PostgreSQL is not installed here and TRIAGE_TEST_PG_URL is not set")
    from tests.conftest import create_pg_database

    url = create_pg_database(pg_server_url)
    assert run("--db", url, "migrate").returncode == 0
    r = run("--db", url, "demo", "--incidents", "300", "--seed", "2")
    assert r.returncode == 0, r.stderr
    routed = json.loads(run("--db", url, "route").stdout)
    stats = json.loads(run("--db", url, "stats").stdout)
    assert stats["incidents"] == 300 and stats["schema"] == head_revision()
    assert routed["routed"] == stats["involvements"] == stats["decisions"]


@pytest.mark.parametrize("url", ["postgres://u@h/x", "foo://bar", "://x"])
def test_a_mistyped_database_url_is_one_line(url: str) -> None:
    r = run("--db", url, "stats")
    assert r.returncode == 2 and "not a database Triage can open" in r.stderr
    assert "Traceback" not in r.stderr


def test_demo_can_be_added_twice_with_the_default_seed(tmp_path: Path) -> None:
    db = str(tmp_path / "twice.db")
    assert run("--db", db, "demo", "--incidents", "20").returncode == 0
    r = run("--db", db, "demo", "--incidents", "20")
    assert r.returncode == 0, r.stderr
    assert json.loads(run("--db", db, "stats").stdout)["incidents"] == 40


def test_route_scenarios_fails_on_an_invalid_scenario_without_expected(tmp_path: Path) -> None:
    sheet = tmp_path / "s.json"
    sheet.write_text(
        json.dumps(
            [
                {
                    "id": "X1",
                    "crime_types": ["CT_NOPE"],
                    "command_level": "CL_1_DIRECT",
                    "is_legal_person": False,
                    "mode_of_liability": "ML_DIRECT",
                }
            ]
        )
    )
    r = run("route-scenarios", str(sheet))
    assert r.returncode == 1 and "X1" in r.stderr and "CT_NOPE" in r.stderr


def test_a_missing_database_file_is_created_with_a_note(tmp_path: Path) -> None:
    r = run("--db", str(tmp_path / "typo.db"), "stats")
    assert r.returncode == 0 and "did not exist" in r.stderr


def test_export_dates_in_either_form_and_in_order(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    assert run("--db", db, "demo", "--incidents", "30").returncode == 0
    out = str(tmp_path / "x.xlsx")
    assert run("--db", db, "export", "--out", out, "--from", "01.02.2024").returncode == 0
    r = run("--db", db, "export", "--out", out, "--from", "2024-05-01", "--to", "2024-01-01")
    assert r.returncode != 0 and "after --to" in r.stderr


def test_a_driver_error_that_is_the_environments_fault_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lock or a full disk met after the database opened: exit 3, no traceback; any other
    driver error is our bug and is raised."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from triage_app import cli

    def failing(message: str):  # type: ignore[no-untyped-def]
        def cmd(_args: object) -> int:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError(message))

        return cmd

    monkeypatch.setattr(cli, "cmd_stats", failing("database is locked"))
    assert cli.main(["--db", str(tmp_path / "x.db"), "stats"]) == 3
    assert "database is busy" in capsys.readouterr().err
    monkeypatch.setattr(cli, "cmd_stats", failing("no such table: incident"))
    with pytest.raises(OperationalError):
        cli.main(["--db", str(tmp_path / "x.db"), "stats"])


def test_audit_verify_reports_the_same_keys_intact_or_broken(tmp_path: Path) -> None:
    """A script reads ``entries`` whether the chain holds or not; a break adds where and why."""
    import sqlite3

    db = tmp_path / "a.db"
    assert run("--db", str(db), "demo", "--incidents", "20").returncode == 0
    assert run("--db", str(db), "route").returncode == 0
    intact = run("--db", str(db), "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    good = json.loads(intact.stdout)
    assert good == {"entries": good["entries"], "ok": True} and good["entries"] >= 2
    conn = sqlite3.connect(db)
    with conn:  # someone edits the newest entry with a SQLite tool
        conn.execute(
            "UPDATE audit_log SET actor = actor || '!' WHERE id = (SELECT max(id) FROM audit_log)"
        )
    conn.close()
    broken = run("--db", str(db), "audit", "verify")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    bad = json.loads(broken.stdout)
    assert list(bad) == ["entries", "ok", "first_broken_entry", "reason"]
    assert bad["ok"] is False and isinstance(bad["entries"], int)
    assert set(good) <= set(bad)
