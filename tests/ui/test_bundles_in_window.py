"""Laptop bundles from the window: export, import with a conflict, resolve it field by field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from triage_app.services.bundles import export_bundle, import_bundle, list_conflicts
from triage_app.services.incidents import load_incident, save_incident
from triage_app.services.store import Store, open_store
from triage_app.ui.conflicts_dialog import ConflictsDialog


def retitle(store: Store, incident_id: int, title: str) -> None:
    d = load_incident(store, incident_id)
    save_incident(
        store,
        dataclasses.replace(d.record, title=title),
        [v.record for v in d.involvements],
        list(d.evidence),
        incident_id=d.id,
        expected_row_version=d.row_version,
    )


@pytest.fixture
def two_sides(tmp_path: Path, routed_store: Store) -> tuple[Store, Store, int]:
    """A coordinator (the routed demo db) and a laptop seeded from its bundle, both edited."""
    seed = tmp_path / "seed.triage"
    export_bundle(routed_store, seed)
    laptop = open_store(str(tmp_path / "laptop.db"), actor="laptop")
    import_bundle(laptop, seed)
    with routed_store.engine.connect() as conn:
        iid = conn.exec_driver_sql("SELECT min(id) FROM incident").scalar_one()
        uuid = conn.exec_driver_sql(f"SELECT uuid FROM incident WHERE id = {iid}").scalar_one()
    with laptop.engine.connect() as conn:
        lid = conn.exec_driver_sql(f"SELECT id FROM incident WHERE uuid = '{uuid}'").scalar_one()
    retitle(routed_store, iid, "Coordinator's title")
    retitle(laptop, lid, "Laptop's title")
    return routed_store, laptop, iid


def test_conflict_is_resolved_field_by_field_in_the_dialog(
    qtbot,
    tmp_path: Path,
    two_sides,  # type: ignore[no-untyped-def]
) -> None:
    coordinator, laptop, iid = two_sides
    back = tmp_path / "back.triage"
    export_bundle(laptop, back)
    report = import_bundle(coordinator, back)
    assert len(report.conflict_ids) == 1
    dialog = ConflictsDialog(coordinator, None)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    fields = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "title" in fields
    dialog._set_all("remote")
    dialog.resolve_button.click()
    assert dialog.resolved == 1 and dialog.list.count() == 0
    assert load_incident(coordinator, iid).record.title == "Laptop's title"
    assert list_conflicts(coordinator) == []
    laptop.dispose()


def test_import_bundle_action_merges_and_opens_conflicts(
    qtbot,
    tmp_path: Path,
    two_sides,
    window,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    _coordinator, laptop, _iid = two_sides
    back = tmp_path / "back.triage"
    export_bundle(laptop, back)
    opened: list[int] = []
    monkeypatch.setattr(
        ConflictsDialog, "show_for", classmethod(lambda cls, store, parent: opened.append(1) or 0)
    )
    task = window.import_bundle(str(back))
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert task is not None
    laptop.dispose()
