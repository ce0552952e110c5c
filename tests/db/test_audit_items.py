"""Bulk audit entries list their records in audit_item, covered by the hash chain; an incident's
history finds the imports that touched any of its records; IN lists come in a few lengths."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, text

import triage_app.exchange.importer as importer
from triage_app.db.audit import append_audit, append_audit_items, entry_items, verify_chain
from triage_app.db.bulk import IN_SIZES, padded
from triage_app.services.exchange import export_cases, import_workbook
from triage_app.services.routing import route_all
from triage_app.services.safety import audit_history
from triage_app.services.store import Store, open_store

ITEMS = [("incident", "created", str(uuid.UUID(int=i))) for i in range(1, 8)] + [
    ("suspect", "updated", str(uuid.UUID(int=99)))
]


def _bulk_entry(store: Store) -> int:
    with store.write_engine.begin() as conn:
        append_audit(conn, "t", "create", "incident", ITEMS[0][2], {"after": {}})
        append_audit_items(conn, "t", "import", "workbook", {"file": "x.xlsx"}, lambda: ITEMS)
        append_audit(conn, "t", "update", "incident", ITEMS[0][2], {"after": {}})
        return int(conn.execute(text("SELECT max(id) - 1 FROM audit_log")).scalar_one())


def test_items_are_stored_in_order_and_verified(store: Store) -> None:
    entry = _bulk_entry(store)
    with store.engine.connect() as conn:
        assert list(entry_items(conn, entry)) == ITEMS
        assert verify_chain(conn).ok


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_item SET uuid = '00000000-0000-0000-0000-0000000000ff' WHERE id = 3",
        "DELETE FROM audit_item WHERE id = 8",
        "UPDATE audit_item SET change = 'created' WHERE id = 8",
        "INSERT INTO audit_item (audit_id, kind, change, uuid) VALUES ({entry}, 'incident', "
        "'created', 'x')",
    ],
)
def test_an_edited_item_breaks_its_entry(store: Store, tamper: str) -> None:
    entry = _bulk_entry(store)
    with store.write_engine.begin() as conn:  # a co-worker with a database tool
        conn.execute(text(tamper.format(entry=entry)))
    with store.engine.connect() as conn:
        check = verify_chain(conn)
    assert not check.ok and check.first_broken_id == entry
    assert "audit_item" in (check.reason or "")


def test_items_added_to_an_ordinary_entry_are_found(store: Store) -> None:
    entry = _bulk_entry(store)
    with store.write_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_item (audit_id, kind, change, uuid) "
                f"VALUES ({entry + 1}, 'incident', 'created', 'x')"
            )
        )
    with store.engine.connect() as conn:
        check = verify_chain(conn)
    assert not check.ok and check.first_broken_id == entry + 1
    assert "does not list" in (check.reason or "")


def test_history_of_an_incident_shows_the_import_that_changed_its_evidence(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "cases.xlsx"
    export_cases(sqlite_demo_store, path)
    wb = load_workbook(path)
    ws = wb["Evidence"]
    header = [c.value for c in ws[1]]
    ref = ws.cell(row=2, column=header.index("Incident reference") + 1).value
    ws.cell(row=2, column=header.index("Description") + 1, value="Re-described in the field")
    wb.save(path)
    result = import_workbook(sqlite_demo_store, path)
    assert result.ok and result.updated["evidence"] == 1 and result.updated["incident"] == 0

    lines = audit_history(sqlite_demo_store, str(ref))
    imports = [x for x in lines if x.action == "import"]
    assert len(imports) == 1 and imports[0].items == (("evidence", "updated"),)
    assert imports[0].details["items"]["count"] == 1
    with sqlite_demo_store.engine.connect() as conn:
        other = conn.execute(
            text("SELECT reference FROM incident WHERE reference != :r LIMIT 1"), {"r": ref}
        ).scalar_one()
    assert "import" not in [x.action for x in audit_history(sqlite_demo_store, other)]


def test_padded_lists_take_a_few_lengths() -> None:
    assert padded([]) == []
    assert padded([3, 1]) == [3, 1] + [1] * 14
    assert {len(padded(range(n))) for n in range(1, 5_001)} == set(IN_SIZES[:6])
    assert len(padded(range(30_000))) == 30_000  # beyond the largest: as it is


def test_an_import_prepares_few_statements(
    sqlite_demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each distinct IN (...) length is another statement in the driver's cache (about 1 MB at
    5,000 markers): batches of every length made an import's memory grow with the file."""
    route_all(sqlite_demo_store)
    path = tmp_path / "cases.xlsx"
    export_cases(sqlite_demo_store, path)
    monkeypatch.setattr(importer, "BATCH", 23)  # many batches of uneven content
    target = open_store(str(tmp_path / "target.db"), actor="importer")
    lengths: dict[str, set[int]] = defaultdict(set)

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        for marks in re.findall(r"IN \(((?:\?, )*\?)\)", statement):
            shape = re.sub(r"IN \((?:\?, )*\?\)", "IN (?)", statement)
            lengths[shape].add(marks.count("?"))

    for engine in (target.engine, target.write_engine):
        event.listen(engine, "before_cursor_execute", seen)
    assert import_workbook(target, path).ok
    target.dispose()
    assert lengths  # the import did look records up by lists of keys
    assert max(len(v) for v in lengths.values()) <= 2, dict(lengths)  # 16 and 64
