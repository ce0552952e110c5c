"""Complementarity rule sets as data: parse and validate ``resources/rules/*.toml``.

The file format is documented in docs/RULES.md, the evaluation semantics in ROUTING.md §5.
Every validation problem names the file, the line and the rule so a trainer can fix a copy.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from triage_app.domain.paths import DEFAULT_RULES
from triage_app.domain.vocab import Vocabularies, vocabularies

KINDS = ("gate", "filter", "route", "modifier")
CANDIDATE_KINDS = frozenset({"gate", "filter", "route"})
STAGES = ("start", "adjust", "final")
DEFAULT_STAGE = "final"
# Derived facts a condition may require (ROUTING.md §4.2).
FACTS = ("X_OUT_OF_SCOPE", "X_UA_NATIONAL", "X_THIRD_STATE_CUSTODY", "X_MULTI_SUSPECT")
# Custody as conditions see it; UNKNOWN stands for a null custody.
CUSTODY_CODES = ("UA", "THIRD_STATE", "NONE", "UNKNOWN")
UNKNOWN_CUSTODY = "UNKNOWN"

_TOP_KEYS = frozenset({"name", "version", "description", "groups", "tokens", "rule"})
_RULE_KEYS = frozenset(
    {
        "id",
        "kind",
        "precedence",
        "stage",
        "when",
        "when_any",
        "removes",
        "primary",
        "secondary",
        "flags",
        "also",
        "drop",
        "text_en",
        "text_uk",
        "basis",
    }
)
_TEXT_KEYS = ("text_en", "text_uk", "basis")
_ALSO_KEYS = frozenset({"when", "flags", "secondary"})
_DROP_KEYS = frozenset({"when", "forum", "flags", "fallback"})
_TOKEN_KEYS = ("in_custody", "otherwise")


class RuleSetError(ValueError):
    """A rule file is invalid; ``problems`` lists every problem found, each with its line."""

    def __init__(self, problems: Iterable[RuleProblem]) -> None:
        self.problems: tuple[RuleProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        """One ``file:line: rule Rnn: message`` string per problem."""
        return [str(p) for p in self.problems]


@dataclass(frozen=True)
class RuleProblem:
    """One validation problem: where it is (file, line, rule) and what is wrong."""

    source: str
    line: int
    rule_id: str | None
    message: str

    def __str__(self) -> str:
        rule = f"rule {self.rule_id}: " if self.rule_id else ""
        where = f"{self.source}:{self.line}" if self.line > 0 else self.source
        return f"{where}: {rule}{self.message}"


# --------------------------------------------------------------------------------------------
# The data model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """A conjunction of tests; ``None`` (or an empty tuple) means the test is not asked."""

    levels: frozenset[str] | None = None
    legal_person: bool | None = None
    custody: frozenset[str] | None = None
    facts: tuple[str, ...] = ()
    modes: frozenset[str] | None = None
    charged_any: frozenset[str] | None = None
    charged_all: tuple[frozenset[str], ...] = ()
    charged_none: frozenset[str] | None = None
    remaining_any: frozenset[str] | None = None
    remaining_all: tuple[frozenset[str], ...] = ()
    remaining_only: frozenset[str] | None = None
    primary: frozenset[str] | None = None

    def tests_only_level(self) -> bool:
        """True when the condition looks at nothing but the command level (or legal person)."""
        return self == Condition(levels=self.levels, legal_person=self.legal_person)

    def effective_levels(self, all_levels: frozenset[str]) -> frozenset[str]:
        """The command levels this condition can accept (V3 ties legal persons to CL_LP)."""
        levels = all_levels if self.levels is None else self.levels
        if self.legal_person is True:
            return levels & {"CL_LP"}
        if self.legal_person is False:
            return levels - {"CL_LP"}
        return levels


ALWAYS = Condition()


def evaluation_order(rule: Rule) -> tuple[int, tuple[int, str]]:
    """Rules of one kind are tested by precedence; modifiers (no precedence) by rule number."""
    return (rule.precedence or 0, rule.order)


@dataclass(frozen=True, slots=True)
class Extra:
    """A conditional part of a rule (``[[rule.also]]``): more flags or secondary forums."""

    when: Condition
    flags: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Drop:
    """The Art 124 step (``[rule.drop]``): drop a forum and flags, promote a new primary."""

    when: Condition
    forum: str
    flags: tuple[str, ...]
    fallback: str


@dataclass(frozen=True, slots=True)
class CodeGroup:
    """A named set of codes of one vocabulary (``crime``, ``level`` or ``forum``), e.g. ATR."""

    name: str
    space: str
    codes: frozenset[str]


@dataclass(frozen=True, slots=True)
class ForumToken:
    """A forum placeholder resolved by custody, e.g. DOM_ABS (ROUTING.md §3.3)."""

    name: str
    in_custody: str
    otherwise: str

    def resolve(self, in_custody: bool | None) -> str:
        return self.in_custody if in_custody else self.otherwise


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the table (ROUTING.md §6) as read from the file."""

    id: str
    kind: str
    text_en: str
    text_uk: str
    basis: str
    precedence: int | None = None
    stage: str | None = None
    when: Condition = ALWAYS
    when_any: tuple[Condition, ...] = ()
    removes: frozenset[str] = frozenset()
    primary: str | None = None
    secondary: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    also: tuple[Extra, ...] = ()
    drop: Drop | None = None
    line: int = 0

    @property
    def is_candidate(self) -> bool:
        """Gates, filters and route rules may win; modifiers only add flags."""
        return self.kind in CANDIDATE_KINDS

    @property
    def order(self) -> tuple[int, str]:
        """Sort key 'ascending rule number' (ROUTING.md §7): the digits of the id, then the id."""
        digits = re.sub(r"\D", "", self.id)
        return (int(digits) if digits else 1 << 30, self.id)

    def text(self, lang: str = "en") -> str:
        return self.text_uk if lang == "uk" else self.text_en


