"""Scenario files: JSON lists of routing requests with optional expected routes.

Trainers use them as exercises (``triage-app route-scenarios FILE``); tests use them as
fixtures. One bad scenario gets its own error message and never hides the others.
The human text (``title``, ``summary``, ``why``) is English; optional ``title_uk``,
``summary_uk`` and ``why_uk`` beside it carry the Ukrainian (``Scenario.text``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from triage_app.domain.routing import RoutingInputError, RoutingRequest, RoutingResult

# Expected keys compared as sets (sorted lists) and as ordered lists.
_SET_KEYS = ("secondary", "flags")
_EXACT_KEYS = ("forum", "winner", "fired")
EXPECTED_KEYS = frozenset({*_SET_KEYS, *_EXACT_KEYS, "error"})
# The human-text fields; each may have a Ukrainian twin "<field>_uk" in the file.
TextField = Literal["title", "summary", "why"]
TEXT_FIELDS: tuple[TextField, ...] = ("title", "summary", "why")


class ScenarioFileError(ValueError):
    """The scenario file as a whole cannot be read (unreadable, not JSON, not a list)."""


@dataclass(frozen=True)
class Scenario:
    """One entry of a scenario file; ``request`` is None when ``error`` says why."""

    id: str
    title: str | None
    request: RoutingRequest | None
    error: str | None
    expected: dict[str, Any] | None
    summary: str | None
    why: str | None
    raw: Mapping[str, Any]
    error_code: str | None = None
    title_uk: str | None = None
    summary_uk: str | None = None
    why_uk: str | None = None

    def text(self, name: TextField, lang: str = "en") -> str | None:
        """``title``, ``summary`` or ``why`` in ``lang``; English where no translation exists."""
        english, ukrainian = {
            "title": (self.title, self.title_uk),
            "summary": (self.summary, self.summary_uk),
            "why": (self.why, self.why_uk),
        }[name]
        return (ukrainian if lang == "uk" else None) or english


def load_scenarios(path: str | Path) -> list[Scenario]:
    """Read a scenario file; an unreadable file is a ``ScenarioFileError`` naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ScenarioFileError(f"{path}: cannot read scenario file: {reason}") from None
    return parse_scenarios(text, str(path))


def parse_scenarios(text: str, source: str = "<string>") -> list[Scenario]:
    """Parse a scenario file's text: a JSON list of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(
            f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        ) from None
    if not isinstance(data, list):
        raise ScenarioFileError(
            f"{source}: expected a JSON list of scenarios, found {type(data).__name__}"
        )
    return [_scenario(index, item) for index, item in enumerate(data, start=1)]


def _scenario(index: int, item: object) -> Scenario:
    raw: Mapping[str, Any] = item if isinstance(item, dict) else {}
    raw_id = raw.get("id")
    sid = raw_id if isinstance(raw_id, str) and raw_id else f"#{index}"
    request, error, code = None, None, None
    expected = raw.get("expected")
    if not isinstance(item, dict):
        error = f"scenario #{index}: not a JSON object"
    elif expected is not None and not _valid_expected(expected):
        error = f"scenario {sid}: 'expected' must be an object with keys from {_keys()}"
        expected = None
    else:
        try:
            request = RoutingRequest.from_mapping(raw)
        except RoutingInputError as exc:
            error, code = f"scenario {sid}: {exc}", exc.code
    return Scenario(
        id=sid,
        title=_text(raw.get("title")),
        request=request,
        error=error,
        expected=expected,
        summary=_text(raw.get("summary")),
        why=_text(raw.get("why")),
        raw=raw,
        error_code=code,
        title_uk=_text(raw.get("title_uk")),
        summary_uk=_text(raw.get("summary_uk")),
        why_uk=_text(raw.get("why_uk")),
    )


def _valid_expected(expected: object) -> bool:
    return isinstance(expected, dict) and set(expected) <= EXPECTED_KEYS


def _keys() -> str:
    return ", ".join(sorted(EXPECTED_KEYS))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def check_scenario(scenario: Scenario, result: RoutingResult | None) -> list[str]:
    """Mismatches between a scenario's ``expected`` block and the actual result (or error)."""
    expected = scenario.expected
    if expected is None:
        return []
    if "error" in expected:
        if scenario.error_code == expected["error"]:
            return []
        got = scenario.error_code or "a route"
        return [f"error: expected rejection {expected['error']!r}, got {got}"]
    if result is None:
        return [f"input rejected: {scenario.error}"]
    actual = result.to_json_dict()
    problems = []
    for key in (*_EXACT_KEYS, *_SET_KEYS):
        if key not in expected:
            continue
        want, got = expected[key], actual[key]
        if key in _SET_KEYS and isinstance(want, list):
            want = sorted(want)
        if want != got:
            problems.append(f"{key}: expected {want!r}, got {got!r}")
    return problems
