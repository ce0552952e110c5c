"""The complementarity routing engine (ROUTING.md §5): one suspect record in, one route out.

The rules are data (``triage_app.domain.rules``); this module only knows the evaluation
algorithm. Routing is deterministic and pure, so ``Router`` memoises results per request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from triage_app.domain.rules import (
    UNKNOWN_CUSTODY,
    Condition,
    Drop,
    ForumToken,
    Rule,
    RuleSet,
    default_rule_set,
)
from triage_app.domain.vocab import Vocabulary, vocabularies

CUSTODY_VALUES = ("UA", "THIRD_STATE", "NONE")
UA = "UA"
LEGAL_PERSON_LEVEL = "CL_LP"
_COUNTRY = re.compile(r"[A-Z]{2}")


class RoutingInputError(ValueError):
    """A request fails ROUTING.md §4.3; ``code`` is V1..V7 (or FORMAT), ``field`` the field."""

    def __init__(self, code: str, field_name: str, message: str) -> None:
        self.code = code
        self.field = field_name
        super().__init__(f"{code} {field_name}: {message}")


class RoutingInternalError(RuntimeError):
    """No rule could win: the rule set does not cover this (valid) request."""


# --------------------------------------------------------------------------------------------
# Request and its validation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoutingRequest:
    """One suspect record to route (ROUTING.md §4.1); always valid once constructed."""

    crime_types: tuple[str, ...]
    command_level: str
    is_legal_person: bool
    custody: str | None
    nationality: str | None
    mode_of_liability: str
    incident_country: str | None
    suspects_in_incident: int = 1

    def __post_init__(self) -> None:
        _validate(self)
        object.__setattr__(self, "crime_types", tuple(sorted(set(self.crime_types))))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RoutingRequest:
        """Build from a JSON-like mapping: absent custody/countries are null, absent n is 1."""
        return cls(
            crime_types=data.get("crime_types"),  # type: ignore[arg-type]  # validated
            command_level=data.get("command_level"),  # type: ignore[arg-type]
            is_legal_person=data.get("is_legal_person"),  # type: ignore[arg-type]
            custody=data.get("custody"),
            nationality=data.get("nationality"),
            mode_of_liability=data.get("mode_of_liability"),  # type: ignore[arg-type]
            incident_country=data.get("incident_country"),
            suspects_in_incident=data.get("suspects_in_incident", 1),
        )

    def to_mapping(self) -> dict[str, Any]:
        """The JSON-like form accepted by ``from_mapping``."""
        return {
            "crime_types": list(self.crime_types),
            "command_level": self.command_level,
            "is_legal_person": self.is_legal_person,
            "custody": self.custody,
            "nationality": self.nationality,
            "mode_of_liability": self.mode_of_liability,
            "incident_country": self.incident_country,
            "suspects_in_incident": self.suspects_in_incident,
        }


def _choices(vocab: Vocabulary) -> str:
    return ", ".join(vocab.codes)


def _check_code(value: object, vocab: Vocabulary, code: str, name: str, what: str) -> None:
    if not isinstance(value, str) or value not in vocab:
        shown = "missing" if value is None else f"{value!r} is not a {what}"
        raise RoutingInputError(code, name, f"{shown} (expected one of {_choices(vocab)})")


def _check_crime_types(req: RoutingRequest) -> None:
    value: object = req.crime_types
    vocab = vocabularies().crime_types
    if value is None:
        raise RoutingInputError("V1", "crime_types", "missing; give at least one crime type")
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise RoutingInputError("V1", "crime_types", f"must be a list of codes, not {value!r}")
    if not value:
        raise RoutingInputError("V1", "crime_types", "empty; give at least one crime type")
    for code in value:
        _check_code(code, vocab, "V1", "crime_types", "crime type code")


def _check_legal_person(req: RoutingRequest) -> None:
    flag: object = req.is_legal_person
    if not isinstance(flag, bool):
        raise RoutingInputError("V3", "is_legal_person", f"must be true or false, not {flag!r}")
    if flag != (req.command_level == LEGAL_PERSON_LEVEL):
        raise RoutingInputError(
            "V3",
            "is_legal_person",
            f"is {str(flag).lower()} but command_level is {req.command_level}; "
            f"it must be true exactly when command_level is {LEGAL_PERSON_LEVEL}",
        )


def _check_custody(req: RoutingRequest) -> None:
    if req.custody is not None and req.custody not in CUSTODY_VALUES:
        allowed = ", ".join(CUSTODY_VALUES)
        raise RoutingInputError(
            "V4", "custody", f"{req.custody!r} is not one of {allowed} or null (unknown)"
        )


def _check_suspects(req: RoutingRequest) -> None:
    n: object = req.suspects_in_incident
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise RoutingInputError("V6", "suspects_in_incident", f"{n!r} is not a whole number >= 1")


def _check_countries(req: RoutingRequest) -> None:
    for name in ("nationality", "incident_country"):
        value: object = getattr(req, name)
        if value is not None and not (isinstance(value, str) and _COUNTRY.fullmatch(value)):
            raise RoutingInputError(
                "FORMAT", name, f"{value!r} is not an upper-case ISO 3166-1 alpha-2 code or null"
            )


def _check_ua_abroad(req: RoutingRequest) -> None:
    if req.nationality == UA and req.incident_country not in (None, UA):
        raise RoutingInputError(
            "V7",
            "incident_country",
            f"a Ukrainian national with incident_country {req.incident_country!r} keeps a "
            "national link, but no rule covers it: route this record by hand",
        )


def _check_level(req: RoutingRequest) -> None:
    levels = vocabularies().command_levels
    _check_code(req.command_level, levels, "V2", "command_level", "command level")


def _check_mode(req: RoutingRequest) -> None:
    modes = vocabularies().modes_of_liability
    _check_code(req.mode_of_liability, modes, "V5", "mode_of_liability", "mode of liability")


_CHECKS: tuple[Callable[[RoutingRequest], None], ...] = (
    _check_crime_types,  # V1
    _check_level,  # V2
    _check_legal_person,  # V3
    _check_custody,  # V4
    _check_mode,  # V5
    _check_suspects,  # V6
    _check_countries,  # shape of the codes V7 compares
    _check_ua_abroad,  # V7
)


def _validate(req: RoutingRequest) -> None:
    """ROUTING.md §4.3 in order V1..V7 (country shape just before V7, which needs it)."""
    for check in _CHECKS:
        check(req)


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FiredRule:
    """A rule that fired, with its reason in both languages and its legal basis."""

    id: str
    is_winner: bool
    kind: str
    text_en: str
    text_uk: str
    basis: str

    def text(self, lang: str = "en") -> str:
        return self.text_uk if lang == "uk" else self.text_en

    def explanation(self, lang: str = "en") -> str:
        """``<id> (winner): <text>`` or ``<id>: <text>`` (ROUTING.md §7)."""
        label = f"{self.id} (winner)" if self.is_winner else self.id
        return f"{label}: {self.text(lang)}"


@dataclass(frozen=True, slots=True)
class RoutingResult:
    """The route of one request (ROUTING.md §7): forum, sorted sets, winner and fired rules."""

    forum: str
    secondary: tuple[str, ...]
    flags: tuple[str, ...]
    winner: str
    fired: tuple[str, ...]
    fired_rules: tuple[FiredRule, ...]
    facts: Mapping[str, object] = field(hash=False)

    def explanation(self, lang: str = "en") -> tuple[str, ...]:
        """One line per fired rule, winner first."""
        return tuple(rule.explanation(lang) for rule in self.fired_rules)

    def to_json_dict(self, record_id: object = None) -> dict[str, Any]:
        """The scenario-file output shape; ``id`` is included when given."""
        head: dict[str, Any] = {} if record_id is None else {"id": record_id}
        return head | {
            "forum": self.forum,
            "secondary": list(self.secondary),
            "flags": list(self.flags),
            "winner": self.winner,
            "fired": list(self.fired),
        }


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


class _Context:
    """What conditions look at while one request is evaluated."""

    __slots__ = (
        "charged",
        "custody",
        "facts",
        "in_custody",
        "legal_person",
        "level",
        "mode",
        "primary",
        "remaining",
    )

    def __init__(self, req: RoutingRequest) -> None:
        self.level = req.command_level
        self.legal_person = req.is_legal_person
        self.custody = req.custody or UNKNOWN_CUSTODY
        self.in_custody: bool | None = None if req.custody is None else req.custody != "NONE"
        self.mode = req.mode_of_liability
        self.charged = frozenset(req.crime_types)
        self.remaining = set(req.crime_types)
        self.facts = derived_facts(req)
        self.primary: str | None = None


def derived_facts(req: RoutingRequest) -> frozenset[str]:
    """The X_ facts of ROUTING.md §4.2 that hold for a request."""
    facts = set()
    if req.incident_country not in (None, UA):
        facts.add("X_OUT_OF_SCOPE")
    if req.nationality == UA:
        facts.add("X_UA_NATIONAL")
    if req.custody == "THIRD_STATE":
        facts.add("X_THIRD_STATE_CUSTODY")
    if req.suspects_in_incident > 1:
        facts.add("X_MULTI_SUSPECT")
    return frozenset(facts)


def _holds(c: Condition, x: _Context) -> bool:
    """Every test the condition asks passes (ordered roughly cheapest first)."""
    if c.levels is not None and x.level not in c.levels:
        return False
    if c.legal_person is not None and x.legal_person is not c.legal_person:
        return False
    if c.custody is not None and x.custody not in c.custody:
        return False
    if c.modes is not None and x.mode not in c.modes:
        return False
    if c.facts and not x.facts.issuperset(c.facts):
        return False
    if c.primary is not None and x.primary not in c.primary:
        return False
    return _holds_charges(c, x)


def _holds_charges(c: Condition, x: _Context) -> bool:
    charged, remaining = x.charged, x.remaining
    if c.charged_any is not None and c.charged_any.isdisjoint(charged):
        return False
    if c.charged_none is not None and not c.charged_none.isdisjoint(charged):
        return False
    if any(item.isdisjoint(charged) for item in c.charged_all):
        return False
    if c.remaining_any is not None and c.remaining_any.isdisjoint(remaining):
        return False
    if any(item.isdisjoint(remaining) for item in c.remaining_all):
        return False
    only = c.remaining_only
    return only is None or (bool(remaining) and remaining <= only)


def _rule_holds(rule: Rule, x: _Context) -> bool:
    return _holds(rule.when, x) and (
        not rule.when_any or any(_holds(option, x) for option in rule.when_any)
    )


@dataclass(slots=True)
class _Firing:
    """One fired rule during evaluation: its resolved forums and its flags."""

    rule: Rule
    candidate: bool
    flags: list[str]
    primary: str = ""
    secondary: list[str] = field(default_factory=list)
    raw_secondary: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Stages:
    """The rules of each step that can hold for one command level, in evaluation order."""

    start: tuple[Rule, ...]
    gates: tuple[Rule, ...]
    filters: tuple[Rule, ...]
    routes: tuple[Rule, ...]
    adjust: tuple[Rule, ...]
    final: tuple[Rule, ...]


def _accepts_level(rule: Rule, level: str) -> bool:
    levels = rule.when.levels
    if levels is not None and level not in levels:
        return False
    options = rule.when_any
    return not options or any(o.levels is None or level in o.levels for o in options)


class _Engine:
    """A rule set compiled for fast evaluation: rules pre-sorted and pre-filtered by level."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.tokens = rule_set.tokens
        self.retokens: dict[str, ForumToken] = {}
        for token in rule_set.tokens.values():
            self.retokens.update(
                {token.in_custody: token, token.otherwise: token, token.name: token}
            )
        levels = vocabularies().command_levels.codes
        self.stages = {level: self._stages_for(level) for level in levels}
        self.explained = {
            (r.id, winner): FiredRule(r.id, winner, r.kind, r.text_en, r.text_uk, r.basis)
            for r in rule_set.rules
            for winner in (True, False)
        }

    def _stages_for(self, level: str) -> _Stages:
        def pick(kind: str, stage: str | None = None) -> tuple[Rule, ...]:
            return tuple(r for r in self.rule_set.of_kind(kind, stage) if _accepts_level(r, level))

        return _Stages(
            start=pick("modifier", "start"),
            gates=pick("gate"),
            filters=pick("filter"),
            routes=pick("route"),
            adjust=pick("modifier", "adjust"),
            final=pick("modifier", "final"),
        )

    def resolve(self, forum: str, x: _Context) -> str:
        token = self.tokens.get(forum)
        return token.resolve(x.in_custody) if token else forum

    def fire(self, rule: Rule, x: _Context, candidate: bool) -> _Firing:
        """Record a rule firing: its flags and, for a candidate, its resolved forums."""
        firing = _Firing(rule, candidate, list(rule.flags))
        raw = list(rule.secondary)
        for extra in rule.also:
            if _holds(extra.when, x):
                firing.flags.extend(extra.flags)
                raw.extend(extra.secondary)
        if candidate and rule.primary:
            firing.primary = self.resolve(rule.primary, x)
            firing.raw_secondary = raw
            firing.secondary = [self.resolve(f, x) for f in raw]
        return firing

    def route(self, req: RoutingRequest) -> RoutingResult:
        """ROUTING.md §5 steps 2-11."""
        x = _Context(req)
        stages = self.stages[req.command_level]
        fired = [self.fire(r, x, False) for r in stages.start if _rule_holds(r, x)]
        fired += self.gate_filter_route(stages, x)
        candidates = [f for f in fired if f.candidate and f.primary]
        if not candidates:
            raise RoutingInternalError(
                f"rule set {self.rule_set.label}: no rule can win for {req}; add a route rule"
            )
        winner = min(candidates, key=lambda f: (f.rule.precedence or 0, f.rule.order))
        primary = winner.primary
        secondary = {f for c in candidates for f in (c.primary, *c.secondary)}
        flags = {flag for f in fired for flag in f.flags}
        x.primary = primary
        for rule in stages.adjust:
            if _rule_holds(rule, x):
                fired.append(self.fire(rule, x, False))
                flags.update(fired[-1].flags)
                if rule.drop is not None and _holds(rule.drop.when, x):
                    x.primary = self.apply_drop(rule.drop, winner, x, secondary, flags)
        secondary.discard(x.primary)
        for rule in stages.final:
            if _rule_holds(rule, x):
                fired.append(self.fire(rule, x, False))
                flags.update(fired[-1].flags)
        return self.result(req, x, winner, fired, secondary, flags)

    def gate_filter_route(self, stages: _Stages, x: _Context) -> list[_Firing]:
        """Steps 3-5: the first gate; else the first filter, then every route rule."""
        for gate in stages.gates:
            if _rule_holds(gate, x):
                return [self.fire(gate, x, True)]
        fired = []
        for flt in stages.filters:
            if _rule_holds(flt, x):
                x.remaining -= flt.removes
                fired.append(self.fire(flt, x, not x.remaining))
                break
        if x.remaining:
            fired += [self.fire(r, x, True) for r in stages.routes if _rule_holds(r, x)]
        return fired

    def apply_drop(
        self, drop: Drop, winner: _Firing, x: _Context, secondary: set[str], flags: set[str]
    ) -> str:
        """Step 8: drop a forum and flags; if the primary was dropped, promote (ROUTING.md §5)."""
        secondary.discard(drop.forum)
        flags.difference_update(drop.flags)
        primary = x.primary or ""
        if primary != drop.forum:
            return primary
        options = [f for f in winner.raw_secondary if f != drop.forum]
        chosen = options[0] if options else drop.fallback
        token = self.retokens.get(chosen)
        return token.resolve(x.in_custody) if token else chosen

    def result(
        self,
        req: RoutingRequest,
        x: _Context,
        winner: _Firing,
        fired: list[_Firing],
        secondary: set[str],
        flags: set[str],
    ) -> RoutingResult:
        others = sorted((f.rule for f in fired if f is not winner), key=lambda r: r.order)
        order = [winner.rule, *others]
        primary = x.primary or ""
        return RoutingResult(
            forum=primary,
            secondary=tuple(sorted(secondary)),
            flags=tuple(sorted(flags)),
            winner=winner.rule.id,
            fired=tuple(r.id for r in order),
            fired_rules=tuple(self.explained[r.id, r is winner.rule] for r in order),
            facts=self.facts(req, x),
        )

    def facts(self, req: RoutingRequest, x: _Context) -> Mapping[str, object]:
        """The derived facts behind the route, for display and audit."""
        facts: dict[str, object] = {name: name in x.facts for name in _FACT_NAMES}
        facts["in_custody"] = x.in_custody
        for name, group in self.rule_set.groups.items():
            if group.space == "level":
                facts[name] = req.command_level in group.codes
            elif group.space == "forum":
                facts[name] = x.primary in group.codes
        facts["remaining_charges"] = tuple(sorted(x.remaining))
        return MappingProxyType(facts)


