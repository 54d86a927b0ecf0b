"""The indices slice's boundaries: its tables are reached only through its own store,
other slices use its public functions, and it uses plans only through plans' public ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLICES = ("core", "plans", "indices", "inspections", "media", "exports")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions ("pkg.mod" for `from pkg import mod`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).glob("*.py"))


def test_only_the_indices_slice_imports_its_store():
    offenders = [
        str(p.relative_to(ROOT))
        for package in SLICES
        if package != "indices"
        for p in _modules(package)
        if "indices.store" in _imports(p)
    ]
    assert offenders == []


def test_indices_use_plans_only_through_public_functions():
    offenders = [str(p.relative_to(ROOT)) for p in _modules("indices") if "plans.store" in _imports(p)]
    assert offenders == []


def test_plans_do_not_depend_on_indices():
    """core ← plans ← indices: plans (and core) must work without the indices slice."""
    offenders = [
        str(p.relative_to(ROOT))
        for package in ("core", "plans")
        for p in _modules(package)
        if any(m == "indices" or m.startswith("indices.") for m in _imports(p))
    ]
    assert offenders == []


def test_no_sql_on_index_tables_outside_the_indices_store():
    tables = "reform_indices|index_frameworks|index_nodes|index_results|index_scores|index_leads"
    sql = re.compile(rf"(?i)\b(from|join|into|update)\s+({tables})\b|table\(\s*[\"']({tables})[\"']")
    offenders = [
        str(p.relative_to(ROOT))
        for package in SLICES
        for p in _modules(package)
        if p != ROOT / "indices" / "store.py" and sql.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
