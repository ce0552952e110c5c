"""`make bench`: run every benchmark in order; each rewrites docs/PERFORMANCE.md."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["bench_demo", "bench_startup"]

if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    for name in ORDER + sorted(p.stem for p in HERE.glob("bench_*.py") if p.stem not in ORDER):
        print(f"== {name}")
        sys.argv = [name]
        runpy.run_path(str(HERE / f"{name}.py"), run_name="__main__")
