"""Where the data files shipped with the app live (``resources/`` beside the package)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
VOCAB_DIR = RESOURCES / "vocab"
RULES_DIR = RESOURCES / "rules"
DEFAULT_RULES = RULES_DIR / "ua_complementarity.toml"
