"""Encryption at rest, the tamper-evident audit log, backups and restore, on real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from triage_app.db.errors import UserFacingDatabaseError, WrongPassphrase
from triage_app.services.demo import add_demo_data
from triage_app.services.routing import route_all
from triage_app.services.safety import (
    audit_history,
    backup_now,
    daily_backup_if_due,
    encrypt,
    rekey,
    restore,
    rotate,
    verify_audit,
)
from triage_app.services.stats import database_stats
from triage_app.services.store import Store, open_store

PASS = "correct horse battery staple"


def cli(*args: str, passphrase: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")}
    if passphrase is not None:
        env["TRIAGE_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "triage_app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def known_plaintext(store: Store) -> list[bytes]:
    with store.engine.connect() as conn:
        title = conn.exec_driver_sql("SELECT title FROM incident LIMIT 1").scalar_one()
        name = conn.exec_driver_sql("SELECT name FROM suspect LIMIT 1").scalar_one()
    return [title.encode(), name.encode(), b"SQLite format 3", b"alembic_version"]


def test_encrypted_file_holds_no_plaintext_and_opens_only_with_its_passphrase(
    sqlite_demo_store: Store,
) -> None:
    path = sqlite_demo_store.path
    assert path is not None
    route_all(sqlite_demo_store)
    secrets_ = known_plaintext(sqlite_demo_store)
    before = database_stats(sqlite_demo_store)
    sqlite_demo_store.dispose()
    encrypt(path, PASS)
    raw = path.read_bytes()
    assert not [s for s in secrets_ if s in raw]
    assert not list(path.parent.glob("*.old-*"))  # the plain copy was shredded
    with pytest.raises(WrongPassphrase, match="wrong"):
        open_store(str(path), passphrase="not the passphrase")
    with pytest.raises(UserFacingDatabaseError, match="encrypted"):
        open_store(str(path))
    assert path.read_bytes() == raw  # wrong attempts changed nothing
    store = open_store(str(path), passphrase=PASS)
    assert database_stats(store) == before
    add_demo_data(store, 10, seed=1)  # writes work, and stay encrypted
    store.dispose()
    assert secrets_[0] not in path.read_bytes()


def test_new_encrypted_database_and_rekey(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(UserFacingDatabaseError, match="too short"):
        open_store(str(path), passphrase="short")
    store = open_store(str(path), passphrase=PASS)
    add_demo_data(store, 20, seed=2)
    store.dispose()
    rekey(path, PASS, "a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        open_store(str(path), passphrase=PASS)
    store = open_store(str(path), passphrase="a brand new passphrase")
    assert database_stats(store)["incidents"] == 20
    store.dispose()


def test_backups_of_an_encrypted_database_stay_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    store = open_store(str(path), passphrase=PASS)
    add_demo_data(store, 20, seed=2)
    copy = backup_now(store)
    plain = known_plaintext(store)
    store.dispose()
    assert not [s for s in plain if s in copy.read_bytes()]
    with pytest.raises(UserFacingDatabaseError, match="encrypted"):
        restore(tmp_path / "other.db", copy, None)
    restored = tmp_path / "restored.db"
    restore(restored, copy, PASS)
    assert database_stats(open_store(str(restored), passphrase=PASS))["incidents"] == 20


def test_audit_verify_names_the_first_edited_entry(sqlite_demo_store: Store) -> None:
    route_all(sqlite_demo_store)
    route_all(sqlite_demo_store)
    assert verify_audit(sqlite_demo_store).ok
    conn = sqlite3.connect(sqlite_demo_store.path)  # type: ignore[arg-type]
    with conn:  # a curious co-worker edits a byte of history with a SQLite tool
        conn.execute(
            "UPDATE audit_log SET details = replace(details, '\"routed\"', "
            "'\"routeD\"') WHERE id = 2"
        )
    conn.close()
    check = verify_audit(sqlite_demo_store)
    assert not check.ok and check.first_broken_id == 2 and "hash" in (check.reason or "")
    r = cli("--db", str(sqlite_demo_store.path), "audit", "verify")
    assert r.returncode == 1 and "entry 2" in r.stderr and "Traceback" not in r.stderr


def test_audit_show_lists_one_incidents_history(store: Store) -> None:
    import datetime as dt

    from triage_app.domain.records import IncidentRecord, InvolvementRecord, SuspectRecord
    from triage_app.services.incidents import save_incident

    rec = IncidentRecord(
        reference="REF-1", title="Fictional", date_from=dt.date(2024, 1, 2), crime_types=("CT_WC",)
    )
    save_incident(store, rec, [InvolvementRecord(SuspectRecord("Особа", "CL_1_DIRECT"))])
    save_incident(
        store,
        IncidentRecord(
            reference="REF-2", title="Other", date_from=dt.date(2024, 1, 3), crime_types=("CT_WC",)
        ),
    )
    lines = audit_history(store, "REF-1")
    assert {(x.action, x.entity) for x in lines} == {("create", "incident"), ("create", "suspect")}
    with pytest.raises(UserFacingDatabaseError, match="REF-9"):
        audit_history(store, "REF-9")


def test_backup_rotation_keeps_the_newest(tmp_path: Path, sqlite_demo_store: Store) -> None:
    made = [backup_now(sqlite_demo_store, keep=3) for _ in range(5)]
    left = sorted(p.name for p in made[0].parent.glob("*.db"))
    assert left == sorted(p.name for p in made[-3:])
    assert rotate(made[0].parent, "demo", 1) and len(list(made[0].parent.glob("*.db"))) == 1


def test_daily_backup_once_per_day(sqlite_demo_store: Store) -> None:
    import datetime as dt

    day = dt.datetime(2026, 3, 1, 9)
    first = daily_backup_if_due(sqlite_demo_store, day)
    assert first is not None
    assert daily_backup_if_due(sqlite_demo_store, day.replace(hour=17)) is None


def test_restore_keeps_the_replaced_database(sqlite_demo_store: Store, tmp_path: Path) -> None:
    path = sqlite_demo_store.path
    assert path is not None
    copy = backup_now(sqlite_demo_store, tmp_path / "copy.db")
    add_demo_data(sqlite_demo_store, 10, seed=5)
    sqlite_demo_store.dispose()
    saved = restore(path, copy, None)
    assert database_stats(open_store(str(path)))["incidents"] == 300
    assert database_stats(open_store(str(saved)))["incidents"] == 310


def test_cli_wrong_passphrase_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    assert cli("--db", db, "demo", "--incidents", "5", passphrase=PASS).returncode == 0
    before = Path(db).read_bytes()
    r = cli("--db", db, "stats", passphrase="wrong wrong wrong")
    assert r.returncode == 2 and "passphrase is wrong" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli("--db", db, "stats")
    assert r.returncode == 2 and "passphrase" in r.stderr
    assert Path(db).read_bytes() == before
    r = cli("--db", db, "--passphrase-env", "NOPE_NOT_SET", "stats")
    assert r.returncode == 2 and "NOPE_NOT_SET" in r.stderr


def test_restore_a_backup_made_before_rekey_with_its_own_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    store = open_store(str(path), passphrase=PASS)
    add_demo_data(store, 5, seed=1)
    old_backup = backup_now(store)
    store.dispose()
    rekey(path, PASS, "the newer passphrase")
    with pytest.raises(WrongPassphrase, match=old_backup.name):
        restore(path, old_backup, "the newer passphrase")
    saved = restore(path, old_backup, "the newer passphrase", backup_passphrase=PASS)
    assert database_stats(open_store(str(path), passphrase=PASS))["incidents"] == 5
    assert (
        database_stats(open_store(str(saved), passphrase="the newer passphrase"))["incidents"] == 5
    )


def test_cli_restore_takes_a_relative_path_and_keep_must_be_positive(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert cli("--db", str(db), "demo", "--incidents", "5").returncode == 0
    r = cli("--db", str(db), "backup", "--keep", "-3")
    assert r.returncode == 2 and "--keep" in r.stderr
    assert cli("--db", str(db), "backup").returncode == 0
    made = next((tmp_path / "backups").glob("r-*-manual.db"))
    r = subprocess.run(
        [sys.executable, "-m", "triage_app", "--db", "r.db", "restore", f"backups/{made.name}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("TRIAGE_")},
    )
    assert r.returncode == 0, r.stderr


def test_encrypting_twice_says_already_encrypted(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    assert cli("--db", db, "demo", "--incidents", "3").returncode == 0
    assert cli("--db", db, "encrypt", passphrase=PASS).returncode == 0
    r = cli("--db", db, "encrypt", passphrase=PASS)
    assert r.returncode == 2 and "already encrypted" in r.stderr and "rekey" in r.stderr


def test_export_and_import_work_on_an_encrypted_database(tmp_path: Path) -> None:
    db = str(tmp_path / "enc.db")
    assert cli("--db", db, "demo", "--incidents", "20", passphrase=PASS).returncode == 0
    out = tmp_path / "cases.xlsx"
    r = cli("--db", db, "export", "--out", str(out), passphrase=PASS)
    assert r.returncode == 0, r.stderr
    other = str(tmp_path / "other.db")
    r = cli("--db", other, "import", str(out), passphrase="another long passphrase")
    assert r.returncode == 0, r.stderr
    r = cli("--db", other, "stats", passphrase="another long passphrase")
    assert '"incidents": 20' in r.stdout
    assert b"SQLite format 3" not in Path(other).read_bytes()[:100]


def test_incident_history_includes_the_import_that_created_it(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    from triage_app.services.exchange import export_cases, import_workbook

    out = tmp_path / "cases.xlsx"
    export_cases(sqlite_demo_store, out)
    target = open_store(str(tmp_path / "new.db"), actor="importer")
    assert import_workbook(target, out).ok
    with target.engine.connect() as conn:
        ref = conn.exec_driver_sql("SELECT reference FROM incident LIMIT 1").scalar_one()
    actions = [line.action for line in audit_history(target, ref)]
    assert "import" in actions
    target.dispose()
    shown = cli("--db", str(tmp_path / "new.db"), "audit", "show", "--incident", ref)
    imported = [x for x in shown.stdout.splitlines() if "\timport\t" in x]
    assert len(imported) == 1 and '"this_incident": ["incident created"' in imported[0]


def _rehash_from(path: Path, first_id: int) -> None:
    """What a careful tamperer does: edit an entry, then recompute every later hash so the
    chain holds again."""
    import datetime as dt

    from triage_app.db.audit import GENESIS, entry_hash

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = ?", (first_id,))
        prev = conn.execute(
            "SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", (first_id,)
        ).fetchone()
        prev_hash = prev[0] if prev else GENESIS
        rows = conn.execute(
            "SELECT id, at, actor, action, entity, entity_uuid, details FROM audit_log "
            "WHERE id >= ? ORDER BY id",
            (first_id,),
        ).fetchall()
        for entry_id, at, *fields in rows:
            digest = entry_hash(prev_hash, dt.datetime.fromisoformat(at), *fields)
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                (prev_hash, digest, entry_id),
            )
            prev_hash = digest
    conn.close()


def test_audit_verify_against_a_backup_finds_what_the_chain_cannot(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    """Removing the newest entries, or rewriting history with fresh hashes, leaves a valid
    chain; a backup kept elsewhere still tells."""
    assert sqlite_demo_store.path is not None
    path = sqlite_demo_store.path
    route_all(sqlite_demo_store)
    route_all(sqlite_demo_store)
    backup = backup_now(sqlite_demo_store, out=tmp_path / "elsewhere" / "copy.db")
    route_all(sqlite_demo_store)  # newer entries than the backup: fine
    assert verify_audit(sqlite_demo_store, backup).ok
    sqlite_demo_store.dispose()

    conn = sqlite3.connect(path)
    copy = sqlite3.connect(backup)
    in_backup = copy.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    copy.close()
    assert in_backup >= 3
    with conn:  # the newest entry the backup also has, and everything after it
        conn.execute("DELETE FROM audit_log WHERE id >= ?", (in_backup,))
    conn.close()
    assert verify_audit(sqlite_demo_store).ok  # the chain alone cannot see it
    check = verify_audit(sqlite_demo_store, backup)
    assert not check.ok and check.first_broken_id == in_backup
    assert "removed" in (check.reason or "")

    _rehash_from(path, 2)
    assert verify_audit(sqlite_demo_store).ok
    check = verify_audit(sqlite_demo_store, backup)
    assert not check.ok and check.first_broken_id == 2 and "rewritten" in (check.reason or "")
    r = cli("--db", str(path), "audit", "verify", "--against", str(backup))
    assert r.returncode == 1 and "entry 2" in r.stderr and "Traceback" not in r.stderr
    missing = cli("--db", str(path), "audit", "verify", "--against", str(tmp_path / "no.db"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_audit_verify_against_names_a_wrong_copy_and_reads_a_plain_one(tmp_path: Path) -> None:
    """A copy of another database is not a tamper alarm but a wrong file; a backup made before
    'encrypt' (plain) is compared without a passphrase; '--out FOLDER' puts a dated file there."""
    db = tmp_path / "cases.db"
    store = open_store(str(db), actor="t")
    add_demo_data(store, 20, seed=5)
    route_all(store)
    before_encrypt = backup_now(store, out=tmp_path)  # a folder
    assert before_encrypt.parent == tmp_path and before_encrypt.name.startswith("cases-")
    other = open_store(str(tmp_path / "other.db"), actor="t")
    add_demo_data(other, 5, seed=6)
    other.dispose()
    with pytest.raises(UserFacingDatabaseError, match="copy of another database"):
        verify_audit(store, tmp_path / "other.db")
    store.dispose()
    encrypt(db, PASS)
    encrypted = open_store(str(db), passphrase=PASS)
    assert verify_audit(encrypted, before_encrypt).ok
    encrypted.dispose()


def test_an_incidents_history_includes_its_overrides(sqlite_demo_store: Store) -> None:
    from triage_app.services.routing import set_override

    route_all(sqlite_demo_store)
    with sqlite_demo_store.engine.connect() as conn:
        inv_id, ref = conn.exec_driver_sql(
            "SELECT involvement.id, incident.reference FROM involvement "
            "JOIN incident ON incident.id = involvement.incident_id LIMIT 1"
        ).one()
    set_override(sqlite_demo_store, inv_id, "F_ICC", "A test reason")
    assert "override" in [x.action for x in audit_history(sqlite_demo_store, ref)]
