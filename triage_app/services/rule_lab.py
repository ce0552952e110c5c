"""The rule lab's use cases: route a hand-built case, and compare an alternative rule set
with the stored routes of the database without writing anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage_app.db.routing_store import (
    RoutingInput,
    incident_id_bounds,
    routing_inputs,
    stored_decisions,
)
from triage_app.domain.routing import Router, RoutingInputError, RoutingRequest, RoutingResult
from triage_app.domain.rules import RuleSet, load_rule_set
from triage_app.services.routing import ERROR_FORUM, RoutingCancelled, request_mapping
from triage_app.services.store import Store

CHUNK_INCIDENTS = 50_000
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
    router = Router(rule_set)
    cache: dict[tuple[object, ...], str] = {}
    out = Comparison(rule_set.label)

    def forum_of(x: RoutingInput) -> str:
        key = (
            x.crime_types,
            x.command_level,
            x.is_legal_person,
            x.custody,
            x.nationality,
            x.mode_of_liability,
            x.incident_country,
            x.suspects_in_incident,
        )
        hit = cache.get(key)
        if hit is None:
            try:
                hit = router.route(RoutingRequest.from_mapping(request_mapping(x))).forum
            except RoutingInputError:
                hit = ERROR_FORUM
            cache[key] = hit
        return hit

    with store.engine.connect() as conn:
        lo, hi = incident_id_bounds(conn)
        ranges = [(a, min(a + CHUNK_INCIDENTS - 1, hi)) for a in range(lo, hi + 1, CHUNK_INCIDENTS)]
        for n, (a, b) in enumerate(ranges, start=1):
            inputs = routing_inputs(conn, a, b)
            old = stored_decisions(conn, [x.involvement_id for x in inputs])
            for x in inputs:
                prev = old.get(x.involvement_id)
                new = forum_of(x)
                if new == ERROR_FORUM:
                    out.errors += 1
                if prev is None:
                    out.not_routed += 1
                    continue
                out.compared += 1
                if prev.primary_forum != new:
                    out.moved += 1
                    out.moves[(prev.primary_forum, new)] += 1
            if progress is not None and not progress(n, len(ranges)):
                raise RoutingCancelled("comparison cancelled")
    return out


def compare_rule_file(store: Store, path: Path, progress: Progress | None = None) -> Comparison:
    return compare_rule_set(store, load_rule_set(path), progress)
