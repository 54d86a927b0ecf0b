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


# Streamlit helpers shared by the pages; named for what they are, so `*_page.py` always means a page.
PAGE_HELPERS = {"core/ui.py"}


def is_page(rel: Path) -> bool:
    return rel.name == "page.py" or rel.name.endswith("_page.py")


def test_streamlit_is_imported_only_by_pages_and_the_router():
    offenders = []
    for rel, path in project_modules():
        if rel.name == "streamlit_app.py" or is_page(rel) or rel.as_posix() in PAGE_HELPERS:
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


def test_every_page_file_is_a_registered_page():
    """A module named like a page is one: listed in its slice's nav, so helpers cannot hide behind the name."""
    from core.nav import all_pages

    registered = {spec.path for spec in all_pages()}
    pages = {rel.as_posix() for rel, _ in project_modules() if is_page(rel)}
    assert pages - registered == set()


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
