"""Routing use cases: route involvements in bulk, report what moved, override by hand.

Routing is per involvement (one suspect in one incident). Inputs are read and decisions
written one incident-id range at a time, in one write transaction; the engine is memoised on
the input tuple, so a million involvements cost a dict lookup each plus the bulk write.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from triage_app.db.audit import append_audit
from triage_app.db.routing_store import (
    RoutingInput,
    StoredDecision,
    decision_row,
    ensure_rule_set,
    incident_id_bounds,
    now_text,
    routing_inputs,
    stored_decisions,
    upsert_decisions,
    write_override,
)
from triage_app.db.types import Connection
from triage_app.domain.routing import Router, RoutingInputError, RoutingRequest
from triage_app.domain.rules import RuleSet, default_rule_set, load_rule_set, parse_rule_set
from triage_app.domain.vocab import vocabularies
from triage_app.services.store import Store

CHUNK_INCIDENTS = 50_000
MAX_LISTED_MOVES = 1_000
OVERRIDE_REASON_MAX = 2_000
ERROR_FORUM = "F_HOLD"  # input the engine rejects (ROUTING.md §4.3): hold, route by hand

Progress = Callable[[int, int], bool]


class RoutingCancelled(Exception):
    """Cancelled by the user; nothing was written."""


class OverrideError(ValueError):
    """An override was refused; the message names the field."""


@dataclass
class RouteSummary:
    rule_set: dict[str, str]
    routed: int = 0
    new: int = 0
    changed: int = 0
    errors: int = 0
    by_forum: Counter[str] = field(default_factory=Counter)
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    moved: list[str] = field(default_factory=list)  # involvement UUIDs, first 1,000

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set,
            "routed": self.routed,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.routed - self.new - self.changed,
            "errors": self.errors,
            "by_forum": dict(sorted(self.by_forum.items())),
            "moves": {f"{a} -> {b}": n for (a, b), n in sorted(self.moves.items())},
            # "changed" also counts decisions whose flags or secondary forums changed while the
            # primary forum stayed; "moves" and the list below are primary-forum moves only.
            "moved_total": sum(self.moves.values()),
            "moved_involvements": self.moved,
            "moved_involvements_listed": len(self.moved),
        }


@dataclass(frozen=True)
class _Outcome:
    """What gets stored for one input tuple (shared by every involvement with that tuple)."""

    primary: str
    secondary: str
    flags: str
    winner: str
    fired: str
    error: str | None


class BulkRouter:
    """The engine memoised on the stored input tuple: bulk routing costs a lookup per row."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.router = Router(rule_set)
        self.cache: dict[tuple[object, ...], _Outcome] = {}

    def outcome(self, x: RoutingInput) -> _Outcome:
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
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = self._compute(x)
        return hit

    def _compute(self, x: RoutingInput) -> _Outcome:
        try:
            req = RoutingRequest.from_mapping(request_mapping(x))
        except RoutingInputError as exc:
            return _Outcome(ERROR_FORUM, "", "", exc.code, "", str(exc))
        r = self.router.route(req)
        return _Outcome(
            r.forum, " ".join(r.secondary), " ".join(r.flags), r.winner, " ".join(r.fired), None
        )


def request_mapping(x: RoutingInput) -> dict[str, Any]:
    """The engine's request fields (ROUTING.md §4.1) for stored facts."""
    return {
        "crime_types": list(x.crime_types),
        "command_level": x.command_level,
        "is_legal_person": x.is_legal_person,
        "custody": x.custody,
        "nationality": x.nationality,
        "mode_of_liability": x.mode_of_liability,
        "incident_country": x.incident_country,
        "suspects_in_incident": x.suspects_in_incident,
    }


def _same(old: StoredDecision, new: _Outcome) -> bool:
    return (
        old.primary_forum,
        old.secondary_forums,
        old.flags,
        old.winner,
        old.fired,
        old.error,
    ) == (new.primary, new.secondary, new.flags, new.winner, new.fired, new.error)


def input_chunks(
    conn: Connection, incident_ids: Sequence[int] | None = None
) -> Iterator[tuple[int, int, list[RoutingInput], dict[int, StoredDecision]]]:
    """(chunk number, chunks, inputs, stored decisions) per incident-id range (or the ids)."""
    if incident_ids is not None:
        inputs = routing_inputs(conn, 0, 0, incident_ids)
        yield 1, 1, inputs, stored_decisions(conn, [x.involvement_id for x in inputs])
        return
    lo, hi = incident_id_bounds(conn)
    starts = range(lo, hi + 1, CHUNK_INCIDENTS)
    for n, a in enumerate(starts, start=1):
        inputs = routing_inputs(conn, a, min(a + CHUNK_INCIDENTS - 1, hi))
        yield n, len(starts), inputs, stored_decisions(conn, [x.involvement_id for x in inputs])