@dataclass(frozen=True, eq=False)
class RuleSet:
    """A validated rule file. Two rule sets are equal when their texts are identical."""

    name: str
    version: str
    rules: tuple[Rule, ...]
    groups: Mapping[str, CodeGroup]
    tokens: Mapping[str, ForumToken]
    text: str
    sha256: str
    source: str
    description: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSet) and other.sha256 == self.sha256

    def __hash__(self) -> int:
        return hash(self.sha256)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def of_kind(self, kind: str, stage: str | None = None) -> tuple[Rule, ...]:
        """Rules of one kind in evaluation order (precedence, then rule number)."""
        picked = [r for r in self.rules if r.kind == kind and (stage is None or r.stage == stage)]
        return tuple(sorted(picked, key=evaluation_order))

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def parse_rule_set(text: str, source: str = "<string>") -> RuleSet:
    """Parse and validate a rule file's text; raise ``RuleSetError`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc), text)
        raise RuleSetError([RuleProblem(source, line, None, f"TOML syntax: {exc}")]) from None
    return _Builder(text, source, vocabularies()).build(data)


def load_rule_set(path: str | Path) -> RuleSet:
    """Read and validate a rule file; an unreadable file is a ``RuleSetError`` too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RuleSetError([RuleProblem(str(path), 0, None, f"cannot read: {reason}")]) from None
    return parse_rule_set(text, str(path))


@cache
def default_rule_set() -> RuleSet:
    """The rule set shipped with the app, loaded once per process."""
    return load_rule_set(DEFAULT_RULES)


def _toml_error_line(message: str, text: str) -> int:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else max(1, len(text.splitlines()))


# --------------------------------------------------------------------------------------------
# Line numbers: tomllib has none, so find them in the text
# --------------------------------------------------------------------------------------------

_RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s]+?)\s*\]\]?")


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"(^|[\s{{,]){re.escape(key)}\s*=")


