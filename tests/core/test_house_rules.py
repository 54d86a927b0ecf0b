"""Rules of the codebase that a reviewer would otherwise have to remember."""

import ast
import functools
import re
from pathlib import Path

from core.settings import SETTINGS
from tests.core.slice_graph import SKIPPED_TOP, import_nodes, parse, python_files, source

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_NAMES = {
    "docx",
    "icalendar",
    "calendar",
    "feedparser",
    "html",
    "inspect",
    "email",
    "sqlite_utils",
    "streamlit",
    "holidays",
    "httpx",
    "nh3",
    "openpyxl",
    "altair",
    "babel",
    "argon2",
    "csv",
    "json",
}


def project_modules():
    """(relative path, path) of every module outside tests, bench and the virtualenv: the
    files are found and read once per test process (tests/core/slice_graph.py)."""
    for path in python_files(ROOT, frozenset(SKIPPED_TOP)):
        yield path.relative_to(ROOT), path


# Streamlit helpers shared by the pages; named for what they are, so `*_page.py` always means a page.
PAGE_HELPERS = {"core/ui.py"}
# No cycle between modules is allowed (exports/kinds.py is split into the registry and the
# progress report, which removed the last one).
MODULE_CYCLES_ALLOWED: list[list[str]] = []


def is_page(rel: Path) -> bool:
    return rel.name == "page.py" or rel.name.endswith("_page.py")


def is_tab(rel: Path) -> bool:
    """A tab of a page (`*_tab.py`): Streamlit code with a `show(...)` that one page calls."""
    return rel.name.endswith("_tab.py")


def is_page_parts(rel: Path) -> bool:
    """A slice's widgets shared by its pages (`page_parts.py`)."""
    return rel.name == "page_parts.py"


def test_streamlit_is_imported_only_by_pages_and_the_router():
    offenders = []
    for rel, path in project_modules():
        if rel.name == "streamlit_app.py" or is_page(rel) or is_tab(rel) or is_page_parts(rel):
            continue
        if rel.as_posix() in PAGE_HELPERS:
            continue
        for node in import_nodes(path):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(rel))
    assert offenders == []


def test_every_page_file_is_a_registered_page():
    """A module named like a page is one: listed in its slice's nav, so helpers cannot hide behind the name."""
    from core.nav import all_pages

    registered = {spec.path for spec in all_pages()}
    pages = {rel.as_posix() for rel, _ in project_modules() if is_page(rel)}
    assert pages - registered == set()


def test_every_tab_belongs_to_a_page():
    """Tabs are parts of pages, never imported by logic modules (which must stay free of Streamlit)."""
    users = _importers()
    for rel, _ in project_modules():
        if is_tab(rel):
            module = ".".join(rel.with_suffix("").parts)
            importers = users.get(module, set())
            assert importers, f"{rel} is imported by no page"
            assert all(Path(i).name.endswith(("page.py", "_tab.py")) for i in importers), (rel, importers)


def test_page_parts_are_imported_only_by_pages_and_tabs():
    """A slice's `page_parts.py` holds Streamlit widgets its pages share; a logic module that
    imported it would bring Streamlit in."""
    users = _importers()
    for rel, _ in project_modules():
        if is_page_parts(rel):
            module = ".".join(rel.with_suffix("").parts)
            importers = {Path(i) for i in users.get(module, set())}
            assert [i for i in importers if not (is_page(i) or is_tab(i))] == [], rel


@functools.cache
def _importers() -> dict[str, set[str]]:
    """module (and module.name) -> the project files that import it with `from ... import`."""
    users: dict[str, set[str]] = {}
    for rel, path in project_modules():
        for node in import_nodes(path):
            if isinstance(node, ast.ImportFrom) and node.module:
                users.setdefault(node.module, set()).add(rel.as_posix())
                for alias in node.names:
                    users.setdefault(f"{node.module}.{alias.name}", set()).add(rel.as_posix())
    return users


def test_no_module_is_named_after_a_library():
    assert [str(rel) for rel, _ in project_modules() if rel.stem in LIBRARY_NAMES] == []


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, (default, _help) in SETTINGS.items():
        assert re.search(rf"`{name}`\s*\|\s*`{re.escape(default)}`", readme), name


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make test" in ci


def test_every_package_with_a_store_is_an_installed_slice():
    """A slice that is not in core.slices.INSTALLED would have no migrations, pages or strings."""
    from core.slices import INSTALLED, installed

    packages = {p.parent.name for p in ROOT.glob("*/store.py")}
    assert packages - set(INSTALLED) == set()
    present = [name for name in INSTALLED if (ROOT / name / "slice.py").exists()]
    assert [s.name for s in installed()] == present
    assert {"core", "plans", "inspections", "media", "exports"} <= set(present)