def route_all(
    store: Store,
    rules_path: Path | None = None,
    *,
    rule_set: RuleSet | None = None,
    incident_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    audit: bool = True,
) -> RouteSummary:
    """Route every live involvement (or those of ``incident_ids``) and store the decisions.

    Only new or changed decisions are written; a decision made by another rule set is
    rewritten even when its forum stays. Overrides are kept. All-or-nothing.
    """
    rules = rule_set or (load_rule_set(rules_path) if rules_path else default_rule_set())
    engine = BulkRouter(rules)
    summary = RouteSummary({"name": rules.name, "version": rules.version, "sha256": rules.sha256})
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.write_engine.begin() as conn:
        rule_set_id = ensure_rule_set(
            conn, rules.name, rules.version, rules.text, rules.sha256, now
        )
        stamp = now_text(now, conn.dialect.name)
        for n, total, inputs, old in input_chunks(conn, incident_ids):
            rows = []
            for x in inputs:
                out = engine.outcome(x)
                summary.routed += 1
                summary.by_forum[out.primary] += 1
                if out.error:
                    summary.errors += 1
                prev = old.get(x.involvement_id)
                if prev is None:
                    summary.new += 1
                elif _same(prev, out):
                    if prev.rule_set_hash == rules.sha256:
                        continue
                else:
                    summary.changed += 1
                    if prev.primary_forum != out.primary:
                        summary.moves[(prev.primary_forum, out.primary)] += 1
                        if len(summary.moved) < MAX_LISTED_MOVES:
                            summary.moved.append(x.involvement_uuid)
                rows.append(
                    (
                        x.involvement_id,
                        rule_set_id,
                        rules.version,
                        rules.sha256,
                        out.primary,
                        out.primary,
                        out.secondary,
                        out.flags,
                        out.winner,
                        out.fired,
                        out.error,
                        stamp,
                    )
                )
            upsert_decisions(conn, rows)
            if progress is not None and not progress(n, total):
                raise RoutingCancelled("routing cancelled; nothing was changed")
        if audit:
            details = summary.to_json()
            details["moved_involvements"] = details["moved_involvements"][:100]
            if incident_ids is not None:
                details["incident_ids"] = list(incident_ids)[:100]
            append_audit(conn, store.actor, "route", "routing_decision", None, details)
    return summary


# -- overrides ------------------------------------------------------------------------------


def set_override(store: Store, involvement_id: int, forum: str, reason: str) -> None:
    """Record a prosecutor's forum beside the recommendation, which stays stored."""
    if forum not in vocabularies().forums:
        raise OverrideError(f"forum: unknown forum code {forum!r}")
    reason = (reason or "").strip()
    if not reason:
        raise OverrideError("reason: an override needs a reason")
    if len(reason) > OVERRIDE_REASON_MAX:
        raise OverrideError(f"reason: at most {OVERRIDE_REASON_MAX} characters")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.write_engine.begin() as conn:
        row = decision_row(conn, involvement_id)
        if row is None:
            raise OverrideError("involvement: not routed yet; route it before overriding")
        write_override(
            conn,
            involvement_id,
            forum=forum,
            reason=reason,
            by=store.actor,
            at=now,
            effective_forum=forum,
        )
        append_audit(
            conn,
            store.actor,
            "override",
            "routing_decision",
            row.involvement_uuid,
            {
                "before": {
                    "override_forum": row.override_forum,
                    "override_reason": row.override_reason,
                },
                "after": {"override_forum": forum, "override_reason": reason},
                "recommended": row.primary_forum,
            },
        )


def clear_override(store: Store, involvement_id: int) -> None:
    """Remove an override; the recommendation applies again. Audited."""
    with store.write_engine.begin() as conn:
        row = decision_row(conn, involvement_id)
        if row is None or row.override_forum is None:
            raise OverrideError("involvement: there is no override to remove")
        write_override(
            conn,
            involvement_id,
            forum=None,
            reason=None,
            by=None,
            at=None,
            effective_forum=row.primary_forum,
        )
        append_audit(
            conn,
            store.actor,
            "override_removed",
            "routing_decision",
            row.involvement_uuid,
            {
                "before": {
                    "override_forum": row.override_forum,
                    "override_reason": row.override_reason,
                },
                "after": {"override_forum": None},
                "recommended": row.primary_forum,
            },
        )


# -- explaining stored decisions ------------------------------------------------------------


@cache
def _rules_from_text(text: str) -> RuleSet:
    return parse_rule_set(text, "<stored rule set>")


def explain_fired(
    rule_set_text: str, fired: str, winner: str
) -> list[tuple[str, bool, str, str, str]]:
    """(id, is_winner, text_en, text_uk, basis) for each fired rule id of a stored decision."""
    if not fired:
        return []
    by_id = {r.id: r for r in _rules_from_text(rule_set_text).rules}
    out = []
    for rid in fired.split():
        rule = by_id.get(rid)
        if rule is None:
            out.append((rid, rid == winner, "", "", ""))
        else:
            out.append((rid, rid == winner, rule.text_en, rule.text_uk, rule.basis))
    return out
