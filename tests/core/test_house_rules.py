"""Rules of the codebase that a reviewer would otherwise have to remember."""

import ast
import re
from pathlib import Path

from core.settings import SETTINGS

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
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests", "bench") or "site-packages" in rel.parts:
            continue
        yield rel, path


def test_streamlit_is_imported_only_by_pages_and_the_router():
    offenders = []
    for rel, path in project_modules():
        if rel.name == "streamlit_app.py" or rel.name == "page.py" or rel.name.endswith("_page.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(rel))
    assert offenders == []


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
    assert [s.name for s in installed()] == list(INSTALLED)


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