def test_manifests_name_modules_that_exist_and_declare_each_permission_once():
    import importlib

    from core.slices import installed, permissions

    for s in installed():
        for kind in ("migrations", "strings", "nav", "routes", "background", "demo", "cli"):
            if getattr(s, kind):
                importlib.import_module(
                    getattr(s, kind).removesuffix(".__main__") if kind == "cli" else getattr(s, kind)
                )
    actions = permissions()
    assert {"plans.edit", "reports.view", "users.manage"} <= set(actions)
    assert all(roles for roles in actions.values())


# --- slice dependencies (the graph is derived by tests/core/slice_graph.py) ---


def test_slices_depend_on_each_other_one_way_only():
    """No cycle between slices, and only the allowed edges: core <- plans <- indices;
    core <- inspections; plans <- media; core <- services; everything <- exports."""
    from tests.core import slice_graph

    edges = slice_graph.slice_edges()
    graph = slice_graph.report()
    assert slice_graph.cycles(edges) == [], graph
    assert [e for e in edges if e[1] not in slice_graph.ALLOWED[e[0]]] == [], graph


def test_no_slice_imports_another_slices_store():
    """A slice's tables belong to its store; others call the owner's public functions."""
    from tests.core import slice_graph

    assert slice_graph.store_imports() == [], slice_graph.report()


def test_every_slice_package_has_a_place_in_the_dependency_rules():
    from core.slices import INSTALLED
    from tests.core import slice_graph

    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} | {p.parent.name for p in ROOT.glob("*/slice.py")}
    assert packages - {"tests", "bench"} - set(slice_graph.ALLOWED) == set()
    assert set(INSTALLED) <= set(slice_graph.ALLOWED)


def _tree(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_graph_sees_every_kind_of_import(tmp_path):
    """Function-level, `from x import y`, `import x.y`, relative imports and `x.store` attributes."""
    from tests.core import slice_graph

    root = _tree(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/units.py": "",
            "plans/__init__.py": "",
            "plans/store.py": "",
            "plans/themes.py": "from core import units\nfrom . import store\n",
            "media/__init__.py": "",
            "media/rules.py": "def f():\n    from plans import store\n    import plans.themes\n",
            "media/review.py": "import plans\n\ndef g():\n    return plans.store.theme_row\n",
            "plans/progress.py": "def h():\n    from media.evidence import coverage_for_activity\n",
            "media/evidence.py": "",
        },
    )
    edges = slice_graph.slice_edges(root)
    assert edges == {("plans", "core"): 1, ("media", "plans"): 4, ("plans", "media"): 1}
    assert slice_graph.cycles(edges) == [["media", "plans"]]
    stores = sorted((i.module, i.target) for i in slice_graph.store_imports(root))
    assert stores == [("media.review", "plans.store"), ("media.rules", "plans.store")]
    assert "plans -> media" in slice_graph.describe(edges) and "NOT ALLOWED" in slice_graph.describe(edges)


def test_a_disallowed_edge_without_a_cycle_is_reported(tmp_path):
    from tests.core import slice_graph

    root = _tree(tmp_path, {"inspections/__init__.py": "", "inspections/x.py": "import media.search\n"})
    edges = slice_graph.slice_edges(root)
    assert edges == {("inspections", "media"): 1} and slice_graph.cycles(edges) == []
    assert "media" not in slice_graph.ALLOWED["inspections"]


# --- modules (inside a slice too, bench included) ---


def test_no_module_imports_itself_around_a_circle():
    """No two modules import each other, directly or through others, at the top or inside a
    function: an import hidden in a function is still a cycle, only a later one."""
    from tests.core import slice_graph

    found = slice_graph.module_cycles()
    assert [group for group in found if group not in MODULE_CYCLES_ALLOWED] == [], found


def test_the_module_graph_sees_cycles_inside_a_slice_and_in_bench(tmp_path):
    from tests.core import slice_graph

    root = _tree(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/a.py": "from core.b import f\n",
            "core/b.py": "def f():\n    from core import a\n",
            "core/c.py": "import core.a\nfrom core.c import x\n",
            "bench/__init__.py": "",
            "bench/generate.py": "def build():\n    from bench.plans_data import build_plans\n",
            "bench/plans_data.py": "from bench.generate import _insert\nfrom bench import rows\n",
            "bench/rows.py": "from core import c\n",
            "tests/test_x.py": "from bench import rows\n",
        },
    )
    edges = slice_graph.module_edges(root)
    assert edges["core.c"] == {"core.a"} and edges["bench.rows"] == {"core.c"}
    assert "tests.test_x" not in edges
    assert sorted(slice_graph.module_cycles(root)) == [["bench.generate", "bench.plans_data"], ["core.a", "core.b"]]


