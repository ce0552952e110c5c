"""The architecture's arrows point down only: parse every module's imports and check them."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "triage_app"
STDLIB = set(sys.stdlib_module_names)

# layer -> imports it must never make (prefix match on the dotted name). db/ is the only
# package that imports SQLAlchemy (DESIGN.md); the others name its types via db/types.py.
FORBIDDEN = {
    "db": ("PySide6", "triage_app.ui", "triage_app.services", "triage_app.exchange"),
    "services": ("PySide6", "triage_app.ui", "sqlalchemy"),
    "exchange": ("PySide6", "triage_app.ui", "sqlalchemy"),
    "ui": ("sqlalchemy",),
    "top": ("sqlalchemy",),  # cli.py, app.py and the other modules beside the packages
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            names.add("<relative>")
    return names


def violations(layer: str, path: Path) -> list[str]:
    found = []
    for name in sorted(imported_modules(path)):
        top = name.split(".")[0]
        if layer == "domain":
            if name == "<relative>":
                found.append("relative import (use triage_app.domain...)")
            elif not (top in STDLIB or name.startswith("triage_app.domain")):
                found.append(name)
        elif any(name == f or name.startswith(f + ".") for f in FORBIDDEN.get(layer, ())):
            found.append(name)
    return found


def modules_of(layer: str) -> list[Path]:
    if layer == "top":
        return sorted(PACKAGE.glob("*.py"))
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ["domain", "db", "services", "exchange", "ui", "top"])
def test_layer_imports_point_down(layer: str) -> None:
    assert modules_of(layer), f"no modules in {layer}/"
    bad = {str(p.relative_to(PACKAGE)): v for p in modules_of(layer) if (v := violations(layer, p))}
    assert not bad, f"imports that point up or out of the layer: {bad}"


def test_checker_catches_forbidden_imports(tmp_path: Path) -> None:
    """The test above can fail: a domain module importing sqlalchemy or PySide6 is caught."""
    bad_domain = tmp_path / "bad.py"
    bad_domain.write_text("import sqlalchemy\nfrom PySide6.QtCore import Qt\nimport json\n")
    assert violations("domain", bad_domain) == ["PySide6.QtCore", "sqlalchemy"]
    bad_db = tmp_path / "bad_db.py"
    bad_db.write_text("from triage_app.ui.main_window import MainWindow\nimport sqlalchemy\n")
    assert violations("db", bad_db) == ["triage_app.ui.main_window"]
    bad_services = tmp_path / "bad_services.py"
    bad_services.write_text("import PySide6\nfrom sqlalchemy import select\n")
    assert violations("services", bad_services) == ["PySide6", "sqlalchemy"]
    bad_cli = tmp_path / "bad_cli.py"
    bad_cli.write_text("from sqlalchemy.exc import OperationalError\n")
    assert violations("top", bad_cli) == ["sqlalchemy.exc"]
