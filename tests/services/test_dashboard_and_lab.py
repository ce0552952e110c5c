"""Dashboard aggregates and the rule-lab comparison, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from triage_app.domain.paths import DEFAULT_RULES
from triage_app.services.dashboard import load_dashboard
from triage_app.services.routing import route_all
from triage_app.services.rule_lab import compare_rule_file
from triage_app.services.stats import database_stats
from triage_app.services.store import Store


def test_dashboard_counts_add_up(demo_store: Store) -> None:
    route_all(demo_store)
    counts = load_dashboard(demo_store)
    stats = database_stats(demo_store)
    assert counts.incidents == stats["incidents"] == sum(counts.by_region.values())
    assert sum(counts.by_month.values()) == counts.incidents
    assert all(len(m) == 7 and m[4] == "-" for m in counts.by_month)
    assert sum(counts.by_forum_suspects.values()) == stats["decisions"] == counts.suspects
    assert set(counts.by_crime_type) <= {
        "CT_AGG",
        "CT_WARPROP",
        "CT_WC",
        "CT_WC_ENV",
        "CT_WC_CHEM",
        "CT_CAH",
        "CT_GEN",
        "CT_ECO",
    }


def test_comparing_a_rule_file_counts_moves_and_writes_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    route_all(demo_store)
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    block = text[text.index('id = "R20"') :]
    variant = tmp_path / "variant.toml"
    variant.write_text(
        text.replace(block, block.replace('primary = "DOM_ABS"', 'primary = "F_HOLD"', 1)),
        encoding="utf-8",
    )
    before = database_stats(demo_store)
    same = compare_rule_file(demo_store, DEFAULT_RULES)
    assert same.moved == 0 and same.compared == before["decisions"]
    moved = compare_rule_file(demo_store, variant)
    assert moved.moved > 0 and all(b == "F_HOLD" for (_a, b) in moved.moves)
    assert sum(moved.moves.values()) == moved.moved
    assert database_stats(demo_store) == before
