"""Routing decisions in a real database: bulk routing, re-routing, overrides, audit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from triage_app.db.audit import verify_chain
from triage_app.domain.case_filter import CaseFilter, CaseSort
from triage_app.domain.paths import DEFAULT_RULES
from triage_app.domain.records import IncidentRecord, InvolvementRecord, SuspectRecord
from triage_app.services.case_list import CaseListService
from triage_app.services.incidents import save_incident
from triage_app.services.routing import (
    OverrideError,
    clear_override,
    explain_fired,
    route_all,
    set_override,
)
from triage_app.services.stats import database_stats
from triage_app.services.store import Store


def q(store: Store, sql: str, **params: object) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def run(store: Store, sql: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(sql), params)


def audit_actions(store: Store) -> list[str]:
    return [r[0] for r in q(store, "SELECT action FROM audit_log ORDER BY id")]


def test_route_all_stores_one_decision_per_involvement(demo_store: Store) -> None:
    summary = route_all(demo_store)
    stats = database_stats(demo_store)
    assert summary.routed == summary.new == stats["involvements"] == stats["decisions"]
    assert sum(summary.by_forum.values()) == summary.routed
    (hashes,) = q(demo_store, "SELECT count(DISTINCT rule_set_hash) FROM routing_decision")
    assert hashes == (1,)
    rs = q(demo_store, "SELECT name, version, active FROM rule_set")
    assert rs == [(summary.rule_set["name"], summary.rule_set["version"], 1)]
    assert audit_actions(demo_store)[-1] == "route"


def test_stored_decision_matches_the_engine_for_a_known_case(demo_store: Store) -> None:
    """A POW private who shot civilians (HC-01) stored through the database routes to F_UA_DOM."""
    route_all(demo_store)
    iid = save_incident(
        demo_store,
        IncidentRecord("HC-01", "Checkpoint shooting", dt.date(2022, 3, 5), crime_types=("CT_WC",)),
        [
            InvolvementRecord(
                SuspectRecord("Suspect A", "CL_1_DIRECT", nationality="RU", custody="UA"),
                "ML_DIRECT",
            )
        ],
        route=False,
    )
    summary = route_all(demo_store, incident_ids=[iid])
    assert summary.routed == summary.new == 1
    row = q(
        demo_store,
        "SELECT primary_forum, secondary_forums, flags, winner, fired "
        "FROM routing_decision d JOIN involvement v ON v.id = d.involvement_id "
        "WHERE v.incident_id = :iid",
        iid=iid,
    )
    assert row == [("F_UA_DOM", "", "", "R20", "R20")]


def test_rerouting_with_the_same_rules_changes_nothing(demo_store: Store) -> None:
    route_all(demo_store)
    before = q(demo_store, "SELECT * FROM routing_decision ORDER BY id")
    again = route_all(demo_store)
    assert (again.new, again.changed, again.moves) == (0, 0, {})
    assert q(demo_store, "SELECT * FROM routing_decision ORDER BY id") == before


def test_rerouting_after_a_rule_change_reports_what_moved(
    demo_store: Store, tmp_path: Path
) -> None:
    route_all(demo_store)
    direct = q(demo_store, "SELECT count(*) FROM routing_decision WHERE winner = 'R20'")[0][0]
    assert direct > 0
    # A trainer's variant: direct perpetrators are held instead of tried at home.
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    block = text[text.index('id = "R20"') :]
    changed = text.replace(block, block.replace('primary = "DOM_ABS"', 'primary = "F_HOLD"', 1))
    changed = changed.replace('version = "', 'version = "trainer-', 1)
    variant = tmp_path / "variant.toml"
    variant.write_text(changed, encoding="utf-8")

    summary = route_all(demo_store, variant)
    moved = sum(n for (a, b), n in summary.moves.items() if b == "F_HOLD")
    assert moved == direct
    assert {a for (a, b) in summary.moves} <= {"F_UA_DOM", "F_UA_ABS"}
    assert len(summary.moved) == min(direct, 1000)
    (versions,) = q(demo_store, "SELECT DISTINCT rule_set_version FROM routing_decision")
    assert versions[0].startswith("trainer-")
    assert q(demo_store, "SELECT count(*) FROM rule_set")[0][0] == 2
    assert q(demo_store, "SELECT version FROM rule_set WHERE active")[0][0].startswith("trainer-")


def test_override_keeps_the_recommendation_and_is_audited(demo_store: Store) -> None:
    route_all(demo_store)
    inv_id, primary = q(
        demo_store,
        "SELECT involvement_id, primary_forum FROM routing_decision "
        "WHERE primary_forum = 'F_UA_ABS' LIMIT 1",
    )[0]
    set_override(demo_store, inv_id, "F_ICC", "  ICC OTP asked for the file  ")
    row = q(
        demo_store,
        "SELECT primary_forum, override_forum, override_reason, override_by, "
        "effective_forum FROM routing_decision WHERE involvement_id = :i",
        i=inv_id,
    )[0]
    assert row == (primary, "F_ICC", "ICC OTP asked for the file", "tester", "F_ICC")
    # The override survives re-routing, and the case list filters on it.
    route_all(demo_store)
    assert q(
        demo_store,
        "SELECT override_forum, effective_forum FROM routing_decision WHERE involvement_id = :i",
        i=inv_id,
    )[0] == ("F_ICC", "F_ICC")
    incident = q(demo_store, "SELECT incident_id FROM involvement WHERE id = :i", i=inv_id)[0][0]
    assert incident in CaseListService(demo_store).ids(CaseFilter(forum="F_ICC"), CaseSort())

    clear_override(demo_store, inv_id)
    assert q(
        demo_store,
        "SELECT override_forum, effective_forum FROM routing_decision WHERE involvement_id = :i",
        i=inv_id,
    )[0] == (None, primary)
    actions = audit_actions(demo_store)
    assert actions.count("override") == 1 and actions[-1] == "override_removed"
    details = json.loads(
        q(demo_store, "SELECT details FROM audit_log WHERE action = 'override'")[0][0]
    )
    assert details["after"]["override_forum"] == "F_ICC" and details["recommended"] == primary
    with demo_store.engine.connect() as conn:
        assert verify_chain(conn).ok


@pytest.mark.parametrize(
    ("forum", "reason", "message"),
    [("F_ICC", "   ", "reason"), ("F_MOON", "why", "forum"), ("F_ICC", "x" * 2001, "reason")],
)
def test_bad_overrides_are_refused_naming_the_field(
    demo_store: Store, forum: str, reason: str, message: str
) -> None:
    route_all(demo_store)
    inv_id = q(demo_store, "SELECT involvement_id FROM routing_decision LIMIT 1")[0][0]
    before = q(demo_store, "SELECT * FROM routing_decision WHERE involvement_id = :i", i=inv_id)
    with pytest.raises(OverrideError, match=message):
        set_override(demo_store, inv_id, forum, reason)
    assert (
        q(demo_store, "SELECT * FROM routing_decision WHERE involvement_id = :i", i=inv_id)
        == before
    )


def test_invalid_stored_input_is_held_with_the_validation_message(demo_store: Store) -> None:
    """A Ukrainian national in an incident abroad is V7: stored as hold, with the reason."""
    iid = q(demo_store, "SELECT min(incident_id) FROM involvement")[0][0]
    run(demo_store, "UPDATE incident SET country = 'PL', oblast_code = NULL WHERE id = :i", i=iid)
    run(
        demo_store,
        "UPDATE suspect SET nationality = 'UA' WHERE id IN "
        "(SELECT suspect_id FROM involvement WHERE incident_id = :i)",
        i=iid,
    )
    summary = route_all(demo_store, incident_ids=[iid])
    assert summary.errors >= 1
    rows = q(
        demo_store,
        "SELECT primary_forum, winner, error FROM routing_decision d JOIN "
        "involvement v ON v.id = d.involvement_id WHERE v.incident_id = :i",
        i=iid,
    )
    assert any(r[0] == "F_HOLD" and r[1] == "V7" and "by hand" in (r[2] or "") for r in rows)


def test_stored_decisions_explain_themselves_from_the_stored_rule_text(demo_store: Store) -> None:
    route_all(demo_store)
    text, fired, winner = q(
        demo_store,
        "SELECT r.text, d.fired, d.winner FROM routing_decision d"
        " JOIN rule_set r ON r.id = d.rule_set_id WHERE d.fired LIKE '% %'"
        " LIMIT 1",
    )[0]
    lines = explain_fired(text, fired, winner)
    assert [x[0] for x in lines] == fired.split()
    assert lines[0][1] is True and all(x[2] and x[3] and x[4] for x in lines)