class _Locator:
    """Finds the line of a rule, a key or a code by scanning the file text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        starts = [i for i, line in enumerate(self.lines) if _RULE_HEADER.match(line)]
        self.blocks = [(s, self._block_end(s)) for s in starts]

    def _block_end(self, start: int) -> int:
        for i in range(start + 1, len(self.lines)):
            header = _TABLE_HEADER.match(self.lines[i])
            if header and not header.group(1).strip().startswith("rule."):
                return i
        return len(self.lines)

    def rule_line(self, index: int | None) -> int:
        if index is None or index >= len(self.blocks):
            return 1
        return self.blocks[index][0] + 1

    def find(self, index: int | None, *anchors: str) -> int:
        """Line of the last anchor found, searching each after the previous one.

        An anchor is a key name (``level_in``), a sub-table header (``[[rule.also]]#2`` for
        the second one) or a quoted code (``"F_XX"``).
        """
        if index is None or index >= len(self.blocks):
            start, end = 0, len(self.lines)
        else:
            start, end = self.blocks[index]
        found = start
        for anchor in anchors:
            hit = self._search(anchor, found, end)
            if hit is not None:
                found = hit
        return found + 1

    def _search(self, anchor: str, start: int, end: int) -> int | None:
        if anchor.startswith("["):
            header, _, nth = anchor.partition("#")
            pattern = re.compile(r"^\s*" + re.escape(header).replace(r"\.", r"\s*\.\s*"))
            hits = [i for i in range(start, end) if pattern.match(self.lines[i])]
            count = int(nth or 1)
            return hits[count - 1] if len(hits) >= count else None
        if anchor.startswith('"'):
            return next((i for i in range(start, end) if anchor in self.lines[i]), None)
        pattern = _key_pattern(anchor)
        return next((i for i in range(start, end) if pattern.search(self.lines[i])), None)


# --------------------------------------------------------------------------------------------
# Code spaces: which vocabulary a list of codes belongs to
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Space:
    """The codes (and group names) allowed for one kind of value."""

    label: str
    codes: frozenset[str]


def _spaces(vocab: Vocabularies) -> dict[str, _Space]:
    return {
        "crime": _Space("crime type", frozenset(vocab.crime_types.codes)),
        "level": _Space("command level", frozenset(vocab.command_levels.codes)),
        "forum": _Space("forum", frozenset(vocab.forums.codes)),
        "mode": _Space("mode of liability", frozenset(vocab.modes_of_liability.codes)),
        "flag": _Space("flag", frozenset(vocab.flags.codes)),
        "custody": _Space("custody", frozenset(CUSTODY_CODES)),
        "fact": _Space("fact", frozenset(FACTS)),
    }


# Condition key -> (code space, how the list is combined).
_CONDITION_KEYS: dict[str, tuple[str, str]] = {
    "level_in": ("level", "set"),
    "level_not_in": ("level", "negative"),
    "legal_person": ("", "bool"),
    "custody_in": ("custody", "set"),
    "facts": ("fact", "set"),
    "mode_in": ("mode", "set"),
    "charged_any": ("crime", "set"),
    "charged_all": ("crime", "items"),
    "charged_none": ("crime", "negative"),
    "remaining_any": ("crime", "set"),
    "remaining_all": ("crime", "items"),
    "remaining_only": ("crime", "set"),
    "primary_in": ("forum", "set"),
}
_REMAINING_KEYS = frozenset({"remaining_any", "remaining_all", "remaining_only"})


# --------------------------------------------------------------------------------------------
# The builder: data -> RuleSet, collecting every problem
# --------------------------------------------------------------------------------------------


@dataclass
class _Where:
    """The rule being read, for error messages."""

    index: int | None
    rule_id: str | None
    anchors: tuple[str, ...] = ()

    def at(self, *anchors: str) -> _Where:
        return _Where(self.index, self.rule_id, self.anchors + anchors)


@dataclass
class _Builder:
    """Turns parsed TOML into a ``RuleSet``; problems are collected, then raised together."""

    text: str
    source: str
    vocab: Vocabularies
    problems: list[RuleProblem] = field(default_factory=list)
    groups: dict[str, CodeGroup] = field(default_factory=dict)
    tokens: dict[str, ForumToken] = field(default_factory=dict)
    rule_index: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.locator = _Locator(self.text)
        self.spaces = _spaces(self.vocab)
        self.all_levels = self.spaces["level"].codes

    # -- reporting -----------------------------------------------------------------------

    def problem(self, where: _Where, message: str) -> None:
        line = self.locator.find(where.index, *where.anchors)
        self.problems.append(RuleProblem(self.source, line, where.rule_id, message))

    # -- top level -----------------------------------------------------------------------

    def build(self, data: dict[str, Any]) -> RuleSet:
        top = _Where(None, None)
        for key in sorted(set(data) - _TOP_KEYS):
            self.problem(top.at(key), f"unknown top-level key {key!r}")
        name = self.text_value(data, "name", top)
        version = self.text_value(data, "version", top)
        description = data.get("description", "")
        self.read_groups(data.get("groups", {}))
        self.read_tokens(data.get("tokens", {}))
        rules = self.read_rules(data.get("rule"))
        self.check_across(rules)
        if self.problems:
            self.problems.sort(key=lambda p: p.line)
            raise RuleSetError(self.problems)
        return RuleSet(
            name=name,
            version=version,
            rules=tuple(rules),
            groups=MappingProxyType(dict(self.groups)),
            tokens=MappingProxyType(dict(self.tokens)),
            text=self.text,
            sha256=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            source=self.source,
            description=str(description),
        )

    def text_value(self, table: Mapping[str, Any], key: str, where: _Where) -> str:
        value = table.get(key)
        if value is None:
            self.problem(where, f"missing required key {key!r}")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(where.at(key), f"{key!r} must be a non-empty string")
            return ""
        return value

    def read_groups(self, groups: object) -> None:
        where = _Where(None, None, ("[groups]",))
        if not isinstance(groups, dict):
            self.problem(where, "[groups] must be a table of NAME = [codes]")
            return
        for name, codes in groups.items():
            here = where.at(name)
            if not isinstance(codes, list) or not codes:
                self.problem(here, f"group {name} must be a non-empty list of codes")
                continue
            space = next(
                (s for s in ("crime", "level", "forum") if codes[0] in self.spaces[s].codes), None
            )
            if space is None or any(c not in self.spaces[space].codes for c in codes):
                bad = [c for c in codes if space is None or c not in self.spaces[space].codes]
                self.problem(
                    here.at(f'"{bad[0]}"'),
                    f"group {name}: {bad[0]!r} is not a crime type, command level or forum "
                    "code of the same vocabulary as the group's first code",
                )
                continue
            if any(name in s.codes for s in self.spaces.values()):
                self.problem(here, f"group name {name} is already a code")
                continue
            self.groups[name] = CodeGroup(name, space, frozenset(codes))

    def read_tokens(self, tokens: object) -> None:
        where = _Where(None, None, ("[tokens",))
        if not isinstance(tokens, dict):
            self.problem(where, "[tokens] must hold tables such as [tokens.DOM_ABS]")
            return
        for name, spec in tokens.items():
            here = _Where(None, None, (f"[tokens.{name}]",))
            if not isinstance(spec, dict) or set(spec) != set(_TOKEN_KEYS):
                self.problem(here, f"token {name} needs exactly the keys in_custody, otherwise")
                continue
            if name in self.spaces["forum"].codes or name in self.groups:
                self.problem(here, f"token name {name} is already a forum code or group")
                continue
            forums = [self.forum(spec[k], here.at(k), allow_token=False) for k in _TOKEN_KEYS]
            if all(forums):
                self.tokens[name] = ForumToken(name, forums[0], forums[1])

    # -- codes ---------------------------------------------------------------------------

    def codes(self, value: object, space: str, where: _Where, key: str) -> list[frozenset[str]]:
        """Validate a list of codes or group names; return one set per item."""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where.at(key), f"{key} must be a list of codes in quotes")
            return []
        items: list[frozenset[str]] = []
        for code in value:
            group = self.groups.get(code)
            if group is not None and group.space == space:
                items.append(group.codes)
            elif code in self.spaces[space].codes:
                items.append(frozenset({code}))
            else:
                self.problem(where.at(key, f'"{code}"'), self.unknown(code, space))
        return items

    def unknown(self, code: str, space: str) -> str:
        label = self.spaces[space].label
        hint = ""
        if code in self.tokens:
            hint = f" ({code} is resolved before conditions test it; use a group such as DOMESTIC)"
        return f"unknown {label} code {code!r}{hint}"

    def flat(self, value: object, space: str, where: _Where, key: str) -> tuple[str, ...]:
        """A list of codes (groups expanded) in file order, without duplicates."""
        seen: dict[str, None] = {}
        for item in self.codes(value, space, where, key):
            seen.update(dict.fromkeys(sorted(item)))
        return tuple(seen)

    def forum(self, value: object, where: _Where, allow_token: bool = True) -> str:
        """One forum code (or a token such as DOM_ABS); '' after reporting a problem."""
        if isinstance(value, str) and (
            value in self.spaces["forum"].codes or (allow_token and value in self.tokens)
        ):
            return value
        self.problem(where.at(f'"{value}"'), f"unknown forum code {value!r}")
        return ""

    def forums(self, value: object, where: _Where, key: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.problem(where.at(key), f"{key} must be a list of forum codes")
            return ()
        return tuple(f for f in (self.forum(v, where.at(key)) for v in value) if f)

    # -- conditions ----------------------------------------------------------------------

    def condition(
        self, table: object, where: _Where, allowed: frozenset[str], check: bool = True
    ) -> Condition:
        """Read a ``when`` table; report unknown keys, bad codes and contradictions."""
        if not isinstance(table, dict):
            self.problem(where, "a condition must be a table such as { level_in = [...] }")
            return ALWAYS
        parts: dict[str, Any] = {}
        before = len(self.problems)
        for key, value in table.items():
            if key not in _CONDITION_KEYS:
                known = ", ".join(sorted(_CONDITION_KEYS))
                self.problem(where.at(key), f"unknown condition key {key!r} (known: {known})")
            elif key not in allowed:
                self.problem(where.at(key), self.not_allowed(key))
            else:
                parts[key] = self.condition_part(key, value, where)
        cond = _make_condition(parts, self.all_levels)
        if check and len(self.problems) == before:  # a bad code already explains an empty set
            empty_levels = parts.get("level_in") == frozenset()
            reasons = ["level_in is an empty list"] if empty_levels else []
            self.report_impossible(where, reasons or _impossible(cond, self.all_levels))
        return cond

    def report_impossible(self, where: _Where, reasons: list[str]) -> None:
        for reason in reasons:
            self.problem(where, f"can never fire: {reason}")

    def condition_part(self, key: str, value: object, where: _Where) -> Any:
        space, how = _CONDITION_KEYS[key]
        if how == "bool":
            if not isinstance(value, bool):
                self.problem(where.at(key), f"{key} must be true or false")
            return value
        items = self.codes(value, space, where, key)
        if how == "items":
            return tuple(items)
        return frozenset().union(*items) if items else frozenset()

    @staticmethod
    def not_allowed(key: str) -> str:
        if key in _REMAINING_KEYS:
            return f"{key} tests the remaining charges R, which modifiers do not see; use charged_*"
        return f"{key} is not known yet at this step (only modifiers of stage adjust/final see it)"

    # -- rules ---------------------------------------------------------------------------

    def read_rules(self, tables: object) -> list[Rule]:
        if not isinstance(tables, list) or not tables:
            self.problem(_Where(None, None), "no [[rule]] entries")
            return []
        rules = []
        for index, table in enumerate(tables):
            rule = self.read_rule(index, table)
            if rule is not None:
                self.rule_index[id(rule)] = index
                rules.append(rule)
        return rules

    def read_rule(self, index: int, table: dict[str, Any]) -> Rule | None:
        raw_id = table.get("id")
        rule_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"
        where = _Where(index, rule_id)
        before = len(self.problems)
        if not isinstance(raw_id, str) or not raw_id:
            self.problem(where, "missing required key 'id'")
        for key in sorted(set(table) - _RULE_KEYS):
            self.problem(where.at(key), f"unknown key {key!r}")
        kind = table.get("kind")
        if kind not in KINDS:
            self.problem(where.at("kind"), f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
            return None
        texts = {k: self.text_value(table, k, where) for k in _TEXT_KEYS}
        rule = Rule(
            id=rule_id,
            kind=kind,
            text_en=texts["text_en"],
            text_uk=texts["text_uk"],
            basis=texts["basis"],
            **self.rule_body(kind, table, where),
            line=self.locator.rule_line(index),
        )
        return rule if len(self.problems) == before else None

    def rule_body(self, kind: str, table: dict[str, Any], where: _Where) -> dict[str, Any]:
        """Fields that depend on the kind: precedence, stage, forums, conditions, drop."""
        stage = self.stage(kind, table, where)
        allowed = self.allowed_keys(kind, stage)
        when = self.condition(table.get("when", {}), where.at("when"), allowed)
        body: dict[str, Any] = {
            "precedence": self.precedence(kind, table, where),
            "stage": stage,
            "when": when,
            "when_any": self.when_any(table.get("when_any"), where, allowed),
            "flags": self.flat(table.get("flags", []), "flag", where, "flags"),
            "also": self.also(table.get("also", []), kind, where, allowed, when),
        }
        self.forbid(table, where, kind != "filter", "removes", "only filters remove charges")
        if kind == "filter":
            body["removes"] = self.removes(table, where)
        if kind in CANDIDATE_KINDS:
            body["primary"] = self.primary(table, kind, where)
            body["secondary"] = self.forums(table.get("secondary", []), where, "secondary")
        else:
            for key in ("primary", "secondary"):
                self.forbid(table, where, True, key, "modifiers add flags only")
        self.forbid(table, where, stage != "adjust", "drop", "only stage = 'adjust' modifiers")
        if stage == "adjust" and "drop" in table:
            body["drop"] = self.drop(table["drop"], where, allowed)
        return body

    def removes(self, table: Mapping[str, Any], where: _Where) -> frozenset[str]:
        if "removes" not in table:
            self.problem(where, "missing required key 'removes' (the charges a filter takes out)")
            return frozenset()
        removes = frozenset(self.flat(table["removes"], "crime", where, "removes"))
        if not removes and table["removes"] == []:
            self.problem(where.at("removes"), "removes must name at least one crime type")
        return removes

    def primary(self, table: Mapping[str, Any], kind: str, where: _Where) -> str | None:
        if "primary" not in table:
            self.problem(where, f"missing required key 'primary' (the forum when this {kind} wins)")
            return None
        return self.forum(table["primary"], where.at("primary")) or None

    def forbid(
        self, table: Mapping[str, Any], where: _Where, when: bool, key: str, why: str
    ) -> None:
        if when and key in table:
            self.problem(where.at(key), f"{key!r} is not allowed here: {why}")

    def stage(self, kind: str, table: Mapping[str, Any], where: _Where) -> str | None:
        if kind != "modifier":
            self.forbid(table, where, True, "stage", "only modifiers have a stage")
            return None
        stage = table.get("stage", DEFAULT_STAGE)
        if stage not in STAGES:
            self.problem(where.at("stage"), f"stage must be one of {', '.join(STAGES)}")
            return DEFAULT_STAGE
        return str(stage)

    def precedence(self, kind: str, table: Mapping[str, Any], where: _Where) -> int | None:
        if kind == "modifier":
            self.forbid(table, where, True, "precedence", "modifiers never compete to win")
            return None
        value = table.get("precedence")
        if value is None:
            self.problem(where, f"missing required key 'precedence' (a {kind} can win)")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(where.at("precedence"), "precedence must be a whole number >= 0")
            return None
        return value

    @staticmethod
    def allowed_keys(kind: str, stage: str | None) -> frozenset[str]:
        keys = frozenset(_CONDITION_KEYS) - {"primary_in"}
        if kind == "modifier":
            keys -= _REMAINING_KEYS
            if stage != "start":
                keys |= {"primary_in"}
        return keys

    def when_any(
        self, value: object, where: _Where, allowed: frozenset[str]
    ) -> tuple[Condition, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self.problem(where.at("when_any"), "when_any must be a non-empty list of conditions")
            return ()
        here = where.at("when_any")
        options = tuple(self.condition(v, here, allowed, check=False) for v in value)
        reasons = [_impossible(option, self.all_levels) for option in options]
        if all(reasons):
            self.report_impossible(here, [f"every when_any option fails ({reasons[0][0]})"])
        return options

    def also(
        self, value: object, kind: str, where: _Where, allowed: frozenset[str], rule_when: Condition
    ) -> tuple[Extra, ...]:
        if not isinstance(value, list):
            self.problem(where.at("also"), "also must be written as [[rule.also]] tables")
            return ()
        extras = []
        for n, table in enumerate(value, start=1):
            here = where.at(f"[[rule.also]]#{n}")
            for key in sorted(set(table) - _ALSO_KEYS):
                self.problem(here.at(key), f"unknown key {key!r} in [[rule.also]]")
            if "when" not in table:
                self.problem(here, "[[rule.also]] needs a 'when' condition")
            if kind == "modifier" and "secondary" in table:
                self.problem(here.at("secondary"), "modifiers add flags only")
            when = self.condition(table.get("when", {}), here.at("when"), allowed)
            if not when.effective_levels(rule_when.effective_levels(self.all_levels)):
                self.report_impossible(here.at("when"), ["its levels exclude every rule level"])
            extras.append(
                Extra(
                    when=when,
                    flags=self.flat(table.get("flags", []), "flag", here, "flags"),
                    secondary=self.forums(table.get("secondary", []), here, "secondary"),
                )
            )
        return tuple(extras)

    def drop(self, table: object, where: _Where, allowed: frozenset[str]) -> Drop | None:
        here = where.at("[rule.drop]")
        if not isinstance(table, dict):
            self.problem(here, "drop must be a [rule.drop] table")
            return None
        for key in sorted(set(table) - _DROP_KEYS):
            self.problem(here.at(key), f"unknown key {key!r} in [rule.drop]")
        return Drop(
            when=self.condition(table.get("when", {}), here.at("when"), allowed),
            forum=self.forum(table.get("forum"), here.at("forum"), allow_token=False),
            flags=self.flat(table.get("flags", []), "flag", here, "flags"),
            fallback=self.forum(table.get("fallback", "F_HOLD"), here.at("fallback")),
        )

    # -- checks across rules -------------------------------------------------------------

    def check_across(self, rules: list[Rule]) -> None:
        """Duplicate ids, duplicate precedence, and route/filter rules that can never fire."""
        ids: dict[str, Rule] = {}
        ranks: dict[int, Rule] = {}
        for rule in rules:
            where = self.where_of(rule)
            if rule.id in ids:
                first = ids[rule.id].line
                self.problem(where.at("id"), f"duplicate id (the rule at line {first} has it too)")
            ids.setdefault(rule.id, rule)
            if rule.precedence is not None:
                other = ranks.setdefault(rule.precedence, rule)
                if other is not rule:
                    self.problem(
                        where.at("precedence"),
                        f"precedence {rule.precedence} is also used by rule {other.id}; "
                        "the winner would be ambiguous",
                    )
        _Reachability(self, rules).check()

    def where_of(self, rule: Rule) -> _Where:
        return _Where(self.rule_index[id(rule)], rule.id)


def _make_condition(parts: Mapping[str, Any], all_levels: frozenset[str]) -> Condition:
    levels = parts.get("level_in")
    if "level_not_in" in parts:
        levels = (all_levels if levels is None else levels) - parts["level_not_in"]
    custody = parts.get("custody_in")
    legal = parts.get("legal_person")
    return Condition(
        levels=levels,
        legal_person=legal if isinstance(legal, bool) else None,
        custody=custody,
        facts=tuple(sorted(parts.get("facts", ()))),
        modes=parts.get("mode_in"),
        charged_any=parts.get("charged_any"),
        charged_all=parts.get("charged_all", ()),
        charged_none=parts.get("charged_none") or None,
        remaining_any=parts.get("remaining_any"),
        remaining_all=parts.get("remaining_all", ()),
        remaining_only=parts.get("remaining_only"),
        primary=parts.get("primary_in"),
    )


# Condition field -> the file key whose empty list makes it impossible.
_EMPTY_MEANS_NEVER = (
    ("custody", "custody_in"),
    ("modes", "mode_in"),
    ("charged_any", "charged_any"),
    ("remaining_any", "remaining_any"),
    ("remaining_only", "remaining_only"),
    ("primary", "primary_in"),
)


def _impossible(cond: Condition, all_levels: frozenset[str]) -> list[str]:
    """Reasons why a condition can never hold (empty lists and plain contradictions)."""
    reasons = [
        f"{key} is an empty list"
        for name, key in _EMPTY_MEANS_NEVER
        if getattr(cond, name) == frozenset()
    ]
    if not cond.effective_levels(all_levels):
        reasons.append("no command level passes level_in, level_not_in and legal_person")
    none = cond.charged_none or frozenset()
    if cond.charged_any and cond.charged_any <= none:
        reasons.append("every code of charged_any is also in charged_none")
    reasons += [
        f"charged_all needs one of {sorted(item)} but charged_none excludes them"
        for item in cond.charged_all
        if item <= none
    ]
    only = cond.remaining_only
    if only:
        if cond.remaining_any and cond.remaining_any.isdisjoint(only):
            reasons.append("remaining_any and remaining_only share no code")
        reasons += [
            f"remaining_all needs one of {sorted(item)} but remaining_only excludes them"
            for item in cond.remaining_all
            if item.isdisjoint(only)
        ]
    if "X_THIRD_STATE_CUSTODY" in cond.facts and cond.custody and "THIRD_STATE" not in cond.custody:
        reasons.append("fact X_THIRD_STATE_CUSTODY contradicts custody_in")
    return reasons


@dataclass
class _Reachability:
    """Finds route and filter rules whose every case is intercepted by a gate or a filter.

    A gate that tests only the level always catches those levels; the first filter for a level
    that tests only the level and one charge it removes always removes that charge there.
    """

    builder: _Builder
    rules: list[Rule]

    def check(self) -> None:
        caught = self.caught_levels()
        removed = self.always_removed()
        for rule in self.rules:
            if rule.kind not in ("filter", "route") or rule.when_any:
                continue
            levels = rule.when.effective_levels(self.builder.all_levels)
            left = levels - caught.keys()
            if levels and not left:
                gates = sorted({caught[lv] for lv in levels})
                self.report(
                    rule,
                    f"every command level it accepts is caught first by gate {', '.join(gates)}",
                )
            elif left and rule.kind == "route":
                self.check_charges(rule, left, removed)

    def check_charges(
        self, rule: Rule, levels: frozenset[str], removed: dict[str, tuple[str, frozenset[str]]]
    ) -> None:
        def gone(needed: frozenset[str]) -> bool:
            return all(lv in removed and needed <= removed[lv][1] for lv in levels)

        needs = [item for item in rule.when.remaining_all if gone(item)]
        if rule.when.remaining_only is not None and gone(rule.when.remaining_only):
            needs.append(rule.when.remaining_only)
        if needs:
            filters = sorted({removed[lv][0] for lv in levels})
            self.report(
                rule,
                f"filter {', '.join(filters)} always removes {sorted(needs[0])} "
                "at every level the rule accepts",
            )

    def report(self, rule: Rule, reason: str) -> None:
        self.builder.problem(self.builder.where_of(rule).at("when"), f"can never fire: {reason}")

    def caught_levels(self) -> dict[str, str]:
        caught: dict[str, str] = {}
        for gate in self.sorted_kind("gate"):
            if gate.when.tests_only_level() and not gate.when_any:
                for level in gate.when.effective_levels(self.builder.all_levels):
                    caught.setdefault(level, gate.id)
        return caught

    def always_removed(self) -> dict[str, tuple[str, frozenset[str]]]:
        """Level -> (filter id, charges that filter always removes at that level)."""
        first: dict[str, Rule] = {}
        for flt in self.sorted_kind("filter"):
            for level in flt.when.effective_levels(self.builder.all_levels):
                first.setdefault(level, flt)
        removed = {}
        for level, flt in first.items():
            cond = flt.when
            bare = Condition(
                levels=cond.levels, legal_person=cond.legal_person, remaining_all=cond.remaining_all
            )
            trigger = cond.remaining_all
            single = len(trigger) == 1 and len(trigger[0]) == 1 and trigger[0] <= flt.removes
            if cond == bare and not flt.when_any and single:
                removed[level] = (flt.id, trigger[0])
        return removed

    def sorted_kind(self, kind: str) -> list[Rule]:
        return sorted((r for r in self.rules if r.kind == kind), key=evaluation_order)
