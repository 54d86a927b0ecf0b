"""SECURITY.md cites tests by name; each cited test exists, so the document cannot drift
from the suite that proves it (tests/security_figures.py runs them and counts)."""

import ast
from pathlib import Path

from tests.security_figures import cited

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_security_md_cites_exists():
    sections = cited((ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    ids = {test for tests in sections.values() for test in tests}
    assert len(ids) > 100
    for test in ids:
        path, name = test.split("::")
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        assert name in {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}, (
            test
        )


def test_every_threat_section_cites_a_proof():
    sections = cited((ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    for heading in (
        "Access: who may do what",
        "Accounts and sessions",
        "The browser",
        "Hostile feeds and fetched pages",
    ):
        assert sections.get(heading), heading
    assert sections.get("Hostile uploads and templates") and sections.get("Data: loss, corruption, restore")
