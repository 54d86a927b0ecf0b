"""The figures of SECURITY.md, counted by running the tests it names.

    ./.venv/bin/python -m tests.security_figures      (from the repository root)

Every `tests/…py::test_name` that SECURITY.md cites is run (with all its parameters);
the script prints, per section of the document, how many cases ran and passed, the
number of generated inputs the property tests may try, and the sizes of the access and
audit matrices. It exits 1 if a cited test is missing or fails."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"(tests/[\w/]+\.py)::(\w+)")


def cited(text: str) -> dict[str, list[str]]:
    """Section heading -> the test ids cited under it, in order, without repeats."""
    sections: dict[str, list[str]] = {}
    heading = "(top)"
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("# ").strip()
        for path, name in REFERENCE.findall(line):
            found = sections.setdefault(heading, [])
            if f"{path}::{name}" not in found:
                found.append(f"{path}::{name}")
    return sections


class _Tally:
    def __init__(self):
        self.outcomes: Counter = Counter()  # (test id, outcome)
        self.examples: dict[str, int] = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            settings = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_settings", None)
            if settings is not None:
                self.examples[item.nodeid.split("[")[0]] = settings.max_examples

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.outcomes[(report.nodeid.split("[")[0], report.outcome)] += 1


def main() -> int:
    sections = cited((ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    ids = sorted({test for tests in sections.values() for test in tests})
    tally = _Tally()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=", *ids], plugins=[tally])
    missing = [test for test in ids if not any(key[0] == test for key in tally.outcomes)]
    print("\n| Section | Tests cited | Cases run | Passed |\n|---|---:|---:|---:|")
    total = Counter()
    for heading, tests in sections.items():
        ran = sum(n for (test, _o), n in tally.outcomes.items() if test in tests)
        passed = sum(n for (test, o), n in tally.outcomes.items() if test in tests and o == "passed")
        total.update({"tests": len(tests), "ran": ran, "passed": passed})
        print(f"| {heading} | {len(tests)} | {ran} | {passed} |")
    print(
        f"| **All (distinct)** | {len(ids)} | {sum(tally.outcomes.values())} | "
        f"{sum(n for (_t, o), n in tally.outcomes.items() if o == 'passed')} |"
    )
    print(
        f"\nGenerated inputs the cited property tests may try: {sum(tally.examples.values())} "
        f"({len(tally.examples)} property tests)"
    )

    from core.permissions import ROLES
    from tests.core import test_audit_completeness as audit_matrix
    from tests.core import test_durability as durability
    from tests.core import test_route_access as route_matrix

    refusals = sum(len([r for r in ROLES if r not in audit_matrix.allowed_roles(n)]) for n in audit_matrix.CALLS)
    print(
        f"Write functions found: {len(audit_matrix.write_functions())}; each called as a person and its audit "
        f"row checked: {len(audit_matrix.CALLS)}; refusals checked (function x role): {refusals}"
    )
    print(
        f"HTTP routes x callers: {len(route_matrix.COVERED)} x {len(route_matrix.ACTORS)} = "
        f"{len(route_matrix.COVERED) * len(route_matrix.ACTORS)}"
    )
    print(f"Processes killed (SIGKILL): 3 operations x {len(durability.KILL_AT)} = {3 * len(durability.KILL_AT)}")

    from tests.core import test_backup as restore_checks
    from tests.core import test_lowest_role_probe as lowest_role
    from tests.core import test_upload_probes as upload_probes
    from tests.exports import test_report_any_text as any_text
    from tests.exports import test_report_templates as template_checks

    print(f"Write functions probed as the lowest role with nonsense arguments: {len(lowest_role._probed())}")
    print(
        f"Costly templates (each refused at upload by a limit): {len(template_checks.COSTLY)}; "
        "limits: CPU 10 s, memory 512 MB, output 20 MB"
    )
    print(
        f"Tampered backups refused: {len(restore_checks.BAD) + 2} (a trigger named sqlite_stat9, a user_version, "
        f"and {len(restore_checks.BAD)} schema or migration changes)"
    )
    fields = sum(len(columns) for columns in any_text.FIELDS.values())
    print(
        f"Free-text fields filled with generated text, then every report kind built: {fields} x {len(any_text.KINDS)}"
    )
    print(
        f"Upload probes: {len(upload_probes.HOSTILE_NAMES)} hostile file names, "
        "8 polyglots (SVG with script, PDF that is also an SVG or HTML page)"
    )
    if missing:
        print("Cited but not run:", *missing, sep="\n  ")
    return 1 if code != 0 or missing else 0


if __name__ == "__main__":
    sys.exit(main())