_FACT_NAMES = ("X_OUT_OF_SCOPE", "X_UA_NATIONAL", "X_THIRD_STATE_CUSTODY", "X_MULTI_SUSPECT")


@lru_cache(maxsize=16)
def _engine(rule_set: RuleSet) -> _Engine:
    return _Engine(rule_set)


@cache
def _default_engine() -> _Engine:
    return _engine(default_rule_set())


def route(request: RoutingRequest, rule_set: RuleSet | None = None) -> RoutingResult:
    """Route one request with ``rule_set`` (the shipped rules when None); no caching."""
    engine = _default_engine() if rule_set is None else _engine(rule_set)
    return engine.route(request)


def _cache_key(req: RoutingRequest) -> tuple[object, ...]:
    """What routing can depend on: countries and suspect counts only through §4.2 facts."""
    return (
        req.crime_types,
        req.command_level,
        req.is_legal_person,
        req.custody,
        req.mode_of_liability,
        req.nationality == UA,
        req.incident_country not in (None, UA),
        req.suspects_in_incident > 1,
    )


class Router:
    """Routes many requests with one rule set, memoising results (the input space is finite)."""

    def __init__(self, rule_set: RuleSet | None = None) -> None:
        self.rule_set = rule_set or default_rule_set()
        self._engine = _engine(self.rule_set)
        self._cache: dict[tuple[object, ...], RoutingResult] = {}

    def route(self, request: RoutingRequest) -> RoutingResult:
        """The route for ``request``; a dictionary lookup after the first equivalent request."""
        key = _cache_key(request)
        result = self._cache.get(key)
        if result is None:
            result = self._cache[key] = self._engine.route(request)
        return result

    def route_uncached(self, request: RoutingRequest) -> RoutingResult:
        return self._engine.route(request)

    @property
    def cache_size(self) -> int:
        return len(self._cache)

    def clear_cache(self) -> None:
        self._cache.clear()
