"""Shared helpers for benchmarks: timing, result files, and the PERFORMANCE.md writer."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "docs" / "bench"
OUT = REPO / "bench" / "out"


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save(name: str, title: str, rows: list[dict[str, Any]], notes: str) -> None:
    """Store one benchmark's figures and regenerate docs/PERFORMANCE.md from all of them."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {
        "title": title,
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "command": f"python bench/{name}.py",
        "rows": rows,
        "notes": notes,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    for row in rows:
        print("  " + " | ".join(f"{k}: {v}" for k, v in row.items()))
    write_performance_md()


def write_performance_md() -> None:
    parts = [
        "# Performance",
        "",
        "Figures from `make bench` (or `python bench/NAME.py` for one), measured on the",
        "project's 2-core machines. Every figure stands beside a floor measured in the same",
        "run (raw `sqlite3`, the fastest xlsx writer, a bare Qt window), so the ratio, not the",
        "absolute time, is what to compare across machines. The test suite has no timed",
        "assertions; these files are the record.",
        "",
    ]
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        parts += [
            f"## {data['title']}",
            "",
            f"`{data['command']}` — {data['machine']}, {data['date']}",
            "",
        ]
        rows = data["rows"]
        if rows:
            keys = list(rows[0])
            parts.append("| " + " | ".join(keys) + " |")
            parts.append("|" + "---|" * len(keys))
            for row in rows:
                parts.append("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |")
            parts.append("")
        parts += [data["notes"].strip(), ""]
    (REPO / "docs" / "PERFORMANCE.md").write_text("\n".join(parts))


def run_python(code: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall time of a fresh interpreter running ``code`` (start-up included)."""
    start = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start, r.stdout
