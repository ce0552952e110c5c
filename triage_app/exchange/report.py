"""The import problem report: every problem as ``sheet,row,column,value,reason`` in a CSV file
saved beside the input (UTF-8 with a byte-order mark, so Excel shows Cyrillic correctly)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from triage_app.exchange.importer import REPORT_HEADER, Problem
from triage_app.exchange.xlsx import atomic_path


def report_path(source: Path) -> Path:
    """``cases.xlsx`` -> ``cases.import-report.csv`` in the same folder."""
    return source.with_name(f"{source.stem}.import-report.csv")


def write_report(path: Path, problems: IO[str]) -> Path:
    """Copy the spooled problem rows (CSV) under a header line to ``path``, atomically."""
    problems.flush()
    problems.seek(0)
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerow(REPORT_HEADER)
        shutil.copyfileobj(problems, out)
    return path


def report_lines(path: Path) -> Iterator[str]:
    """The problem lines of a report (header left out), as CSV text."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        for sheet, row, column, value, reason in reader:
            yield Problem(sheet, int(row), column, value, reason).line()