# Slices that read office files uploaded by people: they go through core/office_files.py.
_OFFICE_READERS = {"load_workbook", "reader", "DictReader", "Sniffer"}


def test_office_files_are_opened_only_by_the_guarded_reader():
    """No `openpyxl.load_workbook` outside core (issue 22, point 5), and the slices that import
    spreadsheets read no CSV of their own: caps, zip and XML guards live in one place."""
    offenders = []
    for rel, path in project_modules():
        text = source(path)
        if rel.parts[0] == "core" or not any(name in text for name in _OFFICE_READERS):
            continue
        # CSV of their own: none in the slices issue 22 names (services, indices, plans)
        readers = _OFFICE_READERS if rel.parts[0] in ("services", "indices", "plans") else {"load_workbook"}
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("openpyxl", "csv"):
                used = {a.name for a in node.names} & readers
                offenders += [f"{rel}: from {node.module} import {name}" for name in sorted(used)]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr in readers
                and isinstance(node.value, ast.Name)
                and node.value.id in ("openpyxl", "csv")
            ):
                offenders.append(f"{rel}: {node.value.id}.{node.attr}")
    assert offenders == []


# The public write functions of other slices that exports may call, each named with the
# module that calls it and why: issuing the monthly TTHC publication tells services the
# month is issued (services keeps its own list and never asks exports), and attaches the
# issued document to the plan activity chosen as its evidence (plans owns evidence files;
# plans may not depend on exports, so the one who holds the document hands it over).
# Imported by name (`from services.publishing import record_issued`), never as a module.
EXPORTS_MAY_CALL = {
    "services.publishing.record_issued": {"exports.services_publication", "exports.store"},  # store: its backfill
    "plans.progress.add_file": {"exports.services_publication"},
}


def _exports_imports_of_other_slices() -> list[tuple[str, int, str]]:
    """(module, line, dotted name) of every import an exports module makes of another slice,
    at the top or inside a function; `from x.y import f` gives "x.y.f"."""
    from tests.core import slice_graph

    others = set(slice_graph.ALLOWED) - {"core", "exports"}
    found = []
    for module, path in slice_graph.project_files():
        if module.split(".")[0] != "exports":
            continue
        for node in slice_graph.import_nodes(path):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif node.level == 0 and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue  # a relative import stays inside exports
            found += [(module, node.lineno, name) for name in names if name.split(".")[0] in others]
    return found


def test_exports_reads_other_slices_only_through_their_report_data():
    """Exports lays documents out and computes nothing: from another slice it imports only
    `<slice>.report_data` (core, its own modules and libraries aside), and the public write
    functions EXPORTS_MAY_CALL names, from the modules named there."""
    wrong = sorted(
        f"{module}:{line} imports {name}"
        for module, line, name in _exports_imports_of_other_slices()
        if name.split(".")[1:2] != ["report_data"] and module not in EXPORTS_MAY_CALL.get(name, ())
    )
    assert wrong == []


def test_the_exports_rule_sees_modules_and_functions():
    """The rule above reads `from plans import progress` as the module plans.progress (not
    allowed) and `from plans.progress import add_file` as the function; and every function
    it allows is really imported, so the list cannot keep a stale entry."""
    seen = {(module, name) for module, _, name in _exports_imports_of_other_slices()}
    allowed = {(module, name) for name, modules in EXPORTS_MAY_CALL.items() for module in modules}
    assert allowed <= seen
    assert ("exports.services_publication", "plans.progress") not in seen


def test_no_slice_asks_exports_through_a_hook():
    """Hooks let a slice that others depend on ask for contributions; exports depends on
    every slice, so none may ask it for anything but outreach, which is listed by name."""
    from core.slices import installed

    exports = next(s for s in installed() if s.name == "exports")
    assert {hook.split(".")[0] for hook in exports.provides} <= {"outreach"}


