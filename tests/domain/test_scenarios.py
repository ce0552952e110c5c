"""Scenario files carry Ukrainian text beside the English: complete, codes kept, fallback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from triage_app.domain.paths import RESOURCES
from triage_app.domain.scenarios import TEXT_FIELDS, Scenario, load_scenarios, parse_scenarios

SCENARIO_FILES = [
    RESOURCES / "scenarios" / "public.json",
    RESOURCES / "scenarios" / "training_edge_cases.json",
]
# The file that resources/scenarios/public.json copies (English only).
SHARED_PUBLIC = Path(__file__).resolve().parents[3] / "shared" / "domain" / "scenarios_public.json"
# Codes that must survive translation untouched: R03, V7, F_ICC, CL_4_GENERAL, HC-26, …
CODE = re.compile(r"\b(?:[A-Z]+_[A-Z0-9_]+|R\d\d|V\d+|[A-Z]{2,3}-\d\d)\b")
CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)


def all_scenarios() -> list[Any]:
    return [
        pytest.param(s, id=f"{path.stem}:{s.id}")
        for path in SCENARIO_FILES
        for s in load_scenarios(path)
    ]


@pytest.mark.parametrize("scenario", all_scenarios())
def test_every_scenario_has_ukrainian_text(scenario: Scenario) -> None:
    assert scenario.title_uk, f"{scenario.id} has no title_uk"
    for name in TEXT_FIELDS:
        english, ukrainian = scenario.text(name, "en"), scenario.text(name, "uk")
        if english is None:
            continue
        assert ukrainian != english, f"{scenario.id}: {name}_uk missing"
        assert ukrainian and CYRILLIC.search(ukrainian), f"{scenario.id}: {name}_uk not Ukrainian"
        # The English "why" ends in a machine-written "Fired: …" list the UI rebuilds.
        english = english.split(" Fired: ")[0]
        assert set(CODE.findall(ukrainian)) == set(CODE.findall(english)), (
            f"{scenario.id}: {name}_uk changes the codes"
        )


def test_missing_or_empty_translation_falls_back_to_english() -> None:
    base = {"id": "S-1", "title": "Private at large", "summary": "He fled.", "why": "R20."}
    plain, half = parse_scenarios(
        json.dumps([base, {**base, "title_uk": "Рядовий на волі", "summary_uk": ""}])
    )
    assert plain.text("title", "uk") == "Private at large"
    assert half.text("title", "uk") == "Рядовий на волі"
    assert half.text("title", "en") == "Private at large"
    assert half.text("summary", "uk") == "He fled."  # empty counts as missing
    assert half.text("why", "uk") == "R20."


def test_public_copy_is_the_shared_file_plus_ukrainian_keys() -> None:
    """Only ``*_uk`` keys are added, so the shared file still loads as it is (English)."""
    if not SHARED_PUBLIC.exists():
        pytest.skip(f"{SHARED_PUBLIC} is not on this machine")
    ours = json.loads(SCENARIO_FILES[0].read_text(encoding="utf-8"))
    stripped = [{k: v for k, v in s.items() if not k.endswith("_uk")} for s in ours]
    assert stripped == json.loads(SHARED_PUBLIC.read_text(encoding="utf-8"))
    shared = load_scenarios(SHARED_PUBLIC)
    assert [s.id for s in shared] == [s.id for s in load_scenarios(SCENARIO_FILES[0])]
    assert all(s.request is not None and s.text("title", "uk") == s.title for s in shared)
