"""The rule lab's use cases: route a hand-built case, and compare an alternative rule set
with the stored routes of the database without writing anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage_app.domain.routing import Router, RoutingInputError, RoutingRequest, RoutingResult
from triage_app.domain.rules import RuleSet, load_rule_set
from triage_app.services.routing import BulkRouter, RoutingCancelled, input_chunks
from triage_app.services.store import Store

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class LabRoute:
    """A hand-built case's route, or why the engine refused the input."""

    result: RoutingResult | None
    error: RoutingInputError | None


def route_case(rule_set: RuleSet, request: Mapping[str, Any]) -> LabRoute:
    try:
        req = RoutingRequest.from_mapping(request)
    except RoutingInputError as exc:
        return LabRoute(None, exc)
    return LabRoute(Router(rule_set).route(req), None)


@dataclass
class Comparison:
    """How the stored routes would move under ``rule_set`` (nothing is written)."""

    rule_set: str
    compared: int = 0
    moved: int = 0
    not_routed: int = 0
    errors: int = 0
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)

    def moves_by_count(self) -> list[tuple[str, str, int]]:
        return sorted(
            ((a, b, n) for (a, b), n in self.moves.items()), key=lambda m: (-m[2], m[0], m[1])
        )


def compare_rule_set(
    store: Store, rule_set: RuleSet, progress: Progress | None = None
) -> Comparison:
    """Route every live involvement with ``rule_set`` and count primary forums that move.

    Reads only: inputs and stored decisions one incident-id range at a time; the router is
    memoised on the input tuple, as in ``services.routing``.
    """
    engine = BulkRouter(rule_set)
    out = Comparison(rule_set.label)
    with store.engine.connect() as conn:
        for n, total, inputs, old in input_chunks(conn):
            for x in inputs:
                new = engine.outcome(x)
                if new.error:
                    out.errors += 1
                prev = old.get(x.involvement_id)
                if prev is None:
                    out.not_routed += 1
                    continue
                out.compared += 1
                if prev.primary_forum != new.primary:
                    out.moved += 1
                    out.moves[(prev.primary_forum, new.primary)] += 1
            if progress is not None and not progress(n, total):
                raise RoutingCancelled("comparison cancelled")
    return out


def compare_rule_file(store: Store, path: Path, progress: Progress | None = None) -> Comparison:
    return compare_rule_set(store, load_rule_set(path), progress)