# Where exports' document builders may still do arithmetic, sort or pick a minimum or
# maximum: pure layout only, each named (module, function) with what it lays out. A figure
# a document prints comes from the owning slice's report_data.
EXPORTS_LAYOUT_ARITHMETIC = {
    # "…; và 3 hoạt động khác": how many named items a sentence leaves out after its first five
    ("exports/cchc_report.py", "_named"): {"Sub"},
    # the lead units a proposal names, in alphabetical order (names, not a figure)
    ("exports/indices_report.py", "indices_drafts"): {"sorted"},
    ("exports/progress_report.py", "progress_drafts"): {"sorted"},
    # the budget chart's bars in millions of đồng (a unit of display)
    ("exports/progress_report.py", "progress_charts"): {"Div"},
    # the team roster of the KH and QĐ in Decree 30 order: role order, heads first, then by
    # name; each person's roles listed in that order
    ("exports/inspection_docs.py", "round_team"): {"sum", "min", "sorted"},
    # "… và 02 đơn vị kiểm tra đột xuất": the places of a role not named (unannounced visits)
    ("exports/inspection_docs.py", "_places"): {"Sub"},
    # the content areas of a plan in checklist order, once each
    ("exports/inspection_docs.py", "_areas"): {"sorted"},
    # the plan names the announced visits and counts the unannounced ones without naming them
    ("exports/inspection_docs.py", "plan_blocks"): {"Sub"},
    # the minutes list the team in role order, then by name
    ("exports/inspection_docs.py", "minutes_blocks"): {"sorted"},
    # the index table's column widths (one per QĐ 766 group) and its right-aligned columns
    ("exports/services_publication.py", "_index_table"): {"Mult", "Sub"},
    # the issued publications read in the order they were registered
    ("exports/services_publication.py", "issued_months"): {"sorted"},
    # the official letter drops the empty paragraphs just above and below the report title
    ("exports/reminder_letter.py", "_as_official_letter"): {"Sub"},
}
_FIGURE_OPS = {ast.Sub: "Sub", ast.Div: "Div", ast.Mult: "Mult", ast.FloorDiv: "FloorDiv", ast.Mod: "Mod"}
_FIGURE_CALLS = {"sum", "sorted", "max", "min"}


def _is_document_builder(rel: Path) -> bool:
    """The exports modules that write a document's text from figures."""
    name = rel.name
    return rel.parts[0] == "exports" and (
        name.endswith("_report.py")
        or name.startswith("cchc_")
        or name in {"services_publication.py", "inspection_docs.py", "reminder_letter.py", "sheets.py"}
    )


def _figure_arithmetic(tree: ast.AST) -> dict[str, set[str]]:
    """{function: kinds} of the subtraction, division, multiplication, modulo and of the
    sum/sorted/max/min calls inside each function (a nested function counts as its own)."""
    found: dict[str, set[str]] = {}

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            kind = None
            if isinstance(child, ast.BinOp):
                kind = _FIGURE_OPS.get(type(child.op))
            elif isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in _FIGURE_CALLS:
                kind = child.func.id
            if kind:
                found.setdefault(owner, set()).add(kind)
            visit(child, owner)

    visit(tree, "<module>")
    return found


def _exports_figure_arithmetic() -> dict[tuple[str, str], set[str]]:
    found = {}
    for rel, path in project_modules():
        if _is_document_builder(rel):
            for function, kinds in _figure_arithmetic(parse(path)).items():
                found[(rel.as_posix(), function)] = kinds
    return found


def test_exports_builders_compute_no_figures():
    """Exports lays out and computes nothing: a document builder does no arithmetic on the
    figures and sorts or picks nothing, beyond the layout EXPORTS_LAYOUT_ARITHMETIC names
    (counting the rows of a list report_data gave, `len(out) + 1`, is layout and not seen)."""
    found = _exports_figure_arithmetic()
    wrong = sorted(
        f"{module} {function}: {', '.join(sorted(kinds - EXPORTS_LAYOUT_ARITHMETIC.get((module, function), set())))}"
        for (module, function), kinds in found.items()
        if kinds - EXPORTS_LAYOUT_ARITHMETIC.get((module, function), set())
    )
    assert wrong == []
    # no stale allowance: each one names arithmetic that is still there
    stale = sorted(k for k, kinds in EXPORTS_LAYOUT_ARITHMETIC.items() if not kinds <= found.get(k, set()))
    assert stale == []


def test_the_figure_rule_sees_arithmetic_sorting_and_picking():
    source_text = (
        "def share(t):\n"
        "    return t['used'] / t['budget'] * 100\n"
        "def worst(fields):\n"
        "    return max(fields, key=lambda r: r['max'] - r['score'])\n"
        "def layout(out):\n"
        "    return str(len(out) + 1)\n"
    )
    assert _figure_arithmetic(ast.parse(source_text)) == {"share": {"Div", "Mult"}, "worst": {"max", "Sub"}}
