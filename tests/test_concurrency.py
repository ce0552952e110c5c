"""Two processes on one SQLite file: writers queue on the lock; past the timeout, a message."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from triage_app.services.store import Store


def cli(db: Path, *args: str, timeout_ms: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    if timeout_ms is not None:
        env["TRIAGE_BUSY_TIMEOUT_MS"] = str(timeout_ms)
    return subprocess.run(
        [sys.executable, "-m", "triage_app", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def hold_write_lock(path: Path, seconds: float, started: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_write_waits_for_another_process_lock(sqlite_demo_store: Store) -> None:
    db = sqlite_demo_store.path
    assert db is not None
    started = threading.Event()
    t = threading.Thread(target=hold_write_lock, args=(db, 1.5, started))
    t.start()
    started.wait()
    r = cli(db, "demo", "--incidents", "10")
    t.join()
    assert r.returncode == 0, r.stderr
    assert '"incidents": 10' in r.stdout


def test_a_lock_held_past_the_timeout_says_the_database_is_busy(sqlite_demo_store: Store) -> None:
    db = sqlite_demo_store.path
    assert db is not None
    started = threading.Event()
    t = threading.Thread(target=hold_write_lock, args=(db, 4, started))
    t.start()
    started.wait()
    r = cli(db, "demo", "--incidents", "10", timeout_ms=300)
    t.join()
    assert r.returncode != 0
    assert "database is busy" in r.stderr and "Traceback" not in r.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM incident").fetchone()[0] == 300
    conn.close()


def test_two_processes_writing_at_once_both_land_intact(sqlite_demo_store: Store) -> None:
    db = sqlite_demo_store.path
    assert db is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "triage_app",
                "--db",
                str(db),
                "demo",
                "--incidents",
                "3000",
                "--seed",
                str(seed),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed in (1, 2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM incident").fetchone()[0] == 6300
    assert conn.execute("SELECT count(DISTINCT uuid) FROM incident").fetchone()[0] == 6300
    conn.close()
