"""Render every screen in English and Ukrainian to docs/screenshots/ (``make screenshots``).

Uses the database named by ``$SCREENSHOT_DB``; without it, a fresh demo database of
5,000 fictional incidents is made (and routed) in a temporary folder. Each screen is drawn by
``triage-app screenshot`` in its own process, offscreen, so nothing depends on a display.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
VIEWS = ("main", "incident", "routes", "rule-lab", "dashboard")
LANGS = ("en", "uk")


def cli(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "triage_app", *args],
        check=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="triage-shots-") as tmp:
        db = os.environ.get("SCREENSHOT_DB")
        if not db:
            db = str(Path(tmp) / "demo.db")
            cli("--db", db, "demo", "--incidents", "5000", "--seed", "2022")
            cli("--db", db, "route")
        # The rule lab compares the database with the shipped rules minus one rule, so that
        # the comparison table has moves to show.
        alt = Path(tmp) / "alternative_rules.toml"
        alt.write_text(alternative_rules(), encoding="utf-8")
        for lang in LANGS:
            for view in VIEWS:
                out = OUT / f"{view}-{lang}.png"
                cli(
                    "--db",
                    db,
                    "--lang",
                    lang,
                    "screenshot",
                    str(out),
                    "--view",
                    view,
                    env={"TRIAGE_LAB_RULES": str(alt)},
                )
                print(out.relative_to(REPO))
    return 0


def alternative_rules() -> str:
    """A trainer's variant of the shipped rules: field-grade officers (R17) go to the ICC."""
    from triage_app.domain.paths import DEFAULT_RULES

    text = DEFAULT_RULES.read_text(encoding="utf-8")
    text = text.replace('version = "2026.1"', 'version = "2026.1-lab"', 1)
    r17 = text.index('id = "R17"')
    head, tail = text[:r17], text[r17:]
    return head + tail.replace('primary = "DOM_ABS"', 'primary = "F_ICC"', 1)


if __name__ == "__main__":
    sys.exit(main())
