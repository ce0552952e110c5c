"""Laptop bundle of N incidents: export and import against raw sqlite3 floors from the same run.

The laptop is a demo database of N incidents, routed. Export writes every record (incidents
with their crime types, suspects, involvements, evidence, decisions, audit) to one bundle;
its floor is raw sqlite3 reading the same rows. Import merges the bundle into an empty,
migrated coordinator (verify, validate, merge, FTS index, audit, re-route); its floor is raw
sqlite3 executemany of the same rows into an empty, migrated file. The no-op re-import is the
cost of proving that nothing changed.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_demo import fresh
from bench.common import OUT, peak_rss_mb, save, timed
from triage_app.services.bundles import export_bundle, import_bundle
from triage_app.services.demo import add_demo_data
from triage_app.services.routing import route_all
from triage_app.services.store import open_store

TABLES = (
    "incident",
    "incident_crime_type",
    "suspect",
    "involvement",
    "evidence_item",
    "routing_decision",
    "audit_log",
)
PASSPHRASE = "benchmark passphrase, not a secret"


def read_floor(path: Path) -> tuple[float, dict[str, list[tuple[Any, ...]]]]:
    """Raw sqlite3 reading every row the bundle carries."""

    def read() -> dict[str, list[tuple[Any, ...]]]:
        conn = sqlite3.connect(path)
        try:
            return {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}
        finally:
            conn.close()

    return timed(read)


def write_floor(path: Path, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """Raw sqlite3 executemany of the same rows into an empty migrated file, FTS at the end."""

    def write() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DROP TRIGGER incident_fts_ai")
        conn.execute("DELETE FROM rule_set")
        src = sqlite3.connect(OUT / "bundle-laptop.db")
        conn.executemany(
            "INSERT INTO rule_set VALUES (?,?,?,?,?,?,?)", src.execute("SELECT * FROM rule_set")
        )
        src.close()
        for table in TABLES:
            data = rows[table]
            if data:
                marks = ",".join("?" * len(data[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", data)
        conn.execute(
            "INSERT INTO incident_fts(rowid, title, description) "
            "SELECT id, title, description FROM incident"
        )
        conn.execute("COMMIT")
        conn.close()

    seconds, _ = timed(write)
    return seconds


def row(what: str, seconds: float, records: int, floor: float | None) -> dict[str, Any]:
    return {
        "what": what,
        "seconds": round(seconds, 2),
        "records/s": f"{records / seconds:,.0f}" if seconds else "-",
        "x floor": f"{seconds / floor:.2f}" if floor else "-",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    n = args.incidents

    laptop_path = fresh(OUT / "bundle-laptop.db")
    laptop = open_store(str(laptop_path), actor="laptop")
    add_demo_data(laptop, n, seed=args.seed)
    route_all(laptop)
    read_s, rows = read_floor(laptop_path)
    stored = sum(len(v) for v in rows.values())

    bundle = OUT / "bundle.triage"
    export_s, exported = timed(lambda: export_bundle(laptop, bundle))
    records = sum(exported.bundle.counts.values())
    enc_bundle = OUT / "bundle-encrypted.triage"
    enc_s, enc = timed(lambda: export_bundle(laptop, enc_bundle, passphrase=PASSPHRASE))
    laptop.dispose()

    write_s = write_floor(fresh(OUT / "bundle-floor.db"), rows)
    coordinator = open_store(str(fresh(OUT / "bundle-coordinator.db")), actor="coordinator")
    import_s, report = timed(lambda: import_bundle(coordinator, bundle))
    assert report.added["incident"] == n, report.to_json()
    again_s, again = timed(lambda: import_bundle(coordinator, bundle))
    assert not again.changed, again.to_json()
    coordinator.dispose()
    other = open_store(str(fresh(OUT / "bundle-coordinator2.db")), actor="coordinator")
    enc_import_s, _ = timed(lambda: import_bundle(other, enc_bundle, PASSPHRASE))
    other.dispose()

    mb = exported.bundle.bytes / 1e6
    save(
        "bench_bundle",
        f"Laptop bundle: {n:,} incidents",
        [
            row("raw sqlite3 reading the same rows (export floor)", read_s, stored, None),
            row("`bundle export` (plain)", export_s, records, read_s),
            row("`bundle export` (encrypted, AES-256-GCM)", enc_s, records, read_s),
            row("raw sqlite3 executemany of the same rows (import floor)", write_s, stored, None),
            row("`bundle import` into an empty database (plain)", import_s, records, write_s),
            row("`bundle import` (encrypted)", enc_import_s, records, write_s),
            row("`bundle import` of the same bundle again (no-op)", again_s, records, write_s),
        ],
        f"""{records:,} records in the bundle ({stored:,} rows in the floors' tables; the
bundle carries crime types inside incident records, and rule sets and merge bases besides).
Bundle size {mb:.1f} MB plain, {enc.bundle.bytes / 1e6:.1f} MB encrypted (JSON Lines in a
zip, deflate level 1). The export floor only reads rows; the export also turns them into JSON,
hashes and compresses them and writes the file. The import figure includes verifying the
file, validating every record with the editor's validators, the three-way merge by UUID, the
FTS5 index, merge bases, the audit entries and re-routing every imported involvement; the
re-import reads and compares everything and writes nothing. Peak RSS of the whole run:
{peak_rss_mb():.0f} MB.""",
    )


if __name__ == "__main__":
    main()
