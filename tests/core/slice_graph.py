"""The import graph of the project's slices, derived from the source with `ast`.

Every import counts, including those inside functions: `import x.y`, `from x import y`
(`from plans import store` is an import of the module `plans.store`) and relative
imports. A module belongs to the slice named by its top-level package. The house-rule
tests (tests/core/test_house_rules.py) check the graph against ALLOWED; run
`python -m tests.core.slice_graph` to print it.
"""

from __future__ import annotations

import ast
import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Slices that exist or are on their way (indices and services are being added): a slice
# may use only the slices listed for it, always through their public functions.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "plans": {"core"},
    "indices": {"core", "plans"},
    "inspections": {"core"},
    "media": {"core", "plans"},
    "services": {"core"},
    "outreach": {"core", "plans", "inspections", "services"},
    "exports": {"core", "plans", "indices", "inspections", "media", "services", "outreach"},
}
SKIPPED_TOP = {".venv", "tests", "bench", ".git"}
MODULE_SKIPPED = frozenset(SKIPPED_TOP - {"bench"})  # the graph of modules includes bench


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "media.review"
    target: str  # the imported module (or module.name), e.g. "plans.store"
    line: int
    store: bool  # names another slice's store module

    @property
    def source_slice(self) -> str:
        return self.module.split(".")[0]

    @property
    def target_slice(self) -> str:
        return self.target.split(".")[0]


@functools.cache
def source(path: Path) -> str:
    """The text of a source file, read once per test process (the source does not change
    while the tests run)."""
    return path.read_text(encoding="utf-8")


@functools.cache
def parse(path: Path) -> ast.Module:
    """The syntax tree of a source file, parsed once per test process (the house-rule tests
    read every module several times)."""
    return ast.parse(source(path))


@functools.cache
def python_files(root: Path, skipped: frozenset[str]) -> tuple[Path, ...]:
    """Every .py file of the project, sorted, found once per test process: the top-level
    folders `skipped` names (the virtualenv among them) are never walked into."""
    found: list[Path] = []
    for top in root.iterdir():
        if top.name in skipped:
            continue
        if top.is_dir():
            found.extend(p for p in top.rglob("*.py") if "site-packages" not in p.parts)
        elif top.suffix == ".py":
            found.append(top)
    return tuple(sorted(found))


@functools.cache
def import_nodes(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """Every import statement of a source file, at the top or inside a function (found once)."""
    return tuple(node for node in ast.walk(parse(path)) if isinstance(node, ast.Import | ast.ImportFrom))


def project_files(root: Path = ROOT, skipped: frozenset[str] = frozenset(SKIPPED_TOP)):
    """(module name, path) of every project module outside tests, bench and the virtualenv
    (or outside the top-level folders `skipped` names)."""
    for path in python_files(root, frozenset(skipped)):
        rel = path.relative_to(root)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, packages: set[str]) -> list[Import]:
    """Imports of other project packages made anywhere in one module."""
    tree = parse(path)
    own = module.split(".")[0]
    found: list[Import] = []
    bound: dict[str, str] = {}  # local name -> package it names (for `plans.store.x` attribute use)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in packages:
                    parts = alias.name.split(".")
                    found.append(Import(module, alias.name, node.lineno, len(parts) > 1 and parts[1] == "store"))
                    if alias.asname is None:
                        bound[parts[0]] = parts[0]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path.name == "__init__.py", node)
            if base.split(".")[0] not in packages:
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}" if base.count(".") == 0 else base
                parts = f"{base}.{alias.name}".split(".")
                found.append(Import(module, target, node.lineno, len(parts) > 1 and parts[1] == "store"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "store"
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and bound[node.value.id] != own
        ):
            found.append(Import(module, f"{bound[node.value.id]}.store", node.lineno, True))
    return found


def all_imports(root: Path = ROOT) -> list[Import]:
    """Imports made by and of the project's modules outside tests and bench (read once with
    bench's, which only the module graph looks at)."""
    return [i for i in _imports(root, MODULE_SKIPPED) if "bench" not in (i.source_slice, i.target_slice)]


@functools.cache
def _imports(root: Path, skipped: frozenset[str]) -> tuple[Import, ...]:
    files = list(project_files(root, skipped))
    packages = {name.split(".")[0] for name, path in files if path.name == "__init__.py" or "." in name}
    packages |= {p.parent.name for p in root.glob("*/slice.py")} | set(ALLOWED)
    result = []
    for name, path in files:
        result.extend(imports_of(name, path, packages))
    return tuple(result)


# --- modules: no cycle between any two, inside a slice too (bench included) ---


def module_edges(root: Path = ROOT) -> dict[str, set[str]]:
    """importing module -> the project modules it imports, at the top or inside a function.
    An import names the longest module its dotted target starts with (`from core.i18n import
    TZ` names `core.i18n`, `from media import store` names `media.store`); a module's
    import of itself does not count."""
    modules = {name for name, _ in project_files(root, MODULE_SKIPPED)}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for i in _imports(root, MODULE_SKIPPED):
        parts = i.target.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        target = ".".join(parts)
        if target and target != i.module:
            edges[i.module].add(target)
    return edges


def module_cycles(root: Path = ROOT) -> list[list[str]]:
    """Every group of modules that import each other, directly or around a circle."""
    return cycles((a, b) for a, targets in module_edges(root).items() for b in targets)


def slice_edges(root: Path = ROOT) -> Counter[tuple[str, str]]:
    """(from slice, to slice) -> number of imports, for imports that cross a slice boundary."""
    return Counter(
        (i.source_slice, i.target_slice)
        for i in all_imports(root)
        if i.source_slice != i.target_slice and i.source_slice in ALLOWED and i.target_slice in ALLOWED
    )


def cycles(edges) -> list[list[str]]:
    """Every strongly connected group of more than one slice (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def describe(edges) -> str:
    """The slice graph as lines `from -> to  count`, marking edges that are not allowed."""
    lines = []
    for (a, b), n in sorted(edges.items()):
        mark = "" if b in ALLOWED.get(a, set()) else "   NOT ALLOWED"
        lines.append(f"{a:>12} -> {b:<12} {n:4}{mark}")
    return "\n".join(lines)


def store_imports(root: Path = ROOT) -> list[Import]:
    """Imports of another slice's store module, which only its own slice may use."""
    return [i for i in all_imports(root) if i.store and i.source_slice != i.target_slice]


def report(root: Path = ROOT) -> str:
    """The graph, its cycles and the imports of other slices' stores, as printed text."""
    edges = slice_edges(root)
    lines = [describe(edges), f"{sum(edges.values())} imports across slices, {len(edges)} edges"]
    lines += ["cycle: " + " <-> ".join(group) for group in cycles(edges)]
    lines += [f"store import: {i.module}:{i.line} -> {i.target}" for i in store_imports(root)]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    # python -m tests.core.slice_graph [ROOT]  (ROOT: another checkout of the project)
    print(report(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT))
