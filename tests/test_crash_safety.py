"""SIGKILL in the middle of long operations leaves an intact database holding all or none.

Each test starts the real CLI in a subprocess, waits until it is visibly writing (its WAL or
temporary file grows), kills it with SIGKILL and reopens the file.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from triage_app.services.demo import add_demo_data
from triage_app.services.store import open_store

pytestmark = pytest.mark.slow


def start(*args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    return subprocess.Popen(
        [sys.executable, "-m", "triage_app", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(
    proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 60
) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.kill()
    raise AssertionError("the operation never started writing")


def size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def check(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.db"
    store = open_store(str(path), actor="t")
    add_demo_data(store, 40_000, seed=4)
    store.dispose()
    return path


def copy_of(big_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "work.db"
    shutil.copyfile(big_db, target)
    return target


def test_kill_during_demo_load_keeps_none_of_it(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    open_store(str(db)).dispose()
    wal = db.with_name("d.db-wal")
    proc = start("--db", str(db), "demo", "--incidents", "150000")
    killed = kill_when(proc, lambda: size(wal) > 4_000_000)
    assert killed
    n = check(db, "SELECT count(*) FROM incident")
    assert n == 0
    assert check(db, "SELECT count(*) FROM incident_fts_docsize") == 0
    store = open_store(str(db))  # and it still opens and works
    add_demo_data(store, 5, seed=1)
    store.dispose()
    assert check(db, "SELECT count(*) FROM sqlite_master WHERE name = 'incident_fts_ai'") == 1


def test_kill_during_rerouting_stores_all_or_none(big_db: Path, tmp_path: Path) -> None:
    db = copy_of(big_db, tmp_path)
    wal = db.with_name(db.name + "-wal")
    total = check(db, "SELECT count(*) FROM involvement")
    proc = start("--db", str(db), "route")
    killed = kill_when(proc, lambda: size(wal) > 200_000)
    decisions = check(db, "SELECT count(*) FROM routing_decision")
    assert decisions in (0, total)
    if killed:
        assert decisions == 0


def test_kill_during_backup_leaves_no_file_under_the_final_name(
    big_db: Path, tmp_path: Path
) -> None:
    db = copy_of(big_db, tmp_path)
    out = tmp_path / "out" / "backup.db"
    proc = start("--db", str(db), "backup", "--out", str(out))
    killed = kill_when(proc, lambda: any(size(p) > 1_000_000 for p in out.parent.glob("*tmp*")))
    if killed:
        assert not out.exists()
    else:
        assert check(out, "SELECT count(*) FROM incident") == 40_000
    assert check(db, "SELECT count(*) FROM incident") == 40_000


def test_kill_during_first_migration_leaves_a_database_that_opens(tmp_path: Path) -> None:
    for attempt in range(5):
        db = tmp_path / f"m{attempt}.db"
        proc = start("--db", str(db), "migrate")
        kill_when(proc, lambda db=db: size(db) > 0 or size(db.with_name(db.name + "-wal")) > 0)
        tables = (
            check(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'")
            if db.exists()
            else 0
        )
        store = open_store(str(db))  # all of the schema, or none and it migrates now
        store.dispose()
        assert tables == 0 or check(db, "SELECT count(*) FROM alembic_version") == 1


def test_kill_during_export_leaves_no_workbook_under_the_final_name(
    big_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cases.xlsx"
    proc = start("--db", str(big_db), "export", "--out", str(out))
    started = time.monotonic()
    killed = kill_when(proc, lambda: time.monotonic() - started > 2.0)
    assert killed, "the export finished before it could be interrupted"
    assert not out.exists()
    assert check(big_db, "SELECT count(*) FROM incident") == 40_000


@pytest.fixture(scope="module")
def intake(big_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from triage_app.domain.case_filter import CaseFilter
    from triage_app.services.exchange import export_cases

    path = tmp_path_factory.mktemp("intake") / "donetsk.xlsx"
    store = open_store(str(big_db))
    export_cases(store, path, CaseFilter(region="UA-14"))
    store.dispose()
    return path


def test_kill_during_import_keeps_none_of_it(intake: Path, tmp_path: Path) -> None:
    db = tmp_path / "target.db"
    open_store(str(db)).dispose()
    wal = db.with_name("target.db-wal")
    proc = start("--db", str(db), "import", str(intake))
    killed = kill_when(proc, lambda: size(wal) > 1_000_000, timeout=120)
    assert killed
    assert check(db, "SELECT count(*) FROM incident") == 0
    assert check(db, "SELECT count(*) FROM suspect") == 0
    store = open_store(str(db))  # and the import can simply be run again
    store.dispose()
